"""The cases REST API as a permission story: who gets what from /api/v1/, for cases,
consultations, households and referrals (DOMAIN.md "Who may see what").

Personas (tests/cases/conftest.py): the intake agency's caseworker and supervisor; the team
agency covered by consent; the team agency the consent does not name; that covered team
agency again after the consent is withdrawn, and after it has expired; a stranger agency
that never heard of the case; and an anonymous caller."""

import datetime as dt
from contextlib import contextmanager, nullcontext

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from cases import access, services
from cases.models import Case, Referral
from tests.factories import AgencyFactory, ServiceAccountFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

PERSONAS = (
    "owner_worker",
    "owner_supervisor",
    "team_worker",
    "uncovered_worker",
    "after_withdrawal",
    "after_expiry",
    "stranger",
    "anonymous",
)


@pytest.fixture
def api() -> APIClient:
    """Messages in English (the msgids), so tests can match the message constants."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@contextmanager
def acting_as(api: APIClient, story, persona: str):
    """Authenticate as `persona`; for the two lapsed-consent personas, withdraw the consent
    first or move the clock past its end (a year from yesterday) for the block."""
    clock = nullcontext()
    if persona == "after_withdrawal":
        services.consent_withdraw(
            actor=story.owner_worker, consent=story.consent, reason="本人の申出"
        )
    if persona in {"after_withdrawal", "after_expiry"}:
        user = story.team_worker
    else:
        user = None if persona == "anonymous" else getattr(story, persona)
    if persona == "after_expiry":
        clock = time_machine.travel(timezone.now() + dt.timedelta(days=367))
    if user is not None:
        api.force_authenticate(user)
    with clock:
        yield user


def en(message) -> str:
    with translation.override("en"):
        return str(message)


def listed_ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def an_hour_ago() -> str:
    return (timezone.now() - dt.timedelta(hours=1)).isoformat()


# --- cases ------------------------------------------------------------------------------

#                     list (status, listed)  detail  create  update
CASE_MATRIX = {
    "owner_worker":     ((200, True),          200,    201,    200),
    "owner_supervisor": ((200, True),          200,    201,    200),
    "team_worker":      ((200, True),          200,    400,    403),
    "uncovered_worker": ((200, False),         403,    403,    403),
    "after_withdrawal": ((200, False),         403,    403,    403),
    "after_expiry":     ((200, False),         403,    403,    403),
    "stranger":         ((200, False),         404,    400,    404),
    "anonymous":        ((401, None),          401,    401,    401),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_case_list_shows_the_case_only_to_agencies_that_may_read_it(api, story, persona):
    status, listed = CASE_MATRIX[persona][0]
    with acting_as(api, story, persona):
        response = api.get(reverse("api:case-list"))
    assert response.status_code == status
    if status == 200:
        assert (story.case.pk in listed_ids(response)) is listed


@pytest.mark.parametrize("persona", PERSONAS)
def test_case_detail_answers_each_persona_as_the_policy_says(api, story, persona):
    with acting_as(api, story, persona):
        response = api.get(reverse("api:case-detail", args=[story.case.pk]))
    assert response.status_code == CASE_MATRIX[persona][1]


@pytest.mark.parametrize("persona", PERSONAS)
def test_opening_a_case_for_the_household_needs_holding_the_household(api, story, persona):
    """A stranger naming the household is told it does not exist (400 on `household`); a
    consent reader is told to ask the lead (400 on `household`): it never becomes an owner."""
    body = {
        "household": story.case.household_id,
        "title": "長男の就労相談",
        "referral_source": Case.Source.SELF,
        "projects": ["consultation"],
    }
    with acting_as(api, story, persona):
        response = api.post(reverse("api:case-list"), body, format="json")
    assert response.status_code == CASE_MATRIX[persona][2]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_changes_a_case(api, story, persona):
    with acting_as(api, story, persona):
        response = api.patch(
            reverse("api:case-detail", args=[story.case.pk]),
            {"version": story.case.version, "status": Case.Status.ASSESSMENT},
            format="json",
        )
    assert response.status_code == CASE_MATRIX[persona][3]


def test_a_team_agency_without_consent_gets_the_reason_and_the_minimal_card(api, story):
    api.force_authenticate(story.uncovered_worker)
    body = api.get(reverse("api:case-detail", args=[story.case.pk])).json()
    assert body["detail"].startswith(f"{story.uncovered_agency.name} is on this case's team")
    assert body["card"] == {
        "id": story.case.pk,
        "reference": story.case.reference,
        "lead_agency": {"id": story.hub.pk, "name": story.hub.name, "phone": story.hub.phone},
    }
    assert "title" not in body


def test_a_stranger_gets_the_same_404_body_as_for_a_missing_case(api, story):
    api.force_authenticate(story.stranger)
    stranger = api.get(reverse("api:case-detail", args=[story.case.pk]))
    missing = api.get(reverse("api:case-detail", args=[999_999]))
    assert (stranger.status_code, stranger.json()) == (missing.status_code, missing.json())
    assert "card" not in stranger.json()


def test_a_reader_who_may_not_change_is_told_why_without_a_card(api, story):
    api.force_authenticate(story.team_worker)
    response = api.patch(
        reverse("api:case-detail", args=[story.case.pk]),
        {"version": story.case.version, "title": "変更"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Only the intake agency or the lead agency")
    assert "card" not in response.json()


def test_a_refusal_without_consent_carries_the_id_of_the_agency_it_names(api, story):
    api.force_authenticate(story.uncovered_worker)
    body = api.get(reverse("api:case-detail", args=[story.case.pk])).json()
    assert body["agencies"] == [story.uncovered_agency.pk]


def test_a_reader_told_to_ask_the_lead_gets_the_lead_agencys_id(api, story):
    api.force_authenticate(story.team_worker)
    response = api.post(
        reverse("api:case-team-list", args=[story.case.pk]),
        {"agency": story.other.pk, "role": "見守り"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["agencies"] == [story.hub.pk]
    assert story.hub.name in response.json()["detail"]


def test_a_refusal_that_names_no_agency_has_no_agencies_list(api, story):
    api.force_authenticate(story.hub_admin)
    assert "agencies" not in api.get(reverse("api:case-list")).json()


def test_the_case_detail_says_on_which_basis_the_caller_reads_it(api, story):
    api.force_authenticate(story.team_worker)
    body = api.get(reverse("api:case-detail", args=[story.case.pk])).json()
    mother = story.consent.person_id
    assert body["access"] == {
        "basis": "consent",
        "can_change": False,
        "summary_only": False,
        "covered_persons": [mother],
    }
    assert body["lead_agency"]["phone"] == story.hub.phone


def test_any_caseworker_can_take_in_a_new_household_with_its_first_consultation(api, story):
    api.force_authenticate(story.stranger)
    response = api.post(
        reverse("api:case-list"),
        {
            "new_household": {
                "name": "佐藤家",
                "address": "テスト市東町5-6",
                "members": [{"family_name": "佐藤", "given_name": "花子", "relation": "head"}],
            },
            "title": "家計の相談",
            "referral_source": Case.Source.SELF,
            "projects": ["consultation"],
            "first_consultation": {
                "occurred_at": an_hour_ago(),
                "mode": "visit",
                "narrative": "来所。家計について相談。",
            },
        },
        format="json",
    )
    assert response.status_code == 201
    case = Case.objects.get(pk=response.json()["id"])
    assert case.owner_agency == story.other
    assert case.household.memberships.get().person.given_name == "花子"
    assert case.consultations.count() == 1


def test_an_agency_admin_has_no_case_role_and_is_told_so(api, story):
    api.force_authenticate(story.hub_admin)
    response = api.get(reverse("api:case-list"))
    assert response.status_code == 403
    assert response.json()["detail"] == en(access.NO_CASE_ROLE)


# --- consultations ----------------------------------------------------------------------

#                     list (status, listed)  detail  create  update
CONSULTATION_MATRIX = {
    "owner_worker":     ((200, True),          200,    201,    200),
    "owner_supervisor": ((200, True),          200,    201,    200),
    "team_worker":      ((200, True),          200,    201,    403),
    "uncovered_worker": ((403, None),          403,    403,    403),
    "after_withdrawal": ((403, None),          403,    403,    403),
    "after_expiry":     ((403, None),          403,    403,    403),
    "stranger":         ((404, None),          404,    404,    404),
    "anonymous":        ((401, None),          401,    401,    401),
}  # fmt: skip


@pytest.fixture
def consultation(story):
    return story.case.consultations.get()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_consultation_list_is_for_readers_of_the_case(api, story, consultation, persona):
    status, listed = CONSULTATION_MATRIX[persona][0]
    with acting_as(api, story, persona):
        response = api.get(reverse("api:case-consultation-list", args=[story.case.pk]))
    assert response.status_code == status
    if status == 200:
        assert (consultation.pk in listed_ids(response)) is listed


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_consultation_is_read_by_readers_of_its_case(api, story, consultation, persona):
    with acting_as(api, story, persona):
        response = api.get(reverse("api:consultation-detail", args=[consultation.pk]))
    assert response.status_code == CONSULTATION_MATRIX[persona][1]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_agency_that_reads_the_case_records_its_own_consultations(api, story, persona):
    with acting_as(api, story, persona):
        response = api.post(
            reverse("api:case-consultation-list", args=[story.case.pk]),
            {"occurred_at": an_hour_ago(), "mode": "phone", "narrative": "電話で状況確認。"},
            format="json",
        )
    assert response.status_code == CONSULTATION_MATRIX[persona][2]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_recording_agency_corrects_a_consultation(api, story, consultation, persona):
    with acting_as(api, story, persona):
        response = api.patch(
            reverse("api:consultation-detail", args=[consultation.pk]),
            {"version": consultation.version, "minutes": 45},
            format="json",
        )
    assert response.status_code == CONSULTATION_MATRIX[persona][3]


def test_a_team_agency_records_a_consultation_under_its_own_name(api, story):
    api.force_authenticate(story.team_worker)
    response = api.post(
        reverse("api:case-consultation-list", args=[story.case.pk]),
        {"occurred_at": an_hour_ago(), "mode": "home_visit", "narrative": "訪問。"},
        format="json",
    )
    assert response.json()["agency"] == {"id": story.team_agency.pk, "name": story.team_agency.name}


# --- households -------------------------------------------------------------------------

#                     list (status, listed)  detail  create  update
HOUSEHOLD_MATRIX = {
    "owner_worker":     ((200, True),          200,    201,    200),
    "owner_supervisor": ((200, True),          200,    201,    200),
    "team_worker":      ((200, True),          200,    201,    403),
    "uncovered_worker": ((200, False),         403,    201,    403),
    "after_withdrawal": ((200, False),         403,    201,    403),
    "after_expiry":     ((200, False),         403,    201,    403),
    "stranger":         ((200, False),         404,    201,    404),
    "anonymous":        ((401, None),          401,    401,    401),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_household_list_shows_the_household_only_to_its_readers(api, story, persona):
    status, listed = HOUSEHOLD_MATRIX[persona][0]
    with acting_as(api, story, persona):
        response = api.get(reverse("api:household-list"))
    assert response.status_code == status
    if status == 200:
        assert (story.case.household_id in listed_ids(response)) is listed


@pytest.mark.parametrize("persona", PERSONAS)
def test_household_detail_answers_each_persona_as_the_policy_says(api, story, persona):
    with acting_as(api, story, persona):
        response = api.get(reverse("api:household-detail", args=[story.case.household_id]))
    assert response.status_code == HOUSEHOLD_MATRIX[persona][1]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_caseworker_registers_households_for_its_agency(api, story, persona):
    body = {"name": "鈴木家", "members": [{"family_name": "鈴木", "relation": "head"}]}
    with acting_as(api, story, persona):
        response = api.post(reverse("api:household-list"), body, format="json")
    assert response.status_code == HOUSEHOLD_MATRIX[persona][2]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_an_agency_that_may_change_the_household_updates_it(api, story, persona):
    household = story.case.household
    with acting_as(api, story, persona):
        response = api.patch(
            reverse("api:household-detail", args=[household.pk]),
            {"version": household.version, "phone": "0565-11-2222"},
            format="json",
        )
    assert response.status_code == HOUSEHOLD_MATRIX[persona][3]


# --- referrals --------------------------------------------------------------------------

#                     list (status, listed)  detail  create  withdraw
REFERRAL_MATRIX = {
    "owner_worker":     ((200, True),          200,    201,    200),
    "owner_supervisor": ((200, True),          200,    201,    200),
    "team_worker":      ((200, False),         404,    403,    404),
    "uncovered_worker": ((200, False),         404,    403,    404),
    "after_withdrawal": ((200, False),         404,    403,    404),
    "after_expiry":     ((200, False),         404,    403,    404),
    "stranger":         ((200, False),         404,    400,    404),
    "anonymous":        ((401, None),          401,    401,    401),
}  # fmt: skip


@pytest.fixture
def receiver():
    return AgencyFactory(name="社会福祉協議会 くらしサポート")


@pytest.fixture
def referral(story, receiver) -> Referral:
    return services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=receiver,
        reason="家計相談をお願いします",
        summary="長男の就労と家計について",
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_referral_list_shows_a_referral_to_its_sender_and_receiver_only(
    api, story, referral, persona
):
    status, listed = REFERRAL_MATRIX[persona][0]
    with acting_as(api, story, persona):
        response = api.get(reverse("api:referral-list"))
    assert response.status_code == status
    if status == 200:
        assert (referral.pk in listed_ids(response)) is listed


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_referral_is_read_by_its_sender_and_receiver_only(api, story, referral, persona):
    with acting_as(api, story, persona):
        response = api.get(reverse("api:referral-detail", args=[referral.pk]))
    assert response.status_code == REFERRAL_MATRIX[persona][1]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_may_refer_the_case(api, story, persona):
    target = AgencyFactory(name="自立相談支援機関 あしたば")
    body = {"case": story.case.pk, "to_agency": target.pk, "reason": "就労支援", "summary": "要約"}
    with acting_as(api, story, persona):
        response = api.post(reverse("api:referral-list"), body, format="json")
    assert response.status_code == REFERRAL_MATRIX[persona][2]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_referring_agency_withdraws_its_referral(api, story, referral, persona):
    with acting_as(api, story, persona):
        response = api.post(reverse("api:referral-withdraw", args=[referral.pk]))
    assert response.status_code == REFERRAL_MATRIX[persona][3]


def test_the_receiver_sees_the_referral_as_received(api, story, referral, receiver):
    api.force_authenticate(StaffFactory(agency=receiver))
    response = api.get(reverse("api:referral-list"), {"direction": "received"})
    [row] = response.json()["results"]
    assert (row["id"], row["direction"]) == (referral.pk, "received")
    assert row["summary"] == "長男の就労と家計について"


def test_the_receiver_accepts_and_joins_the_team(api, story, referral, receiver):
    api.force_authenticate(StaffFactory(agency=receiver))
    response = api.post(
        reverse("api:referral-accept", args=[referral.pk]), {"response_note": "承知しました"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == Referral.Status.ACCEPTED
    assert story.case.team.filter(agency=receiver, left_on__isnull=True).exists()


def test_the_receiver_cannot_withdraw_and_the_sender_cannot_accept(api, story, referral, receiver):
    api.force_authenticate(StaffFactory(agency=receiver))
    assert api.post(reverse("api:referral-withdraw", args=[referral.pk])).status_code == 403
    api.force_authenticate(story.owner_worker)
    assert api.post(reverse("api:referral-accept", args=[referral.pk])).status_code == 403
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


def test_an_answered_referral_cannot_be_answered_again(api, story, referral, receiver):
    api.force_authenticate(StaffFactory(agency=receiver))
    api.post(reverse("api:referral-accept", args=[referral.pk]))
    response = api.post(
        reverse("api:referral-return", args=[referral.pk]), {"response_note": "やはり無理"}
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_the_referral_list_filters_by_status(api, story, referral):
    api.force_authenticate(story.owner_worker)
    assert listed_ids(api.get(reverse("api:referral-list"), {"status": "sent"})) == {referral.pk}
    assert listed_ids(api.get(reverse("api:referral-list"), {"status": "accepted"})) == set()


# --- partner systems --------------------------------------------------------------------


def test_a_partner_system_token_reads_like_its_agencys_caseworker(api, story):
    _, token = ServiceAccountFactory(agency=story.hub)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert story.case.pk in listed_ids(api.get(reverse("api:case-list")))
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 200


def test_a_partner_system_token_records_consultations_for_its_agency(api, story):
    _, token = ServiceAccountFactory(agency=story.hub)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.post(
        reverse("api:case-consultation-list", args=[story.case.pk]),
        {"occurred_at": an_hour_ago(), "mode": "online", "narrative": "連携システムから登録"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["agency"]["id"] == story.hub.pk


def test_a_stranger_agencys_token_gets_the_404_a_stranger_gets(api, story):
    _, token = ServiceAccountFactory(agency=story.other)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 404
    assert story.case.pk not in listed_ids(api.get(reverse("api:case-list")))
