"""What is due, derived from the database (so nothing is lost if the broker was down).

A rule says, as one query, which reminders should exist today: `rows(today, lo, hi)` returns
a queryset over its model (within the primary-key range lo–hi, or every row when both are
None) whose values are the columns of the reminders (built with `due_rows`). The sweep
wraps it in one INSERT … SELECT … ON CONFLICT DO NOTHING per chunk, and resolves the open
reminders of the kind that the same query, over every row, no longer gives. Nothing is
read into Python row by row.

A rule that cannot be written as a query may still give `due(today, lo, hi)`, an iterable
of `Due`; those are inserted row by row and never resolved. Thresholds come from
settings.REMINDERS. Apps above this one add their rules with `register` from their
AppConfig.ready() (meetings: overdue action items; participation: follow-ups)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    DateField,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.db.models.functions import (
    Cast,
    Coalesce,
    Concat,
    ExtractMonth,
    ExtractYear,
    Left,
    TruncDate,
)
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    Consent,
    Consultation,
    LeadAssignment,
    PlanAction,
    Referral,
    SupportPlan,
)
from reminders.models import CaseReview, Reminder

DEFAULTS = {
    "LONG_RUNNING_MONTHS": 6,
    "LONG_RUNNING_EVERY_MONTHS": 3,
    "NO_CONTACT_DAYS": 30,
    "REFERRAL_UNANSWERED_DAYS": 7,
    "HUB_LINGERING_DAYS": 90,
    "CONSENT_EXPIRING_DAYS": 30,
    "ESCALATE_AFTER_DAYS": 7,
    "SWEEP_CHUNK": 20_000,
}

# The columns a rule's query gives, in the order the sweep inserts them.
COLUMNS = ("kind", "target", "period", "agency", "message", "due_on", "case", "user")


def setting(name: str) -> int:
    return getattr(settings, "REMINDERS", {}).get(name, DEFAULTS[name])


@dataclass(frozen=True)
class Due:
    """One reminder that should exist, for a rule that gives them one by one."""

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


Bound = int | None


@dataclass(frozen=True)
class Rule:
    """A kind of reminder and how to find what is due: `rows` (set-based, see the module
    docstring) or, for a rule that cannot be a query, `due`."""

    kind: str
    model: type[Model]
    due: Callable[[dt.date, int, int], Iterable[Due]] | None = None
    rows: Callable[[dt.date, Bound, Bound], QuerySet] | None = None


_RULES: list[Rule] = []


def register(rule: Rule) -> None:
    if rule.kind not in {r.kind for r in _RULES}:
        _RULES.append(rule)


def rules() -> list[Rule]:
    return list(_RULES)


def months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


# --- building blocks of a rule's query ---------------------------------------------------


def in_range(qs: QuerySet, lo: Bound, hi: Bound) -> QuerySet:
    """The chunk lo ≤ pk < hi of `qs`; every row when the bounds are None."""
    if lo is not None:
        qs = qs.filter(pk__gte=lo)
    if hi is not None:
        qs = qs.filter(pk__lt=hi)
    return qs


def due_rows(
    qs: QuerySet,
    *,
    kind: str,
    target: Expression,
    period: Expression,
    agency: Expression,
    message: Expression,
    due_on: Expression,
    case: Expression | None = None,
    user: Expression | None = None,
) -> QuerySet:
    """`qs` as the reminders it makes due: one row per reminder, its columns named `r_…`
    (so they never clash with the model's fields). A row without an agency makes no
    reminder (the sweep leaves it out)."""
    none = Cast(Value(None), BigIntegerField())  # typed, or PostgreSQL takes it for text
    return qs.order_by().values(
        r_kind=Value(kind, output_field=CharField()),
        r_target=target,
        r_period=period,
        r_agency=agency,
        r_message=Left(message, 300),
        r_due_on=due_on,
        r_case=case if case is not None else none,
        r_user=user if user is not None else none,
    )


def text(expression: Expression | str) -> Cast:
    """A value as text; a date as YYYY-MM-DD on both PostgreSQL and SQLite."""
    return Cast(F(expression) if isinstance(expression, str) else expression, CharField())


def key(prefix: str, expression: Expression | str) -> Concat:
    """e.g. key("case:", "pk") is 'case:12'."""
    return Concat(Value(prefix), text(expression), output_field=CharField())


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def message(template: str, **values: Expression | str) -> Expression:
    """The (already translated) `template` with its %(name)s placeholders filled in SQL by
    `values` (expressions, or field names), in whatever order the translation puts them."""
    parts: list[Expression] = []
    for n, piece in enumerate(_PLACEHOLDER.split(template)):
        if n % 2:
            parts.append(text(values[piece]))
        elif piece:
            parts.append(Value(piece.replace("%%", "%")))
    if len(parts) == 1:
        return parts[0]
    return Concat(*parts, output_field=CharField())


class AddDays(Func):
    """date + n days, as a date, on PostgreSQL and SQLite."""

    output_field = DateField()

    def __init__(self, expression: Expression | str, days: int) -> None:
        self.days = int(days)
        super().__init__(F(expression) if isinstance(expression, str) else expression)

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template=f"(%(expressions)s + {self.days})", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template=f"date(%(expressions)s, '{self.days:+d} days')", **extra
        )


def local_date(field: str) -> TruncDate:
    """The date, in the site's time zone, of a datetime column."""
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _open_cases(lo: Bound, hi: Bound) -> QuerySet:
    return in_range(Case.objects.exclude(status=Case.Status.CLOSED), lo, hi)


def _months_ago(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.month - 1 - months, 12)
    target_year, target_month = today.year + year, month + 1
    day = min(today.day, calendar.monthrange(target_year, target_month)[1])
    return dt.date(target_year, target_month, day)


def _months_open(today: dt.date) -> Expression:
    """months_between(opened_on, today), in SQL."""
    began_later_in_month = Choose(
        When(opened_on__day__gt=today.day, then=Value(1)), default=Value(0)
    )
    return Cast(
        Value(today.year * 12 + today.month)
        - ExtractYear("opened_on") * 12
        - ExtractMonth("opened_on")
        - began_later_in_month,
        IntegerField(),
    )


# --- the rules ---------------------------------------------------------------------------
# The case columns lead_agency and last_contact_at are kept by cases.services in the
# transaction of every write that changes them, so the rules read them instead of joining
# the lead assignments and aggregating the consultations.


def long_running(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    """Open 6 months or more, then again every 3 months (a period each time); a
    supervisor's decision to continue until a later date holds it back until then."""
    first, every = setting("LONG_RUNNING_MONTHS"), setting("LONG_RUNNING_EVERY_MONTHS")
    continued = CaseReview.objects.filter(
        case=OuterRef("pk"), decision=CaseReview.Decision.CONTINUE, continue_until__gt=today
    )
    months = _months_open(today)
    rows = _open_cases(lo, hi).filter(opened_on__lte=_months_ago(today, first))
    return due_rows(
        rows.exclude(Exists(continued)),
        kind=Reminder.Kind.LONG_RUNNING,
        target=key("case:", "pk"),
        period=key("p", Cast((months - first) / every, IntegerField())),
        agency=F("lead_agency_id"),
        message=message(
            _("Open for %(months)s months: review progress and whether closure is possible."),
            months=months,
        ),
        due_on=Value(today, output_field=DateField()),
        case=F("pk"),
        user=F("worker_id"),
    )


def no_contact(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    """No consultation for 30 days (counted from the last contact, or the opening); the
    period is the date of the last contact, so a contact ends it."""
    days = setting("NO_CONTACT_DAYS")
    rows = (
        _open_cases(lo, hi)
        .alias(last=Coalesce(local_date("last_contact_at"), F("opened_on")))
        .filter(last__lte=today - dt.timedelta(days=days))
    )
    return due_rows(
        rows,
        kind=Reminder.Kind.NO_CONTACT,
        target=key("case:", "pk"),
        period=key("since:", "last"),
        agency=F("lead_agency_id"),
        message=message(_("No contact since %(date)s."), date="last"),
        due_on=AddDays("last", days),
        case=F("pk"),
        user=F("worker_id"),
    )


def plan_review(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    """The plan in effect is past its review date."""
    rows = SupportPlan.objects.filter(
        status=SupportPlan.Status.ACTIVE, review_on__lt=today
    ).exclude(case__status=Case.Status.CLOSED)
    return due_rows(
        in_range(rows, lo, hi),
        kind=Reminder.Kind.PLAN_REVIEW,
        target=key("plan:", "pk"),
        period=text("review_on"),
        agency=F("case__lead_agency_id"),
        message=message(_("The support plan was due for review on %(date)s."), date="review_on"),
        due_on=F("review_on"),
        case=F("case_id"),
        user=F("case__worker_id"),
    )


def referral_unanswered(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    """A referral has waited 7 days for an answer (nothing is due about a closed case)."""
    days = setting("REFERRAL_UNANSWERED_DAYS")
    cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time.max))
    rows = (
        Referral.objects.filter(status=Referral.Status.SENT, sent_at__lte=cutoff)
        .exclude(case__status=Case.Status.CLOSED)
        .alias(sent_on=local_date("sent_at"))
    )
    return due_rows(
        in_range(rows, lo, hi),
        kind=Reminder.Kind.REFERRAL_UNANSWERED,
        target=key("referral:", "pk"),
        period=Value("1"),
        agency=F("to_agency_id"),
        message=message(
            _("A referral from %(agency)s has waited for an answer since %(date)s."),
            agency="from_agency__name",
            date="sent_on",
        ),
        due_on=AddDays("sent_on", days),
        case=F("case_id"),
    )


def _hub_before(case: str = "case_id") -> Exists:
    """A hub led the case before this lead assignment began."""
    return Exists(
        LeadAssignment.objects.filter(
            case=OuterRef(case),
            agency__is_hub=True,
            ended_on__isnull=False,
            ended_on__lte=OuterRef("started_on"),
        )
    )


def _last_hub(case: str) -> Subquery:
    """The hub agency that last led the case (the one that should let go)."""
    return Subquery(
        LeadAssignment.objects.filter(case=OuterRef(case), agency__is_hub=True)
        .order_by("-started_on", "-pk")
        .values("agency_id")[:1],
        output_field=BigIntegerField(),
    )


def _contacts(case: str, since: dt.datetime, *, hub: bool = False) -> Coalesce:
    """How many consultations of the case since `since` (only the hub's, if `hub`)."""
    qs = Consultation.objects.filter(case=OuterRef(case), occurred_at__gte=since)
    if hub:
        qs = qs.filter(agency__is_hub=True)
    counted = qs.order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _hub_keeps(today: dt.date, case: str, lead_is_hub: str) -> Q:
    """The hub leads (`lead_is_hub`, a lookup), or recorded more than half of the case's
    contacts of the last N days."""
    days = setting("HUB_LINGERING_DAYS")
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min))
    hub_mostly = GreaterThan(_contacts(case, since, hub=True) * 2, _contacts(case, since))
    return Q(**{lead_is_hub: True}) | Q(hub_mostly)


def hub_lingering(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    """ "Hub still lead", driven by the handovers (a few lead assignments, not every open
    case): the latest lead assignment of a non-hub agency that followed a hub's (every
    decision about the lead — a meeting's, a supervisor's review, a worker's with a
    reason — is applied through cases.services.lead_change, which writes it), begun N days
    (HUB_LINGERING_DAYS) ago or more, on an open case the hub still keeps: it leads again,
    or recorded most of the contacts of the last N days. A hub-led case whose lead was
    never handed over is not concerned: leading it is the hub's job (多機関協働). The
    period is the day of the handover, so a later handover starts a new one; the new lead
    taking over (being lead and recording at least half the contacts) ends it."""
    days = setting("HUB_LINGERING_DAYS")
    later = LeadAssignment.objects.filter(
        case=OuterRef("case_id"), agency__is_hub=False, started_on__gt=OuterRef("started_on")
    )
    rows = (
        LeadAssignment.objects.filter(
            agency__is_hub=False, started_on__lte=today - dt.timedelta(days=days)
        )
        .filter(_hub_before())
        .exclude(Exists(later))
        .exclude(case__status=Case.Status.CLOSED)
        .filter(_hub_keeps(today, "case_id", "case__lead_agency__is_hub"))
    )
    return due_rows(
        in_range(rows, lo, hi),
        kind=Reminder.Kind.HUB_LINGERING,
        target=key("case:", "case_id"),
        period=key("handover:", "started_on"),
        agency=_last_hub("case_id"),
        message=message(
            _(
                "Handing the lead from the hub to another agency was decided on %(date)s, "
                "but the hub still leads or records most of the contacts."
            ),
            date="started_on",
        ),
        due_on=AddDays("started_on", days),
        case=F("case_id"),
        user=F("case__worker_id"),
    )


def consent_expiring(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    """A consent expires within 30 days (`expiring`), or has expired (`expired`), and no
    newer consent of the same person carries on."""
    days = setting("CONSENT_EXPIRING_DAYS")
    renewed = Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")),
        case=OuterRef("case_id"),
        person=OuterRef("person_id"),
        withdrawn_at__isnull=True,
    ).exclude(pk=OuterRef("pk"))
    rows = (
        Consent.objects.filter(
            withdrawn_at__isnull=True, valid_until__lte=today + dt.timedelta(days=days)
        )
        .exclude(case__status=Case.Status.CLOSED)
        .exclude(Exists(renewed))
    )
    expired = Q(valid_until__lt=today)
    return due_rows(
        in_range(rows, lo, hi),
        kind=Reminder.Kind.CONSENT_EXPIRING,
        target=key("consent:", "pk"),
        period=Choose(When(expired, then=Value("expired")), default=Value("expiring")),
        agency=F("case__lead_agency_id"),
        message=Choose(
            When(
                expired,
                then=message(_("Consent expired on %(date)s."), date="valid_until"),
            ),
            default=message(_("Consent expires on %(date)s."), date="valid_until"),
        ),
        due_on=F("valid_until"),
        case=F("case_id"),
        user=F("case__worker_id"),
    )


def plan_action_due(today: dt.date, lo: Bound, hi: Bound) -> QuerySet:
    """An action of the plan in effect that is not done or dropped has come to its due
    date (the day itself). The period is the due date, so moving it starts a new one;
    marking it done or dropped, or a new plan (the review), ends it. To the responsible
    agency; named to the case's worker when that agency leads the case."""
    rows = PlanAction.objects.filter(
        status__in=[PlanAction.Status.TODO, PlanAction.Status.DOING],
        due_on__lte=today,
        plan__status=SupportPlan.Status.ACTIVE,
    ).exclude(plan__case__status=Case.Status.CLOSED)
    worker = Choose(
        When(
            responsible_agency_id=F("plan__case__lead_agency_id"),
            then=F("plan__case__worker_id"),
        ),
        default=Cast(Value(None), BigIntegerField()),
        output_field=BigIntegerField(),
    )
    return due_rows(
        in_range(rows, lo, hi),
        kind=Reminder.Kind.PLAN_ACTION,
        target=key("plan_action:", "pk"),
        period=text("due_on"),
        agency=F("responsible_agency_id"),
        # Not the description: a reminder is read outside the case page.
        message=message(_("A support plan action is due on %(date)s."), date="due_on"),
        due_on=F("due_on"),
        case=F("plan__case_id"),
        user=worker,
    )


for _rule in (
    Rule(Reminder.Kind.LONG_RUNNING, Case, rows=long_running),
    Rule(Reminder.Kind.NO_CONTACT, Case, rows=no_contact),
    Rule(Reminder.Kind.PLAN_REVIEW, SupportPlan, rows=plan_review),
    Rule(Reminder.Kind.REFERRAL_UNANSWERED, Referral, rows=referral_unanswered),
    Rule(Reminder.Kind.HUB_LINGERING, LeadAssignment, rows=hub_lingering),
    Rule(Reminder.Kind.CONSENT_EXPIRING, Consent, rows=consent_expiring),
    Rule(Reminder.Kind.PLAN_ACTION, PlanAction, rows=plan_action_due),
):
    register(_rule)
