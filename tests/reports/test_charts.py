"""The server-drawn charts: bar geometry from a table's rows."""

from django.utils.translation import gettext as _

from reports import charts
from reports.tables import Table


def monthly_table(rows) -> Table:
    return Table(key="new_cases_by_source", title="t", headings=["h"] * 14, rows=rows)


def test_a_monthly_chart_draws_the_total_row_april_first():
    rows = [["a", *range(12), 66], [_("Total"), 4, *[0] * 10, 8, 12]]
    chart = charts.chart_for(monthly_table(rows), rows)
    assert [b["label"] for b in chart["bars"]][:2] == ["4月", "5月"]
    assert [b["count"] for b in chart["bars"]] == [4, *[0] * 10, 8]
    assert chart["bars"][-1]["height"] == charts.PLOT_HEIGHT


def test_a_monthly_chart_without_a_total_sums_the_rows():
    rows = [["a", 1, *[0] * 11, 1], ["b", 2, *[0] * 11, 2]]
    chart = charts.monthly(rows)
    assert chart["bars"][0]["count"] == 3


def test_a_year_on_year_chart_pairs_the_previous_and_this_year():
    rows = [["サロン", 2, 4], ["こども食堂", 0, 0], [_("Total"), 2, 4]]
    chart = charts.year_on_year(rows, ["kind", "2023年度", "2024年度"])
    assert [(i["label"], i["prev"], i["this"]) for i in chart["items"]] == [("サロン", 2, 4)]
    assert chart["items"][0]["prev_width"] * 2 == chart["items"][0]["this_width"]


def test_a_table_without_a_chart_gets_none():
    table = Table(key="referrals", title="t", headings=[], rows=[])
    assert charts.chart_for(table, []) is None
