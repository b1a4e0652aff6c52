"""The query counts of the city benchmark's pages (cases/bench.py), on the generator's small
preset, for the hub worker, the small agency's worker and the hub supervisor: the same bound
at page size 10 and 100, on page 1 and the deepest page the small city has, proves a list
runs a constant number of queries. Timings are never asserted here (manage.py bench_city
measures them at full size)."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.db import connection, transaction

from cases import bench

PAGES = {page.key: page for page in bench.PAGES}
USERS = {
    bench.HUB: "bench-hub-worker",
    bench.SMALL: "bench-small-worker",
    bench.SUPERVISOR: "bench-hub-supervisor",
}
CI_SIZES = (10, 100)


def cases_of_the_pages() -> Iterator:
    for page in bench.PAGES:
        for who in page.who:
            for size in CI_SIZES if page.listing else (None,):
                suffix = f"-size{size}" if size else ""
                yield pytest.param(page.key, who, size, id=f"{page.key}-{who}{suffix}")


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker) -> Iterator[dict[str, bench.Subjects]]:
    """The small city, generated once for the module inside a transaction that is rolled
    back at the end (each test runs in a savepoint within it)."""
    if "generate_city" not in get_commands():
        pytest.skip("manage.py generate_city is not on this branch yet")
    from agencies.models import User

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("generate_city", preset="small", stdout=StringIO())
            yield {
                who: bench.find_subjects(User.objects.get(username=username))
                for who, username in USERS.items()
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "who", "size"), list(cases_of_the_pages()))
def test_the_page_runs_no_more_queries_than_its_bound(
    city, client, django_assert_max_num_queries, key, who, size
):
    page = PAGES[key]
    subjects = city[who]
    shown = bench.measurements(page, who, subjects, sizes=(size,) if size else bench.SIZES)
    assert shown, f"the small city has nothing for {page.label} ({who})"
    # SQLite takes at most 999 parameters a statement: there the read log of 100 rows is
    # two INSERTs (PostgreSQL, which CI runs, writes it in one).
    split = 1 if connection.vendor == "sqlite" and (size or 0) >= 100 else 0
    client.force_login(subjects.user)
    for measurement in shown:
        with bench.page_size(measurement):
            client.get(measurement.path, **measurement.headers)  # warm the per-process caches
            with django_assert_max_num_queries(page.max_queries + split):
                response = client.get(measurement.path, **measurement.headers)
        assert response.status_code == 200, measurement.path
