"""The one shape of an HTML form page: `submit` runs the service when the form is valid and
turns its refusal into form errors; `form_page` renders core/form_page.html.

    form = ThingForm(request.POST or None)
    if done := submit(request, form, lambda: services.thing_create(actor=request.user, ...)):
        messages.success(request, ...)
        return redirect("things:detail", pk=done.value.pk)
    return form_page(request, form, title=..., cancel_url=...)

Every date a person types is a `WarekiDateField` (its widget `WarekiDateInput`): 和暦 or
西暦 in any width, the browser's date picker beside it. Model forms get it by deriving from
`core.forms.ModelForm`; tests/core/test_wareki_fields.py fails on any HTML form whose date
field is a plain `forms.DateField`. The API keeps ISO 8601.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import wareki

T = TypeVar("T")


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, formset: forms.BaseFormSet | None = None
) -> None:
    """Put a service's ValidationError on the form: field errors on their fields (when the
    form has them), errors keyed by the formset's prefix on the formset (above its forms),
    everything else at the top. The user's input stays in the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif formset is not None and field == formset.prefix:
            # A formset has no add_error: its non-form errors are computed by full_clean()
            # (already run by is_valid()), so we extend that list.
            formset.non_form_errors().extend(ValidationError(errors).messages)
        else:
            form.add_error(None, errors)


@dataclass(frozen=True)
class Submitted(Generic[T]):
    """The service ran and accepted the form: `value` is what it returned (possibly None).
    Always truthy, so `if done := submit(...)` reads as "if it was saved"."""

    value: T


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[], T],
    *,
    formset: forms.BaseFormSet | None = None,
) -> Submitted[T] | None:
    """On a POST whose form (and formset) is valid, run `call` (which calls the service with
    the cleaned data) and return its result wrapped in `Submitted`. A service refusal
    (django's ValidationError) becomes errors on the form and gives None, with everything
    the user typed still in the form; so do a GET and an invalid form, where `call` is never
    run. PermissionDenied, Http404 and any other error propagate."""
    if request.method != "POST":
        return None
    form_ok = form.is_valid()
    formset_ok = formset is None or formset.is_valid()  # validate both: show every error
    if not (form_ok and formset_ok):
        return None
    try:
        return Submitted(call())
    except ValidationError as error:
        add_service_errors(form, error, formset=formset)
        return None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str | Promise,
    cancel_url: str,
    submit_label: str | Promise | None = None,
    template: str = "core/form_page.html",
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """Render the one form-page template (or a page that extends it). Optional context the
    template knows: `heading` (the h1 when it differs from the title), `crumbs` (a list of
    (url, label) pairs, url None for plain text), `formset`."""
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "submit_label": submit_label,
            **context,
        },
        status=status,
    )


# 和暦 dates ------------------------------------------------------------------------------

DATE_PLACEHOLDER = _("e.g. R6.4.1 or 2024-04-01")
WESTERN_CALENDAR = _("Western calendar")
PICK_ON_CALENDAR = _("Choose on a calendar")


def wareki_text(day: dt.date) -> str:
    """How a date field shows a date: 令和6年4月1日 (ISO before 明治, which it cannot name)."""
    return str(wareki.to_wareki(day)) if day >= wareki.ERAS[-1].start else day.isoformat()


def _as_day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return wareki.parse(value)
        except ValidationError:
            return None
    return None


class WarekiDateInput(forms.TextInput):
    """A text input that reads 和暦 or 西暦, shows the date as 和暦 with the 西暦 beside it,
    and an `<input type=date>` (shown by static/js/wareki_date.js, unnamed, so never sent)
    kept in step with it. Without JavaScript the text input alone does the job.

    It hands the field the ISO date when the text reads as one, so a plain DateField given
    this widget still works; WarekiDateField re-reads anything else to say what is wrong."""

    template_name = "core/widgets/wareki_date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"autocomplete": "off", "placeholder": DATE_PLACEHOLDER, "size": 18, **(attrs or {})}
        )

    def format_value(self, value: Any) -> str | None:
        day = _as_day(value)
        if day is not None:
            return wareki_text(day)
        return super().format_value(value)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        raw = super().value_from_datadict(data, files, name)
        day = _as_day(raw) if isinstance(raw, str) else None
        return day.isoformat() if day is not None else raw

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        day = _as_day(value)
        context["widget"].update(
            iso=day.isoformat() if day else "",
            hint=f"{WESTERN_CALENDAR} {day.year}年{day.month}月{day.day}日" if day else "",
            hint_label=WESTERN_CALENDAR,
            picker_label=PICK_ON_CALENDAR,
            eras=json.dumps(
                [[e.romaji[0], e.name, e.start.isoformat()] for e in wareki.ERAS],
                ensure_ascii=False,
            ),
        )
        return context


class WarekiDateField(forms.DateField):
    """A date typed in 和暦 (R6.4.1, 令和6年4月1日, H元.1.8) or 西暦 (2024-04-01, 2024年4月1日),
    any width. A date outside its era or the calendar is a form error that says why."""

    widget = WarekiDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return wareki.parse(str(value))


def wareki_formfield(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A model form's `formfield_callback`: a model DateField becomes a WarekiDateField."""
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        kwargs.setdefault("widget", WarekiDateInput)
        return model_field.formfield(form_class=WarekiDateField, **kwargs)
    return model_field.formfield(**kwargs)


class _WarekiModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> type:
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(wareki_formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.BaseModelForm, metaclass=_WarekiModelFormMetaclass):
    """Our ModelForm: its model's date fields are WarekiDateFields."""
