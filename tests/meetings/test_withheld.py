"""Decisions and action items reach only those who may read them, on the meeting page, on
its printed paper and over the API.

A published and held 支援会議 of the hub with the Yamada case on its agenda. Participants:
the stranger agency's caseworker (pledged: reads the case under art. 106-6), the uncovered
team agency's caseworker (not pledged: knows only the case's card) and the consented team
agency's caseworker (not pledged: reads the case by consent, not the minutes). On the case
item a decision and an action for the consented team agency; on the meeting as a whole an
action for the uncovered agency."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from core.wareki import short_wareki
from meetings import access, services
from meetings.models import ActionItem, Meeting

pytestmark = pytest.mark.django_db

DECISION = "本人は入院を拒否しているため訪問看護で対応"
ON_ITEM = "長男の就労先に連絡する"
ON_MEETING = "民生委員と同行訪問する"
GRANT_DAYS = 7


@pytest.fixture
def meeting(kit, story) -> Meeting:
    meeting = kit.plan(
        invite=(story.stranger, story.uncovered_worker, story.team_worker),
        cases=(story.case,),
        grant_days_after=GRANT_DAYS,
    )
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    kit.hold(meeting)
    item = meeting.items.get()
    services.decision_record(actor=kit.coordinator, item=item, kind="note", text=DECISION)
    due = timezone.localdate() + dt.timedelta(days=14)
    services.action_add(
        actor=kit.coordinator,
        meeting=meeting,
        item=item,
        description=ON_ITEM,
        agency=story.team_agency,
        due_on=due,
    )
    services.action_add(
        actor=kit.coordinator,
        meeting=meeting,
        description=ON_MEETING,
        agency=story.uncovered_agency,
        due_on=due,
    )
    return meeting


def page(client, user, meeting, name: str = "meetings:detail") -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[meeting.pk]))
    assert response.status_code == 200
    return response.text


def neutral_line(agency) -> str:
    """What stands for a withheld action on the (Japanese) pages."""
    due = short_wareki(timezone.localdate() + dt.timedelta(days=14))
    with translation.override("ja"):
        return gettext("An action for %(agency)s, due %(date)s") % {
            "agency": agency.name,
            "date": due,
        }


def after_the_reading_period(meeting: Meeting):
    return time_machine.travel(meeting.starts_at + dt.timedelta(days=GRANT_DAYS, hours=1))


# --- the meeting page -------------------------------------------------------------------


def test_the_organiser_sees_every_decision_and_action(client, kit, meeting):
    text = page(client, kit.coordinator, meeting)
    assert DECISION in text and ON_ITEM in text and ON_MEETING in text


def test_a_pledged_member_reads_the_decision_and_the_action_on_the_case_item(
    client, story, meeting
):
    text = page(client, story.stranger, meeting)
    assert DECISION in text and ON_ITEM in text


def test_an_unpledged_participant_does_not_see_the_decision_on_a_case_item(client, story, meeting):
    assert DECISION not in page(client, story.uncovered_worker, meeting)


def test_an_unpledged_participant_sees_only_a_neutral_line_for_an_action_on_a_case_item(
    client, story, meeting
):
    text = page(client, story.uncovered_worker, meeting)
    assert ON_ITEM not in text
    assert neutral_line(story.team_agency) in text


def test_a_consent_reader_who_has_not_pledged_does_not_see_the_decision(client, story, meeting):
    assert DECISION not in page(client, story.team_worker, meeting)


def test_a_consent_reader_who_has_not_pledged_does_not_see_the_action_assigned_to_it(
    client, story, meeting
):
    """The action is on the case item, so it is part of minutes the agency may not read."""
    assert ON_ITEM not in page(client, story.team_worker, meeting)


def test_a_meeting_level_action_is_described_to_the_assigned_agency(client, story, meeting):
    assert ON_MEETING in page(client, story.uncovered_worker, meeting)


def test_a_meeting_level_action_is_not_described_to_other_participants(client, story, meeting):
    text = page(client, story.stranger, meeting)
    assert ON_MEETING not in text
    assert neutral_line(story.uncovered_agency) in text


def test_after_the_reading_period_a_pledged_member_no_longer_sees_the_decision(
    client, story, meeting
):
    with after_the_reading_period(meeting):
        text = page(client, story.stranger, meeting)
    assert DECISION not in text and ON_ITEM not in text


# --- the printed paper ------------------------------------------------------------------


def test_the_paper_withholds_the_decision_and_actions_from_an_unpledged_participant(
    client, story, meeting
):
    text = page(client, story.team_worker, meeting, "meetings:paper")
    assert DECISION not in text and ON_ITEM not in text and ON_MEETING not in text


def test_the_paper_shows_a_pledged_member_the_decision_and_the_action_on_the_item(
    client, story, meeting
):
    text = page(client, story.stranger, meeting, "meetings:paper")
    assert DECISION in text and ON_ITEM in text
    assert ON_MEETING not in text


# --- the REST API -----------------------------------------------------------------------


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def en(message) -> str:
    with translation.override("en"):
        return str(message)


def action_rows(api, user, meeting) -> dict[str, dict]:
    """The meeting's actions as `user` gets them, by the description they really have."""
    api.force_authenticate(user)
    response = api.get(reverse("api:meeting-action-list", args=[meeting.pk]))
    assert response.status_code == 200, response.content
    descriptions = dict(ActionItem.objects.values_list("pk", "description"))
    return {descriptions[row["id"]]: row for row in response.json()["results"]}


def test_a_meeting_level_action_is_null_for_other_participants_with_the_reason(api, story, meeting):
    row = action_rows(api, story.stranger, meeting)[ON_MEETING]
    assert (row["description"], row["withheld"], row["withheld_reason"]) == (
        None,
        True,
        en(access.ACTION_WITHHELD),
    )


def test_the_assigned_agency_reads_a_meeting_level_action_over_the_api(api, story, meeting):
    row = action_rows(api, story.uncovered_worker, meeting)[ON_MEETING]
    assert (row["description"], row["withheld"], row["withheld_reason"]) == (
        ON_MEETING,
        False,
        None,
    )


def test_an_action_on_a_case_item_withheld_from_an_unpledged_participant_says_to_pledge(
    api, story, meeting
):
    row = action_rows(api, story.team_worker, meeting)[ON_ITEM]
    assert (row["description"], row["withheld_reason"]) == (None, en(access.PLEDGE_FIRST))


def test_an_agenda_item_withheld_from_an_unpledged_participant_says_to_pledge(api, story, meeting):
    api.force_authenticate(story.uncovered_worker)
    [row] = api.get(reverse("api:meeting-item-list", args=[meeting.pk])).json()["results"]
    assert (row["case"], row["minutes"], row["withheld_reason"]) == (
        None,
        None,
        en(access.PLEDGE_FIRST),
    )


def test_after_the_reading_period_the_api_withholds_the_action_on_the_case_item(
    api, story, meeting
):
    with after_the_reading_period(meeting):
        row = action_rows(api, story.stranger, meeting)[ON_ITEM]
    assert (row["description"], row["withheld_reason"]) == (None, en(access.CASE_WITHHELD))


def test_after_the_reading_period_the_decisions_are_refused_over_the_api(api, story, meeting):
    item = meeting.items.get()
    api.force_authenticate(story.stranger)
    with after_the_reading_period(meeting):
        response = api.get(reverse("api:item-decision-list", args=[item.pk]))
    assert response.status_code == 403
