"""The read-log viewer's filters and the day of the unusual-reading list. Bad input is a
field error, never a 500."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from cases.access import LogScope
from cases.models import AccessLog
from cases.models.access import Basis
from core.forms import WarekiDateField

CASE_REFERENCE = re.compile(r"^#?\s*(\d{1,18})$")
NOT_A_REFERENCE = _("Enter a case reference such as #00012.")
NO_SUCH_LOGIN = _("No staff member has this login ID.")
RANGE_REVERSED = _("The end of the period is before its start.")
FUTURE_DAY = _("Choose today or an earlier day.")
OUT_OF_RANGE = _("Enter a date between 2000 and 2099.")
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


def in_range(day: dt.date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")


ALL = [("", _("(any)"))]


class AuditLogForm(forms.Form):
    person = forms.CharField(
        label=_("Person (name, kana or number)"),
        required=False,
        max_length=100,
        help_text=_(
            "Includes the reads of their households, past ones too, and of those households' cases."
        ),
    )
    case = forms.CharField(label=_("Case (reference)"), required=False, max_length=20)
    user = forms.CharField(label=_("Staff member (login ID)"), required=False, max_length=150)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("(any)")
    )
    since = WarekiDateField(label=_("From"), required=False, validators=[in_range])
    until = WarekiDateField(label=_("Until"), required=False, validators=[in_range])
    basis = forms.ChoiceField(label=_("Basis"), choices=ALL + Basis.choices, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=ALL + AccessLog.Channel.choices, required=False
    )

    def __init__(self, *args: object, scope: LogScope, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        agencies = Agency.objects.order_by("-is_hub", "kana", "name")
        if not scope.city:
            agencies = agencies.filter(pk__in=scope.agency_ids)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean_case(self) -> int | None:
        text = self.cleaned_data["case"].strip()
        if not text:
            return None
        found = CASE_REFERENCE.match(text)
        if not found:
            raise forms.ValidationError(NOT_A_REFERENCE, code="invalid")
        return int(found[1])

    def clean_user(self) -> User | None:
        login = self.cleaned_data["user"].strip()
        if not login:
            return None
        user = User.objects.filter(username=login).first()
        if user is None:
            raise forms.ValidationError(NO_SUCH_LOGIN, code="invalid")
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", forms.ValidationError(RANGE_REVERSED, code="invalid"))
        return data


class UnusualDayForm(forms.Form):
    day = WarekiDateField(label=_("Day"), required=False, validators=[in_range])

    def __init__(self, *args: object, today: dt.date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today

    def clean_day(self) -> dt.date | None:
        day = self.cleaned_data["day"]
        if day is not None and day > self.today:
            raise forms.ValidationError(FUTURE_DAY, code="invalid")
        return day
