"""地域づくり: groups by kind and by area, year on year; places; platform members;
food-drive donations. These records hold no personal data, and their numbers count
groups, places and donations, not persons: they are never suppressed."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from community.models import Donation, Group, Place, Platform
from reports.figures.base import (
    TOTAL,
    AreaRollup,
    Context,
    month_cells,
    month_headings,
)
from reports.tables import Table


def _existing_by(ctx: Context, year: int) -> Q:
    """Registered (created_at) by the end of fiscal year `year`, local time."""
    end = Context(ctx.scope, year).moments[1]
    return Q(created_at__lt=end)


def _resources(model, ctx: Context):
    """Active records of the scope's agencies (owner) in the chosen area (or below it)."""
    return model.objects.filter(ctx.agencies("owner"), ctx.in_area("area"), is_active=True)


def _year_headings(ctx: Context) -> list[str]:
    return [f"{ctx.year - 1}年度", f"{ctx.year}年度"]


def groups_by_kind(ctx: Context) -> Table:
    """Active community groups registered by the end of the previous and of this year, by
    kind. One query."""
    this, previous = _existing_by(ctx, ctx.year), _existing_by(ctx, ctx.year - 1)
    counts = {
        row["kind"]: row
        for row in _resources(Group, ctx)
        .values("kind")
        .annotate(prev=Count("pk", filter=previous), this=Count("pk", filter=this))
        .order_by()
    }
    rows: list[list[object]] = [
        [str(label), counts.get(value, {}).get("prev", 0), counts.get(value, {}).get("this", 0)]
        for value, label in Group.Kind.choices
    ]
    rows.append([str(TOTAL), sum(r[1] for r in rows), sum(r[2] for r in rows)])
    return Table(
        key="groups_by_kind",
        title=_("Community groups by kind"),
        headings=[_("kind"), *_year_headings(ctx)],
        rows=rows,
        note=_("Groups active now, counted in the years by which they were registered."),
    )


def groups_by_area(ctx: Context) -> Table:
    """Active community groups registered by the end of the previous and of this year, by
    area (the group's area rolled up). Two queries (counts, areas)."""
    this, previous = _existing_by(ctx, ctx.year), _existing_by(ctx, ctx.year - 1)
    grouped_rows = list(
        _resources(Group, ctx)
        .values("area_id")
        .annotate(prev=Count("pk", filter=previous), this=Count("pk", filter=this))
        .order_by()
    )
    rollup = AreaRollup(ctx)
    prev = rollup.sum((r["area_id"], r["prev"]) for r in grouped_rows)
    now = rollup.sum((r["area_id"], r["this"]) for r in grouped_rows)
    rows: list[list[object]] = [[a.name, prev.get(a.pk, 0), now.get(a.pk, 0)] for a in rollup.shown]
    if now.get(None) or prev.get(None):
        rows.append([str(_("Whole city or wider area")), prev.get(None, 0), now.get(None, 0)])
    return Table(
        key="groups_by_area",
        title=_("Community groups by area"),
        headings=[rollup.heading, *_year_headings(ctx)],
        rows=rows,
    )


def places_and_platforms(ctx: Context) -> Table:
    """Active places (居場所) and platforms registered by the end of the previous and of
    this year; the platforms' members now (groups, agencies, companies listed one per
    line). Three queries."""
    this, previous = _existing_by(ctx, ctx.year), _existing_by(ctx, ctx.year - 1)
    places = _resources(Place, ctx).aggregate(
        prev=Count("pk", filter=previous), this=Count("pk", filter=this)
    )
    platforms = _resources(Platform, ctx).aggregate(
        prev=Count("pk", filter=previous), this=Count("pk", filter=this)
    )
    members = (
        _resources(Platform, ctx)
        .filter(this)
        .aggregate(groups=Count("groups", distinct=True), agencies=Count("agencies", distinct=True))
    )
    companies = sum(
        len([line for line in text.splitlines() if line.strip()])
        for text in _resources(Platform, ctx).filter(this).values_list("companies", flat=True)
    )
    rows: list[list[object]] = [
        [str(_("Places to belong (居場所)")), places["prev"], places["this"]],
        [str(_("Platforms")), platforms["prev"], platforms["this"]],
        [str(_("Platform members: groups")), None, members["groups"]],
        [str(_("Platform members: agencies")), None, members["agencies"]],
        [str(_("Platform members: companies")), None, companies],
    ]
    return Table(
        key="places_and_platforms",
        title=_("Places and platforms"),
        headings=[_("figure"), *_year_headings(ctx)],
        rows=rows,
        note=_("Platform members are today's; the system keeps no dated membership."),
    )


def donations(ctx: Context) -> Table:
    """Food-drive donations received in the year (received_on), by month, for the
    networks of the scope's agencies. One query."""
    counts = dict(
        Donation.objects.filter(
            ctx.in_year("received_on"), ctx.agencies("network__owner"), ctx.in_area("network__area")
        )
        .annotate(month=ExtractMonth("received_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "n")
    )
    cells = month_cells(counts)
    return Table(
        key="donations",
        title=_("Food-drive donations received"),
        headings=[_("figure"), *month_headings(), TOTAL],
        rows=[[str(_("donations")), *cells, sum(cells)]],
        note=_("Donations are counted, whatever their size (quantities are free text)."),
    )


def tables(ctx: Context) -> list[Table]:
    return [groups_by_kind(ctx), groups_by_area(ctx), places_and_platforms(ctx), donations(ctx)]
