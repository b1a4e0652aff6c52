"""Helpers for the export tests: files kept in a temporary media root, the case list
export's rows as a user gets them, and a workbook opened from a download."""

import io

import openpyxl
import pytest

from reports.exports import caselist

EVERY_CASE = "scope=all"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def export_rows(user, filters: str = EVERY_CASE) -> list[list]:
    """The case list export's rows for `user`, filtered as the case list page's query
    string says."""
    params = caselist.clean(user, {"filters": filters})
    [table] = caselist.build(user, params)
    return [list(row) for row in table.rows]


def row_of(rows: list[list], case) -> list | None:
    return next((row for row in rows if row[0] == case.reference), None)


def workbook_of(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def real_worker(require_redis):
    """A Celery worker consuming from Redis in a thread (as tests/core/test_celery_worker.py
    starts one): tasks are no longer run eagerly while it lives."""
    from celery.contrib.testing.worker import start_worker

    from config.celery_app import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10.0
        ) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = previous
