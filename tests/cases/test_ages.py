"""Ages wherever a person is shown with their birth date, and the age they were at intake
and at each consultation about them; never where the birth date is not for the reader."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse

from cases import services
from cases.models import Person
from cases.services.households import PersonData
from core.dates import age_label
from tests.factories import consultation_data, open_case

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
TODAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=TOKYO)
# The story's Yamada household: トメ born 1944-04-02 (82 on TODAY), 一郎 1974-08-15 (52).


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _tome(case) -> Person:
    return case.household.memberships.get(person__given_name="トメ").person


def test_the_household_page_shows_each_members_age(client, story):
    client.force_login(story.owner_worker)
    page = client.get(reverse("cases:household", args=[story.case.household_id])).text
    assert age_label(82) in page
    assert age_label(52) in page


def test_the_case_page_shows_each_members_age(client, story):
    client.force_login(story.owner_worker)
    page = client.get(reverse("cases:detail", args=[story.case.pk])).text
    assert age_label(82) in page


def test_the_case_page_shows_the_age_a_member_was_at_intake(client, people):
    with time_machine.travel(dt.datetime(2024, 4, 1, 10, 0, tzinfo=TOKYO), tick=False):
        case = open_case(worker=people.hub_worker)
    client.force_login(people.hub_worker)
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert age_label(82) in page
    assert age_label(79) in page  # トメ on 2024-04-01, the day before her birthday


def test_search_results_show_the_age(client, story):
    client.force_login(story.owner_worker)
    page = client.get(reverse("cases:search"), {"q": "やまだ"}).text
    assert age_label(82) in page


def test_the_person_page_shows_the_age(client, story):
    client.force_login(story.owner_worker)
    page = client.get(reverse("cases:person_history", args=[_tome(story.case).pk])).text
    assert age_label(82) in page


def test_a_consultation_about_a_member_shows_the_age_they_were_that_day(client, people):
    with time_machine.travel(dt.datetime(2024, 3, 1, 10, 0, tzinfo=TOKYO), tick=False):
        case = open_case(worker=people.hub_worker)
    tome = _tome(case)
    services.consultation_log(
        actor=people.hub_worker,
        case=case,
        data=consultation_data(
            occurred_at=dt.datetime(2024, 4, 1, 9, 0, tzinfo=TOKYO), person=tome
        ),
    )
    client.force_login(people.hub_worker)
    page = client.get(reverse("cases:timeline", args=[case.pk])).text
    assert f"・{tome.full_name}（{age_label(79)}）" in page


def test_a_team_agency_without_consent_sees_no_age(client, story):
    client.force_login(story.uncovered_worker)
    page = client.get(reverse("cases:detail", args=[story.case.pk])).text
    assert age_label(82) not in page
    assert age_label(52) not in page


def test_a_stranger_sees_no_household_and_so_no_age(client, story):
    client.force_login(story.stranger)
    response = client.get(reverse("cases:household", args=[story.case.household_id]))
    assert response.status_code == 404
    assert age_label(82) not in response.text


def test_a_person_without_a_birth_date_has_no_age_label(people):
    case = open_case(
        worker=people.hub_worker,
        members=[PersonData(family_name="川田", relation="head")],
    )
    person = case.household.memberships.get().person
    rendered = Template("{% load ages %}[{{ p|age_label }}][{{ p|age_on_label:day }}]").render(
        Context({"p": person, "day": dt.date(2024, 4, 1)})
    )
    assert rendered == "[][]"


def test_the_household_page_shows_no_age_for_a_member_without_a_birth_date(client, people):
    case = open_case(
        worker=people.hub_worker,
        members=[PersonData(family_name="川田", relation="head")],
    )
    client.force_login(people.hub_worker)
    page = client.get(reverse("cases:household", args=[case.household_id])).text
    assert "（）" not in page
    assert age_label(0) not in page


def test_a_deceased_persons_age_stops_at_their_death(people):
    case = open_case(worker=people.hub_worker)
    tome = _tome(case)
    tome.died_on = dt.date(2025, 1, 10)
    rendered = Template("{% load ages %}{{ p|age_label }}").render(Context({"p": tome}))
    assert rendered == age_label(80)
