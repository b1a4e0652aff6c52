"""The export task through a real Celery worker consuming from Redis (not eager): the job
started by the service is picked up, built and finished, and its file is the workbook.
Skipped locally without Redis; CI runs it (tests/conftest.py `require`)."""

import time

import pytest

from config.celery_app import app as celery_app
from reports import services
from reports.models import Export
from tests.factories import open_case
from tests.reports.conftest import workbook_of


def finished(export: Export, timeout: float = 60) -> Export:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if export.finished:
            return export
        time.sleep(0.2)
    raise AssertionError(f"export {export.pk} still {export.status} after {timeout}s")


@pytest.mark.redis
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_case_list_export_through_redis(real_worker, people):
    case = open_case(worker=people.hub_worker, name="ワーカー世帯")

    export = services.export_start(
        user=people.hub_worker, kind="caselist", format="xlsx", params={"filters": "scope=all"}
    )

    export = finished(export)
    assert export.status == Export.Status.DONE
    assert (export.done, export.total) == (1, 1)
    with export.file.open("rb") as stored:
        sheet = workbook_of(stored.read()).active
    assert sheet["A3"].value == case.reference
    assert sheet["C3"].value == "ワーカー世帯"
    assert celery_app.conf.broker_url.startswith("redis://")
