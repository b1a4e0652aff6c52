"""A user of several agencies is asked which one they act for; never picked silently."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agencies import access, services
from agencies.models import Membership
from cases.models import Case
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.factories import AgencyFactory, open_case

pytestmark = pytest.mark.django_db


def in_three_days() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=3)


@pytest.fixture
def two_hats(people):
    """A caseworker of the hub who also works for a second agency (a 兼務 post)."""
    second = AgencyFactory(name="第二の機関")
    services.membership_add(
        actor=None, agency=second, user=people.hub_worker, role=Membership.Role.CASEWORKER
    )
    return people.hub_worker, second


def test_the_named_agency_is_taken_when_it_is_the_users(people):
    assert access.choose_agency(people.hub, [people.hub, people.other]) == people.hub


def test_an_agency_that_is_not_the_users_is_refused(people):
    with pytest.raises(PermissionDenied) as refusal:
        access.choose_agency(people.other, [people.hub])
    assert str(refusal.value) == str(access.NOT_YOUR_AGENCY)


def test_the_only_agency_is_taken_without_asking(people):
    assert access.choose_agency(None, [people.hub]) == people.hub


def test_a_user_of_several_agencies_is_asked_on_the_named_field(people):
    with pytest.raises(ValidationError) as asked:
        access.choose_agency(None, [people.hub, people.other], field="owner")
    assert asked.value.message_dict == {"owner": [str(access.AGENCY_REQUIRED)]}


def test_a_user_without_an_agency_is_refused(people):
    with pytest.raises(PermissionDenied):
        access.choose_agency(None, [])


def test_intake_by_a_user_of_two_agencies_without_saying_which_is_refused(two_hats):
    worker, _ = two_hats
    with pytest.raises(ValidationError) as asked:
        open_case(worker=worker)
    assert "agency" in asked.value.message_dict
    assert not Case.objects.exists()


def test_intake_by_a_user_of_two_agencies_registers_under_the_one_named(two_hats):
    worker, second = two_hats
    case = open_case(worker=worker, agency=second)
    assert case.owner_agency == second
    assert case.household.owner_agency == second


def test_the_intake_page_asks_a_user_of_two_agencies_which_one(client, two_hats):
    worker, second = two_hats
    client.force_login(worker)
    page = client.get(reverse("cases:intake"))
    assert 'name="agency"' in page.content.decode()
    assert second.name in page.content.decode()


def test_the_intake_page_asks_nothing_of_a_user_of_one_agency(client, people):
    client.force_login(people.other_worker)
    assert 'name="agency"' not in client.get(reverse("cases:intake")).content.decode()


def test_opening_a_case_over_the_api_without_the_agency_is_a_field_error(two_hats):
    worker, _ = two_hats
    api = APIClient()
    api.force_authenticate(worker)
    body = {
        "title": "相談",
        "referral_source": "self",
        "projects": ["consultation"],
        "new_household": {
            "name": "川口家",
            "members": [
                {
                    "family_name": "川口",
                    "given_name": "花",
                    "family_name_kana": "かわぐち",
                    "given_name_kana": "はな",
                    "relation": "head",
                }
            ],
        },
        "first_consultation": {
            "occurred_at": "2026-01-05T10:00:00+09:00",
            "mode": "phone",
            "narrative": "電話相談。",
        },
    }
    response = api.post(reverse("api:case-list"), body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["agency"] == [str(access.AGENCY_REQUIRED)]
    assert (
        api.post(
            reverse("api:case-list"),
            {**body, "agency": worker.memberships.first().agency_id},
            format="json",
        ).status_code
        == 201
    )


def test_a_coordinator_of_two_agencies_names_the_organiser_of_a_meeting(people):
    second = AgencyFactory(name="第二の拠点", is_hub=True)
    coordinator = people.hub_coordinator
    services.membership_add(
        actor=None, agency=second, user=coordinator, role=Membership.Role.COORDINATOR
    )
    with pytest.raises(ValidationError) as asked:
        meeting_services.meeting_create(
            actor=coordinator,
            kind=Meeting.Kind.SUPPORT,
            title="支援会議",
            starts_at=in_three_days(),
        )
    assert "organiser" in asked.value.message_dict
    meeting = meeting_services.meeting_create(
        actor=coordinator,
        kind=Meeting.Kind.SUPPORT,
        title="支援会議",
        starts_at=in_three_days(),
        organiser=second,
    )
    assert meeting.organiser == second
