"""住所秘匿 in every channel: while a current member's address is confidential, the address,
postcode, phone and area of the household (and the phones of those who live in it) reach
only its registering agency and the intake or lead agency of its cases. The consented team
agency reads the case, but not where the household can be found."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases import services
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

ADDRESS = "テスト市本町1-2-3"
PHONE = "0565-11-2233"
POSTCODE = "471-0001"
AREA = "第九中学校区"
MOBILE = "090-1111-2222"


@pytest.fixture
def confidential(story):
    """The Yamada household with a phone, postcode and area; its head under 住所秘匿."""
    household = story.case.household
    services.household_update(
        actor=story.owner_worker,
        household=household,
        expected_version=None,
        data={"phone": PHONE, "postal_code": POSTCODE, "area": AreaFactory(name=AREA)},
    )
    head = household.memberships.get(relation="head").person
    services.person_update(
        actor=story.owner_worker,
        person=head,
        expected_version=None,
        data={"address_confidential": True, "phone": MOBILE},
    )
    return head


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def page(client, user, name: str, pk: int) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.text


# --- the household over the API -----------------------------------------------------------


def test_the_api_gives_a_team_agency_no_phone_of_a_confidential_household(api, story, confidential):
    api.force_authenticate(story.team_worker)
    [row] = api.get(reverse("api:household-list")).json()["results"]
    detail = api.get(reverse("api:household-detail", args=[story.case.household_id])).json()
    assert (row["phone"], detail["phone"]) == ("", "")


def test_the_api_gives_the_intake_agency_the_phone_of_a_confidential_household(
    api, story, confidential
):
    api.force_authenticate(story.owner_worker)
    detail = api.get(reverse("api:household-detail", args=[story.case.household_id])).json()
    assert (detail["phone"], detail["area"]["name"]) == (PHONE, AREA)


# --- persons over the API ---------------------------------------------------------------


def test_the_api_gives_a_team_agency_no_phone_of_a_person_under_jusho_hitoku(
    api, story, confidential
):
    api.force_authenticate(story.team_worker)
    body = api.get(reverse("api:person-detail", args=[confidential.pk])).json()
    assert (body["phone"], body["phone_hidden"]) == ("", True)


def test_the_person_list_gives_a_team_agency_no_phone_of_a_person_under_jusho_hitoku(
    api, story, confidential
):
    api.force_authenticate(story.team_worker)
    rows = api.get(reverse("api:person-list")).json()["results"]
    [row] = [r for r in rows if r["id"] == confidential.pk]
    assert (row["phone"], row["phone_hidden"]) == ("", True)


def test_the_api_gives_the_intake_agency_the_phone_of_a_person_under_jusho_hitoku(
    api, story, confidential
):
    api.force_authenticate(story.owner_worker)
    body = api.get(reverse("api:person-detail", args=[confidential.pk])).json()
    assert (body["phone"], body["phone_hidden"]) == (MOBILE, False)


# --- pages ------------------------------------------------------------------------------


def test_the_household_page_hides_the_area_from_a_team_agency(client, story, confidential):
    assert AREA not in page(client, story.team_worker, "cases:household", story.case.household_id)


def test_the_household_page_hides_address_postcode_and_phone_from_a_team_agency(
    client, story, confidential
):
    text = page(client, story.team_worker, "cases:household", story.case.household_id)
    assert not [v for v in (ADDRESS, POSTCODE, PHONE) if v in text]


def test_the_household_page_shows_the_intake_agency_where_the_household_is(
    client, story, confidential
):
    text = page(client, story.owner_worker, "cases:household", story.case.household_id)
    assert all(v in text for v in (ADDRESS, POSTCODE, PHONE, AREA))


def test_the_case_page_hides_where_the_household_is_from_a_team_agency(client, story, confidential):
    """(The area is not checked: the page's menu search offers every area to choose from.)"""
    text = page(client, story.team_worker, "cases:detail", story.case.pk)
    assert not [v for v in (ADDRESS, POSTCODE, PHONE, MOBILE) if v in text]


def test_search_results_show_a_team_agency_nothing_of_where_the_household_is(
    client, story, confidential
):
    client.force_login(story.team_worker)
    text = client.get(reverse("cases:search"), {"q": "山田"}).text
    assert "山田家" in text
    assert not [v for v in (ADDRESS, POSTCODE, PHONE, AREA, MOBILE) if v in text]
