"""Tasks through a real Celery worker consuming from Redis (not eager)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.celery_app import app as celery_app
from core.tasks import purge_expired_sessions


def test_purging_sessions_removes_only_expired_ones(db):
    stale = SessionStore()
    stale.set_expiry(timezone.now() - timedelta(minutes=1))
    stale.create()
    live = SessionStore()
    live.create()

    assert purge_expired_sessions.delay().get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_purging_sessions_twice_is_harmless(db):
    purge_expired_sessions.delay().get()
    assert purge_expired_sessions.delay().get() == 0


@pytest.fixture
def real_worker(require_redis):
    from celery.contrib.testing.worker import start_worker

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10.0
        ) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = previous


@pytest.mark.redis
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_purges_expired_sessions_through_redis(real_worker):
    stale = SessionStore()
    stale.set_expiry(timezone.now() - timedelta(minutes=1))
    stale.create()

    result = purge_expired_sessions.delay()

    assert result.get(timeout=30) == 1
    assert result.successful()
    assert not Session.objects.filter(session_key=stale.session_key).exists()
    assert celery_app.conf.broker_url.startswith("redis://")
