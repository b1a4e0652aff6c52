"""Shared fixtures: the named people every permission story is told with, and the rule
that a test needing a real service skips locally but FAILS under CI (CI=true).

`people` and `story` cost ~150 queries per test. A module marked `shared_fixtures` builds
them once, in a module transaction rolled back at its end; each test gets them re-read from
the database by pk and runs in its own savepoint as usual (tests/shared.py says how, and
which modules may not opt in)."""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection

from agencies.models import Membership
from tests import factories, shared

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def require(available: bool, reason: str) -> None:
    """Skip with `reason` when a service is missing, except under CI, where it fails."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test, but: {reason}", pytrace=False)
    pytest.skip(reason)


def redis_reachable() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1)
        return bool(client.ping())
    except redis.RedisError:
        return False


@pytest.fixture
def require_postgres() -> None:
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture
def require_redis() -> None:
    require(redis_reachable(), "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")


@pytest.fixture
def require_chromium() -> None:
    available = shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)
    require(available, f"needs Chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(autouse=True)
def _fresh_axes_and_cache(settings) -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (ja). A request through the test client
    leaves the language its LocaleMiddleware chose active in the thread (an API client
    asking in English), which otherwise leaks into whichever test runs next."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


class People:
    """An owner agency (the hub) and a stranger agency, with staff in each role."""

    def __init__(self) -> None:
        self.hub = factories.AgencyFactory(name="テスト市 福祉総合相談課", is_hub=True)
        self.other = factories.AgencyFactory(name="テスト 地域包括支援センター")
        self.hub_admin = factories.StaffFactory(agency=self.hub, role=Membership.Role.AGENCY_ADMIN)
        self.hub_worker = factories.StaffFactory(agency=self.hub, role=Membership.Role.CASEWORKER)
        self.hub_coordinator = factories.StaffFactory(
            agency=self.hub, role=Membership.Role.COORDINATOR
        )
        self.hub_supervisor = factories.StaffFactory(
            agency=self.hub, role=Membership.Role.SUPERVISOR
        )
        self.other_admin = factories.StaffFactory(
            agency=self.other, role=Membership.Role.AGENCY_ADMIN
        )
        self.other_worker = factories.StaffFactory(
            agency=self.other, role=Membership.Role.CASEWORKER
        )
        self.no_agency = factories.UserFactory()
        self.superuser = factories.UserFactory(is_superuser=True, is_staff=True)

    def refetch(self) -> "People":
        """The same people, every agency and user read again from the database."""
        fresh = object.__new__(People)
        fresh.__dict__.update(shared.refetched(vars(self)))
        return fresh


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    shared.reject_transactional_tests(items)


@pytest.fixture(scope="module")
def module_people(request, django_db_setup, django_db_blocker):
    """People made once for a module that has the shared_fixtures marker (tests/shared.py),
    None for any other module."""
    if not shared.opted_in(request.node):
        yield None
        return
    yield from shared.module_transaction(django_db_blocker, People)


@pytest.fixture
def people(module_people, db) -> People:
    if module_people is not None:
        return module_people.refetch()
    return People()


# The permission story of tests/cases is shared by every app built on cases.
from tests.cases.conftest import module_story, story  # noqa: E402, F401
