"""Build the `people` and `story` fixtures once per module, for the modules that opt in.

A module opts in with the `shared_fixtures` marker::

    pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

Its people and story are then made once, at the first test that asks for them, inside a
module-scoped `transaction.atomic()` that is rolled back when the module ends. Each test's
own pytest-django atomic nests inside it as a savepoint, so whatever a test writes is
rolled back after it exactly as before, and the next test finds the rows as they were
built. What a test receives are fresh Python objects read again from the database by
primary key (`refetched`), so a test that changes an instance in memory (say
`story.consent` after a withdrawal) leaves nothing behind for the next one.

Not for modules with tests that need real commits (`transaction=True`, `transactional_db`,
`live_server`, browser or concurrency tests): those would run inside the module's open
transaction. `reject_transactional_tests` stops the run at collection if a module that
opts in has one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model

MARKER = "shared_fixtures"
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def opted_in(node: pytest.Item | pytest.Collector) -> bool:
    return node.get_closest_marker(MARKER) is not None


def refetched(instances: Mapping[str, Any]) -> dict[str, Any]:
    """The same mapping with every model instance read again from the database (one
    query per model). Two names for one row get one fresh object, as before."""
    pks: dict[type[Model], set[Any]] = defaultdict(set)
    for value in instances.values():
        if isinstance(value, Model):
            pks[type(value)].add(value.pk)
    fresh = {model: model._base_manager.in_bulk(ids) for model, ids in pks.items()}
    return {
        name: fresh[type(value)][value.pk] if isinstance(value, Model) else value
        for name, value in instances.items()
    }


def module_transaction(django_db_blocker, build) -> Iterator[Any]:
    """Yield `build()`, made inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)


def reject_transactional_tests(items: list[pytest.Item]) -> None:
    for item in items:
        if not opted_in(item):
            continue
        db_marker = item.get_closest_marker("django_db")
        transactional = db_marker is not None and (
            db_marker.kwargs.get("transaction") or db_marker.kwargs.get("reset_sequences")
        )
        fixtures = set(getattr(item, "fixturenames", ()))
        if transactional or fixtures & TRANSACTIONAL_FIXTURES:
            raise pytest.UsageError(
                f"{item.nodeid} needs real commits, so its module cannot use the "
                f"{MARKER} marker (see tests/shared.py)"
            )
