"""The reminder rule this app adds: a planned contact whose day has passed and that was
neither recorded as done nor cancelled. Recording, moving or cancelling it resolves it."""

import datetime as dt

from django.db.models import F, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from planning.models import PlannedContact
from reminders.models import Reminder
from reminders.rules import Bound, Rule, due_rows, in_range, key, message, register, text
from reminders.signals import watch


def planned_overdue(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    """Open plans from before today (Asia/Tokyo), for their agency and the worker who goes;
    the period is the planned day, so moving the plan starts a new one."""
    start_of_today = dt.datetime.combine(today, dt.time.min, tzinfo=timezone.get_current_timezone())
    rows = (
        PlannedContact.objects.filter(
            status=PlannedContact.Status.PLANNED, starts_at__lt=start_of_today
        )
        .exclude(case__status=Case.Status.CLOSED)
        .annotate(day=TruncDate("starts_at"))
    )
    return due_rows(
        in_range(rows, lo, hi),
        kind=Reminder.Kind.PLANNED_OVERDUE,
        target=key("planned:", "pk"),
        period=text("day"),
        agency=F("agency_id"),
        # Not the purpose or place: the reminder lists show only what any reader may see.
        message=message(_("Planned contact of %(date)s not recorded."), date="day"),
        due_on=F("day"),
        case=F("case_id"),
        user=F("worker_id"),
    )


def register_rules() -> None:
    register(Rule(Reminder.Kind.PLANNED_OVERDUE, PlannedContact, rows=planned_overdue))
    watch(PlannedContact, "case_id")
