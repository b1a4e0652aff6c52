"""The sweep through a real Celery worker consuming from Redis, and the web pages without
Redis: reminders are read from the database, so a broker outage loses nothing and blocks
no page."""

import pytest
from django.urls import reverse

from config.celery_app import app as celery_app
from reminders import tasks
from reminders.models import Reminder
from tests.reminders.conftest import OPENED, case_opened_on, reminders

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.mark.redis
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sweeps_the_reminders_through_redis(real_worker, people):
    case = case_opened_on(OPENED, worker=people.hub_worker)

    result = tasks.sweep_reminders.delay()

    outcome = result.get(timeout=60)
    assert outcome["created"][Reminder.Kind.LONG_RUNNING] == 1
    assert outcome["created"][Reminder.Kind.NO_CONTACT] == 1
    assert set(reminders().values_list("kind", "case")) == {
        (Reminder.Kind.LONG_RUNNING, case.pk),
        (Reminder.Kind.NO_CONTACT, case.pk),
    }
    assert celery_app.conf.broker_url.startswith("redis://")


@pytest.mark.redis
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_running_the_sweep_twice_creates_nothing_more(real_worker, people):
    case_opened_on(OPENED, worker=people.hub_worker)
    tasks.sweep_reminders.delay().get(timeout=60)

    outcome = tasks.sweep_reminders.delay().get(timeout=60)

    assert sum(outcome["created"].values()) == 0
    assert reminders().count() == 2


@pytest.fixture
def redis_stopped(settings):
    """Everything that could reach Redis points at a port where nothing listens: the
    cache, the broker (Celery's own configuration too) and REDIS_URL."""
    conf = celery_app.conf
    previous = (conf.broker_url, conf.result_backend, conf.task_always_eager)
    settings.REDIS_URL = CLOSED_PORT
    settings.CELERY_BROKER_URL = CLOSED_PORT
    settings.CELERY_RESULT_BACKEND = CLOSED_PORT
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT,
        }
    }
    conf.broker_url, conf.result_backend, conf.task_always_eager = CLOSED_PORT, CLOSED_PORT, False
    yield
    conf.broker_url, conf.result_backend, conf.task_always_eager = previous


@pytest.fixture
def worker_with_reminders(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    tasks.sweep_reminders.apply()  # in-process: yesterday's sweep, before Redis went away
    assert reminders().exists()
    return people.hub_worker, case


def test_the_cache_really_is_unreachable(redis_stopped):
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisConnectionError

    with pytest.raises(RedisConnectionError):
        cache.get("anything")


def test_the_home_page_answers_with_redis_stopped(client, worker_with_reminders, redis_stopped):
    worker, _ = worker_with_reminders
    client.force_login(worker)

    response = client.get(reverse("home"))

    assert response.status_code == 200


def test_a_case_page_answers_with_redis_stopped(client, worker_with_reminders, redis_stopped):
    worker, case = worker_with_reminders
    client.force_login(worker)

    response = client.get(reverse("cases:detail", args=[case.pk]))

    assert response.status_code == 200


def test_the_reminders_page_answers_with_redis_stopped(
    client, worker_with_reminders, redis_stopped
):
    worker, _ = worker_with_reminders
    client.force_login(worker)

    response = client.get(reverse("reminders:list"))

    assert response.status_code == 200
    assert reminders().first().case_reference in response.content.decode()
