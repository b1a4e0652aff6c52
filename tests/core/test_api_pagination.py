"""API lists: page numbers with page_size, a capped count, and keyset pages for syncing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(people) -> APIClient:
    client = APIClient()
    client.force_authenticate(people.hub_worker)
    return client


@pytest.fixture
def five_cases(people) -> list[int]:
    return [open_case(worker=people.hub_worker, name=f"家{i}").pk for i in range(5)]


def test_page_size_chooses_how_many_rows_a_page_holds(api, five_cases):
    body = api.get(reverse("api:case-list"), {"page_size": 2}).json()
    assert len(body["results"]) == 2
    assert body["count"] == 5
    assert body["count_exceeds_cap"] is False


def test_page_size_is_capped_at_one_hundred(api, five_cases):
    response = api.get(reverse("api:case-list"), {"page_size": 10_000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 5


def test_above_the_cap_the_count_stops_and_says_so(api, five_cases, settings):
    settings.LIST_COUNT_CAP = 3
    body = api.get(reverse("api:case-list"), {"page_size": 2, "page": 3}).json()
    assert body["count"] == 3
    assert body["count_exceeds_cap"] is True
    assert len(body["results"]) == 1  # the fifth case: pages past the cap still answer
    assert body["next"] is None


def test_cursor_pages_walk_every_case_once_newest_first(api, five_cases):
    seen, url = [], reverse("api:case-list") + "?cursor=&page_size=2"
    while url:
        body = api.get(url).json()
        assert "count" not in body
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(five_cases, reverse=True)


def test_a_malformed_cursor_is_a_clear_404_not_a_500(api, five_cases):
    response = api.get(reverse("api:case-list"), {"cursor": "not-a-cursor"})
    assert response.status_code == 404
    assert response.json()["detail"] == "カーソルが不正です。"  # DRF's message, in Japanese


def test_cursor_pages_list_only_what_the_caller_may_read(people, five_cases):
    stranger = APIClient()
    stranger.force_authenticate(people.other_worker)
    body = stranger.get(reverse("api:case-list"), {"cursor": ""}).json()
    assert body["results"] == []
