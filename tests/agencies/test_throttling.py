"""API rate limits: counted per partner token and per signed-in user, burst and sustained
rates from the settings, and a 429 in the API's error shape with Retry-After."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from agencies import tokens
from tests.factories import ServiceAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def call(api: APIClient, clear: str | None = None):
    if clear is not None:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {clear}")
    return api.get(reverse("api:me"))


def test_a_token_past_the_burst_rate_gets_429_with_retry_after(api, people, settings):
    settings.API_THROTTLE_BURST = "2/min"
    _, clear = ServiceAccountFactory(agency=people.hub)
    assert [call(api, clear).status_code for _ in range(2)] == [200, 200]
    response = call(api, clear)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 60


def test_the_sustained_rate_is_counted_too(api, people, settings):
    settings.API_THROTTLE_SUSTAINED = "3/day"
    _, clear = ServiceAccountFactory(agency=people.hub)
    assert [call(api, clear).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert int(call(api, clear)["Retry-After"]) > 60


def test_the_tokens_of_one_account_share_its_limit(api, people, settings):
    """More tokens must not mean a higher limit."""
    settings.API_THROTTLE_BURST = "1/min"
    account, first = ServiceAccountFactory(agency=people.hub)
    _, second = tokens.token_issue(
        actor=None, membership=account.memberships.get(), name="2", scope="read"
    )
    assert call(api, first).status_code == 200
    assert call(api, second).status_code == 429


def test_a_session_is_counted_per_user(api, people, settings):
    settings.API_THROTTLE_BURST = "1/min"
    api.force_login(people.hub_worker)
    assert call(api).status_code == 200
    assert call(api).status_code == 429
    other = APIClient()
    other.force_login(people.other_worker)
    assert call(other).status_code == 200


def test_an_anonymous_caller_gets_401_not_429(api, people, settings):
    settings.API_THROTTLE_BURST = "1/min"
    assert [call(api).status_code for _ in range(3)] == [401, 401, 401]


def test_the_test_suite_runs_without_rate_limits(settings):
    assert settings.API_THROTTLE_BURST is None
    assert settings.API_THROTTLE_SUSTAINED is None


def test_the_default_rates_and_token_lifetime_are_as_documented():
    from config.settings import base

    assert base.API_THROTTLE_BURST == "60/min"
    assert base.API_THROTTLE_SUSTAINED == "5000/day"
    assert base.PARTNER_TOKEN_TTL_DAYS == 365


def test_the_counts_live_in_the_shared_cache_when_it_is_redis(api, people, settings, require_redis):
    """Production's cache is Redis: every web process then counts the same requests."""
    import uuid

    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"test-throttle-{uuid.uuid4().hex}",  # expire on their own (1 min)
        }
    }
    settings.API_THROTTLE_BURST = "1/min"
    account, clear = ServiceAccountFactory(agency=people.hub)
    assert call(api, clear).status_code == 200
    assert cache.get(f"throttle_burst_account-{account.pk}")  # the count another process reads
    assert call(api, clear).status_code == 429
