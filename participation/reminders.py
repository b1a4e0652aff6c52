"""The reminder rule this app adds: a follow-up (定着支援) whose next date has come.

A follow-up's next date is due until someone records the next follow-up of the same kind
(of the person, or of the host) for the same matching: the latest one carries the next
date. Nothing is due for an ended matching or a closed case. The reminder goes to the agency
that recorded the follow-up and to the staff member who recorded it (a partner system's
follow-up goes to its agency as a whole), on the matching's case."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from agencies.models import User
from cases.models import Case
from participation.models import FollowUp, Matching
from reminders.models import Reminder
from reminders.rules import Due, Rule, register


def follow_up_due(today: dt.date, lo: int, hi: int) -> Iterable[Due]:
    later = FollowUp.objects.filter(
        matching=OuterRef("matching_id"), about=OuterRef("about"), pk__gt=OuterRef("pk")
    )
    rows = (
        FollowUp.objects.filter(pk__gte=lo, pk__lt=hi, next_on__lte=today)
        .exclude(matching__status=Matching.Status.ENDED)
        .exclude(matching__case__status=Case.Status.CLOSED)
        .filter(~Exists(later))
        .values_list(
            "pk",
            "agency_id",
            "recorded_by_id",
            "recorded_by__kind",
            "next_on",
            "about",
            "matching__case_id",
            "matching__menu__title",
        )
    )
    for pk, agency, user, user_kind, next_on, about, case_id, menu in rows:
        yield Due(
            Reminder.Kind.FOLLOW_UP,
            f"follow_up:{pk}",
            next_on.isoformat(),
            agency,
            _("Participation follow-up of %(about)s due on %(date)s: %(menu)s")
            % {
                "about": FollowUp.About(about).label,
                "date": next_on.isoformat(),
                "menu": menu,
            },
            next_on,
            case_id=case_id,
            user_id=user if user_kind == User.Kind.STAFF else None,
        )


def register_rules() -> None:
    register(Rule(Reminder.Kind.FOLLOW_UP, FollowUp, follow_up_due))
