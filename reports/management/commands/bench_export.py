"""Write a large case-list-shaped workbook through the export writer and report the time
and the peak memory of the process, to hold the writer to constant memory:

    .venv/bin/python manage.py bench_export --rows 100000
    .venv/bin/python manage.py bench_export --rows 100000 --format csv

The rows are made up on the fly, shaped like the case list export (18 columns: Japanese
text, dates, datetimes, counts, a "<3" cell now and then), so what is measured is the
writer, not the database: nothing is read or written there. docs/exports.md has the
figures."""

from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from reports.exports import caselist, files
from reports.tables import SUPPRESSED, Table

GOAL_MB = 200


def peak_rss_mb() -> float:
    """The process's peak resident set size so far (ru_maxrss: KiB on Linux, bytes on
    macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def fake_rows(count: int) -> Iterator[list]:
    opened = dt.date(2019, 4, 1)
    contact = timezone.make_aware(dt.datetime(2025, 3, 31, 15, 30))
    for i in range(count):
        yield [
            f"#{i + 1:06d}",
            "8050世帯：母の介護と長男のひきこもり、家計の困窮",
            f"山田家{i}",
            f"第{i % 12 + 1}中学校区",
            "支援中",
            "あさひ野市 福祉総合相談課",
            "東部地域包括支援センター",
            "0565-00-0000",
            f"相談員 {i % 40}号",
            opened + dt.timedelta(days=i % 2000),
            "6〜12か月",
            contact - dt.timedelta(hours=i % 5000),
            "介護、ひきこもり、困窮",
            "包括的相談支援事業、参加支援事業",
            "ハローワークへの同行と就労準備支援の利用申請",
            opened + dt.timedelta(days=i % 2000 + 30),
            i % 4,
            SUPPRESSED if i % 97 == 0 else "本人の同意",
        ]


class Command(BaseCommand):
    help = "Time a large export through the writer and report its peak memory (RSS)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--out", help="keep the file here (default: a temporary file)")

    def handle(self, *args, rows: int, format: str, out: str | None, **options) -> None:
        if rows < 1:
            raise CommandError("--rows must be at least 1")
        before = peak_rss_mb()
        with translation.override("ja"):
            table = Table(
                key=caselist.KIND,
                title="ケース一覧（ベンチマーク）",
                headings=caselist.HEADINGS,
                rows=fake_rows(rows),
            )
            started = time.perf_counter()
            cpu_started = time.process_time()
            with open(out, "wb") if out else tempfile.TemporaryFile() as target:
                written = files.write([table], target, format=format, fiscal_year=2024)
                size = target.tell()
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
        peak = peak_rss_mb()
        verdict = "within" if peak < GOAL_MB else "OVER"
        self.stdout.write(
            f"{written:,} rows, {format}, {size / 1e6:.1f} MB file, {seconds:.1f} s "
            f"({cpu:.1f} s CPU, {written / cpu:,.0f} rows per CPU second); peak RSS {peak:.0f} MB "
            f"(before writing {before:.0f} MB), {verdict} the {GOAL_MB} MB goal"
            + (f"; kept at {Path(out).resolve()}" if out else "")
        )
