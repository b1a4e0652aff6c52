"""CSV that Excel opens with the Japanese intact: UTF-8 with a byte-order mark, CRLF rows,
streamed row by row so a long table never sits in memory."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from reports.tables import Table

BOM = "\ufeff"


class _Echo:
    def write(self, value: str) -> str:
        return value


def cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.isoformat(timespec="seconds")
    return str(cell)


def lines(table: Table) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM
    yield writer.writerow([str(h) for h in table.headings])
    for row in table.rows:
        yield writer.writerow([cell_text(c) for c in row])


def csv_response(table: Table, filename: str) -> StreamingHttpResponse:
    """A download of one table; `filename` without the extension (ASCII)."""
    response = StreamingHttpResponse(lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
