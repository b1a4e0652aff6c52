"""Every /api/ error is JSON in one of two shapes (field errors for a 400, else detail and
code), in the caller's language, and bad input never becomes a 500."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.test import APIClient

from cases.access import NOT_FOUND
from cases.models import Consent, Household
from core.api.errors import SERVER_ERROR
from core.api.fields import SafeDateTimeField, StrictCharField
from core.api.parsers import MAX_DEPTH, TOO_DEEP
from core.dates import LATEST_YEAR, TOO_FAR_AHEAD
from tests.factories import ServiceAccountFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def en(message) -> str:
    with translation.override("en"):
        return str(message)


@pytest.fixture
def api(story) -> APIClient:
    """The intake agency's partner system, by token, asking for English."""
    _, token = ServiceAccountFactory(agency=story.hub)
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")


def missing_case_404(api) -> bytes:
    response = api.get(reverse("api:case-detail", args=[999_999]))
    assert response.status_code == 404
    return response.content


# --- one 404 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing-here/", "/api/v1/cases/abc/", "/api/v2/cases/", "/api/"],
    ids=["unknown-resource", "malformed-id", "unknown-version", "api-root"],
)
def test_a_url_no_route_matches_answers_the_same_bytes_as_a_missing_case(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.content == missing_case_404(api)


def test_the_404_says_not_found_with_its_code(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.json() == {"detail": en(NOT_FOUND), "code": "not_found"}


def test_the_404_is_in_japanese_unless_asked_otherwise(story):
    response = APIClient().get("/api/v1/nothing-here/")
    with translation.override("ja"):
        assert response.json()["detail"] == str(NOT_FOUND)
    assert response.json()["detail"] != en(NOT_FOUND)


def test_a_strangers_case_reads_like_a_url_that_does_not_exist(api, story):
    _, token = ServiceAccountFactory(agency=story.other, username="stranger-system")
    stranger = APIClient(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")
    hidden = stranger.get(reverse("api:case-detail", args=[story.case.pk]))
    nowhere = stranger.get("/api/v1/cases/abc/")
    assert (hidden.status_code, hidden.content) == (nowhere.status_code, nowhere.content)


def test_a_page_outside_the_api_still_gets_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- detail and code --------------------------------------------------------------------


def test_an_anonymous_caller_gets_a_401_with_its_code(story):
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").get(reverse("api:case-list"))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_method_the_endpoint_lacks_is_a_405_with_its_code(api, story):
    response = api.delete(reverse("api:case-list"))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_a_media_type_the_endpoint_cannot_read_is_a_415(api):
    response = api.post(reverse("api:case-list"), "<case/>", content_type="application/xml")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_an_accept_header_the_api_cannot_answer_is_a_406(api):
    response = api.get(reverse("api:case-list"), HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_a_refusal_with_a_reason_carries_its_code(api, story):
    api.credentials()  # session user instead of the token
    api.force_authenticate(story.team_worker)
    response = api.patch(
        reverse("api:case-detail", args=[story.case.pk]),
        {"version": story.case.version, "title": "変更"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_an_unhandled_error_is_a_json_500_without_a_traceback(story, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("cases.api.views.case_list", explode)
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(story.owner_worker)
    response = client.get(reverse("api:case-list"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": en(SERVER_ERROR), "code": "server_error"}
    assert b"secret internals" not in response.content


# --- bodies Django refuses or redirects -------------------------------------------------


def test_a_body_over_the_upload_limit_is_a_json_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"title": "x" * 2000})
    response = api.post(reverse("api:case-list"), body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_multipart_body_over_the_limit_in_its_fields_is_a_json_413(api, story, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post(
        reverse("api:case-consent-list", args=[story.case.pk]),
        {"representative_name": "x" * 2000, "method": "written"},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_post_without_the_trailing_slash_is_served_not_redirected(api, story):
    path = reverse("api:household-list").rstrip("/")
    body = {"name": "鈴木家", "members": [{"family_name": "鈴木", "relation": "head"}]}
    response = api.post(path, body, format="json")
    assert response.status_code == 201
    assert Household.objects.get(pk=response.json()["id"]).name == "鈴木家"


def test_a_get_without_the_trailing_slash_answers_the_same_as_with_it(api, story):
    path = reverse("api:case-detail", args=[story.case.pk])
    assert api.get(path.rstrip("/")).json() == api.get(path).json()


def test_an_unknown_path_without_a_slash_is_the_one_404(api):
    response = api.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.content == missing_case_404(api)


def test_pages_outside_the_api_keep_their_append_slash_redirect(client):
    assert client.get("/accounts/login").status_code == 301


# --- bad input is a 400 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["case-list", "household-list", "referral-list", "meeting-list", "menu-list"]
)
def test_a_deeply_nested_body_is_a_400_parse_error_on_every_json_endpoint(api, name):
    body = "[" * 1100 + "]" * 1100  # about 2.2 KB
    response = api.post(reverse(f"api:{name}"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": en(TOO_DEEP % {"depth": MAX_DEPTH}),
        "code": "parse_error",
    }


def test_a_body_nested_just_past_the_limit_is_refused_too(api):
    body = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    response = api.post(reverse("api:case-list"), body, content_type="application/json")
    assert response.json()["code"] == "parse_error"


def test_malformed_json_is_a_400_parse_error(api):
    response = api.post(reverse("api:case-list"), "{", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def consent_body(story, **overrides) -> dict:
    return {
        "person": story.consent.person_id,
        "purposes": ["sharing"],
        "method": "written",
        "valid_from": timezone.localdate().isoformat(),
        "all_team_agencies": True,
        **overrides,
    }


@pytest.mark.parametrize("field", ["valid_until", "valid_from"])
def test_a_consent_date_in_year_9999_is_a_400_on_that_field(api, story, field):
    consents = Consent.objects.count()
    response = api.post(
        reverse("api:case-consent-list", args=[story.case.pk]),
        consent_body(story, **{field: "9999-12-31"}),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()[field] == [en(TOO_FAR_AHEAD % {"year": LATEST_YEAR})]
    assert Consent.objects.count() == consents


def test_a_consent_ending_in_the_last_allowed_year_is_recorded(api, story):
    response = api.post(
        reverse("api:case-consent-list", args=[story.case.pk]),
        consent_body(story, valid_until=f"{LATEST_YEAR}-12-31"),
        format="json",
    )
    assert response.status_code == 201


def test_a_number_for_a_title_is_a_400_not_saved_as_text(api, story):
    response = api.patch(
        reverse("api:case-detail", args=[story.case.pk]),
        {"version": story.case.version, "title": 123},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["title"]
    story.case.refresh_from_db()
    assert story.case.title != "123"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("household-list", {"name": 5, "members": [{"family_name": "鈴木", "relation": "head"}]}),
        ("meeting-list", {"kind": "support", "title": 5, "starts_at": "2030-01-01T10:00"}),
        ("community-group-list", {"name": 5}),
        ("host-list", {"name": 5}),
    ],
    ids=["cases", "meetings", "community", "participation"],
)
def test_a_number_for_a_text_field_is_a_400_in_every_app(api, name, body):
    response = api.post(reverse(f"api:{name}"), body, format="json")
    assert response.status_code == 400
    assert "name" in response.json() or "title" in response.json()


def test_every_input_serializer_takes_only_strings_and_safe_times():
    """A new input serializer with a plain CharField (DRF turns 123 into "123") or a plain
    DateTimeField (0001-01-01T00:00 overflows) fails here."""
    import cases.api.inputs
    import community.api.inputs
    import meetings.api.serializers
    import participation.api.inputs

    modules = (cases.api.inputs, community.api.inputs, meetings.api.serializers)
    modules += (participation.api.inputs,)
    found = []
    for module in modules:
        for name, cls in vars(module).items():
            if not (name.endswith("InputSerializer") and isinstance(cls, type)):
                continue
            for path, field in _fields(cls(), name):
                if field.read_only:
                    continue
                if isinstance(field, serializers.CharField):
                    found.append((path, not isinstance(field, StrictCharField)))
                if isinstance(field, serializers.DateTimeField):
                    found.append((path, not isinstance(field, SafeDateTimeField)))
    assert found  # the walk reaches text fields at all
    assert [path for path, lax in found if lax] == []


def _fields(serializer, prefix):
    for name, field in serializer.fields.items():
        path = f"{prefix}.{name}"
        yield path, field
        child = getattr(field, "child", None)
        if isinstance(field, serializers.ListSerializer):
            yield from _fields(field.child, path)
        elif isinstance(field, serializers.Serializer):
            yield from _fields(field, path)
        elif child is not None:
            yield f"{path}[]", child


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00", "0001-01-01T00:00:00+09:00"]
)
def test_a_time_at_the_edge_of_the_calendar_is_a_400_not_a_500(api, story, moment):
    response = api.post(
        reverse("api:case-consultation-list", args=[story.case.pk]),
        {"occurred_at": moment, "mode": "phone", "narrative": "電話"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["occurred_at"]


def test_a_yes_or_no_filter_that_is_neither_is_a_400_naming_it(story):
    api = APIClient()
    api.force_authenticate(story.owner_worker)

    response = api.get("/api/v1/agencies/", {"is_hub": "maybe"})

    assert response.status_code == 400
    assert list(response.json()) == ["is_hub"]


def test_a_yes_or_no_filter_reads_true_and_false(story):
    api = APIClient()
    api.force_authenticate(story.owner_worker)

    hubs = api.get("/api/v1/agencies/", {"is_hub": "true"}).json()["results"]
    others = api.get("/api/v1/agencies/", {"is_hub": "false"}).json()["results"]

    assert hubs and all(a["is_hub"] for a in hubs)
    assert others and not any(a["is_hub"] for a in others)


def test_a_page_past_any_row_a_database_holds_is_the_404_of_a_page_past_the_end(api):
    response = api.get("/api/v1/community/places/", {"page": "1" + "0" * 30})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_name_search_holding_a_nul_character_is_a_400_naming_it(api):
    response = api.get("/api/v1/persons/", {"name": "山\x00田"})

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
