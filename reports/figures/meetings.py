"""支援会議, 重層的支援会議, 包括的支援推進会議 and case conferences: meetings held, cases
discussed, by month and by concern category."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from cases.models import Concern
from meetings.models import AgendaItem, Meeting
from reports.figures.base import TOTAL, Context, grouped, month_cells, month_headings
from reports.tables import Table

HELD = (Meeting.Status.HELD, Meeting.Status.APPROVED)
# The kinds that discuss cases (包括的支援推進会議 has no case on its agenda).
CASE_KINDS = [(v, label) for v, label in Meeting.Kind.choices if v != Meeting.Kind.PROMOTION]


def _held(ctx: Context):
    """Meetings held (status held or minutes approved) whose date falls in the year,
    organised by one of the scope's agencies; with an area, only those that discussed a
    case of a household of the area."""
    qs = Meeting.objects.filter(
        ctx.in_year_at("starts_at"), ctx.agencies("organiser"), status__in=HELD
    )
    if ctx.area is not None:
        qs = qs.filter(
            Exists(
                AgendaItem.objects.filter(
                    meeting=OuterRef("pk"), **{"case__household__area_id__in": ctx.area_ids}
                )
            )
        )
    return qs


def _items(ctx: Context):
    return AgendaItem.objects.filter(meeting__in=_held(ctx), case__isnull=False).filter(
        ctx.in_area("case__household__area")
    )


def meetings_held(ctx: Context) -> Table:
    """Per kind: meetings held by month, and cases discussed (distinct cases on their
    agendas). Two queries."""
    by_month = grouped(
        _held(ctx)
        .annotate(month=ExtractMonth("starts_at"))
        .values("kind", "month")
        .annotate(n=Count("pk"))
        .order_by(),
        "kind",
    )
    discussed = dict(
        _items(ctx)
        .values("meeting__kind")
        .annotate(n=Count("case", distinct=True))
        .order_by()
        .values_list("meeting__kind", "n")
    )
    rows: list[list[object]] = []
    for value, label in Meeting.Kind.choices:
        cells = month_cells(by_month.get(value, {}))
        rows.append([str(label), *cells, sum(cells), discussed.get(value, 0)])
    return Table(
        key="meetings_held",
        title=_("Meetings held and cases discussed"),
        headings=[_("meeting"), *month_headings(), TOTAL, _("cases discussed")],
        rows=rows,
        count_columns=frozenset({14}),
        note=_("Meetings are counted, not persons: only the cases discussed are suppressed."),
    )


def cases_discussed_by_concern(ctx: Context) -> Table:
    """Cases discussed at meetings held in the year, by concern category and kind of
    meeting (a case with several categories counts under each). One query."""
    counts: dict[tuple[str, str], int] = {
        (row["meeting__kind"], row["case__concerns__category"]): row["n"]
        for row in _items(ctx)
        .filter(Exists(Concern.objects.filter(case=OuterRef("case"))))
        .values("meeting__kind", "case__concerns__category")
        .annotate(n=Count("case", distinct=True))
        .order_by()
    }
    rows = [
        [str(label), *[counts.get((kind, value), 0) for kind, _l in CASE_KINDS]]
        for value, label in Concern.Category.choices
    ]
    return Table(
        key="cases_discussed_by_concern",
        title=_("Cases discussed at meetings, by concern category"),
        headings=[_("concern category"), *[label for _v, label in CASE_KINDS]],
        rows=rows,
        count_columns=frozenset(range(1, len(CASE_KINDS) + 1)),
    )


def tables(ctx: Context) -> list[Table]:
    return [meetings_held(ctx), cases_discussed_by_concern(ctx)]
