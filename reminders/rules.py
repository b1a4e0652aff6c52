"""What is due, derived from the database (so nothing is lost if the broker was down).

Each rule reads one primary-key range of its model and returns what should exist as
reminders; the sweep inserts the missing ones under the unique (kind, target, period)
constraint. Thresholds come from settings.REMINDERS. Apps above this one add their rules
with `register` from their AppConfig.ready() (meetings: overdue action items)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, Max, Model, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseTeam, Consent, LeadAssignment, Referral, SupportPlan
from reminders.models import CaseReview, Reminder

DEFAULTS = {
    "LONG_RUNNING_MONTHS": 6,
    "LONG_RUNNING_EVERY_MONTHS": 3,
    "NO_CONTACT_DAYS": 30,
    "REFERRAL_UNANSWERED_DAYS": 7,
    "HUB_LINGERING_DAYS": 90,
    "CONSENT_EXPIRING_DAYS": 30,
    "ESCALATE_AFTER_DAYS": 7,
    "SWEEP_CHUNK": 5000,
}


def setting(name: str) -> int:
    return getattr(settings, "REMINDERS", {}).get(name, DEFAULTS[name])


@dataclass(frozen=True)
class Due:
    kind: str
    target: str
    period: str
    agency_id: int
    message: str
    due_on: dt.date
    case_id: int | None = None
    user_id: int | None = None

    def reminder(self) -> Reminder:
        return Reminder(
            kind=self.kind,
            target=self.target,
            period=self.period,
            case_id=self.case_id,
            agency_id=self.agency_id,
            user_id=self.user_id,
            message=self.message[:300],
            due_on=self.due_on,
        )


@dataclass(frozen=True)
class Rule:
    kind: str
    model: type[Model]
    due: Callable[[dt.date, int, int], Iterable[Due]]


_RULES: list[Rule] = []


def register(rule: Rule) -> None:
    if rule.kind not in {r.kind for r in _RULES}:
        _RULES.append(rule)


def rules() -> list[Rule]:
    return list(_RULES)


def months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def _lead_agency() -> Subquery:
    return Subquery(
        LeadAssignment.objects.filter(case=OuterRef("pk"), ended_on__isnull=True).values(
            "agency_id"
        )[:1]
    )


def _open_cases(lo: int, hi: int):
    return Case.objects.filter(pk__gte=lo, pk__lt=hi).exclude(status=Case.Status.CLOSED)


# --- the rules ---------------------------------------------------------------------------


def long_running(today: dt.date, lo: int, hi: int) -> Iterable[Due]:
    """Open 6 months or more, then again every 3 months."""
    first, every = setting("LONG_RUNNING_MONTHS"), setting("LONG_RUNNING_EVERY_MONTHS")
    cutoff = _months_ago(today, first)
    continued = CaseReview.objects.filter(
        case=OuterRef("pk"), decision=CaseReview.Decision.CONTINUE, continue_until__gt=today
    )
    rows = (
        _open_cases(lo, hi)
        .filter(opened_on__lte=cutoff)
        .exclude(Exists(continued))  # a supervisor decided to continue until a later date
        .annotate(lead=_lead_agency())
        .values_list("pk", "opened_on", "lead", "worker_id")
    )
    for pk, opened_on, lead, worker in rows:
        months = months_between(opened_on, today)
        period = (months - first) // every
        yield Due(
            Reminder.Kind.LONG_RUNNING,
            f"case:{pk}",
            f"p{period}",
            lead,
            _("Open for %(months)s months: review progress and whether closure is possible.")
            % {"months": months},
            today,
            case_id=pk,
            user_id=worker,
        )


def _months_ago(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.month - 1 - months, 12)
    target_year, target_month = today.year + year, month + 1
    import calendar

    day = min(today.day, calendar.monthrange(target_year, target_month)[1])
    return dt.date(target_year, target_month, day)


def no_contact(today: dt.date, lo: int, hi: int) -> Iterable[Due]:
    """No consultation for 30 days (counted from the last contact, or the opening)."""
    days = setting("NO_CONTACT_DAYS")
    tz = timezone.get_current_timezone()
    rows = (
        _open_cases(lo, hi)
        .annotate(
            last=Coalesce(TruncDate(Max("consultations__occurred_at"), tzinfo=tz), F("opened_on"))
        )
        .filter(last__lte=today - dt.timedelta(days=days))
        .annotate(lead=_lead_agency())
        .values_list("pk", "last", "lead", "worker_id")
    )
    for pk, last, lead, worker in rows:
        yield Due(
            Reminder.Kind.NO_CONTACT,
            f"case:{pk}",
            f"since:{last.isoformat()}",
            lead,
            _("No contact since %(date)s.") % {"date": last.isoformat()},
            last + dt.timedelta(days=days),
            case_id=pk,
            user_id=worker,
        )


def plan_review(today: dt.date, lo: int, hi: int) -> Iterable[Due]:
    rows = (
        SupportPlan.objects.filter(
            pk__gte=lo, pk__lt=hi, status=SupportPlan.Status.ACTIVE, review_on__lt=today
        )
        .exclude(case__status=Case.Status.CLOSED)
        .annotate(
            lead=Subquery(
                LeadAssignment.objects.filter(
                    case=OuterRef("case_id"), ended_on__isnull=True
                ).values("agency_id")[:1]
            )
        )
        .values_list("pk", "case_id", "review_on", "lead", "case__worker_id")
    )
    for pk, case_id, review_on, lead, worker in rows:
        yield Due(
            Reminder.Kind.PLAN_REVIEW,
            f"plan:{pk}",
            review_on.isoformat(),
            lead,
            _("The support plan was due for review on %(date)s.") % {"date": review_on.isoformat()},
            review_on,
            case_id=case_id,
            user_id=worker,
        )


def referral_unanswered(today: dt.date, lo: int, hi: int) -> Iterable[Due]:
    days = setting("REFERRAL_UNANSWERED_DAYS")
    cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time.max))
    rows = Referral.objects.filter(
        pk__gte=lo, pk__lt=hi, status=Referral.Status.SENT, sent_at__lte=cutoff
    ).values_list("pk", "case_id", "to_agency_id", "from_agency__name", "sent_at")
    for pk, case_id, to_agency, sender, sent_at in rows:
        yield Due(
            Reminder.Kind.REFERRAL_UNANSWERED,
            f"referral:{pk}",
            "1",
            to_agency,
            _("A referral from %(agency)s has waited for an answer since %(date)s.")
            % {"agency": sender, "date": timezone.localtime(sent_at).date().isoformat()},
            timezone.localtime(sent_at).date() + dt.timedelta(days=days),
            case_id=case_id,
        )


def hub_lingering(today: dt.date, lo: int, hi: int) -> Iterable[Due]:
    """The hub (多機関協働) has been lead for 90 days while another agency is on the team,
    i.e. the case could have been handed over to a lead agency."""
    days = setting("HUB_LINGERING_DAYS")
    other_on_team = CaseTeam.objects.filter(case=OuterRef("case_id"), left_on__isnull=True).exclude(
        agency_id=OuterRef("agency_id")
    )
    rows = (
        LeadAssignment.objects.filter(
            pk__gte=lo,
            pk__lt=hi,
            ended_on__isnull=True,
            agency__is_hub=True,
            started_on__lte=today - dt.timedelta(days=days),
        )
        .exclude(case__status=Case.Status.CLOSED)
        .filter(Exists(other_on_team))
        .values_list("pk", "case_id", "agency_id", "started_on", "case__worker_id")
    )
    for pk, case_id, agency, started_on, worker in rows:
        yield Due(
            Reminder.Kind.HUB_LINGERING,
            f"case:{case_id}",
            f"lead:{pk}",
            agency,
            _("The hub has been the lead since %(date)s: decide which agency should lead.")
            % {"date": started_on.isoformat()},
            started_on + dt.timedelta(days=days),
            case_id=case_id,
            user_id=worker,
        )


def consent_expiring(today: dt.date, lo: int, hi: int) -> Iterable[Due]:
    days = setting("CONSENT_EXPIRING_DAYS")
    renewed = Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")),
        case=OuterRef("case_id"),
        person=OuterRef("person_id"),
        withdrawn_at__isnull=True,
    ).exclude(pk=OuterRef("pk"))
    rows = (
        Consent.objects.filter(
            pk__gte=lo,
            pk__lt=hi,
            withdrawn_at__isnull=True,
            valid_until__lte=today + dt.timedelta(days=days),
        )
        .exclude(case__status=Case.Status.CLOSED)
        .exclude(Exists(renewed))  # a newer consent of the same person carries on
        .annotate(
            lead=Subquery(
                LeadAssignment.objects.filter(
                    case=OuterRef("case_id"), ended_on__isnull=True
                ).values("agency_id")[:1]
            )
        )
        .values_list("pk", "case_id", "valid_until", "lead", "case__worker_id")
    )
    for pk, case_id, until, lead, worker in rows:
        expired = until < today
        yield Due(
            Reminder.Kind.CONSENT_EXPIRING,
            f"consent:{pk}",
            "expired" if expired else "expiring",
            lead,
            (_("Consent expired on %(date)s.") if expired else _("Consent expires on %(date)s."))
            % {"date": until.isoformat()},
            until,
            case_id=case_id,
            user_id=worker,
        )


for _rule in (
    Rule(Reminder.Kind.LONG_RUNNING, Case, long_running),
    Rule(Reminder.Kind.NO_CONTACT, Case, no_contact),
    Rule(Reminder.Kind.PLAN_REVIEW, SupportPlan, plan_review),
    Rule(Reminder.Kind.REFERRAL_UNANSWERED, Referral, referral_unanswered),
    Rule(Reminder.Kind.HUB_LINGERING, LeadAssignment, hub_lingering),
    Rule(Reminder.Kind.CONSENT_EXPIRING, Consent, consent_expiring),
):
    register(_rule)
