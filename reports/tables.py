"""The one shape every figure, list and log takes on its way to a page, a CSV or a sheet:
a `Table` of headings and rows. Figures are counts, never persons; what leaves the
system has its small counts suppressed (`suppress`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise


@dataclass(frozen=True)
class Table:
    """`key` names the sheet and the file (ASCII slug); `title` and `headings` are shown.
    `rows` may be an iterator (a long export streams it once). A cell is a str, an int, a
    float, a date/datetime, None (empty) or SUPPRESSED. `count_columns` are the indexes
    of the columns holding counts of persons, households or cases, which `suppress` hides
    when small; other numbers (medians, shares, months) are left alone."""

    key: str
    title: Text
    headings: Sequence[Text]
    rows: Iterable[Sequence[object]]
    count_columns: frozenset[int] = field(default_factory=frozenset)
    note: Text = ""


class _Suppressed:
    def __str__(self) -> str:
        return f"<{settings.REPORT_SUPPRESS_BELOW}"

    def __repr__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED = _Suppressed()
SUPPRESSION_NOTE = _("Counts of 1 or 2 are shown as “<3” so that no person can be recognised.")


def suppress(table: Table) -> Table:
    """The table with every count cell of 1 up to REPORT_SUPPRESS_BELOW - 1 replaced by
    SUPPRESSED (0 stays 0: it identifies nobody). Rows stay lazy."""
    limit = settings.REPORT_SUPPRESS_BELOW
    columns = table.count_columns

    def rows() -> Iterator[list[object]]:
        for row in table.rows:
            yield [
                SUPPRESSED
                if i in columns and isinstance(c, int) and not isinstance(c, bool) and 0 < c < limit
                else c
                for i, c in enumerate(row)
            ]

    return replace(table, rows=rows())
