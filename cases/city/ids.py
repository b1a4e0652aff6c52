"""Primary keys chosen by the generator (rows refer to each other before any is written),
starting after what the table already holds; the loader moves the sequences after them."""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper


class Ids:
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self._connection = connection
        self._next: dict[str, int] = {}

    def _start(self, table: str) -> int:
        quoted = self._connection.ops.quote_name(table)
        with self._connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {quoted}")  # noqa: S608 - a model's table
            (largest,) = cursor.fetchone()
        return (largest or 0) + 1

    def prepare(self, tables: list[str]) -> None:
        """Read where each table's ids start, before any COPY is under way on the
        connection (a query in the middle of one would end it)."""
        for table in tables:
            self._next.setdefault(table, self._start(table))

    def next(self, table: str) -> int:
        value = self._next.get(table)
        if value is None:
            value = self._start(table)
        self._next[table] = value + 1
        return value

    def block(self, table: str, n: int) -> int:
        """Reserve `n` consecutive ids; returns the first."""
        first = self.next(table)
        self._next[table] = first + n
        return first
