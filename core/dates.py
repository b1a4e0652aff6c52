"""Dates people record that cannot lie ahead (birth dates, consultations, activities held).
One rule for services, forms and the API: a date, or a time read in Asia/Tokyo, after
today is in the future."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

FUTURE_DATE = _("This date is in the future.")


def local_day(value: dt.date | dt.datetime) -> dt.date:
    """The calendar day of a date, or of a time in the site's time zone."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def is_in_future(value: dt.date | dt.datetime | None) -> bool:
    return value is not None and local_day(value) > timezone.localdate()


def not_in_future(field: str, value: dt.date | dt.datetime | None) -> None:
    """For services: a ValidationError on `field` if `value` lies after today."""
    if is_in_future(value):
        raise ValidationError({field: FUTURE_DATE})


# Dates a person sets ahead (a consent's end, a due date) are checked against a horizon:
# a year like 9999 is a typing slip, and day arithmetic on it overflows date.max.
LATEST_YEAR = 2100
TOO_FAR_AHEAD = _("Give a date no later than the year %(year)s.")


def is_too_far_ahead(value: dt.date | dt.datetime | None) -> bool:
    return value is not None and value.year > LATEST_YEAR


def within_horizon(field: str, value: dt.date | dt.datetime | None) -> None:
    """For services: a ValidationError on `field` if `value` lies after LATEST_YEAR."""
    if is_too_far_ahead(value):
        raise ValidationError({field: TOO_FAR_AHEAD % {"year": LATEST_YEAR}})


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years from `birth` to `day` (a 29 February birthday counts on 1 March in
    other years, as 年齢計算ニ関スル法律 reads in practice for everyday purposes)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_label(age: int | None) -> str:
    """82 → 82歳 (translated); '' for an unknown age."""
    if age is None:
        return ""
    return ngettext("%(age)s year", "%(age)s years", age) % {"age": age}


def month_page(asked: str) -> dict:
    """The context of a month calendar page asked for as ?month=2026-12 (this month for
    anything else): the month's first day, its 和暦 label, the neighbouring months, today."""
    from core.wareki import to_wareki

    today = timezone.localdate()
    year, month = today.year, today.month
    try:
        y, m = (int(part) for part in asked.split("-"))
        if 1900 < y < 2100 and 1 <= m <= 12:
            year, month = y, m
    except ValueError:
        pass  # anything else: this month
    first = dt.date(year, month, 1)
    w = to_wareki(first)
    return {
        "year": year,
        "month_number": month,
        "month": first,
        "month_label": f"{w.era.name}{w.year_label}年{month}月",
        "previous": (first - dt.timedelta(days=1)).replace(day=1).strftime("%Y-%m"),
        "following": (first + dt.timedelta(days=32)).replace(day=1).strftime("%Y-%m"),
        "this_month": today.strftime("%Y-%m"),
        "today": today,
    }
