"""The reminder rule this app adds: meeting action items past their due date."""

import datetime as dt

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from cases.models import Case
from meetings.models import ActionItem
from reminders.models import Reminder
from reminders.rules import Bound, Rule, due_rows, in_range, key, message, register, text
from reminders.signals import watch


def action_overdue(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    """An open action item past its due date (nothing is due about a closed case); the
    period is the due date, so moving it or marking the action done ends it."""
    rows = ActionItem.objects.filter(status=ActionItem.Status.OPEN, due_on__lt=today).exclude(
        item__case__status=Case.Status.CLOSED
    )
    return due_rows(
        in_range(rows, lo, hi),
        kind=Reminder.Kind.ACTION_OVERDUE,
        target=key("action:", "pk"),
        period=text("due_on"),
        agency=F("agency_id"),
        # Not the description: it is part of the meeting's minutes, which the reminder's
        # readers may not be allowed to read.
        message=message(_("Meeting action overdue since %(date)s."), date="due_on"),
        due_on=F("due_on"),
        case=F("item__case_id"),
    )


def register_rules() -> None:
    register(Rule(Reminder.Kind.ACTION_OVERDUE, ActionItem, rows=action_overdue))
    # An action marked done, dropped or moved resolves its reminder after the commit.
    watch(ActionItem, "item__case_id")
