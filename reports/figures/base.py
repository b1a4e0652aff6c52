"""What every figure shares: the fiscal year it counts, the scope and area it is filtered
to, month columns (April to March) and portable medians and percentiles.

A figure is a function `(ctx: Context) -> Table`; it runs a bounded number of aggregate
queries (GROUP BY in the database), never a Python loop over cases."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Aggregate, F, FloatField, Func, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Area
from cases.access import ReportScope
from core.wareki import fiscal_year_bounds, fiscal_year_label

Scope = ReportScope

# April .. March: the order of a fiscal year's months.
FY_MONTHS: tuple[int, ...] = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
DAYS_PER_MONTH = 365.25 / 12


def month_headings() -> list[str]:
    return [f"{m}月" for m in FY_MONTHS]


@dataclass(frozen=True)
class Context:
    """One report's question: whose figures, which fiscal year, which area (None: all)."""

    scope: Scope
    year: int
    area: Area | None = None
    # Results shared by several tables of one report (read once), keyed by the module.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @cached_property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return fiscal_year_bounds(self.year)

    @property
    def start(self) -> dt.date:
        return self.bounds[0]

    @property
    def end(self) -> dt.date:
        return self.bounds[1]

    @cached_property
    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) in local time, for date-time fields (Asia/Tokyo midnights)."""
        zone = timezone.get_current_timezone()
        first = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return first, after

    @property
    def label(self) -> str:
        return f"{fiscal_year_label(self.year)}（{self.year}年度）"

    def previous(self) -> Context:
        return Context(self.scope, self.year - 1, self.area)

    def once(self, key: str, compute):
        """`compute()`'s result, computed once per report."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @cached_property
    def area_ids(self) -> list[int] | None:
        """The chosen area and every area under it (one query), or None for no area."""
        if self.area is None:
            return None
        return list(
            Area.objects.filter(
                Q(pk=self.area.pk) | Q(parent=self.area) | Q(parent__parent=self.area)
            ).values_list("pk", flat=True)
        )

    # --- filters ---------------------------------------------------------------------

    def in_year(self, field: str) -> Q:
        """`field` (a date) falls in the fiscal year."""
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    def in_year_at(self, field: str) -> Q:
        """`field` (a date-time) falls in the fiscal year, in local time."""
        first, after = self.moments
        return Q(**{f"{field}__gte": first, f"{field}__lt": after})

    def agencies(self, *fields: str) -> Q:
        """Rows whose any of `fields` (agency foreign keys) is one of the scope's agencies."""
        if self.scope.agencies is None:
            return Q()
        q = Q()
        for name in fields:
            q |= Q(**{f"{name}_id__in": sorted(self.scope.agencies)})
        return q

    def cases(self, prefix: str = "") -> Q:
        """A case counts for an agency when it is its intake agency or its current lead;
        for an area, when its household lives there."""
        return self.agencies(f"{prefix}owner_agency", f"{prefix}lead_agency") & self.in_area(
            f"{prefix}household__area"
        )

    def in_area(self, field: str) -> Q:
        if self.area_ids is None:
            return Q()
        return Q(**{f"{field}_id__in": self.area_ids})


# --- months ----------------------------------------------------------------------------


def month_cells(counts: Mapping[int, int]) -> list[int]:
    """The 12 monthly cells (April first) of {month number: count}."""
    return [counts.get(m, 0) for m in FY_MONTHS]


def grouped(rows: Iterable[Mapping], key: str, month: str = "month") -> dict[object, dict]:
    """{key value: {month: n}} from `values(key, month).annotate(n=...)` rows."""
    out: dict[object, dict[int, int]] = {}
    for row in rows:
        out.setdefault(row[key], {})[row[month]] = row["n"]
    return out


# --- medians and percentiles -----------------------------------------------------------


def days_between(end: str, start: str) -> Func:
    """Days from `start` to `end` (dates or date-times) as a float, on SQLite and
    PostgreSQL alike."""
    if connection.vendor == "postgresql":
        return Func(
            F(end),
            F(start),
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            output_field=FloatField(),
        )
    return Func(
        F(end),
        F(start),
        template="(julianday(%(expressions)s))",
        arg_joiner=") - julianday(",
        output_field=FloatField(),
    )


def date_days_between(end: str, start: str) -> Func:
    """Days from `start` to `end`, both dates (PostgreSQL subtracts dates to an integer)."""
    if connection.vendor == "postgresql":
        return Func(
            F(end),
            F(start),
            template="(%(expressions)s)",
            arg_joiner=" - ",
            output_field=FloatField(),
        )
    return days_between(end, start)


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra) -> None:
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def _interpolated(values: Sequence[float], fraction: float) -> float | None:
    """percentile_cont's definition: linear interpolation between the closest ranks."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    lower = math.floor(position)
    upper = math.ceil(position)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


def percentiles(qs: QuerySet, expression: Func, fractions: Sequence[float]) -> list[float | None]:
    """The continuous percentiles of `expression` over `qs`, in one query: percentile_cont
    on PostgreSQL; elsewhere the sorted values alone are fetched and interpolated the same
    way."""
    if connection.vendor == "postgresql":
        result = qs.aggregate(
            **{f"p{i}": PercentileCont(expression, f) for i, f in enumerate(fractions)}
        )
        return [result[f"p{i}"] for i in range(len(fractions))]
    values = list(qs.annotate(_v=expression).order_by("_v").values_list("_v", flat=True))
    return [_interpolated(values, f) for f in fractions]


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def share(part: int, whole: int) -> float | None:
    """part / whole as a percentage with one decimal, None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


TOTAL = _("Total")


# --- areas -----------------------------------------------------------------------------


class AreaRollup:
    """Counts grouped by any area (中学校区, 小学校区 or 自治区) summed up to the areas a
    table shows: every 中学校区, or within a chosen 中学校区 its 小学校区 (a chosen 小学校区
    shows itself). Reads the areas once (one query)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.by_id = {a.pk: a for a in Area.objects.all()}
        chosen = ctx.area
        if chosen is None:
            self.level = Area.Level.JUNIOR_HIGH
        else:
            self.level = Area.Level.ELEMENTARY
        self.shown = [
            a
            for a in sorted(self.by_id.values(), key=lambda a: (a.kana or a.name, a.name))
            if a.level == self.level
            and (chosen is None or a.pk == chosen.pk or a.parent_id == chosen.pk)
        ]

    @property
    def heading(self):
        return (
            _("elementary school district")
            if self.level == Area.Level.ELEMENTARY
            else _("junior high school district")
        )

    def key(self, area_id: int | None) -> int | None:
        """The shown area an area belongs to; None when it has none (no area, or an area
        above the shown level, e.g. a group of a whole 中学校区 in a 小学校区 table)."""
        area = self.by_id.get(area_id) if area_id is not None else None
        while area is not None and area.level != self.level:
            area = self.by_id.get(area.parent_id) if area.parent_id else None
        return area.pk if area else None

    def sum(self, pairs: Iterable[tuple[int | None, int]]) -> dict[int | None, int]:
        out: dict[int | None, int] = {}
        for area_id, n in pairs:
            key = self.key(area_id)
            out[key] = out.get(key, 0) + n
        return out
