"""Charts drawn on the server as SVG (as the caseload chart is): the numbers of a table,
turned into bar geometry the template draws. No script, no charting library, no CDN.

A table gets a chart where a person would rather look than read: the monthly tables a bar
per month (April to March), the year-on-year tables a pair of bars per row (previous year,
this year), the tables of buckets a horizontal bar per bucket."""

from __future__ import annotations

from collections.abc import Sequence

from reports.figures.base import FY_MONTHS, TOTAL
from reports.tables import Table

MONTHLY = "monthly"
YEAR_ON_YEAR = "year_on_year"
BARS = "bars"

KINDS: dict[str, str] = {
    "new_cases_by_source": MONTHLY,
    "consultations_by_mode": MONTHLY,
    "new_enrolments_by_month": MONTHLY,
    "donations": MONTHLY,
    "key_figures": YEAR_ON_YEAR,
    "groups_by_kind": YEAR_ON_YEAR,
    "groups_by_area": YEAR_ON_YEAR,
    "new_cases_by_area": BARS,
    "closures_by_duration": BARS,
    "long_running": BARS,
    "enrolments_by_project": BARS,
}

WIDTH = 520
PLOT_HEIGHT = 140


def _number(cell: object) -> int:
    return cell if isinstance(cell, int) and not isinstance(cell, bool) else 0


def _body(rows: Sequence[Sequence[object]]) -> list[Sequence[object]]:
    """The rows without a closing total row."""
    if rows and str(rows[-1][0]) == str(TOTAL):
        return list(rows[:-1])
    return list(rows)


def monthly(rows: Sequence[Sequence[object]]) -> dict:
    """One bar per month: the total row's months, or the sum of the rows."""
    if rows and str(rows[-1][0]) == str(TOTAL):
        values = [_number(c) for c in rows[-1][1:13]]
    else:
        values = [sum(_number(r[i]) for r in rows) for i in range(1, 13)]
    peak = max(values, default=0) or 1
    step = (WIDTH - 40) // 12
    bars = []
    for index, (month, value) in enumerate(zip(FY_MONTHS, values, strict=True)):
        height = round(PLOT_HEIGHT * value / peak)
        bars.append(
            {
                "label": f"{month}月",
                "count": value,
                "x": 30 + index * step,
                "y": 20 + PLOT_HEIGHT - height,
                "width": step - 8,
                "height": height,
                "text_x": 30 + index * step + (step - 8) // 2,
            }
        )
    return {"kind": MONTHLY, "bars": bars, "height": PLOT_HEIGHT + 50, "baseline": 20 + PLOT_HEIGHT}


def year_on_year(rows: Sequence[Sequence[object]], headings: Sequence[object]) -> dict:
    """Per row a pair of bars: the previous year (light) above this year (dark)."""
    body = [r for r in _body(rows) if _number(r[1]) or _number(r[2])] or _body(rows)[:1]
    peak = max([_number(r[i]) for r in body for i in (1, 2)], default=0) or 1
    items = []
    for index, row in enumerate(body):
        y = 10 + index * 44
        items.append(
            {
                "label": str(row[0])[:14],
                "y": y,
                "prev": _number(row[1]),
                "this": _number(row[2]),
                "prev_width": round(300 * _number(row[1]) / peak),
                "this_width": round(300 * _number(row[2]) / peak),
            }
        )
    return {
        "kind": YEAR_ON_YEAR,
        "items": items,
        "height": 20 + 44 * len(items) + 20,
        "legend_y": 20 + 44 * len(items) + 4,
        "previous": str(headings[1]),
        "current": str(headings[2]),
    }


def bars(rows: Sequence[Sequence[object]]) -> dict:
    """A horizontal bar per row (its first count)."""
    body = [r for r in _body(rows) if len(r) > 1 and isinstance(r[1], int)]
    peak = max((_number(r[1]) for r in body), default=0) or 1
    items = [
        {
            "label": str(row[0])[:14],
            "count": _number(row[1]),
            "width": round(300 * _number(row[1]) / peak),
            "y": 10 + index * 30,
        }
        for index, row in enumerate(body)
    ]
    return {"kind": BARS, "items": items, "height": 20 + 30 * len(items)}


def chart_for(table: Table, rows: Sequence[Sequence[object]]) -> dict | None:
    """The chart of a table (its rows already read), or None when it has none."""
    kind = KINDS.get(table.key)
    if kind == MONTHLY:
        return monthly(rows)
    if kind == YEAR_ON_YEAR:
        return year_on_year(rows, list(table.headings))
    if kind == BARS:
        return bars(rows)
    return None
