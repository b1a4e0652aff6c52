"""The report of `manage.py bench_city`: the Markdown written into docs/performance.md
between the markers, with the data size and the machine it was measured on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from agencies.models import User
from cases import bench

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
DOC = Path(settings.BASE_DIR) / "docs" / "performance.md"
RATIO_SIZE = 50
FILTERED_GOAL, NAIVE_GOAL = 1.5, 10.0


@dataclass
class Row:
    what: str
    who: str
    queries: int | str
    p50: float | str | None
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


def _ms(value: float | str | None) -> str:
    if isinstance(value, str):
        return value
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


def ratio_rows(ratios: list[Ratio]) -> list[Row]:
    """The SQL ratios as rows of the pages table (p50 holds the ratio and its two times)."""
    rows = []
    for r in ratios:
        hub = r.who == bench.HUB
        where = f"page {r.number}, size {RATIO_SIZE}"
        over, naive_over = r.filtered / r.unfiltered, r.naive / r.filtered
        rows += [
            Row(
                f"case list SQL, filtered ÷ unfiltered, {where}",
                bench.WHO[r.who],
                1,
                f"{over:.2f} ({r.filtered:.1f} / {r.unfiltered:.1f})",
                None,
                f"≤ {FILTERED_GOAL}" if hub else "",
                over <= FILTERED_GOAL if hub else None,
            ),
            Row(
                f"case list SQL, naive guardian ÷ filtered, {where}",
                bench.WHO[r.who],
                1,
                f"{naive_over:.1f} ({r.naive:.1f} / {r.filtered:.1f})",
                None,
                f"≥ {NAIVE_GOAL:g}" if hub else "",
                naive_over >= NAIVE_GOAL if hub else None,
            ),
        ]
    return rows


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
        "user lookups of every request (the session itself is saved at most once a minute, "
        "core/middleware.py IdleSessionMiddleware).",
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
        "Page sizes: the API takes `page_size` from the request (up to 100; 50 by "
        "default); the web list has `PAGE_SIZE = 50` in cases/views/cases.py, set to 10 and "
        "100 in-process for the benchmark (cases/bench.py `page_size`). A user whose list is "
        "shorter than 500 pages is measured on its last page instead.",
        "",
        "### Pages",
        "",
    ]
    rows = [*results.rows, *ratio_rows(results.ratios)]
    goals = [row for row in rows if row.met is not None]
    out += [
        f"Goals met: {sum(bool(row.met) for row in goals)} of {len(goals)} rows that have one "
        "(the case list goals are the hub user's; the other rows are measured for comparison).",
        "",
        "| what | user | queries | p50 ms | p95 ms | goal | met? |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        status = "" if row.status == 200 else f" (HTTP {row.status})"
        out.append(
            f"| {row.what}{status} | {row.who} | {row.queries} | {_ms(row.p50)} | "
            f"{_ms(row.p95)} | {row.goal} | {_met(row.met)} |"
        )
    out += [
        "",
        f"### The case list's SQL (size {RATIO_SIZE}), p50 of {options['runs']}",
        "",
        "A page's rows as the list pages read them (core/pagination.py: from offset 1,000 "
        "on, the page's ids first, then those rows): *filtered* is "
        "`selectors.case_list(user)`; *unfiltered* the same queryset over `Case.objects` (no "
        "permission filter); *naive* the same over guardian's `get_objects_for_group(group, "
        "'cases.view_case', klass=Case, accept_global_perms=False)` for each of the user's "
        "agency groups, ORed (users are not in auth groups, so `get_objects_for_user` would "
        "find nothing; the naive query also ignores the grants' validity windows).",
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

Query counts and server-side timings of the pages in cases/bench.py, measured by
`manage.py bench_city`. Everything between the `bench` markers below is rewritten by the
command; the rest of this file is written by hand.
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
