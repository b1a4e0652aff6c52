"""Benchmark the read log on PostgreSQL: bytes per row, and the cost on the request path.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python scripts/bench_access_log.py --rows 1000000 --runs 500

Creates a dedicated database (`bench_access_log` on the server DATABASE_URL points at),
migrates it (the log is partitioned by month, migration 0007), makes 5,000 staff accounts
and 50 open cases, then:

1. fills the log with N representative rows in one INSERT … SELECT (pages of 30 rows that
   share a user, a time and a path, as list pages write them; 85 % cases, 10 % persons,
   5 % households; login IDs and paths of realistic length), dated over the current
   month, and reports pg_total_relation_size of every partition (heap, indexes, TOAST)
   divided by the rows;
2. times `log_list_reads` for the 50 cases (the bases query, then one INSERT of 50 rows)
   and the INSERT alone, `--runs` times each, and prints p50 / p95 / max.

Then drops the database (unless --keep). A benchmark, not a test."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from scratch_db import create_database, drop_database, server_url, setup_django

BENCH_DB = "bench_access_log"
STAFF = 5000

FILL = """
INSERT INTO cases_accesslog
    (at, username, user_id, agency_id, kind, object_id, basis, channel, action, path)
SELECT
    %(start)s::timestamptz + (g::float / %(rows)s) * (%(end)s::timestamptz - %(start)s),
    'staff' || lpad((p %% 5000)::text, 4, '0') || '@city',
    %(first_user)s + p %% 5000,
    %(agency)s,
    CASE WHEN r < 0.85 THEN 'case' WHEN r < 0.95 THEN 'person' ELSE 'household' END,
    (random() * 200000)::bigint + 1,
    CASE WHEN r2 < 0.7 THEN 'owner' WHEN r2 < 0.9 THEN 'consent'
         WHEN r2 < 0.97 THEN 'team' ELSE 'referral' END,
    CASE WHEN p %% 10 = 0 THEN 'api' ELSE 'web' END,
    CASE WHEN p %% 4 = 0 THEN 'view' WHEN p %% 4 = 1 THEN 'search' ELSE 'list' END,
    CASE WHEN p %% 4 = 0 THEN '/cases/' || (p %% 200000) || '/'
         WHEN p %% 4 = 1 THEN '/cases/search/?q=%%E5%%B1%%B1%%E7%%94%%B0&page=' || (p %% 5 + 1)
         ELSE '/cases/?sort=-last_contact_at&page=' || (p %% 20 + 1) END
FROM (SELECT g, g / 30 AS p, random() AS r, random() AS r2
      FROM generate_series(0, %(rows)s - 1) g) s
"""

SIZES = """
SELECT count(*), sum(pg_total_relation_size(c.oid)), sum(pg_relation_size(c.oid)),
       sum(pg_indexes_size(c.oid))
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'cases_accesslog'::regclass
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to fill the log with")
    parser.add_argument("--runs", type=int, default=500, help="timed runs of each insert")
    parser.add_argument("--database", default=BENCH_DB, help="scratch database to create")
    parser.add_argument("--keep", action="store_true", help="do not drop the database after")
    return parser.parse_args()


def percentiles(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(
        f"  {label:<34} p50 {statistics.median(ms):5.2f} ms  p95 {p95:5.2f} ms  "
        f"max {ms[-1]:6.2f} ms  ({len(ms)} runs)"
    )


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL=postgres://user@host:port/any-database")
    create_database(url, args.database)
    try:
        setup_django(server_url(url, args.database))
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.utils import timezone

        from agencies.models import User
        from cases.access import log_list_reads
        from cases.access.partitions import add_months, month_of, month_start
        from cases.models import AccessLog, Case
        from tests.factories import AgencyFactory, StaffFactory, open_case

        call_command("migrate", verbosity=0)
        hub = AgencyFactory(name="ベンチ市 福祉総合相談課", is_hub=True)
        worker = StaffFactory(agency=hub)
        unusable = "!"  # no password: these accounts only fill user_id
        staff = User.objects.bulk_create(
            User(username=f"staff{n:04d}@city", password=unusable) for n in range(STAFF)
        )
        cases = [open_case(worker=worker, name=f"世帯{n}") for n in range(50)]
        cases = list(Case.objects.filter(pk__in=[c.pk for c in cases]))

        this_month = month_of(timezone.now())
        start, end = month_start(this_month), month_start(add_months(this_month, 1))
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                FILL,
                {
                    "rows": args.rows,
                    "start": start,
                    "end": end - (end - start) / (args.rows + 1),
                    "first_user": staff[0].pk,
                    "agency": hub.pk,
                },
            )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE cases_accesslog")
            cursor.execute(SIZES)
            partitions, total, heap, indexes = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM cases_accesslog")
            (rows,) = cursor.fetchone()
        print(f"filled {rows:,} rows in {time.perf_counter() - started:.1f} s")
        print(
            f"  {partitions} partitions: total {total / 2**20:.1f} MiB "
            f"(heap {heap / 2**20:.1f}, indexes {indexes / 2**20:.1f}); "
            f"{total / rows:.0f} bytes per row ({heap / rows:.0f} heap + "
            f"{indexes / rows:.0f} indexes)"
        )

        print(f"\nwriting 50 rows, {args.runs} runs each (autocommit, as on a request):")
        timings: list[float] = []
        for _ in range(args.runs):
            started = time.perf_counter()
            log_list_reads(worker, cases, action="list", request=None)
            timings.append(time.perf_counter() - started)
        percentiles("log_list_reads (bases + INSERT)", timings)

        rows_to_insert = [
            AccessLog(
                user=worker,
                username=worker.username,
                agency=hub,
                kind=AccessLog.Kind.CASE,
                object_id=c.pk,
                basis="owner",
                channel=AccessLog.Channel.WEB,
                action="list",
                path="/cases/?sort=-last_contact_at&page=1",
            )
            for c in cases
        ]
        total, statement, commit = [], [], []
        for _ in range(args.runs):
            for row in rows_to_insert:
                row.pk = None
            started = time.perf_counter()
            with transaction.atomic():
                AccessLog.objects.bulk_create(rows_to_insert)
                inserted = time.perf_counter()
            # The commit: the deferred foreign-key checks (user, agency) and the WAL flush.
            committed = time.perf_counter()
            total.append(committed - started)
            statement.append(inserted - started)
            commit.append(committed - inserted)
        percentiles("bulk_create of 50 rows alone", total)
        percentiles("  of which the INSERT … RETURNING id", statement)
        percentiles("  of which the COMMIT", commit)
        print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        connection.close()
    finally:
        if args.keep:
            print(f"kept database {args.database}")
        else:
            from django.db import connections

            connections.close_all()
            drop_database(url, args.database)


if __name__ == "__main__":
    main()
