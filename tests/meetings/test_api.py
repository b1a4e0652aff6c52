"""The meetings REST API as a permission story.

The hub's coordinator organises a 支援会議 with the Yamada case on its agenda and publishes
it (tests/meetings/conftest.py). Personas: the organiser (the hub's coordinator); a pledged
participant of another agency (the stranger agency's caseworker, who pledged); an
unpledged participant (the uncovered team agency's caseworker); a non-participant agency
(the consented team agency, not invited: the meeting does not exist for it); anonymous."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from agencies.models import Membership
from cases import services as case_services
from cases.models import AccessLog
from cases.models.access import Basis
from meetings import access, services
from meetings.api import selectors
from meetings.models import ActionItem, AgendaItem, Meeting
from tests.factories import (
    AgencyFactory,
    ServiceAccountFactory,
    StaffFactory,
    open_case,
    record_consent,
)

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

PERSONAS = ("organiser", "pledged", "unpledged", "outsider", "anonymous")


@pytest.fixture
def api() -> APIClient:
    """Messages in English (the msgids), so tests can match the message constants."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def meeting(kit, story) -> Meeting:
    """The published 支援会議: the stranger pledged, the uncovered agency did not."""
    meeting = kit.plan(invite=(story.stranger, story.uncovered_worker), cases=(story.case,))
    kit.pledge(meeting, story.stranger)
    return kit.publish(meeting)


@pytest.fixture
def item(meeting) -> AgendaItem:
    return meeting.items.get()


def user_of(story, persona: str):
    return {
        "organiser": story.hub_coordinator,
        "pledged": story.stranger,
        "unpledged": story.uncovered_worker,
        "outsider": story.team_worker,
        "anonymous": None,
    }[persona]


def login(api: APIClient, story, persona: str) -> None:
    user = user_of(story, persona)
    if user is not None:
        api.force_authenticate(user)


def en(message) -> str:
    with translation.override("en"):
        return str(message)


def in_three_days() -> str:
    return (timezone.now() + dt.timedelta(days=3)).isoformat()


def meeting_url(name: str, meeting: Meeting) -> str:
    return reverse(f"api:meeting-{name}", args=[meeting.pk])


def listed_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def api_case_reads(user) -> list[tuple[int, str, str]]:
    rows = AccessLog.objects.filter(
        user=user, channel=AccessLog.Channel.API, kind=AccessLog.Kind.CASE
    )
    return list(rows.values_list("object_id", "basis", "action"))


def token_client(agency, username: str) -> tuple[object, APIClient]:
    account, token = ServiceAccountFactory(agency=agency, username=username)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return account, client


# --- the permission matrix --------------------------------------------------------------

#              list (status, listed)  detail  create  add item  update item
MATRIX = {
    "organiser": ((200, True),         200,    201,    201,      200),
    "pledged":   ((200, True),         200,    403,    403,      403),
    "unpledged": ((200, True),         200,    403,    403,      403),
    "outsider":  ((200, False),        404,    403,    404,      404),
    "anonymous": ((401, None),         401,    401,    401,      401),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_meeting_list_shows_the_meeting_to_its_organiser_and_participants(
    api, story, meeting, persona
):
    status, listed = MATRIX[persona][0]
    login(api, story, persona)
    response = api.get(reverse("api:meeting-list"))
    assert response.status_code == status
    if status == 200:
        assert (meeting.pk in listed_ids(response)) is listed


@pytest.mark.parametrize("persona", PERSONAS)
def test_meeting_detail_answers_each_persona_as_the_policy_says(api, story, meeting, persona):
    login(api, story, persona)
    response = api.get(meeting_url("detail", meeting))
    assert response.status_code == MATRIX[persona][1]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_coordinators_and_supervisors_plan_meetings(api, story, persona):
    login(api, story, persona)
    body = {"kind": "support", "title": "1月 支援会議", "starts_at": in_three_days()}
    response = api.post(reverse("api:meeting-list"), body, format="json")
    assert response.status_code == MATRIX[persona][2]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_organiser_adds_to_the_agenda(api, story, meeting, persona):
    login(api, story, persona)
    body = {"purpose": "resources", "topic": "居場所づくりの報告"}
    response = api.post(meeting_url("item-list", meeting), body, format="json")
    assert response.status_code == MATRIX[persona][3]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_organiser_writes_the_minutes(api, story, item, persona):
    login(api, story, persona)
    body = {"minutes": "長男の就労について面談する。", "version": item.version}
    response = api.patch(reverse("api:item-detail", args=[item.pk]), body, format="json")
    assert response.status_code == MATRIX[persona][4]
    item.refresh_from_db()
    assert (item.minutes != "") is (MATRIX[persona][4] == 200)


def test_a_planned_meeting_names_its_organiser_and_invites_its_planner(api, story):
    api.force_authenticate(story.hub_coordinator)
    body = {"kind": "multi_layered", "title": "重層的支援会議", "starts_at": in_three_days()}
    created = api.post(reverse("api:meeting-list"), body, format="json").json()
    assert created["organiser"] == {"id": story.hub.pk, "name": story.hub.name}
    assert created["can_run"] is True
    assert [p["user"]["id"] for p in created["participants"]] == [story.hub_coordinator.pk]


# --- what of the agenda each persona sees -----------------------------------------------


def agenda_row(api, meeting: Meeting) -> dict:
    [row] = api.get(meeting_url("detail", meeting)).json()["items"]
    return row


def test_the_organiser_sees_the_case_summary_on_the_agenda(api, story, meeting):
    api.force_authenticate(story.hub_coordinator)
    row = agenda_row(api, meeting)
    assert row["withheld"] is False
    assert row["case"] == {
        "id": story.case.pk,
        "reference": story.case.reference,
        "title": story.case.title,
        "household": {"id": story.case.household_id, "name": "山田家"},
    }


def test_a_pledged_member_of_another_agency_sees_the_case_summary(api, story, meeting):
    api.force_authenticate(story.stranger)
    row = agenda_row(api, meeting)
    assert (row["withheld"], row["case"]["title"]) == (False, story.case.title)


def test_an_unpledged_participant_sees_only_the_reference_and_that_it_is_withheld(
    api, story, meeting
):
    api.force_authenticate(story.uncovered_worker)
    row = agenda_row(api, meeting)
    assert row["reference"] == story.case.reference
    assert row["withheld"] is True
    assert (row["case"], row["purpose"], row["topic"], row["minutes"]) == (None,) * 4


def test_the_agenda_list_withholds_as_the_detail_does(api, story, meeting):
    api.force_authenticate(story.uncovered_worker)
    [row] = api.get(meeting_url("item-list", meeting)).json()["results"]
    assert (row["reference"], row["withheld"], row["case"]) == (story.case.reference, True, None)


def test_a_team_agency_reading_by_consent_sees_the_case_but_not_the_minutes(
    api, kit, story, meeting, item
):
    kit.invite(meeting, story.team_worker)
    services.agenda_update(
        actor=kit.coordinator, item=item, purpose="roles", minutes="議事", expected_version=1
    )
    api.force_authenticate(story.team_worker)
    row = agenda_row(api, meeting)
    assert row["case"]["title"] == story.case.title
    assert (row["minutes"], row["minutes_withheld"]) == (None, True)


def test_a_pledged_member_reads_the_minutes(api, kit, story, meeting, item):
    services.agenda_update(
        actor=kit.coordinator, item=item, purpose="roles", minutes="議事", expected_version=1
    )
    api.force_authenticate(story.stranger)
    row = api.get(reverse("api:item-detail", args=[item.pk])).json()
    assert (row["minutes"], row["minutes_withheld"]) == ("議事", False)


def test_a_topic_is_shown_to_every_participant(api, kit, story, meeting):
    kit.add_topic(meeting, "地域の居場所マップ")
    api.force_authenticate(story.uncovered_worker)
    topics = [row["topic"] for row in api.get(meeting_url("item-list", meeting)).json()["results"]]
    assert topics == [None, "地域の居場所マップ"]


PEOPLE = ("hub_coordinator", "owner_worker", "stranger", "uncovered_worker", "team_worker")


@pytest.mark.parametrize("kind", [Meeting.Kind.SUPPORT, Meeting.Kind.CONFERENCE])
@pytest.mark.parametrize("who", [*PEOPLE, "other_coordinator"])
def test_the_page_sized_check_agrees_with_meetings_access_for_everyone(kit, story, kind, who):
    """meetings/api/selectors.case_material is the bulk twin of may_see_case_material and
    may_read_minutes: for every persona and item they must agree."""
    meeting = kit.plan(kind, invite=(story.stranger, story.uncovered_worker, story.team_worker))
    kit.add_case(meeting, story.case)
    kit.add_topic(meeting, "資源開発")
    kit.add_case(meeting, kit.another_case())  # no team: the hub's alone
    if kind == Meeting.Kind.SUPPORT:
        kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    user = kit.other_coordinator if who == "other_coordinator" else getattr(story, who)
    items = list(meeting.items.select_related("case", "meeting"))
    material = selectors.case_material(user, meeting, items)
    for it in items:
        assert material.shows_summary(it) is access.may_see_case_material(user, it), it
        assert material.shows_minutes(it) is access.may_read_minutes(user, it), it


# --- reads are logged -------------------------------------------------------------------


def test_reading_the_agenda_logs_the_case_on_the_api_channel_with_its_basis(api, story, meeting):
    api.force_authenticate(story.stranger)
    api.get(meeting_url("item-list", meeting))
    assert api_case_reads(story.stranger) == [(story.case.pk, Basis.MEETING, "list")]


def test_reading_the_meeting_logs_the_case_shown(api, story, meeting):
    api.force_authenticate(story.hub_coordinator)
    api.get(meeting_url("detail", meeting))
    assert api_case_reads(story.hub_coordinator) == [(story.case.pk, Basis.OWNER, "view")]


def test_a_withheld_case_is_not_logged_as_read(api, story, meeting):
    api.force_authenticate(story.uncovered_worker)
    api.get(meeting_url("detail", meeting))
    api.get(meeting_url("item-list", meeting))
    assert api_case_reads(story.uncovered_worker) == []


def test_the_meeting_list_shows_no_case_material_and_logs_none(api, story, meeting):
    api.force_authenticate(story.stranger)
    [row] = api.get(reverse("api:meeting-list")).json()["results"]
    assert "items" not in row
    assert row["my_participation"]["pledged_at"] is not None
    assert api_case_reads(story.stranger) == []


# --- the meeting's course ---------------------------------------------------------------


@pytest.fixture
def unpledged_meeting(kit, story) -> Meeting:
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,))
    return kit.publish(meeting)


def test_a_participant_pledges_for_themself_and_then_reads_the_case(api, story, unpledged_meeting):
    api.force_authenticate(story.stranger)
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 404
    response = api.post(meeting_url("pledge", unpledged_meeting))
    assert response.status_code == 200
    assert response.json()["pledged_at"] is not None
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 200


def test_staff_of_the_organiser_who_are_not_invited_cannot_pledge(api, story, unpledged_meeting):
    api.force_authenticate(story.owner_worker)
    response = api.post(meeting_url("pledge", unpledged_meeting))
    assert response.status_code == 403
    assert response.json()["detail"] == en(services.PLEDGE_SELF)


def test_only_a_support_meeting_takes_a_pledge(api, kit, story):
    meeting = kit.plan(Meeting.Kind.CONFERENCE, invite=(story.stranger,))
    api.force_authenticate(story.stranger)
    response = api.post(meeting_url("pledge", meeting))
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [en(services.ONLY_SUPPORT_PLEDGE)]}


def test_publishing_over_the_api_grants_the_pledged_agency(api, kit, story):
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,))
    kit.pledge(meeting, story.stranger)
    api.force_authenticate(story.hub_coordinator)
    response = api.post(meeting_url("publish", meeting))
    assert response.json()["status"] == "published"
    api.force_authenticate(story.stranger)
    assert api.get(reverse("api:case-detail", args=[story.case.pk])).status_code == 200


def test_a_caseworker_of_the_organiser_cannot_publish(api, kit, story):
    meeting = kit.plan(cases=(story.case,))
    api.force_authenticate(story.owner_worker)
    response = api.post(meeting_url("publish", meeting))
    assert response.status_code == 403
    assert response.json()["detail"] == en(access.NOT_RUNNER)


def test_the_organiser_records_attendance(api, story, meeting):
    participant = meeting.participants.get(user=story.stranger)
    api.force_authenticate(story.hub_coordinator)
    url = reverse("api:participant-attendance", args=[participant.pk])
    response = api.post(url, {"attended": True}, format="json")
    assert response.json()["attended"] is True


def test_a_participant_cannot_record_attendance(api, story, meeting):
    participant = meeting.participants.get(user=story.stranger)
    api.force_authenticate(story.stranger)
    url = reverse("api:participant-attendance", args=[participant.pk])
    assert api.post(url, {"attended": False}, format="json").status_code == 403


def test_the_agenda_reorders_over_the_api(api, kit, story, meeting, item):
    topic = kit.add_topic(meeting, "資源開発")
    api.force_authenticate(story.hub_coordinator)
    response = api.post(reverse("api:item-move", args=[topic.pk]), {"direction": "up"})
    assert response.json()["position"] == 1
    rows = api.get(meeting_url("item-list", meeting)).json()["results"]
    assert [row["id"] for row in rows] == [topic.pk, item.pk]


def test_the_minutes_cannot_change_after_approval_over_the_api(api, kit, story, meeting, item):
    kit.hold(meeting)
    api.force_authenticate(story.hub_coordinator)
    assert api.post(meeting_url("approve-minutes", meeting)).json()["status"] == "approved"
    body = {"minutes": "後から", "version": item.version}
    response = api.patch(reverse("api:item-detail", args=[item.pk]), body, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [en(services.FINISHED)]}


def test_a_stale_version_of_the_minutes_is_a_409(api, story, item):
    api.force_authenticate(story.hub_coordinator)
    url = reverse("api:item-detail", args=[item.pk])
    assert api.patch(url, {"minutes": "一", "version": 1}, format="json").status_code == 200
    response = api.patch(url, {"minutes": "二", "version": 1}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "stale")


# --- decisions --------------------------------------------------------------------------


def test_a_lead_decision_over_the_api_hands_the_lead_over(api, kit, story, meeting, item):
    kit.hold(meeting)
    api.force_authenticate(story.hub_coordinator)
    body = {"kind": "lead", "text": "東部包括が主導", "agency": story.team_agency.pk}
    response = api.post(reverse("api:item-decision-list", args=[item.pk]), body, format="json")
    assert response.status_code == 201
    assert story.case.leads.get(ended_on__isnull=True).agency == story.team_agency


def test_decisions_are_refused_before_the_meeting_is_held(api, kit, story):
    item = kit.plan(cases=(story.case,)).items.get()
    api.force_authenticate(story.hub_coordinator)
    body = {"kind": "note", "text": "次回継続"}
    response = api.post(reverse("api:item-decision-list", args=[item.pk]), body, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [en(services.NOT_HELD_YET)]}


def test_a_pledged_member_reads_the_decisions_and_the_read_is_logged(
    api, kit, story, meeting, item
):
    kit.hold(meeting)
    services.decision_record(actor=kit.coordinator, item=item, kind="note", text="見守り継続")
    api.force_authenticate(story.stranger)
    response = api.get(reverse("api:item-decision-list", args=[item.pk]))
    assert [row["text"] for row in response.json()["results"]] == ["見守り継続"]
    assert api_case_reads(story.stranger) == [(story.case.pk, Basis.MEETING, "view")]


def test_an_unpledged_participant_is_told_to_pledge_before_reading_decisions(api, story, item):
    api.force_authenticate(story.uncovered_worker)
    response = api.get(reverse("api:item-decision-list", args=[item.pk]))
    assert response.status_code == 403
    assert response.json()["detail"] == en(access.PLEDGE_FIRST)


def test_the_owners_caseworker_reads_the_decisions_without_attending(api, story, item):
    api.force_authenticate(story.owner_worker)
    assert api.get(reverse("api:item-decision-list", args=[item.pk])).status_code == 200


def test_an_invited_team_agency_reading_by_consent_is_told_to_pledge_for_the_decisions(
    api, kit, story, meeting, item
):
    kit.invite(meeting, story.team_worker)
    api.force_authenticate(story.team_worker)
    response = api.get(reverse("api:item-decision-list", args=[item.pk]))
    assert response.status_code == 403
    assert response.json()["detail"] == en(access.PLEDGE_FIRST)


def test_organiser_staff_reading_the_case_by_consent_are_told_why_decisions_are_withheld(
    api, story
):
    """An organising agency that is on the case's team by consent, not its owner: its
    caseworker sees the meeting (not invited) but not the 支援会議's minutes."""
    organiser = AgencyFactory(name="地域共生推進課", is_hub=True)
    coordinator = StaffFactory(agency=organiser, role=Membership.Role.COORDINATOR)
    reader = StaffFactory(agency=organiser, role=Membership.Role.CASEWORKER)
    case_services.team_add(actor=story.owner_worker, case=story.case, agency=organiser)
    record_consent(
        case=story.case, by=story.owner_worker, all_team_agencies=False, agencies=[organiser]
    )
    meeting = services.meeting_create(
        actor=coordinator, kind="support", title="支援会議", starts_at=timezone.now()
    )
    item = services.agenda_add(actor=coordinator, meeting=meeting, case=story.case, purpose="roles")
    api.force_authenticate(reader)
    response = api.get(reverse("api:item-decision-list", args=[item.pk]))
    assert response.status_code == 403
    assert response.json()["detail"] == en(access.MINUTES_WITHHELD)


# --- action items -----------------------------------------------------------------------


@pytest.fixture
def action(kit, story, meeting, item) -> ActionItem:
    kit.hold(meeting)
    return services.action_add(
        actor=kit.coordinator,
        meeting=meeting,
        item=item,
        description="長男と面談する",
        agency=story.team_agency,
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )


def test_the_assigned_agency_reports_progress_without_being_invited(api, story, action):
    api.force_authenticate(story.team_worker)
    url = reverse("api:action-status", args=[action.pk])
    response = api.post(url, {"status": "done"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "done"


def test_an_unrelated_participant_cannot_report_progress(api, story, action):
    api.force_authenticate(story.stranger)
    url = reverse("api:action-status", args=[action.pk])
    assert api.post(url, {"status": "done"}, format="json").status_code == 403


def test_an_unrelated_outsider_gets_the_404_of_a_missing_action(api, kit, story, action):
    api.force_authenticate(kit.other_coordinator)
    url = reverse("api:action-status", args=[action.pk])
    assert api.post(url, {"status": "done"}, format="json").status_code == 404


def test_an_action_on_a_case_item_is_described_as_its_minutes_are_shown(api, story, action):
    api.force_authenticate(story.uncovered_worker)
    [row] = api.get(meeting_url("action-list", action.meeting)).json()["results"]
    assert (row["reference"], row["description"], row["withheld"]) == (
        story.case.reference,
        None,
        True,
    )


def test_the_organiser_assigns_an_action(api, story, meeting, item):
    api.force_authenticate(story.hub_coordinator)
    body = {
        "description": "長男と面談する",
        "agency": story.team_agency.pk,
        "due_on": str(timezone.localdate() + dt.timedelta(days=14)),
        "item": item.pk,
    }
    response = api.post(meeting_url("action-list", meeting), body, format="json")
    assert response.status_code == 201
    assert response.json()["description"] == "長男と面談する"


# --- rule 4 over the API ----------------------------------------------------------------


def test_the_consent_refusal_is_a_400_naming_the_uncovered_agencies(api, kit, story):
    meeting = kit.plan(
        Meeting.Kind.MULTI_LAYERED,
        invite=(story.team_worker, story.uncovered_worker, story.stranger),
    )
    api.force_authenticate(story.hub_coordinator)
    body = {"purpose": "plan", "case": story.case.pk}
    response = api.post(meeting_url("item-list", meeting), body, format="json")
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    names = message.split("Not covered: ")[1].split(". Record")[0].split("、")
    assert set(names) == {story.uncovered_agency.name, story.other.name}


def test_inviting_an_uncovered_agency_over_the_api_is_a_400_naming_it(api, kit, story):
    meeting = kit.plan(Meeting.Kind.MULTI_LAYERED, invite=(story.team_worker,), cases=(story.case,))
    api.force_authenticate(story.hub_coordinator)
    body = {"user": story.uncovered_worker.pk, "agency": story.uncovered_agency.pk}
    response = api.post(meeting_url("participant-list", meeting), body, format="json")
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert story.uncovered_agency.name in message
    assert story.team_agency.name not in message


def test_a_promotion_meeting_refuses_a_case_over_the_api(api, kit, story):
    meeting = kit.plan(Meeting.Kind.PROMOTION)
    api.force_authenticate(story.hub_coordinator)
    body = {"purpose": "sharing", "case": story.case.pk}
    response = api.post(meeting_url("item-list", meeting), body, format="json")
    assert response.status_code == 400
    assert response.json() == {"case": [en(services.NO_CASES_HERE)]}


# --- bad input is a 400 with field errors, never a 500 ----------------------------------

GOOD_MEETING = {"kind": "support", "title": "支援会議", "starts_at": "2030-04-01T10:00:00+09:00"}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"kind", "title", "starts_at"}),
        ({**GOOD_MEETING, "kind": "party"}, {"kind"}),
        ({**GOOD_MEETING, "title": "会" * 201}, {"title"}),
        ({**GOOD_MEETING, "starts_at": "来週の火曜"}, {"starts_at"}),
        ({**GOOD_MEETING, "grant_days_after": -1}, {"grant_days_after"}),
        ({**GOOD_MEETING, "organiser": 999_999}, {"organiser"}),
        ([GOOD_MEETING], {"non_field_errors"}),
    ],
)
def test_a_bad_meeting_is_a_400_naming_each_field(api, story, body, fields):
    api.force_authenticate(story.hub_coordinator)
    response = api.post(reverse("api:meeting-list"), body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields


def test_an_agenda_item_with_neither_case_nor_topic_is_a_400_on_topic(api, story, meeting):
    api.force_authenticate(story.hub_coordinator)
    response = api.post(meeting_url("item-list", meeting), {"purpose": "roles"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"topic": [en(services.CASE_OR_TOPIC)]}


def test_a_strangers_case_is_the_same_400_as_a_missing_one(api, story, meeting):
    strangers = open_case(worker=story.stranger, name="鈴木家")
    api.force_authenticate(story.hub_coordinator)
    url = meeting_url("item-list", meeting)
    missing = api.post(url, {"purpose": "roles", "case": 999_999}, format="json")
    hidden = api.post(url, {"purpose": "roles", "case": strangers.pk}, format="json")
    assert missing.status_code == hidden.status_code == 400
    assert missing.json() == hidden.json() == {"case": [en(access.NOT_FOUND)]}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"purpose": "gossip", "version": 1}, {"purpose"}),
        ({"minutes": "議" * 10_001, "version": 1}, {"minutes"}),
        ({"version": "one"}, {"version"}),
    ],
)
def test_bad_minutes_are_a_400_naming_each_field(api, story, item, body, fields):
    api.force_authenticate(story.hub_coordinator)
    response = api.patch(reverse("api:item-detail", args=[item.pk]), body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields


def test_minutes_naming_no_version_are_428_precondition_required(api, story, item):
    """Neither `version` in the body nor If-Match (core/api/preconditions.py)."""
    api.force_authenticate(story.hub_coordinator)
    response = api.patch(
        reverse("api:item-detail", args=[item.pk]), {"minutes": "議事"}, format="json"
    )
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"


def test_a_move_sideways_is_a_400_on_direction(api, story, item):
    api.force_authenticate(story.hub_coordinator)
    response = api.post(reverse("api:item-move", args=[item.pk]), {"direction": "sideways"})
    assert response.status_code == 400
    assert set(response.json()) == {"direction"}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"kind": "coup", "text": "決定"}, {"kind"}),
        ({"kind": "note"}, {"text"}),
        ({"kind": "lead", "text": "主導役変更"}, {"agency"}),
        ({"kind": "closure", "text": "終結", "closure_reason": "bored"}, {"closure_reason"}),
        ({"kind": "plan", "text": "承認"}, {"kind"}),
    ],
)
def test_a_bad_decision_is_a_400_naming_each_field(api, kit, story, meeting, item, body, fields):
    kit.hold(meeting)
    api.force_authenticate(story.hub_coordinator)
    response = api.post(reverse("api:item-decision-list", args=[item.pk]), body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields


def test_a_decision_about_a_case_on_a_topic_item_is_a_400_on_kind(api, kit, story, meeting):
    topic = kit.add_topic(meeting, "資源開発")
    kit.hold(meeting)
    api.force_authenticate(story.hub_coordinator)
    body = {"kind": "closure", "text": "終結"}
    response = api.post(reverse("api:item-decision-list", args=[topic.pk]), body, format="json")
    assert response.json() == {"kind": [en(services.NEEDS_CASE)]}


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"due_on": "来週"}, {"due_on"}),
        ({"agency": 999_999}, {"agency"}),
        ({"description": ""}, {"description"}),
        ({"item": 999_999}, {"item"}),
    ],
)
def test_a_bad_action_is_a_400_naming_each_field(api, story, meeting, changes, fields):
    api.force_authenticate(story.hub_coordinator)
    body = {"description": "面談", "agency": story.team_agency.pk, "due_on": "2030-04-01"}
    response = api.post(meeting_url("action-list", meeting), {**body, **changes}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields


def test_an_action_on_another_meetings_item_is_a_400_on_item(api, kit, story, meeting):
    elsewhere = kit.add_topic(kit.plan(), "別の会議の議題")
    api.force_authenticate(story.hub_coordinator)
    body = {
        "description": "面談",
        "agency": story.team_agency.pk,
        "due_on": "2030-04-01",
        "item": elsewhere.pk,
    }
    response = api.post(meeting_url("action-list", meeting), body, format="json")
    assert response.json() == {"item": [en(access.NOT_FOUND)]}


def test_a_bad_action_status_is_a_400_on_status(api, story, action):
    api.force_authenticate(story.team_worker)
    url = reverse("api:action-status", args=[action.pk])
    response = api.post(url, {"status": "finished"}, format="json")
    assert (response.status_code, set(response.json())) == (400, {"status"})


def test_attendance_that_is_not_a_yes_or_no_is_a_400(api, story, meeting):
    participant = meeting.participants.get(user=story.stranger)
    api.force_authenticate(story.hub_coordinator)
    url = reverse("api:participant-attendance", args=[participant.pk])
    response = api.post(url, {"attended": "perhaps"}, format="json")
    assert (response.status_code, set(response.json())) == (400, {"attended"})


def test_inviting_someone_for_an_agency_they_do_not_belong_to_is_a_400_on_user(api, story, meeting):
    api.force_authenticate(story.hub_coordinator)
    body = {"user": story.team_worker.pk, "agency": story.other.pk}
    response = api.post(meeting_url("participant-list", meeting), body, format="json")
    assert response.status_code == 400
    assert response.json() == {"user": [en(services.NOT_A_MEMBER)]}


# --- constant query counts --------------------------------------------------------------


@pytest.mark.parametrize("rows", [10, 50])
def test_the_meeting_list_runs_a_constant_number_of_queries(
    kit, story, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        kit.plan()
    _, client = token_client(story.hub, "partner-hub")
    # token+user, the token's last-used stamp (its first use writes it), memberships,
    # whether the caller holds a personal 106-6 grant, count, page (with organiser, chair,
    # item count and the caller's own participation)
    with django_assert_max_num_queries(6):
        assert len(listed_ids(client.get(reverse("api:meeting-list")))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_agenda_list_runs_a_constant_number_of_queries(
    kit, story, rows, django_assert_max_num_queries
):
    """Worst case: a pledged member of another agency, reading every case by 106-6 grant
    (a person: partner systems' accounts cannot attend or pledge)."""
    account = story.stranger
    client = APIClient()
    client.force_authenticate(account)
    cases = [story.case] + [kit.another_case(f"世帯{n:02}") for n in range(rows - 1)]
    meeting = kit.plan(invite=(account,), cases=tuple(cases))
    kit.pledge(meeting, account)
    kit.publish(meeting)
    # token+user, memberships, the meeting, count, page (with cases and households), the
    # caller's reading bases, the meeting's participants (the pledge), the bases again for
    # the access log, one INSERT into the access log
    with django_assert_max_num_queries(9):
        response = client.get(meeting_url("item-list", meeting))
        assert len(listed_ids(response)) == rows
    assert not any(row["withheld"] for row in response.json()["results"])
    assert AccessLog.objects.filter(user=account, channel="api").count() == rows


def test_checking_a_page_of_ten_case_items_takes_three_queries(
    kit, story, django_assert_num_queries
):
    meeting = kit.plan(invite=(story.stranger,))
    for n in range(10):
        kit.add_case(meeting, kit.another_case(f"世帯{n:02}"))
    items = list(meeting.items.all())
    # the caller's memberships (once a request), the reading bases, the meeting's participants
    with django_assert_num_queries(3):
        selectors.case_material(story.stranger, meeting, items)


def test_the_meeting_says_what_the_caller_may_do_next_as_the_page_offers_it(api, kit, story):
    meeting = kit.plan(invite=(story.team_worker,))
    kit.publish(meeting)
    offered = {}
    for user in (story.hub_coordinator, story.team_worker):
        api.force_authenticate(user)
        body = api.get(reverse("api:meeting-detail", args=[meeting.pk])).json()
        assert body["allowed_actions"] == sorted(services.allowed_actions(user, meeting))
        offered[user] = body["allowed_actions"]
    assert "hold" in offered[story.hub_coordinator]
    assert "decide" not in offered[story.hub_coordinator]  # not before the meeting is held
    assert offered[story.team_worker] == ["pledge"]
