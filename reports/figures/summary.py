"""The year's key figures beside the previous year's (the year-on-year chart)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Closure, Consultation, Referral
from meetings.models import Meeting
from reports.figures.base import Context
from reports.tables import Table


def key_figures(ctx: Context) -> Table:
    """New cases, households connected, consultations, referrals sent, closures approved
    and meetings held, this year and the previous one; each row the same definition as its
    own table. Five queries (each counts both years at once)."""
    prev = ctx.previous()
    both = Q(opened_on__gte=prev.start, opened_on__lte=ctx.end)
    cases = Case.objects.filter(both, ctx.cases()).aggregate(
        prev=Count("pk", filter=prev.in_year("opened_on")),
        this=Count("pk", filter=ctx.in_year("opened_on")),
        hh_prev=Count("household", filter=prev.in_year("opened_on"), distinct=True),
        hh_this=Count("household", filter=ctx.in_year("opened_on"), distinct=True),
    )

    def two_years(qs, field: str) -> dict[str, int]:
        first, after = prev.moments[0], ctx.moments[1]
        return qs.filter(**{f"{field}__gte": first, f"{field}__lt": after}).aggregate(
            # Counting the (non-null) date itself: consultations are then counted from
            # their covering index alone (cases migration 0010).
            prev=Count(field, filter=prev.in_year_at(field)),
            this=Count(field, filter=ctx.in_year_at(field)),
        )

    consultations = two_years(
        Consultation.objects.filter(ctx.agencies("agency"), ctx.in_area("case__household__area")),
        "occurred_at",
    )
    referrals = two_years(
        Referral.objects.filter(
            ctx.agencies("from_agency", "to_agency"),
            ctx.in_area("case__household__area"),
            kind=Referral.Kind.REFERRAL,
        ),
        "sent_at",
    )
    closures = two_years(
        Closure.objects.filter(ctx.cases("case__"), status=Closure.Status.APPROVED), "decided_at"
    )
    meetings = two_years(
        Meeting.objects.filter(
            ctx.agencies("organiser"), status__in=(Meeting.Status.HELD, Meeting.Status.APPROVED)
        ),
        "starts_at",
    )
    rows = [
        [str(_("New consultations (cases opened)")), cases["prev"], cases["this"]],
        [str(_("Households connected")), cases["hh_prev"], cases["hh_this"]],
        [str(_("Consultations (延べ相談件数)")), consultations["prev"], consultations["this"]],
        [str(_("Referrals sent")), referrals["prev"], referrals["this"]],
        [str(_("Closures")), closures["prev"], closures["this"]],
        [str(_("Meetings held (all areas)")), meetings["prev"], meetings["this"]],
    ]
    return Table(
        key="key_figures",
        title=_("Key figures, this year and the previous year"),
        headings=[_("figure"), f"{prev.year}年度", f"{ctx.year}年度"],
        rows=rows,
        count_columns=frozenset({1, 2}),
    )


def tables(ctx: Context) -> list[Table]:
    return [key_figures(ctx)]
