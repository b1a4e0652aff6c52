"""Who may use the join-request page and endpoint, and the consent-extension page: the
stranger agency gets 404 (as if the case did not exist), the team agency the consent does
not name gets 403 with the reason, an anonymous client is sent to sign in (401 over the
API), and the allowed ones succeed (tests/cases/conftest.py tells the story)."""

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from cases.models import Referral
from cases.services.referrals import JOIN_ALREADY_HOLDS
from tests.factories import open_case, record_consent

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


NO_CONSENT = "no active consent of the person covers sharing the case with it"
NO_CONSENT_JA = "情報共有について本人の有効な同意がありません"


def en(message) -> str:
    with translation.override("en"):
        return str(message)


def ja(message) -> str:
    """The pages speak Japanese (the msgid translated)."""
    with translation.override("ja"):
        return str(message)


# --- the join-request page ---------------------------------------------------------------


def join_url(story) -> str:
    return reverse("cases:join_request", args=[story.case.pk])


def test_the_join_request_page_is_not_found_for_a_stranger_agency(client, story):
    client.force_login(story.stranger)
    assert client.get(join_url(story)).status_code == 404
    assert client.post(join_url(story), {"reason": "就労支援"}).status_code == 404
    assert not Referral.objects.filter(kind=Referral.Kind.JOIN_REQUEST).exists()


def test_the_join_request_page_refuses_a_team_agency_without_consent_with_the_reason(client, story):
    client.force_login(story.uncovered_worker)
    response = client.post(join_url(story), {"reason": "就労支援"})
    assert response.status_code == 403
    assert NO_CONSENT_JA in response.text
    assert not Referral.objects.filter(kind=Referral.Kind.JOIN_REQUEST).exists()


def test_the_join_request_page_sends_an_anonymous_client_to_sign_in(client, story):
    response = client.post(join_url(story), {"reason": "就労支援"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Referral.objects.filter(kind=Referral.Kind.JOIN_REQUEST).exists()


def test_a_consent_reader_sends_a_join_request_to_the_lead_from_the_page(client, story):
    client.force_login(story.team_worker)
    assert client.get(join_url(story)).status_code == 200
    response = client.post(join_url(story), {"reason": "就労支援"})
    assert response.status_code == 302
    request = Referral.objects.get(kind=Referral.Kind.JOIN_REQUEST)
    assert (request.from_agency, request.to_agency) == (story.team_agency, story.hub)


def test_the_owner_is_told_on_the_page_that_it_already_holds_the_case(client, story):
    client.force_login(story.owner_worker)
    response = client.post(join_url(story), {"reason": "就労支援"})
    assert response.status_code == 200
    assert ja(JOIN_ALREADY_HOLDS) in response.text
    assert not Referral.objects.filter(kind=Referral.Kind.JOIN_REQUEST).exists()


def test_a_blank_reason_is_a_form_error_not_a_request(client, story):
    client.force_login(story.team_worker)
    response = client.post(join_url(story), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not Referral.objects.filter(kind=Referral.Kind.JOIN_REQUEST).exists()


# --- the join-request endpoint -----------------------------------------------------------


def join_api(story) -> str:
    return reverse("api:case-join-request", args=[story.case.pk])


def api_as(user) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        api.force_authenticate(user)
    return api


def test_the_join_request_endpoint_is_not_found_for_a_stranger_agency(story):
    response = api_as(story.stranger).post(join_api(story), {"reason": "x"}, format="json")
    missing = api_as(story.stranger).post(
        reverse("api:case-join-request", args=[story.case.pk + 10_000]),
        {"reason": "x"},
        format="json",
    )
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()


def test_the_join_request_endpoint_refuses_a_team_agency_without_consent_with_the_reason(
    story,
):
    response = api_as(story.uncovered_worker).post(join_api(story), {"reason": "x"}, format="json")
    assert response.status_code == 403
    assert NO_CONSENT in str(response.json())


def test_the_join_request_endpoint_refuses_an_anonymous_client(story):
    response = api_as(None).post(join_api(story), {"reason": "x"}, format="json")
    assert response.status_code == 401
    assert not Referral.objects.filter(kind=Referral.Kind.JOIN_REQUEST).exists()


def test_a_consent_reader_sends_a_join_request_over_the_api(story):
    response = api_as(story.team_worker).post(join_api(story), {"reason": "就労"}, format="json")
    assert response.status_code == 201
    assert response.json()["kind"] == Referral.Kind.JOIN_REQUEST


def test_a_second_join_request_while_one_waits_is_a_clear_400(story):
    api = api_as(story.team_worker)
    api.post(join_api(story), {"reason": "就労"}, format="json")
    response = api.post(join_api(story), {"reason": "就労"}, format="json")
    assert response.status_code == 400
    assert Referral.objects.filter(kind=Referral.Kind.JOIN_REQUEST).count() == 1


# --- the consent-extension page ----------------------------------------------------------


def extend_url(story) -> str:
    return reverse("cases:consent_extend", args=[story.case.pk, story.consent.pk])


def extend_body(story) -> dict:
    return {
        "agency": story.uncovered_agency.pk,
        "note": "本人に電話で確認し、障がい者相談支援事業所への共有に同意を得た",
    }


def covered(story) -> bool:
    return story.consent.extensions.filter(agency=story.uncovered_agency).exists()


def test_the_consent_extension_page_is_not_found_for_a_stranger_agency(client, story):
    client.force_login(story.stranger)
    assert client.get(extend_url(story)).status_code == 404
    assert client.post(extend_url(story), extend_body(story)).status_code == 404
    assert not covered(story)


def test_the_consent_extension_page_refuses_a_team_agency_without_consent_with_the_reason(
    client, story
):
    client.force_login(story.uncovered_worker)
    response = client.post(extend_url(story), extend_body(story))
    assert response.status_code == 403
    assert NO_CONSENT_JA in response.text
    assert not covered(story)


def test_a_consent_reader_cannot_extend_the_consent_from_the_page(client, story):
    client.force_login(story.team_worker)
    response = client.post(extend_url(story), extend_body(story))
    assert response.status_code == 403
    assert not covered(story)


def test_the_consent_extension_page_sends_an_anonymous_client_to_sign_in(client, story):
    response = client.post(extend_url(story), extend_body(story))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not covered(story)


def test_the_owner_extends_the_consent_to_a_later_team_agency_from_the_page(client, story):
    client.force_login(story.owner_worker)
    assert client.get(extend_url(story)).status_code == 200
    response = client.post(extend_url(story), extend_body(story))
    assert response.status_code == 302
    assert covered(story)


def test_extending_to_an_agency_not_on_the_team_is_a_form_error(client, story):
    client.force_login(story.owner_worker)
    body = {**extend_body(story), "agency": story.other.pk}
    response = client.post(extend_url(story), body)
    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert not story.consent.extensions.exists()


def test_a_blank_note_is_a_form_error_and_extends_nothing(client, story):
    client.force_login(story.owner_worker)
    response = client.post(extend_url(story), {**extend_body(story), "note": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert not covered(story)


def test_a_consent_of_another_case_is_not_found_on_this_case(client, story):
    other = open_case(worker=story.owner_worker, name="別の世帯")
    elsewhere = record_consent(case=other, by=story.owner_worker, agencies=[story.hub])
    client.force_login(story.owner_worker)
    url = reverse("cases:consent_extend", args=[story.case.pk, elsewhere.pk])
    assert client.get(url).status_code == 404
