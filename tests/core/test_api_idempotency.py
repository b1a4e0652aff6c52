"""A POST retried with the same Idempotency-Key is answered once (core/api/idempotency.py),
told with the cases permission story: the hub's caseworker records consultations on the
Yamada case; the stranger agency's caseworker uses the same key for their own requests."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from cases import services as case_services
from cases.models import Consultation
from config.celery_app import app as celery_app
from core.api import idempotency
from core.models import IdempotencyRecord
from core.tasks import purge_idempotency_records
from meetings.models import Meeting
from tests.factories import ServiceAccountFactory

pytestmark = pytest.mark.django_db

KEY = "3f1c2a9e-retry-1"


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def en(message) -> str:
    with translation.override("en"):
        return str(message)


def consultation_url(story) -> str:
    return reverse("api:case-consultation-list", args=[story.case.pk])


def consultation_body(narrative: str = "電話で状況確認。") -> dict:
    an_hour_ago = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    return {"occurred_at": an_hour_ago, "mode": "phone", "narrative": narrative}


def post(api: APIClient, url: str, body: dict, key: str | None = KEY):
    headers = {} if key is None else {"Idempotency-Key": key}
    return api.post(url, body, format="json", headers=headers)


def consultations(story) -> int:
    return Consultation.objects.filter(case=story.case).count()


def test_a_retry_with_the_same_key_records_once_and_gets_the_first_answer(api, story):
    api.force_authenticate(story.owner_worker)
    body = consultation_body()
    before = consultations(story)

    first = post(api, consultation_url(story), body)
    retry = post(api, consultation_url(story), body)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert consultations(story) == before + 1


def test_a_multipart_retry_with_a_new_boundary_is_the_same_request(api, story):
    """Client libraries draw a new multipart boundary for every attempt (the consent, with
    its scanned form, is the API's one multipart body)."""
    api.force_authenticate(story.owner_worker)
    url = reverse("api:case-consent-list", args=[story.case.pk])
    body = {
        "person": story.consent.person_id,
        "purposes": ["sharing"],
        "method": "written",
        "valid_from": timezone.localdate().isoformat(),
        "all_team_agencies": "true",
    }
    before = story.case.consents.count()
    headers = {"Idempotency-Key": KEY}

    first = api.post(url, body, format="multipart", headers=headers)
    retry = api.generic(
        "POST",
        url,
        encode_multipart("another-boundary", body),
        content_type="multipart/form-data; boundary=another-boundary",
        headers=headers,
    )

    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert story.case.consents.count() == before + 1


def test_a_form_body_is_a_415_where_only_json_is_read(api, story):
    """A form cannot say null, an empty list or a nested object: the API reads JSON."""
    api.force_authenticate(story.owner_worker)

    response = api.post(consultation_url(story), consultation_body(), format="multipart")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_body_nested_too_deep_with_a_key_is_a_400_not_a_500(api, story):
    api.force_authenticate(story.owner_worker)
    response = api.generic(
        "POST",
        consultation_url(story),
        "[" * 5000,
        content_type="application/json",
        headers={"Idempotency-Key": KEY},
    )
    assert response.status_code == 400


def test_without_a_key_every_post_records_again(api, story):
    api.force_authenticate(story.owner_worker)
    body = consultation_body()
    before = consultations(story)

    post(api, consultation_url(story), body, key=None)
    post(api, consultation_url(story), body, key=None)

    assert consultations(story) == before + 2


def test_the_same_key_with_another_body_is_refused_as_reused(api, story):
    api.force_authenticate(story.owner_worker)
    post(api, consultation_url(story), consultation_body("一回目"))
    before = consultations(story)

    response = post(api, consultation_url(story), consultation_body("別の内容"))

    assert response.status_code == 422
    assert response.json() == {
        "detail": en(idempotency.KEY_REUSED),
        "code": "idempotency_key_reused",
    }
    assert consultations(story) == before


def test_the_same_key_on_another_path_is_refused_as_reused(api, story, people):
    api.force_authenticate(story.owner_worker)
    post(api, consultation_url(story), consultation_body())

    response = post(api, reverse("api:household-list"), {"members": []})

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"


def test_a_json_body_with_its_keys_in_another_order_is_the_same_request(api, story):
    api.force_authenticate(story.owner_worker)
    body = consultation_body()
    first = post(api, consultation_url(story), body)

    retry = post(api, consultation_url(story), dict(reversed(list(body.items()))))

    assert retry.status_code == 201
    assert retry.json() == first.json()


def test_another_user_with_the_same_key_is_answered_independently(api, story):
    api.force_authenticate(story.owner_worker)
    owners = post(api, consultation_url(story), consultation_body())
    before = consultations(story)

    api.force_authenticate(story.team_worker)
    teams = post(api, consultation_url(story), consultation_body())

    assert teams.status_code == 201
    assert "Idempotent-Replayed" not in teams.headers
    assert teams.json()["id"] != owners.json()["id"]
    assert consultations(story) == before + 1


def test_a_stranger_using_the_owners_key_is_refused_without_seeing_the_owners_answer(api, story):
    api.force_authenticate(story.owner_worker)
    post(api, consultation_url(story), consultation_body())

    api.force_authenticate(story.stranger)
    response = post(api, consultation_url(story), consultation_body())

    assert response.status_code == 404
    assert "Idempotent-Replayed" not in response.headers


def test_a_retry_while_the_first_request_still_runs_is_told_to_wait(api, story):
    api.force_authenticate(story.owner_worker)
    body = consultation_body()
    post(api, consultation_url(story), body)
    # As it stands while the first request's view is still running: claimed, no answer.
    IdempotencyRecord.objects.filter(key=KEY).update(status=None, body=None)
    before = consultations(story)

    response = post(api, consultation_url(story), body)

    assert response.status_code == 409
    assert response.json() == {
        "detail": en(idempotency.IN_PROGRESS),
        "code": "idempotency_in_progress",
    }
    assert consultations(story) == before


def test_a_refused_request_is_replayed_as_refused_without_running_again(api, story):
    api.force_authenticate(story.owner_worker)
    bad = {"mode": "phone"}

    first = post(api, consultation_url(story), bad)
    retry = post(api, consultation_url(story), bad)

    assert first.status_code == retry.status_code == 400
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"


def test_a_server_error_releases_the_key_so_a_retry_runs_again(api, story, monkeypatch):
    api.force_authenticate(story.owner_worker)
    body = consultation_body()

    def broken(**kwargs):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(case_services, "consultation_log", broken)
        with pytest.raises(RuntimeError):
            post(api, consultation_url(story), body)
    assert not IdempotencyRecord.objects.filter(key=KEY).exists()

    retry = post(api, consultation_url(story), body)

    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry.headers


def test_a_body_past_the_upload_limit_is_answered_as_without_a_key(api, story, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50
    api.force_authenticate(story.owner_worker)
    body = consultation_body("長い記録。" * 20)

    keyed = post(api, consultation_url(story), body)
    plain = post(api, consultation_url(story), body, key=None)

    assert keyed.status_code == plain.status_code
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "tab\tinside", "日本語のキー"])
def test_a_malformed_key_is_a_400_and_nothing_is_recorded(api, story, key):
    api.force_authenticate(story.owner_worker)
    before = consultations(story)

    response = post(api, consultation_url(story), consultation_body(), key=key)

    assert response.status_code == 400
    assert response.json() == {"Idempotency-Key": [en(idempotency.INVALID_KEY)]}
    assert consultations(story) == before


def test_a_key_of_255_printable_characters_is_accepted(api, story):
    api.force_authenticate(story.owner_worker)

    response = post(api, consultation_url(story), consultation_body(), key="k" * 254 + "~")

    assert response.status_code == 201


def test_an_anonymous_post_with_a_key_is_refused_and_claims_nothing(api, story):
    response = post(api, consultation_url(story), consultation_body())

    assert response.status_code == 401
    assert not IdempotencyRecord.objects.exists()


def test_a_partner_system_retrying_a_refused_meeting_plan_gets_the_same_refusal(api, story):
    token = ServiceAccountFactory(agency=story.hub)[1]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = {
        "kind": "support",
        "title": "1月 支援会議",
        "starts_at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
    }
    first = post(api, reverse("api:meeting-list"), body)
    retry = post(api, reverse("api:meeting-list"), body)

    # A caseworker account may not plan meetings: the refusal is replayed like an answer.
    assert first.status_code == retry.status_code == 403
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"


def test_a_coordinator_retrying_a_meeting_plan_gets_one_meeting(api, story):
    api.force_authenticate(story.hub_coordinator)
    body = {
        "kind": "support",
        "title": "1月 支援会議",
        "starts_at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
    }
    first = post(api, reverse("api:meeting-list"), body)
    retry = post(api, reverse("api:meeting-list"), body)

    assert first.status_code == 201
    assert retry.json() == first.json()
    assert Meeting.objects.filter(title="1月 支援会議").count() == 1


# --- keeping and purging ------------------------------------------------------------------


def test_the_purge_task_deletes_only_answers_older_than_the_ttl(story, settings):
    settings.IDEMPOTENCY_TTL_HOURS = 24
    old = IdempotencyRecord.objects.create(
        user=story.owner_worker,
        key="old",
        fingerprint="x",
        status=201,
        created_at=timezone.now() - dt.timedelta(hours=25),
    )
    fresh = IdempotencyRecord.objects.create(
        user=story.owner_worker, key="fresh", fingerprint="x", status=201
    )

    assert purge_idempotency_records() == 1

    assert not IdempotencyRecord.objects.filter(pk=old.pk).exists()
    assert IdempotencyRecord.objects.filter(pk=fresh.pk).exists()


def test_an_expired_key_not_yet_purged_runs_the_request_again(api, story):
    api.force_authenticate(story.owner_worker)
    body = consultation_body()
    post(api, consultation_url(story), body)
    IdempotencyRecord.objects.filter(key=KEY).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    before = consultations(story)

    response = post(api, consultation_url(story), body)

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response.headers
    assert consultations(story) == before + 1


def test_the_purge_runs_every_hour_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-idempotency-records"]
    assert entry["task"] == "core.tasks.purge_idempotency_records"
    assert entry["schedule"] == dt.timedelta(hours=1)
    assert entry["task"] in celery_app.tasks  # the name resolves to a registered task


# --- concurrent duplicates (PostgreSQL) ---------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_record_once_and_never_fail(require_postgres, story):
    body = consultation_body()
    before = consultations(story)
    statuses: list[int] = []
    errors: list[BaseException] = []
    writers = 6
    barrier = threading.Barrier(writers, timeout=30)

    def send() -> None:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(story.owner_worker)
        try:
            barrier.wait()
            statuses.append(post(client, consultation_url(story), body).status_code)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert consultations(story) == before + 1
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}


def test_the_schema_documents_the_key_and_its_422_on_every_post(api, story):
    api.force_authenticate(story.owner_worker)
    paths = api.get(reverse("api-schema"), {"format": "json"}).json()["paths"]
    posts = [ops["post"] for ops in paths.values() if "post" in ops]

    assert posts
    for operation in posts:
        assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
        assert "422" in operation["responses"]
