"""API lists: page numbers with page_size, a capped count, and keyset pages for syncing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.access import NOT_FOUND
from core.api.filters import BAD_DATETIME, ORDERING_WITH_CURSOR
from core.api.pagination import MAX_PAGE_SIZE, NOT_A_PAGE
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


def test_a_page_size_above_two_hundred_is_a_400_as_the_schema_says(api, people):
    response = api.get(reverse("api:case-list"), {"page_size": MAX_PAGE_SIZE + 1})
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]
    assert MAX_PAGE_SIZE == 200


def test_two_hundred_rows_can_come_in_one_page(api, five_cases):
    response = api.get(reverse("api:case-list"), {"page_size": 200})
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


def test_a_malformed_cursor_is_a_400_on_cursor(api, five_cases):
    response = api.get(reverse("api:case-list"), {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert response.json() == {"cursor": ["カーソルが不正です。"]}  # DRF's message, in Japanese


def test_cursor_pages_list_only_what_the_caller_may_read(people, five_cases):
    stranger = APIClient()
    stranger.force_authenticate(people.other_worker)
    body = stranger.get(reverse("api:case-list"), {"cursor": ""}).json()
    assert body["results"] == []


# --- page numbers: bad ones are a 400, a page past the end the one 404 ---------------------


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "", "２"])
def test_a_page_that_is_not_a_positive_whole_number_is_a_400_on_page(api, five_cases, page):
    response = api.get(reverse("api:case-list"), {"page": page})
    assert response.status_code == 400
    assert response.json() == {"page": [str(NOT_A_PAGE)]}


@pytest.mark.parametrize("size", ["0", "-5", "many"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_a_400(api, five_cases, size):
    response = api.get(reverse("api:case-list"), {"page_size": size})
    assert response.status_code == 400
    assert response.json() == {"page_size": [str(NOT_A_PAGE)]}


def test_a_page_past_the_end_is_the_one_404(api, five_cases):
    response = api.get(reverse("api:case-list"), {"page": 99, "page_size": 2})
    assert response.status_code == 404
    assert response.json() == {"detail": str(NOT_FOUND), "code": "not_found"}


def test_the_last_page_can_be_asked_for_by_name(api, five_cases):
    response = api.get(reverse("api:case-list"), {"page": "last", "page_size": 2})
    assert len(response.json()["results"]) == 1


# --- ordering -----------------------------------------------------------------------------


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_ordering_by_id_ascending_and_descending(api, five_cases):
    assert ids(api.get(reverse("api:case-list"), {"ordering": "id"})) == sorted(five_cases)
    descending = ids(api.get(reverse("api:case-list"), {"ordering": "-id"}))
    assert descending == sorted(five_cases, reverse=True)


def test_ordering_by_a_field_breaks_ties_by_id(api, five_cases):
    # All five were opened today: the id decides.
    assert ids(api.get(reverse("api:case-list"), {"ordering": "opened_on"})) == sorted(five_cases)


def test_ordering_by_a_field_not_offered_is_a_400_naming_the_choices(api, five_cases):
    response = api.get(reverse("api:case-list"), {"ordering": "title"})
    assert response.status_code == 400
    assert list(response.json()) == ["ordering"]
    assert "opened_on" in response.json()["ordering"][0]


def test_ordering_by_a_related_column_is_refused(api, five_cases):
    response = api.get(reverse("api:case-list"), {"ordering": "household__name"})
    assert response.status_code == 400


def test_ordering_with_a_cursor_is_a_400(api, five_cases):
    response = api.get(reverse("api:case-list"), {"ordering": "id", "cursor": ""})
    assert response.status_code == 400
    assert response.json() == {"ordering": [str(ORDERING_WITH_CURSOR)]}


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("household-list", "id"),
        ("person-list", "kana"),
        ("person-list", "-birth_date"),
        ("referral-list", "id"),
        ("meeting-list", "-starts_at"),
        ("community-group-list", "id"),
        ("community-activity-list", "held_on"),
        ("menu-list", "id"),
        ("host-list", "id"),
        ("plan-list", "id"),
        ("matching-list", "id"),
        ("follow-up-list", "next_on"),
        ("agency-list", "id"),
    ],
)
def test_each_main_list_sorts_by_what_it_offers_and_refuses_the_rest(api, name, field):
    assert api.get(reverse(f"api:{name}"), {"ordering": field}).status_code == 200
    assert api.get(reverse(f"api:{name}"), {"ordering": "nope"}).status_code == 400


# --- updated_since ------------------------------------------------------------------------


def test_updated_since_keeps_the_rows_changed_at_or_after_it(api, five_cases):
    from cases.models import Case

    changed = Case.objects.get(pk=five_cases[2])
    changed.save()  # updated_at moves on
    since = changed.updated_at.isoformat()
    assert ids(api.get(reverse("api:case-list"), {"updated_since": since})) == [changed.pk]


def test_updated_since_works_with_cursor_pages(api, five_cases):
    from cases.models import Case

    changed = Case.objects.get(pk=five_cases[0])
    changed.save()
    params = {"updated_since": changed.updated_at.isoformat(), "cursor": ""}
    assert ids(api.get(reverse("api:case-list"), params)) == [changed.pk]


def test_updated_since_a_date_means_its_midnight(api, five_cases):
    response = api.get(reverse("api:case-list"), {"updated_since": "2000-01-01"})
    assert sorted(ids(response)) == sorted(five_cases)


def test_updated_since_with_an_offset_postgresql_does_not_take_is_still_answered(api, five_cases):
    """ISO 8601 allows offsets up to ±23:59, PostgreSQL only ±15:59 (found by schemathesis)."""
    response = api.get(reverse("api:case-list"), {"updated_since": "2000-01-01T00:00:00+21:13"})
    assert response.status_code == 200
    assert sorted(ids(response)) == sorted(five_cases)


@pytest.mark.parametrize(
    "value", ["yesterday", "2026-13-01T00:00:00", "2026-04-01T09:00:00 09:00", "0001-01-01"]
)
def test_a_malformed_updated_since_is_a_400(api, five_cases, value):
    response = api.get(reverse("api:case-list"), {"updated_since": value})
    assert response.status_code == 400
    assert response.json() == {"updated_since": [str(BAD_DATETIME)]}


@pytest.mark.parametrize(
    "name",
    ["household-list", "person-list", "referral-list", "meeting-list", "community-place-list"],
)
def test_main_lists_take_updated_since(api, name):
    response = api.get(reverse(f"api:{name}"), {"updated_since": "nope"})
    assert response.status_code == 400
    assert list(response.json()) == ["updated_since"]


def test_ordering_and_updated_since_add_no_queries_per_row(api, people, five_cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"ordering": "-last_contact_at,id", "updated_since": "2000-01-01"}

    def queries(size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get(reverse("api:case-list"), {**params, "page_size": size})
            assert response.status_code == 200
        return len(captured)

    queries(1)  # the first request also caches what every later one reuses
    assert queries(1) == queries(5)
