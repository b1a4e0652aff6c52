"""The supervisor's caseload: open cases per agency and worker, by age, with overdue
reviews, last-contact age and the hub still leading. Every figure drills down to its
cases. Reads are scoped by cases/access.py and aggregated in one query per table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, User
from cases import access as case_access
from cases.models import Case, SupportPlan

BUCKETS: list[tuple[str, str, int, int | None]] = [
    # key, label, from days open (inclusive), to days open (exclusive)
    ("0-3", _("0–3 months"), 0, 91),
    ("3-6", _("3–6 months"), 91, 183),
    ("6-12", _("6–12 months"), 183, 365),
    ("12-24", _("1–2 years"), 365, 730),
    ("24+", _("2 years or more"), 730, None),
]


def supervised_agencies(user: User) -> list[Agency]:
    return [
        m.agency
        for m in case_access.case_memberships(user)
        if m.role in (Membership.Role.SUPERVISOR, Membership.Role.COORDINATOR)
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
        SupportPlan.objects.filter(case=OuterRef("pk"), status="active", review_on__lt=today)
    )


def _hub_leads() -> Q:
    return Q(lead_agency__is_hub=True)


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


def bar_chart(totals: Row) -> list[dict]:
    """Bars for the server-drawn SVG chart of the aging buckets (no script, no CDN)."""
    peak = max(totals.buckets.values(), default=0) or 1
    return [
        {
            "key": key,
            "label": label,
            "count": totals.buckets[key],
            "width": round(360 * totals.buckets[key] / peak),
            "y": 10 + index * 34,
        }
        for index, (key, label, *_rest) in enumerate(BUCKETS)
    ]
