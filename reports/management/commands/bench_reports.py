"""`manage.py bench_reports`: time the fiscal-year report (`reports.figures.tables_for`)
on a generated city (`manage.py generate_city`) and count its queries, for the whole city,
one agency and one 中学校区; per family too. Prints Markdown; `--write` puts it into
docs/reports.md between the bench markers."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agencies.models import Agency, Area
from cases.access import ReportScope
from cases.models import Case, Consultation
from core.wareki import fiscal_year
from reports import figures
from reports.figures.base import Context

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
DOC = Path(settings.BASE_DIR) / "docs" / "reports.md"


def measure(call: Callable[[], object], runs: int) -> tuple[list[float], int]:
    """Seconds of each run (rows read to the end) and the queries of the last."""
    seconds = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - started)
        queries = len(captured)
    return seconds, queries


def read_all(tables) -> None:
    for table in tables:
        for _ in table.rows:
            pass


class Command(BaseCommand):
    help = "Time the fiscal-year report on a generated city and count its queries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="fiscal year (default: the last complete)")
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--write", action="store_true", help="rewrite docs/reports.md")

    def handle(self, *args, year: int | None, runs: int, write: bool, **options) -> None:
        if not Case.objects.exists():
            raise CommandError("No cases: generate a city first (manage.py generate_city).")
        year = year or fiscal_year(timezone.localdate()) - 1
        hub = Agency.objects.filter(is_hub=True).first()
        district = Area.objects.filter(level=Area.Level.JUNIOR_HIGH).order_by("pk").first()
        city = ReportScope(None, "市全体")
        scopes = [("whole city", city, None)]
        if hub is not None:
            scopes.append(
                (f"one agency ({hub.name})", ReportScope(frozenset({hub.pk}), hub.name), None)
            )
        if district is not None:
            scopes.append((f"whole city, one 中学校区 ({district.name})", city, district))

        lines = [
            f"Measured {timezone.localtime():%Y-%m-%d %H:%M} on {connection.vendor}: "
            f"{Case.objects.count():,} cases, {Consultation.objects.count():,} consultations; "
            f"fiscal year {year}, {runs} runs after one warm-up, rows read to the end.",
            "",
            "| report | queries | p50 s | max s |",
            "|---|---:|---:|---:|",
        ]
        for label, scope, area in scopes:

            def report(scope=scope, area=area) -> None:
                read_all(figures.tables_for(scope, year, area=area))

            measure(report, 1)
            seconds, queries = measure(report, runs)
            lines.append(
                f"| {label} | {queries} | {statistics.median(seconds):.2f} | {max(seconds):.2f} |"
            )
            self.stderr.write(lines[-1])
        lines += [
            "",
            "Per family, whole city:",
            "",
            "| family | queries | p50 s |",
            "|---|---:|---:|",
        ]
        ctx = Context(city, year)
        for key, _, build in figures.FAMILIES:
            seconds, queries = measure(lambda build=build: read_all(build(ctx)), max(1, runs // 2))
            lines.append(f"| {key} | {queries} | {statistics.median(seconds):.2f} |")
            self.stderr.write(lines[-1])
        text = "\n".join(lines)
        self.stdout.write(text)
        if write:
            doc = DOC.read_text()
            head, rest = doc.split(START, 1)
            tail = rest.split(END, 1)[1]
            DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")
