"""Bulk writing for the generated city: COPY on PostgreSQL (psycopg2's copy_expert, with the
table's secondary indexes and its unique and foreign-key constraints dropped for the load
and put back after it, which validates every row at once), plain executemany elsewhere
(SQLite, for the small preset the tests run). History rows are copied from the loaded rows
with one INSERT … SELECT per model, as simple-history would write them on creation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice

from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper


class Json(str):
    """A value already serialised as JSON (written as text; the column parses it)."""


class Moment(str):
    """A timestamp already in ISO 8601 with its offset ("2026-04-01 09:30:00+09:00"):
    formatted once by whoever made it, which is most of the cost of writing it."""


def moment(value: dt.datetime) -> Moment:
    return Moment(value.isoformat(" "))


_DAYS: dict[dt.date, str] = {}


def _day(value: dt.date) -> str:
    text = _DAYS.get(value)
    if text is None:
        text = _DAYS[value] = value.isoformat()
    return text


def _text(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


_COPY_FORMAT = {
    type(None): lambda v: r"\N",
    bool: lambda v: "t" if v else "f",
    int: str,
    float: repr,
    str: _text,
    Json: _text,
    Moment: str.__str__,
    dt.date: _day,
    dt.datetime: dt.datetime.isoformat,
}


def _learn(cls: type) -> None:
    """A subclass (a TextChoices member is a str) is written as its base class is."""
    for base in cls.__mro__[1:]:
        if base in _COPY_FORMAT:
            formatter = _COPY_FORMAT[base]
            if issubclass(cls, str) and base is str:
                _COPY_FORMAT[cls] = lambda v: _text(str.__str__(v))
            else:
                _COPY_FORMAT[cls] = formatter
            return
    raise TypeError(f"cannot COPY a {cls.__name__}")


def copy_line(row: Sequence[object]) -> str:
    """One row in COPY's text format."""
    try:
        return "\t".join([_COPY_FORMAT[v.__class__](v) for v in row]) + "\n"
    except KeyError:
        for v in row:
            if v.__class__ not in _COPY_FORMAT:
                _learn(v.__class__)
        return copy_line(row)


class _Lines:
    """A file-like object over generated rows for copy_expert: each read() formats the
    next few thousand rows, so generating and loading proceed together."""

    def __init__(self, rows: Iterable[Sequence[object]]) -> None:
        self._rows = iter(rows)
        self.count = 0

    def read(self, size: int = -1) -> str:
        chunk = [copy_line(row) for row in islice(self._rows, 4000)]
        self.count += len(chunk)
        return "".join(chunk)

    def readline(self, size: int = -1) -> str:  # pragma: no cover - copy_expert uses read()
        return self.read(size)


class Sink:
    """Where the generator's rows go. Counts what it wrote per table."""

    def __init__(self, connection: BaseDatabaseWrapper, history_reason: str) -> None:
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.history_reason = history_reason
        self.counts: dict[str, int] = {}

    def _q(self, name: str) -> str:
        return self.connection.ops.quote_name(name)

    # --- rows --------------------------------------------------------------------------

    def rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        with transaction.atomic(using=self.connection.alias):
            if self.postgres:
                with self._constraints_deferred(table):
                    written = self._copy(table, columns, rows)
            else:
                written = self._insert(table, columns, rows)
        self.counts[table] = self.counts.get(table, 0) + written
        return written

    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        lines = _Lines(rows)
        sql = f"COPY {self._q(table)} ({', '.join(self._q(c) for c in columns)}) FROM STDIN"
        with self.connection.cursor() as cursor:
            cursor.copy_expert(sql, lines, 1 << 20)
        return lines.count

    def _insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        ops = self.connection.ops

        def adapt(value: object) -> object:
            if isinstance(value, Moment):
                value = dt.datetime.fromisoformat(value)
            if isinstance(value, dt.datetime):
                return ops.adapt_datetimefield_value(value)
            if isinstance(value, dt.date):
                return ops.adapt_datefield_value(value)
            return value

        sql = (
            f"INSERT INTO {self._q(table)} ({', '.join(self._q(c) for c in columns)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        written = 0
        iterator: Iterator[Sequence[object]] = iter(rows)
        with self.connection.cursor() as cursor:
            while batch := [tuple(map(adapt, row)) for row in islice(iterator, 5000)]:
                cursor.executemany(sql, batch)
                written += len(batch)
        return written

    @contextmanager
    def _constraints_deferred(self, table: str) -> Iterator[None]:
        """Drop the table's secondary indexes and its unique and foreign-key constraints,
        and create them again afterwards (one sorted build per index, one anti-join per
        foreign key instead of a trigger per row). The primary key stays."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text "
                "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT EXISTS ("
                " SELECT 1 FROM pg_constraint c"
                " WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)",
                [table],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
                [table],
            )
            constraints = cursor.fetchall()
            for _, name in indexes:
                cursor.execute(f"DROP INDEX {name}")
            for name, _, _ in constraints:
                cursor.execute(f"ALTER TABLE {self._q(table)} DROP CONSTRAINT {self._q(name)}")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        yield
        with self.connection.cursor() as cursor:
            for definition, _ in indexes:
                cursor.execute(definition)
            for name, definition, _ in constraints:  # unique ones first, then the keys
                cursor.execute(
                    f"ALTER TABLE {self._q(table)} ADD CONSTRAINT {self._q(name)} {definition}"
                )

    # --- history -----------------------------------------------------------------------

    def history(self, model: type[models.Model], *, user: str | None, joins: str = "") -> int:
        """One '+' history row per row of `model`'s table, dated when the row was created,
        attributed to `user` (an SQL expression over `src` and `joins`, or nobody)."""
        historical = model.history.model
        skip = {"history_id", "history_date", "history_change_reason", "history_type"}
        columns = [
            f.column
            for f in historical._meta.concrete_fields
            if f.name not in skip and f.name != "history_user"
        ]
        created = "created_at" if any(f.name == "created_at" for f in model._meta.fields) else None
        created = created or "date_joined"
        target = [*columns, "history_date", "history_change_reason", "history_type"]
        target.append("history_user_id")
        select = [f"src.{self._q(c)}" for c in columns]
        select += [f"src.{self._q(created)}", "%s", "'+'", user or "NULL"]
        sql = (
            f"INSERT INTO {self._q(historical._meta.db_table)} "  # noqa: S608 - model tables
            f"({', '.join(self._q(c) for c in target)}) "
            f"SELECT {', '.join(select)} FROM {self._q(model._meta.db_table)} src {joins}"
        )
        return self._run(historical._meta.db_table, sql, [self.history_reason])

    def m2m_history(self, model: type[models.Model], field: str) -> int:
        """The m2m rows of each '+' history row of `model` (simple-history's m2m_fields)."""
        historical = model.history.model
        through = model._meta.get_field(field).remote_field.through
        historical_through = getattr(historical, field).model  # simple-history's manager
        own, other = (
            f.column
            for f in through._meta.fields
            if f.is_relation and f.name != "id"  # the two keys: to model, to the other side
        )
        sql = (
            f"INSERT INTO {self._q(historical_through._meta.db_table)} "  # noqa: S608
            f"(id, {own}, {other}, history_id) "
            f"SELECT t.id, t.{own}, t.{other}, h.history_id "
            f"FROM {self._q(through._meta.db_table)} t "
            f"JOIN {self._q(historical._meta.db_table)} h ON h.id = t.{own}"
        )
        return self._run(historical_through._meta.db_table, sql, [])

    def _run(self, table: str, sql: str, params: list) -> int:
        with transaction.atomic(using=self.connection.alias):
            deferred = self._constraints_deferred(table) if self.postgres else _nothing()
            with deferred, self.connection.cursor() as cursor:
                cursor.execute(sql, params)
                written = cursor.rowcount
        self.counts[table] = self.counts.get(table, 0) + written
        return written

    # --- afterwards --------------------------------------------------------------------

    def finish(self) -> None:
        """Move each sequence past the ids written, and give the planner statistics (and,
        outside a transaction, the visibility map index-only scans need)."""
        if not self.postgres:
            return
        with self.connection.cursor() as cursor:
            for table in self.counts:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), MAX(id)) "  # noqa: S608
                    f"FROM {self._q(table)}",
                    [table],
                )
            vacuum = "ANALYZE" if self.connection.in_atomic_block else "VACUUM (ANALYZE)"
            for table in self.counts:
                cursor.execute(f"{vacuum} {self._q(table)}")


@contextmanager
def _nothing() -> Iterator[None]:
    yield
