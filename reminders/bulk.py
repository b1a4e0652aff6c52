"""Set-based writes of many reminders at once: the statements the sweep runs, their history
rows, and the cases' count of open reminders. Nothing here reads a row into Python.

Every statement that writes reminders in bulk tags the rows it wrote with a fresh
`sweep_token`; the history rows are then one INSERT … SELECT of exactly the rows with that
token (in the same transaction, so a concurrent sweep's rows, which carry its own token,
are never recorded twice), and so is the recount of their cases.

`Case.open_reminders` is the number of the case's reminders with status open (snoozed and
done ones do not count). It is recounted, never incremented: the case rows are locked in id
order first (PostgreSQL), so whichever transaction recounts a case last does it after the
other committed, and sees its changes."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases.models import Case
from reminders.models import Reminder

INSERTED, CHANGED = "+", "~"


def new_token() -> str:
    return uuid.uuid4().hex


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(name: str) -> str:
    return _q(Reminder._meta.get_field(name).column)


def _now():
    """The current time as a parameter of a raw statement on either database."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _history_user_id() -> int | None:
    """Who the history rows name: the signed-in user when there is a request (as
    simple-history does for single saves), nobody for beat and the commands."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


# --- inserting ---------------------------------------------------------------------------


def insert_sql(rows: QuerySet, token: str) -> tuple[str, list]:
    """INSERT … SELECT of the reminders `rows` (a rule's query, see rules.due_rows) gives
    and that do not exist yet, tagged with `token`. NOT EXISTS skips what exists without
    trying to insert it (a second run writes nothing); ON CONFLICT DO NOTHING settles a
    race with a concurrent sweep under the unique (kind, target, period) constraint. The
    rows go in the order of that constraint, so two sweeps never wait on each other in a
    circle."""
    select, params = rows.query.sql_with_params()
    now = _now()
    table = _q(Reminder._meta.db_table)
    columns = ", ".join(
        _column(name)
        for name in (
            "kind",
            "target",
            "period",
            "agency",
            "message",
            "due_on",
            "case",
            "user",
            "status",
            "snooze_reason",
            "resolution",
            "sweep_token",
            "created_at",
            "updated_at",
        )
    )
    kind, target, period = _column("kind"), _column("target"), _column("period")
    sql = (
        f"INSERT INTO {table} ({columns}) "
        "SELECT due.r_kind, due.r_target, due.r_period, due.r_agency, due.r_message, "
        "due.r_due_on, due.r_case, due.r_user, %s, '', '', %s, %s, %s "
        f"FROM ({select}) due "
        "WHERE due.r_agency IS NOT NULL AND NOT EXISTS ("
        f"SELECT 1 FROM {table} old WHERE old.{kind} = due.r_kind "
        f"AND old.{target} = due.r_target AND old.{period} = due.r_period) "
        "ORDER BY due.r_kind, due.r_target, due.r_period "
        f"ON CONFLICT ({kind}, {target}, {period}) DO NOTHING"
    )
    return sql, [Reminder.Status.OPEN, token, now, now, *params]


def execute(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


# --- updating ----------------------------------------------------------------------------


def update(qs: QuerySet[Reminder], *, reason: object, **values: Any) -> tuple[int, str]:
    """UPDATE the reminders of `qs` with `values` and write their history rows, in bulk.
    Returns how many rows changed and the token they now carry. (A QuerySet.update() on a
    tracked model, which STYLE.md forbids because it skips history: the history rows follow
    here, one INSERT … SELECT, in the same transaction.)"""
    token = new_token()
    changed = qs.update(**values, sweep_token=token, updated_at=timezone.now())
    if changed:
        write_history(token, reason=reason, history_type=CHANGED)
    return changed, token


# --- history -----------------------------------------------------------------------------


def write_history(token: str, *, reason: object, history_type: str) -> int:
    """One history row per reminder tagged `token`, as it is now."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return 0
    historical = Reminder.history.model
    tracked = [f.column for f in historical.tracked_fields]
    extra = ["history_date", "history_change_reason", "history_type", "history_user"]
    columns = [*tracked, *(historical._meta.get_field(name).column for name in extra)]
    sql = (
        f"INSERT INTO {_q(historical._meta.db_table)} ({', '.join(map(_q, columns))}) "
        f"SELECT {', '.join(map(_q, tracked))}, %s, %s, %s, %s "
        f"FROM {_q(Reminder._meta.db_table)} WHERE {_column('sweep_token')} = %s"
    )
    return execute(sql, [_now(), str(reason)[:100], history_type, _history_user_id(), token])


# --- the cases' count of open reminders ------------------------------------------------


def _recount(cases_sql: str, params: list) -> int:
    """Recount the open reminders of the cases whose ids `cases_sql` selects (as `id`),
    writing only the cases whose count changed."""
    case_table, reminder_table = _q(Case._meta.db_table), _q(Reminder._meta.db_table)
    if connection.vendor == "postgresql":
        execute(
            f"SELECT COUNT(*) FROM (SELECT id FROM {case_table} WHERE id IN "
            f"(SELECT id FROM ({cases_sql}) chosen) ORDER BY id FOR NO KEY UPDATE) locked",
            params,
        )
    column = _q(Case._meta.get_field("open_reminders").column)
    return execute(
        f"UPDATE {case_table} SET {column} = counted.n FROM ("
        f"SELECT touched.id AS case_id, COUNT(r.id) AS n FROM ({cases_sql}) touched "
        f"LEFT JOIN {reminder_table} r ON r.{_column('case')} = touched.id "
        f"AND r.{_column('status')} = %s GROUP BY touched.id) counted "
        f"WHERE {case_table}.id = counted.case_id AND {case_table}.{column} <> counted.n",
        [*params, Reminder.Status.OPEN],
    )


def recount_tagged(token: str) -> int:
    """The cases of the reminders tagged `token`."""
    return _recount(
        f"SELECT DISTINCT {_column('case')} AS id FROM {_q(Reminder._meta.db_table)} "
        f"WHERE {_column('sweep_token')} = %s AND {_column('case')} IS NOT NULL",
        [token],
    )


def recount(case_ids: Iterable[int]) -> int:
    """A few cases, by id (a worker's acknowledgement or snooze: one)."""
    ids = sorted({int(pk) for pk in case_ids if pk is not None})
    if not ids:
        return 0
    marks = ", ".join(["%s"] * len(ids))
    return _recount(f"SELECT id FROM {_q(Case._meta.db_table)} WHERE id IN ({marks})", ids)


def recount_range(lo: int, hi: int) -> int:
    """The cases lo ≤ id < hi."""
    return _recount(
        f"SELECT id FROM {_q(Case._meta.db_table)} WHERE id >= %s AND id < %s", [lo, hi]
    )


def recount_all(chunk: int = 10_000) -> int:
    """Every case, in id ranges (one transaction each, so none holds every case row)."""
    last = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    changed = 0
    for lo in range(0, last + 1, chunk):
        with transaction.atomic():
            changed += recount_range(lo, lo + chunk)
    return changed
