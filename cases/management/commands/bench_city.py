"""Time the pages of cases/bench.py on a generated city (PostgreSQL) for a hub worker, a
small agency's worker and the hub supervisor, in-process with django.test.Client; time the
case list's SQL with and without the permission filter and as guardian's naive
get_objects_for_group; EXPLAIN the case list; write the results into docs/performance.md
between the markers (the rest of the file is hand-written and kept).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/city .venv/bin/python manage.py bench_city

Writes nothing to the database beyond what the pages themselves write (read logs, the
session each request saves); the sessions are deleted at the end and last_login is left
alone."""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import user_logged_in
from django.contrib.auth.models import Group, update_last_login
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.shortcuts import get_objects_for_group

from agencies.models import User
from cases import access, bench, selectors
from cases.access.base import groups_of
from cases.bench_report import (
    DOC,
    RATIO_SIZE,
    Ratio,
    Results,
    Row,
    render,
    write_between_markers,
)
from cases.models import Case
from core.pagination import CappedPaginator

# Transaction control, which Django logs as statements outside a test's transaction.
CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def percentile(values: list[float], p: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def timed(run: Callable[[], object], runs: int, warmup: int) -> tuple[float, float]:
    for _ in range(warmup):
        run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 95)


def goal_for(m: bench.Measurement) -> tuple[str, Callable[[int, float], bool]] | None:
    """The issue's goal for this row, as text and as a test of (queries, p95)."""
    page = m.page
    if page.goal_queries is not None:  # the case lists: the goal is the hub user's
        if m.who != bench.HUB:
            return None
        return (
            f"≤ {page.goal_queries} queries, p95 < {page.goal_p95_ms:g} ms",
            lambda q, p95: q <= page.goal_queries and p95 < page.goal_p95_ms,
        )
    if page.goal_p95_ms is not None:
        return f"p95 < {page.goal_p95_ms:g} ms", lambda q, p95: p95 < page.goal_p95_ms
    return None


def case_list_over(base: Callable[[User], QuerySet[Case]], user: User) -> QuerySet[Case]:
    """selectors.case_list with another set of cases in place of access.visible_cases:
    the same filters, select_related and ordering, by construction."""
    with mock.patch.object(access, "visible_cases", lambda u, **kwargs: base(u)):
        return selectors.case_list(user)


def naive(user: User) -> QuerySet[Case]:
    """guardian's own query for the groups the user reads through. Users are never put in
    auth groups (their agency memberships decide, cases/access/base.py `groups_of`), so
    `get_objects_for_user` would find nothing: it is asked per group instead, and the
    answers ORed, as a guardian-only design would have to."""
    found = Case.objects.none()
    for group in Group.objects.filter(pk__in=list(groups_of(user))):
        found |= get_objects_for_group(
            group, "cases.view_case", klass=Case, accept_global_perms=False
        )
    return found


class Command(BaseCommand):
    help = "Benchmark the case pages on a generated city and write docs/performance.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--hub-user", default="bench-hub-worker")
        parser.add_argument("--small-user", default="bench-small-worker")
        parser.add_argument("--supervisor", default="bench-hub-supervisor")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument("--kana", default="", help="search term (default: from the data)")
        parser.add_argument("--only", nargs="*", default=[], help="page keys of cases/bench.py")
        parser.add_argument("--output", default=str(DOC))
        parser.add_argument("--no-write", action="store_true", help="print only")

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("bench_city measures PostgreSQL: set DATABASE_URL=postgres://…")
        users = {
            bench.HUB: self._user(options["hub_user"]),
            bench.SMALL: self._user(options["small_user"]),
            bench.SUPERVISOR: self._user(options["supervisor"]),
        }
        started = timezone.now()
        results = Results(loads=[os.getloadavg()[0]])
        with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for who, user in users.items():
                results.subjects[who] = bench.find_subjects(user, kana=options["kana"])
            self._pages(results, users, options)
            for who in (bench.HUB, bench.SMALL):
                self._ratios(results, who, users[who], options)
                results.explains[who] = self._explain(users[who])
        results.loads.append(os.getloadavg()[0])
        report = render(results, users, started, options)
        self.stdout.write(report)
        if not options["no_write"]:
            write_between_markers(Path(options["output"]), report)
            self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']}"))

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}: generate the city first (or pass --*-user).")
        return user

    def _pages(self, results: Results, users: dict[str, User], options: dict) -> None:
        runs, warmup = options["runs"], options["warmup"]
        for who, user in users.items():
            client = Client()
            user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
            try:
                client.force_login(user)
            finally:
                user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")
            for page in bench.PAGES:
                if who not in page.who or (options["only"] and page.key not in options["only"]):
                    continue
                subjects = results.subjects[who]
                for m in bench.measurements(page, who, subjects):
                    row = self._measure(client, m, label_of(m, subjects), runs, warmup)
                    results.rows.append(row)
                    results.loads.append(os.getloadavg()[0])
            client.logout()  # deletes the session row

    def _measure(
        self, client: Client, m: bench.Measurement, label: str, runs: int, warmup: int
    ) -> Row:
        with bench.page_size(m):

            def get() -> HttpResponse:
                return client.get(m.path, **m.headers)

            for _ in range(warmup):
                get()
            with CaptureQueriesContext(connection) as captured:
                response = get()
            # Read now: the next request's request_started signal empties connection.queries.
            statements = [q["sql"] for q in captured.captured_queries]
            p50, p95 = timed(get, runs, 0)
        queries = len(statements)
        control = sum(1 for sql in statements if sql.split(" ", 1)[0].upper() in CONTROL)
        shown = f"{queries} ({control} BEGIN/COMMIT)" if control else str(queries)
        row = Row(label, bench.WHO[m.who], shown, p50, p95, status=response.status_code)
        if (goal := goal_for(m)) is not None:
            row.goal, test = goal
            row.met = response.status_code == 200 and test(queries, p95)
        self.stderr.write(
            f"{row.what:<60} {m.who:<10} {response.status_code} {queries:>3}q "
            f"p50 {p50:8.1f} ms  p95 {p95:8.1f} ms"
        )
        return row

    def _ratios(self, results: Results, who: str, user: User, options: dict) -> None:
        subjects = results.subjects[who]
        for number in sorted({1, subjects.deep_page(RATIO_SIZE)}):
            bottom = (number - 1) * RATIO_SIZE
            querysets = {
                "filtered": selectors.case_list(user),
                "unfiltered": case_list_over(lambda u: Case.objects.all(), user),
                "naive": case_list_over(naive, user),
            }
            p50 = {}
            for name, qs in querysets.items():
                # Read as the list pages read a page (core/pagination.py: a deferred join
                # from offset 1,000 on), so each ratio is of what a page costs.
                rows = CappedPaginator(qs, RATIO_SIZE)._rows
                p50[name], _ = timed(
                    lambda rows=rows, bottom=bottom: rows(bottom, bottom + RATIO_SIZE),
                    options["runs"],
                    options["warmup"],
                )
            ratio = Ratio(who, number, p50["filtered"], p50["unfiltered"], p50["naive"])
            results.ratios.append(ratio)
            self.stderr.write(f"SQL {who} page {number}: {p50}")

    def _explain(self, user: User) -> str:
        """The SQL of the case list's first page (with its parameters) and its plan."""
        sql, params = selectors.case_list(user)[:RATIO_SIZE].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            mogrify = getattr(cursor.cursor, "mogrify", None)
            shown = mogrify(sql, params) if mogrify else sql
        if isinstance(shown, bytes):
            shown = shown.decode()
        return f"{shown}\n\n{plan}"


def label_of(m: bench.Measurement, subjects: bench.Subjects) -> str:
    if m.page.key.startswith("big-case"):
        n = subjects.big_case_consultations
        return m.label.replace("busiest case", f"case with {n:,} consultations")
    return m.label
