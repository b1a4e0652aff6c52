"""Excel workbooks of `reports.tables.Table`s, written by openpyxl in write-only mode: each
row goes to the sheet's temporary file as it is read, so a 100,000-row table costs the
memory of one row (docs/exports.md has the figures).

One sheet per table: a title row (with the fiscal year in 和暦 where the export has one),
the headings in the active language on a frozen row, then the rows. Dates are real Excel
dates shown as 和暦; suppressed counts are the text "<3"."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import IO

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.wareki import fiscal_year_label
from reports.tables import SUPPRESSED, Table

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31
# Excel forbids these in a sheet name.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# 和暦 in Excel ([$-ja-JP]: the Japanese calendar, ggge: era and year): a real date,
# sorted and filtered as one, read as 令和6年5月1日.
DATE_FORMAT = '[$-ja-JP]ggge"年"m"月"d"日"'
DATETIME_FORMAT = '[$-ja-JP]ggge"年"m"月"d"日" h:mm'
# Rows read ahead to size the columns before the first row is written (write-only sheets
# cannot be resized afterwards).
SIZING_ROWS = 50
WIDTH_MIN, WIDTH_MAX = 8, 60
Progress = Callable[[int], None]
# Called every this many rows written, with the count so far (export jobs' progress).
PROGRESS_EVERY = 500

TITLE_FONT = Font(bold=True, size=13)
HEADING_FONT = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Excel's sheet names for these titles: forbidden characters replaced, at most 31
    characters, unique regardless of case (Excel's rule) by a numbered suffix."""
    names: list[str] = []
    taken: set[str] = set()
    for title in titles:
        base = SHEET_NAME_FORBIDDEN.sub("_", title).strip("' ") or "Sheet"
        name = base[:SHEET_NAME_MAX]
        for n in itertools.count(2):
            if name.casefold() not in taken:
                break
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def title_text(table: Table, fiscal_year: int | None) -> str:
    if fiscal_year is None:
        return str(table.title)
    label = _("%(wareki)s (FY%(year)s)") % {
        "wareki": fiscal_year_label(fiscal_year),
        "year": fiscal_year,
    }
    return f"{label} {table.title}"


def _display_width(text: str) -> int:
    """Columns a text takes: a full-width character (漢字, かな) counts as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return "令和00年00月00日 00:00"
    if isinstance(value, dt.date):
        return "令和00年00月00日"
    return "" if value is None else str(value)


def _widths(headings: Sequence[str], rows: Sequence[Sequence[object]]) -> list[float]:
    widths = []
    for i, heading in enumerate(headings):
        longest = max(
            [_display_width(heading)]
            + [_display_width(_cell_text(row[i])) for row in rows if i < len(row)]
        )
        widths.append(float(min(WIDTH_MAX, max(WIDTH_MIN, longest + 2))))
    return widths


def _cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    """A value Excel can hold: aware datetimes in Tokyo time (Excel has no time zones),
    dates with the 和暦 format, the suppressed marker as its text."""
    if value is SUPPRESSED:
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # a date is fine
        cell.number_format = DATE_FORMAT
        return cell
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)


def _styled(
    sheet: WriteOnlyWorksheet, value: str, font: Font, fill: PatternFill | None = None
) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    if fill is not None:
        cell.fill = fill
        cell.alignment = WRAP
    return cell


def write_table(
    sheet: WriteOnlyWorksheet,
    table: Table,
    *,
    fiscal_year: int | None = None,
    progress: Progress | None = None,
    written: int = 0,
) -> int:
    """Title, headings and rows of one table on its sheet; returns the rows written so far
    (`written` plus this table's), calling `progress(count)` every PROGRESS_EVERY rows."""
    headings = [str(h) for h in table.headings]
    rows = iter(table.rows)
    ahead = list(itertools.islice(rows, SIZING_ROWS))
    for index, width in enumerate(_widths(headings, ahead), start=1):
        # Write-only sheets have column dimensions (written before the rows); the stubs
        # know them only on ordinary sheets.
        sheet.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]
    sheet.freeze_panes = "A3"
    sheet.append([_styled(sheet, title_text(table, fiscal_year), TITLE_FONT)])
    sheet.append([_styled(sheet, h, HEADING_FONT, HEADING_FILL) for h in headings])
    for row in itertools.chain(ahead, rows):
        sheet.append([_cell(sheet, c) for c in row])
        written += 1
        if progress is not None and written % PROGRESS_EVERY == 0:
            progress(written)
    if table.note:
        sheet.append([])
        sheet.append([str(table.note)])
    return written


def write_xlsx(
    tables: Iterable[Table],
    out: IO[bytes] | str,
    *,
    fiscal_year: int | None = None,
    progress: Progress | None = None,
) -> int:
    """The workbook of `tables`, one sheet each, written to `out` (a path or a binary file
    open for writing); returns the number of rows written. Tables are read one at a time,
    their rows once."""
    workbook = Workbook(write_only=True)
    tables = list(tables)  # the tables, not their rows: these stay lazy
    written = 0
    for table, name in zip(tables, sheet_names(str(t.title) for t in tables), strict=True):
        sheet = workbook.create_sheet(title=name)
        written = write_table(
            sheet, table, fiscal_year=fiscal_year, progress=progress, written=written
        )
    if not tables:
        workbook.create_sheet(title="Sheet")
    workbook.save(out)
    return written


def xlsx_response(
    tables: Iterable[Table], filename: str, *, fiscal_year: int | None = None
) -> FileResponse:
    """A download of the workbook, written to a temporary file and streamed from it (never
    held in memory as bytes); `filename` without the extension (ASCII)."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it when sent)
    write_xlsx(tables, spool, fiscal_year=fiscal_year)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=CONTENT_TYPE
    )
