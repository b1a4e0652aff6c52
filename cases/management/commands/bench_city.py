"""Time the pages of cases/bench.py on a generated city (PostgreSQL) for a hub worker, a
small agency's worker and the hub supervisor, in-process with django.test.Client; time the
case list's SQL with and without the permission filter and as guardian's naive
get_objects_for_user; EXPLAIN the case list; write the results into docs/performance.md
between the markers (the rest of the file is hand-written and kept).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/city .venv/bin/python manage.py bench_city

Writes nothing to the database beyond what the pages themselves write (read logs, the
session each request saves); the sessions are deleted at the end and last_login is left
alone."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import user_logged_in
from django.contrib.auth.models import update_last_login
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from agencies.models import User
from cases import access, bench, selectors
from cases.models import Case

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
DOC = Path(settings.BASE_DIR) / "docs" / "performance.md"
RATIO_SIZE = 50
FILTERED_GOAL, NAIVE_GOAL = 1.5, 10.0


@dataclass
class Row:
    what: str
    who: str
    queries: int | str
    p50: float | None
    p95: float | None
    goal: str = ""
    met: bool | None = None
    status: int = 200


@dataclass
class Ratio:
    who: str
    number: int
    filtered: float
    unfiltered: float
    naive: float


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    explains: dict[str, str] = field(default_factory=dict)
    subjects: dict[str, bench.Subjects] = field(default_factory=dict)
    loads: list[float] = field(default_factory=list)


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
    return get_objects_for_user(user, "cases.view_case", klass=Case, accept_global_perms=False)


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
            queries = len(captured.captured_queries)
            p50, p95 = timed(get, runs, 0)
        row = Row(label, bench.WHO[m.who], queries, p50, p95, status=response.status_code)
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
                p50[name], _ = timed(
                    lambda qs=qs, bottom=bottom: list(qs[bottom : bottom + RATIO_SIZE]),
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


# --- the report -------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _met(met: bool | None) -> str:
    return "" if met is None else ("yes" if met else "**no**")


def table_sizes() -> list[tuple[str, int]]:
    """Exact row counts of the project's tables (history tables included), largest first."""
    project = {"agencies", "cases", "meetings", "community", "participation", "reminders"}
    tables = sorted(
        {m._meta.db_table for m in apps.get_models() if m._meta.app_label in project}
        | {"guardian_userobjectpermission", "guardian_groupobjectpermission"}
    )
    existing = set(connection.introspection.table_names())
    counts = []
    with connection.cursor() as cursor:
        for table in tables:
            if table not in existing:
                continue
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (our table names)
            counts.append((table, cursor.fetchone()[0]))
    return sorted((c for c in counts if c[1]), key=lambda c: (-c[1], c[0]))


def machine() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
        shown = []
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit"):
            cursor.execute(f"SHOW {name}")
            shown.append(f"{name}={cursor.fetchone()[0]}")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return [
        f"- CPUs (nproc): {os.cpu_count()}; {platform.machine()}, {platform.system()} "
        f"{platform.release()}",
        f"- PostgreSQL: {version}; {', '.join(shown)}",
        f"- Python {platform.python_version()}, Django {django.get_version()}; "
        f"code at commit {commit or '?'}",
    ]


def render(results: Results, users: dict[str, User], started: dt.datetime, options: dict) -> str:
    busiest_load = max(results.loads)
    out = [
        "## Results",
        "",
        f"Measured {timezone.localtime(started):%Y-%m-%d %H:%M %Z} by `manage.py bench_city` "
        f"({options['runs']} timed runs after {options['warmup']} warm-ups per row). "
        "Times are server-side, in-process through django.test.Client (force_login): URL "
        "resolution, middleware, the view's queries, template or JSON rendering and the "
        "read-log INSERT; no network, no WSGI server. Query counts include the session and "
        "user lookups and the session save of every request (SESSION_SAVE_EVERY_REQUEST).",
        "",
        f"Load average (1 min) during the run: {min(results.loads):.2f}–{busiest_load:.2f} "
        f"on {os.cpu_count()} CPUs.",
    ]
    if busiest_load > 1.5:
        out += [
            "",
            "**Measured on a busy machine**: other jobs shared the CPUs during the run, so the "
            "timings are pessimistic and noisier than on a dedicated server.",
        ]
    out += ["", "Users:", ""]
    for who, user in users.items():
        subjects = results.subjects[who]
        out.append(
            f"- {bench.WHO[who]}: `{user.username}` — {subjects.open_cases:,}"
            f"{'+' if subjects.open_cases > bench.DEEP_PAGE * max(bench.SIZES) else ''} "
            "open cases in the list"
            + (
                f"; busiest readable case {subjects.big_case_consultations:,} consultations"
                if subjects.big_case
                else ""
            )
            + (f"; kana searched: {subjects.kana}" if subjects.kana else "")
        )
    out += [
        "",
        "Page sizes: neither list takes a page size from the request (the web list has "
        "`PAGE_SIZE = 50` in cases/views/cases.py; the API uses DRF's `PAGE_SIZE` = 50 and "
        "has no `page_size` parameter). 50 is what ships; sizes 10 and 100 are set "
        "in-process on those very attributes (cases/bench.py `page_size`). A user whose list "
        "is shorter than 500 pages is measured on its last page instead.",
        "",
        "### Pages",
        "",
        "| what | user | queries | p50 ms | p95 ms | goal | met? |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for row in results.rows:
        status = "" if row.status == 200 else f" (HTTP {row.status})"
        out.append(
            f"| {row.what}{status} | {row.who} | {row.queries} | {_ms(row.p50)} | "
            f"{_ms(row.p95)} | {row.goal} | {_met(row.met)} |"
        )
    out += [
        "",
        f"### The case list's SQL (size {RATIO_SIZE}), p50 of {options['runs']}",
        "",
        "`list(qs[offset:offset + 50])` only: *filtered* is `selectors.case_list(user)`; "
        "*unfiltered* the same queryset over `Case.objects` (no permission filter); *naive* "
        "the same over guardian's `get_objects_for_user(user, 'cases.view_case', klass=Case, "
        "accept_global_perms=False)` (which ignores the grants' validity windows).",
        "",
        "| user | page | filtered ms | unfiltered ms | naive ms | filtered ÷ unfiltered "
        f"(goal ≤ {FILTERED_GOAL}) | naive ÷ filtered (goal ≥ {NAIVE_GOAL:g}) |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results.ratios:
        over = r.filtered / r.unfiltered
        naive_over = r.naive / r.filtered
        hub = r.who == bench.HUB
        out.append(
            f"| {bench.WHO[r.who]} | {r.number} | {r.filtered:.1f} | {r.unfiltered:.1f} | "
            f"{r.naive:.1f} | {over:.2f}"
            + (f" {_met(over <= FILTERED_GOAL)}" if hub else "")
            + f" | {naive_over:.1f}"
            + (f" {_met(naive_over >= NAIVE_GOAL)}" if hub else "")
            + " |"
        )
    for who, explain in results.explains.items():
        out += [
            "",
            f"### EXPLAIN (ANALYZE, BUFFERS): case list, page 1, size {RATIO_SIZE}, "
            f"{bench.WHO[who]}",
            "",
            "```",
            explain,
            "```",
        ]
    out += ["", "### Data", "", "| table | rows |", "|---|---:|"]
    out += [f"| {table} | {n:,} |" for table, n in table_sizes()]
    out += ["", "### Machine", "", *machine()]
    argv = [a for a in sys.argv[1:] if a != "--no-write"] or ["bench_city"]
    command = " ".join(["manage.py", *argv])
    out += [
        "",
        "### Reproduce",
        "",
        "```sh",
        "# the city (see cases/management/commands/generate_city.py for the presets)",
        "createdb -h 127.0.0.1 -U postgres city",
        "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/city",
        ".venv/bin/python manage.py migrate",
        ".venv/bin/python manage.py generate_city --preset full",
        "# the benchmark (rewrites the part of docs/performance.md between the markers)",
        f".venv/bin/python {command}",
        "# the query counts CI holds (small preset, no timings)",
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_bench "
        ".venv/bin/python -m pytest -q tests/perf",
        "```",
    ]
    return "\n".join(out) + "\n"


INTRO = """# Performance at city scale

How the case pages behave on a city of 300,000 cases: query counts and server-side timings
for a hub worker and a small agency's worker, measured by `manage.py bench_city`
(cases/bench.py lists the pages). CI holds the query counts on the small preset
(tests/perf/test_city_queries.py); the timings are only measured here.

Everything between the `bench` markers below is rewritten by the command; the rest of this
file is written by hand.
"""

TRAILER = """
## Reminder sweep

See docs/long-running.md.

## Access log

See docs/deployment.md.
"""


def write_between_markers(path: Path, report: str) -> None:
    """Replace what is between the markers (creating the file, intro and trailer included,
    the first time); everything outside them is kept as written."""
    text = path.read_text() if path.exists() else f"{INTRO}\n{START}\n{END}\n{TRAILER}"
    if START not in text or END not in text:
        raise CommandError(f"{path} lacks the markers {START} … {END}.")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{report}{END}{tail}")
