"""Helpers for the reminder tests: cases opened on a given day through the real intake
service, a clock set to a day, a small sweep chunk, and a real Celery worker."""

import datetime as dt

import pytest
import time_machine
from django.db.models import Count, Q
from django.utils import timezone

from agencies.models import User
from cases.models import Case
from reminders.models import Reminder
from tests.factories import consultation_data, open_case
from tests.meetings.conftest import kit  # noqa: F401  (the meetings story, for action items)

OPENED = dt.date(2025, 1, 15)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """`day` at hour:minute in Asia/Tokyo."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def on(day: dt.date, hour: int = 10, minute: int = 0):
    """A clock stopped at `day` hour:minute, Tokyo time."""
    return time_machine.travel(at(day, hour, minute), tick=False)


def case_opened_on(day: dt.date, *, worker: User, name: str = "山田家") -> Case:
    """A case taken in by `worker` on `day`, its first contact that morning."""
    with on(day):
        return open_case(
            worker=worker,
            name=name,
            opened_on=day,
            consultation=consultation_data(occurred_at=at(day, 9)),
        )


def reminders(kind: str | None = None):
    qs = Reminder.objects.order_by("pk")
    return qs.filter(kind=kind) if kind else qs


def keys(kind: str | None = None) -> set[tuple[str, str]]:
    return set(reminders(kind).values_list("target", "period"))


def open_keys(kind: str | None = None) -> set[tuple[str, str]]:
    return set(reminders(kind).filter(status=Reminder.Status.OPEN).values_list("target", "period"))


def wrong_counts() -> dict[int, tuple[int, int]]:
    """Cases whose open_reminders is not their number of open reminders: {pk: (column,
    count)}."""
    counted = Case.objects.annotate(
        n=Count("reminders", filter=Q(reminders__status=Reminder.Status.OPEN))
    ).values_list("pk", "open_reminders", "n")
    return {pk: (column, n) for pk, column, n in counted if column != n}


@pytest.fixture
def small_chunks(settings) -> int:
    """Two rows per chunk, so a handful of cases really spans several chunks."""
    settings.REMINDERS = {**settings.REMINDERS, "SWEEP_CHUNK": 2}
    return 2


@pytest.fixture
def real_worker(require_redis):
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
