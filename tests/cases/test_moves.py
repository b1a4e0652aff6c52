"""A moved person's new household is not shown to the agencies of the old one.

The hub moves the Yamada son (一郎) to a household of its own (転居先世帯, with a case the
team agencies are not on). The team agency, which 一郎's own consent covered in the Yamada
case, still reads that case and so knows 一郎 from it: it learns that he moved out and when,
never where to."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases import selectors, services
from core.wareki import short_wareki
from tests.factories import open_case, record_consent

pytestmark = pytest.mark.django_db

NEW_HOME = "転居先世帯"


@pytest.fixture
def moved(story):
    new_home = open_case(worker=story.owner_worker, name=NEW_HOME).household
    person = story.case.household.memberships.get(relation="child").person
    record_consent(
        case=story.case,
        by=story.owner_worker,
        person=person,
        all_team_agencies=False,
        agencies=[story.team_agency],
    )
    services.person_update(
        actor=story.owner_worker,
        person=person,
        expected_version=None,
        data={"phone": "080-1234-5678"},
    )
    services.person_move(
        actor=story.owner_worker,
        person=person,
        to_household=new_home,
        relation="lodger",
        on=timezone.localdate(),
    )
    return person


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def person_as(api, user, person) -> dict:
    api.force_authenticate(user)
    response = api.get(reverse("api:person-detail", args=[person.pk]))
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_shows_the_old_households_agency_no_new_household(api, story, moved):
    body = person_as(api, story.team_worker, moved)
    assert body["household"] is None
    assert NEW_HOME not in str(body)


def test_the_api_tells_the_old_households_agency_when_the_person_moved_out(api, story, moved):
    body = person_as(api, story.team_worker, moved)
    assert body["moved_out_on"] == timezone.localdate().isoformat()


def test_the_api_gives_the_old_households_agency_no_phone_of_one_who_moved_away(api, story, moved):
    body = person_as(api, story.team_worker, moved)
    assert (body["phone"], body["phone_hidden"]) == ("", True)


def test_the_person_list_shows_the_old_households_agency_no_new_household(api, story, moved):
    api.force_authenticate(story.team_worker)
    rows = api.get(reverse("api:person-list")).json()["results"]
    [row] = [r for r in rows if r["id"] == moved.pk]
    assert (row["household"], row["moved_out_on"]) == (None, timezone.localdate().isoformat())


def test_the_agency_that_reads_the_new_household_sees_it(api, story, moved):
    body = person_as(api, story.owner_worker, moved)
    assert body["household"]["name"] == NEW_HOME
    assert body["moved_out_on"] is None


def test_search_shows_the_old_households_agency_a_move_out_without_the_destination(
    client, story, moved
):
    client.force_login(story.team_worker)
    text = client.get(reverse("cases:search"), {"q": "一郎"}).text
    assert "山田 一郎" in text or "山田一郎" in text
    assert NEW_HOME not in text
    assert short_wareki(timezone.localdate()) in text


def test_the_old_household_page_shows_the_move_out_without_the_destination(client, story, moved):
    client.force_login(story.team_worker)
    text = client.get(reverse("cases:household", args=[story.case.household_id])).text
    assert short_wareki(timezone.localdate()) in text
    assert NEW_HOME not in text


def test_a_persons_households_are_those_the_reader_may_read(story, moved):
    seen = selectors.person_households(story.team_worker, moved)
    assert [m.household_id for m in seen] == [story.case.household_id]
