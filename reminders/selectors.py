"""Reads of the reminders app, already scoped to the reader: the open reminders of a user
and of a case, and the supervisor's caseload (open cases per agency and worker, by age,
with overdue reviews, last-contact age and the hub still leading; every figure drills down
to its cases). Case reads are scoped by cases/access and aggregated in one query per
table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from cases import access as case_access
from cases.models import Case, SupportPlan
from reminders.access import supervised_agencies
from reminders.models import Reminder


def open_for(user: User | AnonymousUser) -> QuerySet[Reminder]:
    """Open reminders for the user: theirs, and their agencies' without a named worker."""
    agencies = [a.pk for a in case_access.case_agencies(user)]
    return (
        Reminder.objects.filter(status=Reminder.Status.OPEN)
        .filter(Q(user=user) | Q(user__isnull=True, agency_id__in=agencies))
        .select_related("case", "agency")
    )


def _addressed_to(user: User | AnonymousUser) -> Q:
    agencies = [a.pk for a in case_access.case_agencies(user)]
    return Q(user=user) | Q(agency_id__in=agencies)


def for_case(user: User | AnonymousUser, case: Case) -> list[Reminder]:
    """The case's open and snoozed reminders, among those addressed to the user or to one
    of the user's agencies (another agency's reminders are its own business)."""
    return list(
        case.reminders.filter(status__in=[Reminder.Status.OPEN, Reminder.Status.SNOOZED])
        .filter(_addressed_to(user))
        .select_related("agency")
        .order_by("due_on")
    )


HISTORY_SHOWN = 20


def history_for_case(user: User | AnonymousUser, case: Case) -> list[Reminder]:
    """The case's latest ended reminders (resolved by the system, or acknowledged by a
    worker) among those addressed to the user or the user's agencies, newest first."""
    return list(
        case.reminders.filter(status__in=[Reminder.Status.RESOLVED, Reminder.Status.DONE])
        .filter(_addressed_to(user))
        .order_by("-updated_at", "-pk")[:HISTORY_SHOWN]
    )


# --- the supervisor's caseload ------------------------------------------------------------

BUCKETS: list[tuple[str, str | Promise, int, int | None]] = [
    # key, label, from days open (inclusive), to days open (exclusive)
    ("0-3", _("0–3 months"), 0, 91),
    ("3-6", _("3–6 months"), 91, 183),
    ("6-12", _("6–12 months"), 183, 365),
    ("12-24", _("1–2 years"), 365, 730),
    ("24+", _("2 years or more"), 730, None),
]


def caseload(user: User, agencies: list[Agency] | None = None) -> QuerySet[Case]:
    """Open cases the user may read whose lead (or, without one, intake) agency is one of
    `agencies` (default: those the user supervises)."""
    agencies = agencies if agencies is not None else supervised_agencies(user)
    ids = [a.pk for a in agencies]
    # The current lead is a column of the case (cases.services.columns): no join.
    return (
        case_access.visible_cases(user)
        .exclude(status=Case.Status.CLOSED)
        .filter(lead_agency_id__in=ids)
    )


def _bucket_q(key: str, today: dt.date) -> Q:
    spans = {k: (start, end) for k, _label, start, end in BUCKETS}
    if key not in spans:
        raise ValueError(key)
    start, end = spans[key]
    q = Q(opened_on__lte=today - dt.timedelta(days=start))
    if end is not None:
        q &= Q(opened_on__gt=today - dt.timedelta(days=end))
    return q


def _review_overdue(today: dt.date) -> Exists:
    return Exists(
        SupportPlan.objects.filter(
            case=OuterRef("pk"), status=SupportPlan.Status.ACTIVE, review_on__lt=today
        )
    )


def _hub_leads() -> Q:
    """What the "hub still lead" reminder means, not every hub-led case: the cases with one
    open or snoozed (the sweep derives it daily: the lead was handed from the hub N days ago
    and the hub still leads or records most contacts; the write that ends it resolves it).
    An index probe per case (`reminder_open_kind` serves the open ones)."""
    return Q(
        Exists(
            Reminder.objects.filter(
                case=OuterRef("pk"),
                kind=Reminder.Kind.HUB_LINGERING,
                status__in=[Reminder.Status.OPEN, Reminder.Status.SNOOZED],
            )
        )
    )


def _quiet(since: dt.datetime) -> Q:
    return Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=since)


@dataclass
class Row:
    key: str  # worker id, or "none"
    label: str
    total: int
    buckets: dict[str, int]
    overdue_reviews: int
    no_contact_30: int
    hub_lead: int


def figures(user: User, agencies: list[Agency] | None = None) -> dict:
    """One row per worker (and one for cases without a named worker), plus totals."""
    today = timezone.localdate()
    month_ago = timezone.now() - dt.timedelta(days=30)
    aggregates = {f"b_{k}": Count("pk", filter=_bucket_q(k, today)) for k, *_ in BUCKETS}
    rows_qs = (
        caseload(user, agencies)
        .annotate(
            review_due=_review_overdue(today),
        )
        .values("worker_id", "worker__full_name", "worker__username")
        .annotate(
            total=Count("pk"),
            overdue_reviews=Count("pk", filter=Q(review_due=True)),
            no_contact_30=Count("pk", filter=_quiet(month_ago)),
            hub_lead=Count("pk", filter=_hub_leads()),
            **aggregates,
        )
        .order_by("worker__full_name")
    )
    rows = [
        Row(
            key=str(r["worker_id"] or "none"),
            label=r["worker__full_name"] or r["worker__username"] or str(_("No named worker")),
            total=r["total"],
            buckets={k: r[f"b_{k}"] for k, *_ in BUCKETS},
            overdue_reviews=r["overdue_reviews"],
            no_contact_30=r["no_contact_30"],
            hub_lead=r["hub_lead"],
        )
        for r in rows_qs
    ]
    totals = Row(
        key="all",
        label=str(_("All")),
        total=sum(r.total for r in rows),
        buckets={k: sum(r.buckets[k] for r in rows) for k, *_ in BUCKETS},
        overdue_reviews=sum(r.overdue_reviews for r in rows),
        no_contact_30=sum(r.no_contact_30 for r in rows),
        hub_lead=sum(r.hub_lead for r in rows),
    )
    return {"rows": rows, "totals": totals, "buckets": BUCKETS}


def drill_down(
    user: User, *, bucket: str = "", worker: str = "", flag: str = "", agencies=None
) -> QuerySet[Case]:
    """The cases behind one figure of the dashboard."""
    today = timezone.localdate()
    qs = caseload(user, agencies)
    if bucket:
        qs = qs.filter(_bucket_q(bucket, today))
    if worker == "none":
        qs = qs.filter(worker__isnull=True)
    elif worker.isdigit():
        qs = qs.filter(worker_id=int(worker))
    if flag == "review":
        qs = qs.filter(_review_overdue(today))
    elif flag == "hub":
        qs = qs.filter(_hub_leads())
    elif flag == "quiet":
        month_ago = timezone.now() - dt.timedelta(days=30)
        qs = qs.filter(_quiet(month_ago))
    return qs.select_related("household", "owner_agency", "worker").order_by("opened_on", "pk")
