"""The one shape of an HTML form page: `submit` runs the service when the form is valid and
turns its refusal into form errors; `form_page` renders core/form_page.html.

    form = ThingForm(request.POST or None)
    if done := submit(request, form, lambda: services.thing_create(actor=request.user, ...)):
        messages.success(request, ...)
        return redirect("things:detail", pk=done.value.pk)
    return form_page(request, form, title=..., cancel_url=...)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

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
