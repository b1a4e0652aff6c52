"""つなぎ and the course of a case: referrals and their answers (with response times),
support plans made and approved, closures by reason and duration, long-running cases at
the year's end."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Closure, Referral, SupportPlan
from reminders.selectors import BUCKETS
from reports.figures.base import (
    DAYS_PER_MONTH,
    TOTAL,
    Context,
    date_days_between,
    days_between,
    percentiles,
    rounded,
)
from reports.tables import Table


def referrals(ctx: Context) -> Table:
    """Referrals (kind referral, not join requests) sent in the year (sent_at), from or to
    one of the scope's agencies, by their status now; and the response time of those
    answered (accepted or returned): median and 90th percentile in days. Two queries."""
    sent = Referral.objects.filter(
        ctx.in_year_at("sent_at"),
        ctx.agencies("from_agency", "to_agency"),
        ctx.in_area("case__household__area"),
        kind=Referral.Kind.REFERRAL,
    )
    counts = dict(
        sent.values("status").annotate(n=Count("pk")).order_by().values_list("status", "n")
    )
    answered = sent.filter(
        status__in=[Referral.Status.ACCEPTED, Referral.Status.RETURNED], responded_at__isnull=False
    )
    median, p90 = percentiles(answered, days_between("responded_at", "sent_at"), [0.5, 0.9])
    total = sum(counts.values())
    return Table(
        key="referrals",
        title=_("Referrals"),
        headings=[
            _("sent"),
            _("accepted"),
            _("returned"),
            _("withdrawn"),
            _("waiting for an answer"),
            _("response time, median (days)"),
            _("response time, 90th percentile (days)"),
        ],
        rows=[
            [
                total,
                counts.get(Referral.Status.ACCEPTED, 0),
                counts.get(Referral.Status.RETURNED, 0),
                counts.get(Referral.Status.WITHDRAWN, 0),
                counts.get(Referral.Status.SENT, 0),
                rounded(median),
                rounded(p90),
            ]
        ],
        count_columns=frozenset({0, 1, 2, 3, 4}),
        note=_("Response time: from sending to the answer (accepted or returned), in days."),
    )


def plans(ctx: Context) -> Table:
    """Support plans made in the year (created_at), and those of them recorded as approved
    (a meeting or a supervisor's approval noted in approved_at). One query."""
    result = SupportPlan.objects.filter(
        ctx.in_year_at("created_at"), ctx.cases("case__")
    ).aggregate(
        made=Count("pk"),
        approved=Count("pk", filter=~Q(approved_at="")),
        cases=Count("case", distinct=True),
    )
    return Table(
        key="plans",
        title=_("Support plans"),
        headings=[_("plans made"), _("of which approved"), _("cases with a new plan")],
        rows=[[result["made"], result["approved"], result["cases"]]],
        count_columns=frozenset({0, 1, 2}),
    )


def closures_by_reason(ctx: Context) -> Table:
    """Closures approved in the year (decided_at), by reason. One query."""
    counts = dict(
        Closure.objects.filter(
            ctx.in_year_at("decided_at"), ctx.cases("case__"), status=Closure.Status.APPROVED
        )
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("reason", "n")
    )
    rows: list[list[object]] = [
        [str(label), counts.get(value, 0)] for value, label in Closure.Reason.choices
    ]
    rows.append([str(TOTAL), sum(counts.values())])
    return Table(
        key="closures_by_reason",
        title=_("Closures by reason"),
        headings=[_("reason"), _("closures")],
        rows=rows,
        count_columns=frozenset({1}),
    )


def _age_buckets(field: str, on: dt.date) -> dict[str, Q]:
    """The caseload's aging buckets (reminders.selectors.BUCKETS), as of `on`, for cases
    opened on `field`."""
    out = {}
    for key, _bucket_label, start, end in BUCKETS:  # noqa: B007
        q = Q(**{f"{field}__lte": on - dt.timedelta(days=start)})
        if end is not None:
            q &= Q(**{f"{field}__gt": on - dt.timedelta(days=end)})
        out[key] = q
    return out


def closures_by_duration(ctx: Context) -> Table:
    """Cases closed in the year (closed_on), by how long they had been open (the caseload's
    buckets), with the median duration in months. Two queries."""
    closed = Case.objects.filter(ctx.in_year("closed_on"), ctx.cases(), status=Case.Status.CLOSED)
    # The duration is closed_on - opened_on: bucket it by shifting each bound to the case's
    # own closing day.
    aggregates = {}
    for key, _bucket_label, start, end in BUCKETS:  # noqa: B007
        q = Q(duration__gte=start)
        if end is not None:
            q &= Q(duration__lt=end)
        aggregates[key] = Count("pk", filter=q)
    counts = closed.annotate(duration=date_days_between("closed_on", "opened_on")).aggregate(
        **aggregates
    )
    (median,) = percentiles(closed, date_days_between("closed_on", "opened_on"), [0.5])
    rows: list[list[object]] = [[str(label), counts[key]] for key, label, *_r in BUCKETS]
    rows.append([str(TOTAL), sum(counts.values())])
    months = rounded(median / DAYS_PER_MONTH) if median is not None else None
    rows.append([str(_("Median time open (months)")), months])
    return Table(
        key="closures_by_duration",
        title=_("Closures by duration"),
        headings=[_("time open"), _("cases closed")],
        rows=rows,
        count_columns=frozenset({1}),
        note=_("A month is 365.25 / 12 days; the median is not a count and is never suppressed."),
    )


def long_running(ctx: Context) -> Table:
    """Cases open on the year's last day (opened on or before it, not closed by then), by
    the caseload's aging buckets as of that day. One query."""
    open_at_end = Case.objects.filter(ctx.cases(), opened_on__lte=ctx.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=ctx.end)
    )
    counts = open_at_end.aggregate(
        **{key: Count("pk", filter=q) for key, q in _age_buckets("opened_on", ctx.end).items()}
    )
    rows: list[list[object]] = [[str(label), counts[key]] for key, label, *_r in BUCKETS]
    rows.append([str(TOTAL), sum(counts.values())])
    return Table(
        key="long_running",
        title=_("Open cases at the year's end by time open"),
        headings=[_("time open"), _("open cases")],
        rows=rows,
        count_columns=frozenset({1}),
    )


def tables(ctx: Context) -> list[Table]:
    return [
        referrals(ctx),
        plans(ctx),
        closures_by_reason(ctx),
        closures_by_duration(ctx),
        long_running(ctx),
    ]
