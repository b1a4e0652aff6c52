"""The reminder rule this app adds: meeting action items past their due date."""

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from meetings.models import ActionItem
from reminders.models import Reminder
from reminders.rules import Due, Rule, register


def action_overdue(today: dt.date, lo: int, hi: int) -> Iterable[Due]:
    rows = ActionItem.objects.filter(
        pk__gte=lo, pk__lt=hi, status=ActionItem.Status.OPEN, due_on__lt=today
    ).values_list("pk", "agency_id", "due_on", "item__case_id")
    for pk, agency, due_on, case_id in rows:
        yield Due(
            Reminder.Kind.ACTION_OVERDUE,
            f"action:{pk}",
            due_on.isoformat(),
            agency,
            # Not the description: it is part of the meeting's minutes, which the reminder's
            # readers may not be allowed to read.
            _("Meeting action overdue since %(date)s.") % {"date": due_on.isoformat()},
            due_on,
            case_id=case_id,
        )


def register_rules() -> None:
    register(Rule(Reminder.Kind.ACTION_OVERDUE, ActionItem, action_overdue))
