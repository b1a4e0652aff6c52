import pytest
from django.urls import reverse

from core import views

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "not configured"},
    }


def test_healthz_is_503_when_the_database_fails(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def broken():
        raise RuntimeError("db down")

    monkeypatch.setattr(views, "_check_database", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: RuntimeError"


def test_healthz_is_503_when_configured_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("error:")


@pytest.mark.redis
def test_healthz_checks_a_real_redis(client, require_redis):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"


def test_healthz_needs_no_login_and_reveals_nothing_else(client, settings):
    settings.REDIS_URL = ""
    assert set(client.get(reverse("healthz")).json()) == {"status", "checks"}
