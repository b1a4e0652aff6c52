"""Reads of planned contacts, already scoped to the reader (planning/access.py)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

import holidays
from django.db.models import QuerySet
from django.utils import timezone

from agencies.models import User
from cases.models import Case
from meetings.models import Meeting
from meetings.selectors import meeting_list
from planning.access import visible_planned
from planning.models import PlannedContact


def _with_case(qs: QuerySet[PlannedContact]) -> QuerySet[PlannedContact]:
    return qs.select_related("case__household", "person", "worker")


def my_open(user: User, limit: int = 10) -> list[PlannedContact]:
    """The user's own open plans in time order, overdue ones first (for the home page)."""
    qs = visible_planned(user).filter(worker=user, status=PlannedContact.Status.PLANNED)
    return list(_with_case(qs).order_by("starts_at", "pk")[:limit])


def for_case(user: User, case: Case) -> list[PlannedContact]:
    qs = visible_planned(user).filter(case=case, status=PlannedContact.Status.PLANNED)
    return list(_with_case(qs).order_by("starts_at", "pk"))


@dataclass
class Day:
    day: dt.date
    in_month: bool
    holiday: str
    planned: list[PlannedContact] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)


def my_month(user: User, year: int, month: int) -> list[list[Day]]:
    """The weeks (Sunday first) of a month with the user's planned contacts (open and done)
    and the meetings the user sees, by day in Asia/Tokyo: two queries."""
    weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    names = holidays.country_holidays("JP", years={first.year, last.year}, language="ja")
    days = {d: Day(d, d.month == month, names.get(d, "")) for week in weeks for d in week}
    plans = (
        visible_planned(user)
        .filter(worker=user, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=PlannedContact.Status.CANCELLED)
    )
    for planned in _with_case(plans).order_by("starts_at", "pk"):
        days[timezone.localtime(planned.starts_at).date()].planned.append(planned)
    meetings = meeting_list(user).filter(starts_at__gte=start, starts_at__lt=end)
    for meeting in meetings.order_by("starts_at", "pk"):
        days[timezone.localtime(meeting.starts_at).date()].meetings.append(meeting)
    return [[days[d] for d in week] for week in weeks]
