"""Reading through the cases API: every read is logged on the API channel, lists cost a
constant number of queries, 住所秘匿 and agency-internal records hold, consents take
effect on the next request, and the filters narrow what access already allows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases import access, services
from cases.access import visible_addresses
from cases.api.selectors import household_list
from cases.models import AccessLog, Case, HouseholdMembership
from cases.models.access import Basis
from cases.services.households import PersonData
from tests.factories import (
    AgencyFactory,
    ServiceAccountFactory,
    StaffFactory,
    consultation_data,
    open_case,
)

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def listed_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def api_reads(kind: str, user=None) -> list[int]:
    rows = AccessLog.objects.filter(channel=AccessLog.Channel.API, kind=kind)
    if user is not None:
        rows = rows.filter(user=user)
    return sorted(rows.values_list("object_id", flat=True))


def token_client(agency) -> APIClient:
    _, token = ServiceAccountFactory(agency=agency, username=f"partner-{agency.pk}")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def make_confidential(story) -> None:
    """住所秘匿 for the head of the story's household (a DV case, say)."""
    person = story.case.household.memberships.first().person
    services.person_update(
        actor=story.owner_worker,
        person=person,
        expected_version=None,
        data={"address_confidential": True},
    )


# --- the read log -----------------------------------------------------------------------


def test_a_case_list_logs_each_listed_case_once_on_the_api_channel(api, story):
    second = open_case(worker=story.owner_worker, name="田中家")
    api.force_authenticate(story.owner_worker)
    listed = listed_ids(api.get(reverse("api:case-list")))
    assert sorted(listed) == sorted([story.case.pk, second.pk])
    assert api_reads("case") == sorted(listed)


def test_a_case_detail_read_is_logged_with_its_basis(api, story):
    api.force_authenticate(story.team_worker)
    api.get(reverse("api:case-detail", args=[story.case.pk]))
    entry = AccessLog.objects.get(channel=AccessLog.Channel.API, kind="case")
    assert (entry.user, entry.object_id, entry.basis) == (
        story.team_worker,
        story.case.pk,
        Basis.CONSENT,
    )
    assert entry.agency == story.team_agency
    assert entry.path == reverse("api:case-detail", args=[story.case.pk])


def test_household_and_person_lists_log_every_listed_row(api, story):
    api.force_authenticate(story.owner_worker)
    households = listed_ids(api.get(reverse("api:household-list")))
    persons = listed_ids(api.get(reverse("api:person-list")))
    assert api_reads("household") == sorted(households) == [story.case.household_id]
    assert api_reads("person") == sorted(persons) and len(persons) == 2


def test_household_and_person_details_are_logged(api, story):
    person = story.case.household.memberships.first().person
    api.force_authenticate(story.team_worker)
    api.get(reverse("api:household-detail", args=[story.case.household_id]))
    api.get(reverse("api:person-detail", args=[person.pk]))
    assert api_reads("household", story.team_worker) == [story.case.household_id]
    assert api_reads("person", story.team_worker) == [person.pk]


def test_a_refused_read_logs_nothing(api, story):
    api.force_authenticate(story.uncovered_worker)
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 403
    api.force_authenticate(story.stranger)
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_reading_a_referral_is_logged_as_a_read_of_its_case_on_the_referral_basis(api, story):
    receiver = AgencyFactory()
    referral = services.referral_send(
        actor=story.owner_worker, case=story.case, to_agency=receiver, reason="依頼", summary="要約"
    )
    worker = StaffFactory(agency=receiver)
    api.force_authenticate(worker)
    api.get(reverse("api:referral-detail", args=[referral.pk]))
    entry = AccessLog.objects.get(user=worker)
    assert (entry.kind, entry.object_id, entry.basis, entry.channel) == (
        "case",
        story.case.pk,
        Basis.REFERRAL,
        "api",
    )


# --- query counts -----------------------------------------------------------------------


def open_cases(story, rows: int) -> list[Case]:
    """`rows` cases of the intake agency in all (the story's case included)."""
    return [story.case] + [
        open_case(worker=story.owner_worker, name=f"世帯{n:02}") for n in range(rows - 1)
    ]


@pytest.mark.parametrize("rows", [10, 50])
def test_the_case_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    open_cases(story, rows)
    client = token_client(story.hub)
    # (and the token's last-used stamp: its first use writes it)
    # token+user, memberships, whether the caller holds a personal 106-6 grant, count, page
    # (with household, intake and lead agency), current projects, the basis of each row,
    # one INSERT into the access log
    with django_assert_max_num_queries(9):
        assert len(listed_ids(client.get(reverse("api:case-list")))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_household_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    """Worst case: the page has a 住所秘匿 household registered by another agency."""
    make_confidential(story)
    for n in range(rows - 1):
        services.household_create(
            actor=story.team_worker,
            name=f"世帯{n:02}",
            members=[PersonData(family_name="東", relation="head")],
        )
    client = token_client(story.team_agency)
    # (and the token's last-used stamp: its first use writes it)
    # token+user, memberships, whether the caller holds a personal 106-6 grant, count, page
    # (with agency and area), current members (with persons), cases the caller may change
    # among the 住所秘匿 rows, the basis of each row, one INSERT; the caller's decision on
    # each household (for whose members it reads by name, rule 2): the cases of the
    # households it did not register and the caller's rows on them
    with django_assert_max_num_queries(12):
        assert len(listed_ids(client.get(reverse("api:household-list")))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_person_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    open_cases(story, rows // 2)  # two persons a household
    client = token_client(story.hub)
    # (and the token's last-used stamp: its first use writes it)
    # token+user, memberships, whether the caller holds a personal 106-6 grant, count, page
    # (with agency), current memberships (with households), the basis of each row, one
    # INSERT into the access log
    with django_assert_max_num_queries(9):
        assert len(listed_ids(client.get(reverse("api:person-list")))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_referral_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    receiver = AgencyFactory()
    for case in open_cases(story, rows):
        services.referral_send(
            actor=story.owner_worker, case=case, to_agency=receiver, reason="依頼", summary="要約"
        )
    client = token_client(story.hub)
    # (and the token's last-used stamp: its first use writes it)
    # token+user, memberships, whether the caller holds a personal 106-6 grant, count, page
    # (with case, agencies and staff), one INSERT
    with django_assert_max_num_queries(7):
        assert len(listed_ids(client.get(reverse("api:referral-list")))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_consultation_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for _ in range(rows - 1):
        services.consultation_log(
            actor=story.owner_worker, case=story.case, data=consultation_data()
        )
    client = token_client(story.hub)
    url = reverse("api:case-consultation-list", args=[story.case.pk])
    # (and the token's last-used stamp: its first use writes it)
    # token+user, memberships, the case, its permission rows, the case's access-log INSERT,
    # whether the caller holds a personal 106-6 grant, count, page (agency, staff, person)
    with django_assert_max_num_queries(9):
        assert len(listed_ids(client.get(url))) == rows


# --- 住所秘匿 ----------------------------------------------------------------------------


def test_a_consented_team_agency_does_not_see_a_confidential_address(api, story):
    make_confidential(story)
    api.force_authenticate(story.team_worker)
    [row] = api.get(reverse("api:household-list")).json()["results"]
    detail = api.get(reverse("api:household-detail", args=[story.case.household_id])).json()
    for body in (row, detail):
        assert body["address_hidden"] is True
        assert (body["address"], body["postal_code"], body["area"]) == ("", "", None)
        assert body["name"] == "山田家"


def test_the_intake_agency_sees_the_confidential_address(api, story):
    make_confidential(story)
    api.force_authenticate(story.owner_worker)
    [row] = api.get(reverse("api:household-list")).json()["results"]
    assert (row["address"], row["address_hidden"]) == ("テスト市本町1-2-3", False)


def test_the_list_hides_exactly_the_addresses_access_hides(story):
    make_confidential(story)
    open_case(worker=story.team_worker, name="東家")  # the team agency's own household
    for user in (story.owner_worker, story.team_worker, story.hub_supervisor):
        households = list(household_list(user))
        expected = {h.pk for h in households if access.can_see_address(user, h)}
        assert visible_addresses(user, households) == expected


# --- agency-internal records ------------------------------------------------------------


@pytest.fixture
def internal(story):
    return services.consultation_log(
        actor=story.owner_worker, case=story.case, data=consultation_data(is_internal=True)
    )


def test_another_agency_does_not_list_an_internal_consultation(api, story, internal):
    api.force_authenticate(story.team_worker)
    url = reverse("api:case-consultation-list", args=[story.case.pk])
    assert internal.pk not in listed_ids(api.get(url))


def test_another_agency_gets_a_404_for_an_internal_consultation(api, story, internal):
    api.force_authenticate(story.team_worker)
    assert api.get(reverse("api:consultation-detail", args=[internal.pk])).status_code == 404


def test_the_recording_agency_reads_its_internal_consultation(api, story, internal):
    api.force_authenticate(story.owner_supervisor)
    response = api.get(reverse("api:consultation-detail", args=[internal.pk]))
    assert (response.status_code, response.json()["is_internal"]) == (200, True)


# --- consents ---------------------------------------------------------------------------


def test_the_intake_agency_lists_the_cases_consents(api, story):
    api.force_authenticate(story.owner_worker)
    [row] = api.get(reverse("api:case-consent-list", args=[story.case.pk])).json()["results"]
    assert (row["id"], row["state"]) == (story.consent.pk, "active")
    assert row["agencies"] == [{"id": story.team_agency.pk, "name": story.team_agency.name}]


def test_a_consent_recorded_through_the_api_opens_the_case_at_once(api, story):
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:case-consent-list", args=[story.case.pk]),
        {
            "person": story.consent.person_id,
            "purposes": ["sharing"],
            "method": "oral",
            "valid_from": timezone.localdate().isoformat(),
            "agencies": [story.uncovered_agency.pk],
        },
        format="json",
    )
    assert response.status_code == 201
    api.force_authenticate(story.uncovered_worker)
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 200


def test_a_team_agency_cannot_record_consent(api, story):
    api.force_authenticate(story.team_worker)
    response = api.post(
        reverse("api:case-consent-list", args=[story.case.pk]),
        {
            "person": story.consent.person_id,
            "purposes": ["sharing"],
            "method": "oral",
            "valid_from": timezone.localdate().isoformat(),
            "all_team_agencies": True,
        },
        format="json",
    )
    assert response.status_code == 403


def test_withdrawing_consent_through_the_api_ends_sharing_on_the_next_request(api, story):
    api.force_authenticate(story.owner_worker)
    response = api.post(
        reverse("api:consent-withdraw", args=[story.consent.pk]),
        {"withdrawal_reason": "本人の申出"},
    )
    assert (response.status_code, response.json()["state"]) == (200, "withdrawn")
    api.force_authenticate(story.team_worker)
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 403
    assert story.case.pk not in listed_ids(api.get(reverse("api:case-list")))


def test_only_the_intake_or_lead_agency_withdraws_consent(api, story):
    api.force_authenticate(story.team_worker)
    response = api.post(
        reverse("api:consent-withdraw", args=[story.consent.pk]),
        {"withdrawal_reason": "本人の申出"},
    )
    assert response.status_code == 403
    api.force_authenticate(story.stranger)
    response = api.post(
        reverse("api:consent-withdraw", args=[story.consent.pk]),
        {"withdrawal_reason": "本人の申出"},
    )
    assert response.status_code == 404


# --- filters ----------------------------------------------------------------------------


def test_persons_are_found_by_kana_name_and_birth_date(api, story):
    api.force_authenticate(story.owner_worker)
    url = reverse("api:person-list")
    [by_kana] = api.get(url, {"kana": "やまだ いちろう"}).json()["results"]
    [by_name] = api.get(url, {"name": "トメ"}).json()["results"]
    [by_birth] = api.get(url, {"birth_date": "1944-04-02"}).json()["results"]
    assert by_kana["given_name"] == "一郎"
    assert by_name["id"] == by_birth["id"] != by_kana["id"]


def test_person_filters_never_reach_beyond_what_access_allows(api, story):
    api.force_authenticate(story.stranger)
    assert listed_ids(api.get(reverse("api:person-list"), {"kana": "やまだ"})) == []


def test_cases_are_filtered_by_status_household_and_opening_date(api, story):
    other = open_case(worker=story.owner_worker, name="田中家")
    services.case_update(
        actor=story.owner_worker, case=other, expected_version=None, data={"status": "planning"}
    )
    api.force_authenticate(story.owner_worker)
    url = reverse("api:case-list")
    assert listed_ids(api.get(url, {"status": "planning"})) == [other.pk]
    assert listed_ids(api.get(url, {"household": story.case.household_id})) == [story.case.pk]
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert listed_ids(api.get(url, {"opened_on_after": tomorrow})) == []


def test_cases_are_filtered_by_intake_and_lead_agency(api, story):
    services.lead_change(
        actor=story.owner_worker, case=story.case, agency=story.team_agency, reason="介護中心"
    )
    api.force_authenticate(story.team_worker)
    url = reverse("api:case-list")
    assert listed_ids(api.get(url, {"lead_agency": story.team_agency.pk})) == [story.case.pk]
    assert listed_ids(api.get(url, {"owner_agency": story.team_agency.pk})) == []


def test_a_person_shows_the_household_they_live_in_now(api, story):
    person = story.case.household.memberships.get(relation=HouseholdMembership.Relation.CHILD)
    api.force_authenticate(story.owner_worker)
    body = api.get(reverse("api:person-detail", args=[person.person_id])).json()
    assert body["household"] == {
        "id": story.case.household_id,
        "name": "山田家",
        "relation": "child",
    }


# --- OpenAPI ----------------------------------------------------------------------------


def test_the_schema_still_renders_and_documents_the_cases_api(api, story):
    api.force_authenticate(story.owner_worker)
    response = api.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"/api/v1/cases/{id}/consultations/" in response.content
