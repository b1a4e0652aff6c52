"""Behaviour that only a real PostgreSQL shows: row locks between concurrent writers."""

import threading

import pytest
from django.db import connection

from agencies import services
from agencies.models import Agency, Membership
from core.concurrency import ConcurrentEditError
from tests.factories import AgencyFactory, StaffFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_of_one_version_let_exactly_one_win(require_postgres):
    agency = AgencyFactory()
    admin = StaffFactory(agency=agency, role=Membership.Role.AGENCY_ADMIN)
    version = agency.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(phone: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.agency_update(
                actor=admin, agency=agency, expected_version=version, data={"phone": phone}
            )
            outcomes.append("saved")
        except ConcurrentEditError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(p,)) for p in ("0000-11-1111", "0000-22-2222")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["refused", "saved"]
    agency = Agency.objects.get(pk=agency.pk)
    assert agency.version == version + 1
    assert agency.history.count() == 2


@pytest.mark.postgres
def test_the_suite_runs_on_postgresql_in_ci(require_postgres, db):
    assert connection.vendor == "postgresql"
