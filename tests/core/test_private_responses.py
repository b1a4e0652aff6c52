"""Browser and storage hygiene: nothing a signed-in user was answered stays in a cache, and
pages that answer htmx with a partial never let a cache mix the partial and the page."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import ServiceAccountFactory

pytestmark = pytest.mark.django_db


def _never_stored(response) -> bool:
    return "no-store" in response["Cache-Control"] and response["Pragma"] == "no-cache"


def test_personal_pages_are_never_cached(client, story):
    client.force_login(story.owner_worker)
    for url in (
        reverse("home"),
        reverse("cases:list"),
        reverse("cases:detail", args=[story.case.pk]),
        reverse("cases:household", args=[story.case.household_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _never_stored(response), url


def test_refusals_to_a_signed_in_user_are_never_cached_either(client, story):
    client.force_login(story.stranger)
    response = client.get(reverse("cases:detail", args=[story.case.pk]))
    assert response.status_code == 404
    assert _never_stored(response)


def test_api_answers_to_a_session_are_never_cached(client, story):
    client.force_login(story.owner_worker)
    response = client.get(reverse("api:case-detail", args=[story.case.pk]))
    assert response.status_code == 200
    assert _never_stored(response)


def test_api_answers_to_a_token_are_never_cached(story):
    _, token = ServiceAccountFactory(agency=story.hub)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get(reverse("api:case-detail", args=[story.case.pk]))
    assert response.status_code == 200
    assert _never_stored(response)


def test_api_answers_to_a_refused_token_are_never_cached(story):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get(reverse("api:case-list"))
    assert response.status_code == 401
    assert _never_stored(response)


def test_pages_that_answer_htmx_never_let_a_cache_mix_partial_and_page(client, story):
    client.force_login(story.owner_worker)
    page = client.get(reverse("cases:list"))
    partial = client.get(reverse("cases:list"), headers={"HX-Request": "true"})
    for response in (page, partial):
        assert "HX-Request" in response["Vary"]
