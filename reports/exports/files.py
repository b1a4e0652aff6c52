"""Writing an export's tables to a file in the format asked for, with progress."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import IO

from reports.exports.csv import BOM, cell_text
from reports.exports.xlsx import PROGRESS_EVERY, write_xlsx
from reports.tables import Table

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def write_csv(
    tables: Iterable[Table], out: IO[bytes], *, progress: Callable[[int], None] | None = None
) -> int:
    """CSV as reports.exports.csv writes it (UTF-8 with BOM, CRLF), one table after the
    other: with several, each is preceded by its title and followed by an empty line.
    Returns the rows written."""
    tables = list(tables)
    text = _Utf8(out)
    writer = csv.writer(text, lineterminator="\r\n")
    text.write(BOM)
    written = 0
    for index, table in enumerate(tables):
        if len(tables) > 1:
            if index:
                writer.writerow([])
            writer.writerow([str(table.title)])
        writer.writerow([str(h) for h in table.headings])
        for row in table.rows:
            writer.writerow([cell_text(c) for c in row])
            written += 1
            if progress is not None and written % PROGRESS_EVERY == 0:
                progress(written)
        if table.note:
            writer.writerow([str(table.note)])
    return written


class _Utf8:
    def __init__(self, out: IO[bytes]) -> None:
        self.out = out

    def write(self, value: str) -> int:
        return self.out.write(value.encode("utf-8"))


def write(
    tables: Iterable[Table],
    out: IO[bytes],
    *,
    format: str,
    fiscal_year: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    if format == "xlsx":
        return write_xlsx(tables, out, fiscal_year=fiscal_year, progress=progress)
    if format == "csv":
        return write_csv(tables, out, progress=progress)
    raise ValueError(format)
