"""Detail answers carry `ETag: W/"<version>"`; a PATCH names the version it changes in
`If-Match` or the body's `version` (core/api/preconditions.py). Told with the cases
permission story: the hub's caseworker corrects the Yamada case's first consultation."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from cases.models import Consultation
from core.api import preconditions
from core.concurrency import STALE_EDIT
from meetings import services as meeting_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def consultation(story) -> Consultation:
    return story.case.consultations.get()


def en(message) -> str:
    with translation.override("en"):
        return str(message)


def detail(consultation: Consultation) -> str:
    return reverse("api:consultation-detail", args=[consultation.pk])


def patch(api: APIClient, url: str, body: dict, if_match: str | None = None):
    headers = {} if if_match is None else {"If-Match": if_match}
    return api.patch(url, body, format="json", headers=headers)


# --- ETag on reads ------------------------------------------------------------------------


def test_a_consultation_is_read_with_its_version_as_a_weak_etag(api, story, consultation):
    api.force_authenticate(story.owner_worker)

    response = api.get(detail(consultation))

    assert response.status_code == 200
    assert response.headers["ETag"] == f'W/"{consultation.version}"'


@pytest.mark.parametrize("name", ["case-detail", "household-detail"])
def test_case_and_household_details_carry_their_etag(api, story, name):
    record = story.case if name == "case-detail" else story.case.household
    api.force_authenticate(story.owner_worker)

    response = api.get(reverse(f"api:{name}", args=[record.pk]))

    assert response.headers["ETag"] == f'W/"{record.version}"'


def test_a_meeting_detail_carries_its_etag(api, story):
    meeting = meeting_services.meeting_create(
        actor=story.hub_coordinator,
        kind="support",
        title="定例会議",
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="会議室A",
        grant_days_after=7,
    )
    api.force_authenticate(story.hub_coordinator)

    response = api.get(reverse("api:meeting-detail", args=[meeting.pk]))

    assert response.headers["ETag"] == f'W/"{meeting.version}"'


def test_a_list_carries_no_etag(api, story):
    api.force_authenticate(story.owner_worker)

    response = api.get(reverse("api:case-consultation-list", args=[story.case.pk]))

    assert response.status_code == 200
    assert "ETag" not in response.headers


def test_a_refused_read_carries_no_etag(api, story, consultation):
    api.force_authenticate(story.stranger)

    response = api.get(detail(consultation))

    assert response.status_code == 404
    assert "ETag" not in response.headers


# --- If-Match on PATCH --------------------------------------------------------------------


def test_if_match_alone_names_the_version_and_the_answer_carries_the_new_etag(
    api, story, consultation
):
    api.force_authenticate(story.owner_worker)
    etag = api.get(detail(consultation)).headers["ETag"]

    response = patch(api, detail(consultation), {"minutes": 45}, if_match=etag)

    assert response.status_code == 200
    consultation.refresh_from_db()
    assert consultation.minutes == 45
    assert response.headers["ETag"] == f'W/"{consultation.version}"'
    assert response.headers["ETag"] != etag


def test_a_strong_form_of_the_tag_is_accepted_too(api, story, consultation):
    api.force_authenticate(story.owner_worker)

    response = patch(
        api, detail(consultation), {"minutes": 45}, if_match=f'"{consultation.version}"'
    )

    assert response.status_code == 200


def test_if_match_naming_an_old_version_is_412_and_nothing_is_saved(api, story, consultation):
    api.force_authenticate(story.owner_worker)
    old = f'W/"{consultation.version}"'
    assert patch(api, detail(consultation), {"minutes": 30}, if_match=old).status_code == 200

    response = patch(api, detail(consultation), {"minutes": 90}, if_match=old)

    assert response.status_code == 412
    assert response.json() == {
        "detail": en(preconditions.PRECONDITION_FAILED),
        "code": "precondition_failed",
    }
    consultation.refresh_from_db()
    assert consultation.minutes == 30


def test_a_patch_naming_no_version_is_428_and_nothing_is_saved(api, story, consultation):
    api.force_authenticate(story.owner_worker)
    version = consultation.version

    response = patch(api, detail(consultation), {"minutes": 90})

    assert response.status_code == 428
    assert response.json() == {
        "detail": en(preconditions.PRECONDITION_REQUIRED),
        "code": "precondition_required",
    }
    consultation.refresh_from_db()
    assert consultation.version == version
    assert consultation.minutes != 90


def test_the_body_version_alone_still_works(api, story, consultation):
    api.force_authenticate(story.owner_worker)

    response = patch(api, detail(consultation), {"minutes": 45, "version": consultation.version})

    assert response.status_code == 200
    assert response.headers["ETag"] == f'W/"{consultation.version + 1}"'


def test_a_stale_body_version_alone_is_still_409_stale(api, story, consultation):
    api.force_authenticate(story.owner_worker)

    response = patch(
        api, detail(consultation), {"minutes": 45, "version": consultation.version + 5}
    )

    assert response.status_code == 409
    assert response.json() == {"detail": en(STALE_EDIT), "code": "stale"}


def test_if_match_and_a_body_version_that_disagree_are_412(api, story, consultation):
    api.force_authenticate(story.owner_worker)
    body = {"minutes": 45, "version": consultation.version}

    response = patch(api, detail(consultation), body, if_match=f'W/"{consultation.version + 1}"')

    assert response.status_code == 412
    consultation.refresh_from_db()
    assert consultation.minutes != 45


def test_if_match_star_changes_whatever_version_is_current(api, story, consultation):
    api.force_authenticate(story.owner_worker)

    response = patch(api, detail(consultation), {"minutes": 45}, if_match="*")

    assert response.status_code == 200


@pytest.mark.parametrize("header", ["3", 'W/"3", W/"4"', 'W/"abc"', ""])
def test_a_malformed_if_match_is_a_400_naming_the_header(api, story, consultation, header):
    api.force_authenticate(story.owner_worker)

    response = patch(api, detail(consultation), {"minutes": 45}, if_match=header)

    assert response.status_code == 400
    assert response.json() == {"If-Match": [en(preconditions.INVALID_IF_MATCH)]}


def test_a_stranger_patching_with_a_current_tag_is_still_404(api, story, consultation):
    api.force_authenticate(story.stranger)

    response = patch(
        api, detail(consultation), {"minutes": 45}, if_match=f'W/"{consultation.version}"'
    )

    assert response.status_code == 404


def test_an_anonymous_patch_with_a_tag_is_401(api, consultation):
    response = patch(
        api, detail(consultation), {"minutes": 45}, if_match=f'W/"{consultation.version}"'
    )

    assert response.status_code == 401


def test_a_household_patch_honours_if_match_too(api, story):
    household = story.case.household
    api.force_authenticate(story.owner_worker)
    url = reverse("api:household-detail", args=[household.pk])

    stale = patch(api, url, {"phone": "0565-11-2222"}, if_match=f'W/"{household.version + 1}"')
    fresh = patch(api, url, {"phone": "0565-11-2222"}, if_match=f'W/"{household.version}"')

    assert (stale.status_code, fresh.status_code) == (412, 200)


# --- concurrent PATCHes (PostgreSQL) ------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_patches_with_one_tag_save_once_and_never_fail(require_postgres, story):
    consultation = story.case.consultations.get()
    tag = f'W/"{consultation.version}"'
    statuses: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2, timeout=30)

    def send(minutes: int) -> None:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(story.owner_worker)
        try:
            barrier.wait()
            statuses.append(
                patch(client, detail(consultation), {"minutes": minutes}, tag).status_code
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(m,)) for m in (30, 60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert sorted(statuses) in ([200, 409], [200, 412])
    consultation.refresh_from_db()
    assert consultation.version == int(tag[3:-1]) + 1


# --- the schema says so -------------------------------------------------------------------


def schema(api: APIClient, story) -> dict:
    api.force_authenticate(story.owner_worker)
    return api.get(reverse("api-schema"), {"format": "json"}).json()


def test_the_schema_documents_if_match_412_and_428_on_patches_and_etag_on_reads(api, story):
    paths = schema(api, story)["paths"]["/api/v1/consultations/{id}/"]

    assert "If-Match" in [p["name"] for p in paths["patch"]["parameters"]]
    assert {"412", "428"} <= set(paths["patch"]["responses"])
    assert "ETag" in paths["get"]["responses"]["200"]["headers"]
    assert "ETag" in paths["patch"]["responses"]["200"]["headers"]


def test_the_schema_documents_version_as_optional_where_if_match_may_replace_it(api, story):
    components = schema(api, story)["components"]["schemas"]

    assert "version" not in components["PatchedConsultationUpdateInput"].get("required", [])
