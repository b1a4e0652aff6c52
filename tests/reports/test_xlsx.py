"""The Excel writer: opened again with openpyxl, its cells are what a city's planner
expects — Japanese headings, the fiscal year in 和暦, real dates, "<3" for small counts."""

import datetime as dt
import io

import openpyxl
from django.utils.translation import gettext_lazy as _

from reports.exports.xlsx import DATE_FORMAT, SHEET_NAME_MAX, sheet_names, write_xlsx
from reports.tables import SUPPRESSED, Table, suppress


def table(rows=None, **overrides) -> Table:
    values = {
        "key": "new_cases",
        "title": "新規相談件数",
        "headings": [_("status"), _("opened on"), "件数"],
        "rows": iter(
            rows or [["受付", dt.date(2025, 3, 31), 2], ["支援中", dt.date(2019, 5, 1), 7]]
        ),
        "count_columns": frozenset({2}),
    }
    values.update(overrides)
    return Table(**values)


def written(*tables, fiscal_year=None) -> openpyxl.Workbook:
    out = io.BytesIO()
    write_xlsx(tables, out, fiscal_year=fiscal_year)
    out.seek(0)
    return openpyxl.load_workbook(out)


def test_the_headings_are_in_japanese():
    sheet = written(table()).active
    assert [c.value for c in sheet[2]] == ["状態", "受付日", "件数"]


def test_the_title_row_names_the_fiscal_year_in_wareki():
    sheet = written(table(), fiscal_year=2024).active
    assert sheet["A1"].value.startswith("令和6年度")
    assert "新規相談件数" in sheet["A1"].value


def test_the_first_fiscal_year_of_reiwa_is_gannen():
    assert written(table(), fiscal_year=2019).active["A1"].value.startswith("令和元年度")


def test_without_a_fiscal_year_the_title_is_the_tables():
    assert written(table()).active["A1"].value == "新規相談件数"


def test_a_date_is_a_real_excel_date_shown_in_wareki():
    cell = written(table()).active["B3"]
    assert cell.is_date
    assert cell.value.date() == dt.date(2025, 3, 31)
    assert cell.number_format == DATE_FORMAT


def test_a_suppressed_count_is_the_text_less_than_three():
    sheet = written(suppress(table())).active
    assert sheet["C3"].value == "<3"
    assert sheet["C4"].value == 7


def test_the_marker_itself_is_written_as_its_text():
    assert written(table(rows=[["x", None, SUPPRESSED]])).active["C3"].value == "<3"


def test_the_heading_row_stays_frozen():
    assert written(table()).active.freeze_panes == "A3"


def test_columns_are_wide_enough_for_japanese_headings():
    wide = table(headings=["相談経路別の新規相談件数", "b", "c"])
    sheet = written(wide).active
    assert sheet.column_dimensions["A"].width >= 24
    assert sheet.column_dimensions["B"].width >= 8


def test_each_table_gets_its_own_sheet_named_after_its_title():
    book = written(table(title="経路別"), table(title="課題別"))
    assert book.sheetnames == ["経路別", "課題別"]


def test_sheet_names_are_short_unique_and_legal():
    long = "包括的支援推進会議に報告する相談経路別・課題分類別の新規相談件数"
    names = sheet_names([long, long, "a/b", "A/B"])
    assert all(len(n) <= SHEET_NAME_MAX for n in names)
    assert len({n.casefold() for n in names}) == 4
    assert names[2] == "a_b"


def test_a_timezone_aware_datetime_is_written_in_tokyo_time():
    at = dt.datetime(2025, 4, 1, 0, 30, tzinfo=dt.UTC)
    cell = written(table(rows=[["x", at, 1]])).active["B3"]
    assert cell.value == dt.datetime(2025, 4, 1, 9, 30)


def test_the_note_follows_the_rows():
    sheet = written(table(note="注：3未満は「<3」")).active
    assert sheet.cell(row=sheet.max_row, column=1).value == "注：3未満は「<3」"


def test_progress_is_reported_every_few_hundred_rows_not_every_row():
    seen = []
    rows = ([str(i), None, i] for i in range(1200))
    write_xlsx([table(rows=rows)], io.BytesIO(), progress=seen.append)
    assert seen == [500, 1000]
