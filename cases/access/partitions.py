"""Keeping the read log (rule 7) for as long as it must be kept, and no longer.

On PostgreSQL the log is partitioned by month of `at` (JST months; migration 0007): one
table per month, `cases_accesslog_y2026m12`, plus `cases_accesslog_default` for any row no
month takes. `maintain_access_log` creates the coming months ahead of time, so inserts
never fall into the default partition, and removes whole months once they are past the
retention (`ACCESS_LOG_RETENTION_MONTHS`): dropping a month is instant and leaves no dead
rows behind, where a DELETE of millions of rows would bloat the table and the WAL.

Elsewhere (SQLite), or on a table that is not partitioned, it deletes the rows past the
retention instead. Either way it is idempotent: a second run finds nothing to do."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import AccessLog

TABLE = AccessLog._meta.db_table
DEFAULT_PARTITION = f"{TABLE}_default"
MONTH_NAME = re.compile(rf"^{TABLE}_y(\d{{4}})m(\d{{2}})$")
# Maintenance waits at most this long for a lock on the log (a long report reading it),
# then fails and is retried by the next run, rather than hold up every insert behind it.
LOCK_TIMEOUT = "5s"
RETENTION_TOO_SHORT = _("The retention must be at least one month.")


@dataclass
class Maintenance:
    """What one run did: partitions created and removed (by name), rows deleted."""

    created: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    deleted_rows: int = 0


def month_of(moment: dt.datetime) -> dt.date:
    """The first day of the month `moment` falls in, in the site's time zone."""
    local = timezone.localtime(moment)
    return dt.date(local.year, local.month, 1)


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_start(month: dt.date) -> dt.datetime:
    """Midnight at the start of `month`, in the site's time zone."""
    return dt.datetime(month.year, month.month, 1, tzinfo=timezone.get_default_timezone())


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_y{month:%Y}m{month:%m}"


def retention_cutoff(now: dt.datetime, retention_months: int) -> dt.datetime:
    """Rows before this moment are past the retention: the current month and the
    `retention_months` whole months before it are kept."""
    return month_start(add_months(month_of(now), -retention_months))


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [TABLE]
        )
        return cursor.fetchone() is not None


def partitions() -> tuple[dict[dt.date, str], bool]:
    """The monthly partitions attached to the log, by month, and whether the default
    partition is there."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        names = [name for (name,) in cursor.fetchall()]
    months = {}
    for name in names:
        if found := MONTH_NAME.match(name):
            months[dt.date(int(found[1]), int(found[2]), 1)] = name
    return months, DEFAULT_PARTITION in names


def _create_partition(month: dt.date) -> str:
    """A partition for `month`, made beside the log and then attached, taking over the rows
    of that month the default partition caught meanwhile. ATTACH locks the log far more
    lightly than CREATE TABLE … PARTITION OF (inserts go on); the bounds are built from a
    date, never from input."""
    name = partition_name(month)
    low, high = month_start(month).isoformat(), month_start(add_months(month, 1)).isoformat()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        cursor.execute(f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS)")
        cursor.execute(
            f"WITH moved AS (DELETE FROM {DEFAULT_PARTITION} WHERE at >= %s AND at < %s"  # noqa: S608
            f" RETURNING *) INSERT INTO {name} SELECT * FROM moved",
            [low, high],
        )
        cursor.execute(
            f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES FROM ('{low}') TO ('{high}')"
        )
    return name


def _remove_partition(name: str, *, detach: bool) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
        if not detach:
            cursor.execute(f"DROP TABLE {name}")


def maintain_access_log(
    *,
    now: dt.datetime | None = None,
    retention_months: int | None = None,
    months_ahead: int = 3,
    detach: bool = False,
) -> Maintenance:
    """Partitions for this month and `months_ahead` months after it; months past the
    retention dropped (or only detached, to be archived and dropped by hand); then any row
    left past the retention deleted (on SQLite: all of them; on PostgreSQL: the few the
    default partition may hold)."""
    now = now or timezone.now()
    if retention_months is None:
        retention_months = settings.ACCESS_LOG_RETENTION_MONTHS
    if retention_months < 1:
        raise ValueError(RETENTION_TOO_SHORT)
    cutoff = retention_cutoff(now, retention_months)
    done = Maintenance()
    if is_partitioned():
        months, has_default = partitions()
        if not has_default:
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {TABLE} DEFAULT")
            done.created.append(DEFAULT_PARTITION)
        this_month = month_of(now)
        for ahead in range(months_ahead + 1):
            month = add_months(this_month, ahead)
            if month not in months:
                done.created.append(_create_partition(month))
        for month, name in sorted(months.items()):
            if month_start(add_months(month, 1)) <= cutoff:
                _remove_partition(name, detach=detach)
                done.removed.append(name)
    done.deleted_rows, _ = AccessLog.objects.filter(at__lt=cutoff).delete()
    return done
