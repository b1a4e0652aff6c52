"""On PostgreSQL, the read log becomes a table partitioned by month on `at` (JST months);
elsewhere (SQLite: the demo and local tests) this migration does nothing.

Django does not know about partitions, so the model state is untouched and the table is
rebuilt here in SQL, in the migration's one transaction, under an exclusive lock:

1. note the table's indexes and foreign keys (with their names, as Django made them);
2. rename the table aside and create the partitioned parent with the same columns
   (`LIKE`, including the `id` identity, so Django's INSERT … RETURNING id still works);
3. one partition per month from the oldest row to next month, and a DEFAULT partition
   that catches anything no month takes (cases/access/partitions.py moves such rows
   into their month when it creates it);
4. copy the rows, drop the old table;
5. primary key (id, at), since a partitioned table's unique keys must hold the partition
   key (Django still treats `id` alone as the pk; the identity keeps it unique), then the
   same indexes and foreign keys under the same names, as partitioned indexes.

Partition names and bounds are those of cases/access/partitions.py (kept here as they are
today, as a migration should not import code that may change); a test checks the
maintenance command finds nothing to redo after this migration. Reversible: the reverse
rebuilds a plain table with the primary key on id."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

TABLE = "cases_accesslog"
ASIDE = "cases_accesslog_before_rebuild"


def _month_start(moment: dt.datetime) -> dt.date:
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    return dt.date(local.year, local.month, 1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _bound(month: dt.date) -> str:
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime(month.year, month.month, 1, tzinfo=tz).isoformat()


def _rebuild(schema_editor, *, partitioned: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    with schema_editor.connection.cursor() as cursor:
        run(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = %s::regclass AND NOT indisprimary ORDER BY indexrelid",
            [TABLE],
        )
        # A partitioned parent's index reads "ON ONLY table": the plain table wants "ON".
        indexes = [row[0].replace(" ON ONLY ", " ON ") for row in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [TABLE],
        )
        foreign_keys = cursor.fetchall()

        run(f"ALTER TABLE {TABLE} RENAME TO {ASIDE}")
        run(
            f"CREATE TABLE {TABLE} (LIKE {ASIDE} INCLUDING DEFAULTS INCLUDING IDENTITY"
            " INCLUDING STORAGE INCLUDING COMMENTS)"
            + (" PARTITION BY RANGE (at)" if partitioned else "")
        )
        if partitioned:
            cursor.execute(f"SELECT min(at), max(at) FROM {ASIDE}")
            oldest, newest = cursor.fetchone()
            now = dt.datetime.now(dt.UTC)
            month = _month_start(oldest or now)
            last = _next_month(_month_start(max(newest or now, now)))
            while month <= last:
                run(
                    f"CREATE TABLE {TABLE}_y{month:%Y}m{month:%m} PARTITION OF {TABLE}"
                    f" FOR VALUES FROM ('{_bound(month)}') TO ('{_bound(_next_month(month))}')"
                )
                month = _next_month(month)
            run(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")

        run(f"INSERT INTO {TABLE} SELECT * FROM {ASIDE}")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        (sequence,) = cursor.fetchone()
        run(f"DROP TABLE {ASIDE}")
        # The new identity's sequence got a made-up name while the old one existed.
        run(f"ALTER SEQUENCE {sequence} RENAME TO {TABLE}_id_seq")
        cursor.execute(
            f"SELECT setval('{TABLE}_id_seq', coalesce(max(id), 0) + 1, false) FROM {TABLE}"
        )

        key = "id, at" if partitioned else "id"
        run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY ({key})")
        for definition in indexes:
            run(definition)
        for name, definition in foreign_keys:
            run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}")


def partition(apps, schema_editor) -> None:
    _rebuild(schema_editor, partitioned=True)


def unpartition(apps, schema_editor) -> None:
    _rebuild(schema_editor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_list_columns_and_permission_indexes"),
    ]

    operations = [
        migrations.RunPython(partition, unpartition, elidable=False),
    ]
