"""The reminder rule this app adds: a follow-up (定着支援) whose next date has come.

A follow-up's next date is due until someone records the next follow-up of the same kind
(of the person, or of the host) for the same matching: the latest one carries the next
date. Nothing is due for an ended matching or a closed case. The reminder goes to the agency
that recorded the follow-up and to the staff member who recorded it (a partner system's
follow-up goes to its agency as a whole), on the matching's case."""

import datetime as dt

from django.db.models import Case as Choose
from django.db.models import Exists, F, OuterRef, QuerySet, Value, When
from django.utils.translation import gettext as _

from agencies.models import User
from cases.models import Case
from participation.models import FollowUp, Matching
from reminders.models import Reminder
from reminders.rules import Bound, Rule, due_rows, in_range, key, message, register, text


def follow_up_due(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    later = FollowUp.objects.filter(
        matching=OuterRef("matching_id"), about=OuterRef("about"), pk__gt=OuterRef("pk")
    )
    rows = (
        FollowUp.objects.filter(next_on__lte=today)
        .exclude(matching__status=Matching.Status.ENDED)
        .exclude(matching__case__status=Case.Status.CLOSED)
        .filter(~Exists(later))
    )
    about = Choose(
        *(When(about=value, then=Value(str(label))) for value, label in FollowUp.About.choices),
        default=F("about"),
    )
    return due_rows(
        in_range(rows, lo, hi),
        kind=Reminder.Kind.FOLLOW_UP,
        target=key("follow_up:", "pk"),
        period=text("next_on"),
        agency=F("agency_id"),
        message=message(
            _("Participation follow-up of %(about)s due on %(date)s: %(menu)s"),
            about=about,
            date="next_on",
            menu="matching__menu__title",
        ),
        due_on=F("next_on"),
        case=F("matching__case_id"),
        user=Choose(When(recorded_by__kind=User.Kind.STAFF, then=F("recorded_by_id"))),
    )


def register_rules() -> None:
    register(Rule(Reminder.Kind.FOLLOW_UP, FollowUp, rows=follow_up_due))
