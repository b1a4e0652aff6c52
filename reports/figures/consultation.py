"""包括的相談支援: new consultations (cases opened), 延べ相談件数, households connected,
and the same by area."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from cases.models import Case, Concern, Consultation
from reports.figures.base import (
    TOTAL,
    AreaRollup,
    Context,
    grouped,
    month_cells,
    month_headings,
    share,
)
from reports.tables import Table


def _opened(ctx: Context):
    return Case.objects.filter(ctx.in_year("opened_on"), ctx.cases())


def _consultations(ctx: Context):
    return Consultation.objects.filter(
        ctx.in_year_at("occurred_at"), ctx.agencies("agency"), ctx.in_area("case__household__area")
    )


def _monthly_rows(counts: dict, choices) -> list[list[object]]:
    rows: list[list[object]] = []
    for value, label in choices:
        cells = month_cells(counts.get(value, {}))
        rows.append([str(label), *cells, sum(cells)])
    totals = [sum(r[i] for r in rows) for i in range(1, 14)]
    rows.append([str(TOTAL), *totals])
    return rows


def new_cases_by_source(ctx: Context) -> Table:
    """Cases opened in the year (opened_on), by 相談経路 and month. One query."""
    rows = (
        _opened(ctx)
        .annotate(month=ExtractMonth("opened_on"))
        .values("referral_source", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Table(
        key="new_cases_by_source",
        title=_("New consultations (cases opened) by referral route"),
        headings=[_("referral route (相談経路)"), *month_headings(), TOTAL],
        rows=_monthly_rows(grouped(rows, "referral_source"), Case.Source.choices),
        count_columns=frozenset(range(1, 14)),
    )


def new_cases_by_concern(ctx: Context) -> Table:
    """Cases opened in the year with a concern of each category (a case with two categories
    counts under both; the total counts each case once). Two queries."""
    counts = dict(
        Concern.objects.filter(ctx.in_year("case__opened_on"), ctx.cases("case__"))
        .values("category")
        .annotate(n=Count("case", distinct=True))
        .order_by()
        .values_list("category", "n")
    )
    opened = _opened(ctx).count()
    rows: list[list[object]] = [
        [str(label), counts.get(value, 0)] for value, label in Concern.Category.choices
    ]
    with_none = opened - _opened(ctx).filter(concerns__isnull=False).distinct().count()
    rows.append([str(_("No concern recorded")), with_none])
    rows.append([str(_("Cases opened")), opened])
    return Table(
        key="new_cases_by_concern",
        title=_("New consultations by concern category"),
        headings=[_("concern category"), _("cases")],
        rows=rows,
        count_columns=frozenset({1}),
        note=_("A case with concerns of several categories is counted under each."),
    )


def _consultation_counts(ctx: Context) -> list[dict]:
    """Consultations of the year grouped by agency, mode and month: one query (one pass
    over the year's consultations) for both consultation tables."""
    return ctx.once(
        "consultations",
        lambda: list(
            _consultations(ctx)
            .annotate(month=ExtractMonth("occurred_at"))
            .values("agency_id", "mode", "month")
            # COUNT(*): no column outside the covering index (cases migration 0010).
            .annotate(n=Count("*"))
            .order_by()
        ),
    )


def consultations_by_mode(ctx: Context) -> Table:
    """延べ相談件数: every consultation recorded in the year (occurred_at, Asia/Tokyo), by
    mode and month (the shared grouped query)."""
    counts: dict[str, dict[int, int]] = {}
    for row in _consultation_counts(ctx):
        months = counts.setdefault(row["mode"], {})
        months[row["month"]] = months.get(row["month"], 0) + row["n"]
    return Table(
        key="consultations_by_mode",
        title=_("Consultations (延べ相談件数) by mode"),
        headings=[_("mode"), *month_headings(), TOTAL],
        rows=_monthly_rows(counts, Consultation.Mode.choices),
        count_columns=frozenset(range(1, 14)),
    )


def consultations_by_agency(ctx: Context) -> Table:
    """延べ相談件数 by recording agency and mode (the shared grouped query, and the names
    of the agencies found: one query)."""
    modes = Consultation.Mode.choices
    counts: dict[int, dict[str, int]] = {}
    for row in _consultation_counts(ctx):
        by_mode = counts.setdefault(row["agency_id"], {})
        by_mode[row["mode"]] = by_mode.get(row["mode"], 0) + row["n"]
    names = dict(
        Agency.objects.filter(pk__in=list(counts))
        .order_by("kana", "name")
        .values_list("pk", "name")
    )
    rows: list[list[object]] = []
    for agency_id, name in names.items():
        cells = [counts[agency_id].get(value, 0) for value, _label in modes]
        rows.append([name, *cells, sum(cells)])
    rows.append([str(TOTAL), *[sum(r[i] for r in rows) for i in range(1, len(modes) + 2)]])
    return Table(
        key="consultations_by_agency",
        title=_("Consultations (延べ相談件数) by agency"),
        headings=[Agency._meta.verbose_name, *[label for _v, label in modes], TOTAL],
        rows=rows,
        count_columns=frozenset(range(1, len(modes) + 2)),
    )


def households_connected(ctx: Context) -> Table:
    """Households with a case opened in the year, and those among them with compound
    problems: concerns of two or more categories across their cases opened in the year.
    Two queries."""
    opened = _opened(ctx)
    households = opened.values("household_id").distinct().count()
    compound = (
        Concern.objects.filter(ctx.in_year("case__opened_on"), ctx.cases("case__"))
        .values("case__household_id")
        .annotate(kinds=Count("category", distinct=True))
        .filter(kinds__gte=2)
        .order_by()
        .count()
    )
    return Table(
        key="households_connected",
        title=_("Households connected in the year"),
        headings=[_("households connected"), _("with compound problems"), _("share (%)")],
        rows=[[households, compound, share(compound, households)]],
        count_columns=frozenset({0, 1}),
        note=_("Compound problems: concerns of two or more categories."),
    )


def new_cases_by_area(ctx: Context) -> Table:
    """Cases opened and households connected, by 中学校区 (or, within a chosen 中学校区, by
    its 小学校区), from the household's area. Two queries: the counts grouped by the
    household's area, and the areas."""
    grouped_rows = list(
        _opened(ctx)
        .values("household__area_id")
        .annotate(n=Count("pk"), households=Count("household", distinct=True))
        .order_by()
    )
    rollup = AreaRollup(ctx)
    cases = rollup.sum((r["household__area_id"], r["n"]) for r in grouped_rows)
    # A household lives in one area: sums of distinct households stay distinct.
    households = rollup.sum((r["household__area_id"], r["households"]) for r in grouped_rows)
    rows: list[list[object]] = [
        [a.name, cases.get(a.pk, 0), households.get(a.pk, 0)] for a in rollup.shown
    ]
    if cases.get(None):
        rows.append([str(_("Area not recorded")), cases[None], households.get(None, 0)])
    return Table(
        key="new_cases_by_area",
        title=_("New consultations by area"),
        headings=[rollup.heading, _("cases opened"), _("households connected")],
        rows=rows,
        count_columns=frozenset({1, 2}),
    )


def tables(ctx: Context) -> list[Table]:
    return [
        new_cases_by_source(ctx),
        new_cases_by_concern(ctx),
        consultations_by_mode(ctx),
        consultations_by_agency(ctx),
        households_connected(ctx),
        new_cases_by_area(ctx),
    ]
