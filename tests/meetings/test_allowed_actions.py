"""services.allowed_actions is what the services accept: for every kind of meeting, every
status and every persona, an action is offered exactly when its service, tried with input
that is otherwise valid, goes through (each try is rolled back)."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import User
from meetings import services
from meetings.forms import DecisionForm
from meetings.models import AgendaItem, Decision, Meeting
from tests.factories import StaffFactory

KINDS = [k for k, _label in Meeting.Kind.choices]
STATUSES = [s for s, _label in Meeting.Status.choices]


class _RolledBack(Exception):
    pass


def accepted(attempt: Callable[[], object]) -> bool:
    """Whether the service goes through; what it wrote is rolled back either way."""
    try:
        with transaction.atomic():
            attempt()
            raise _RolledBack
    except _RolledBack:
        return True
    except (PermissionDenied, ValidationError):
        return False


def meeting_in(kit, kind: str, status: str) -> Meeting:
    """A meeting of `kind` in `status`, the team worker invited, a topic on the agenda
    (a topic, so that consent at a 重層的支援会議 refuses nothing by itself)."""
    meeting = kit.plan(kind, invite=(kit.story.team_worker,))
    kit.add_topic(meeting, "地域の社会資源")
    steps = [
        (Meeting.Status.PUBLISHED, kit.publish),
        (Meeting.Status.HELD, kit.hold),
        (
            Meeting.Status.APPROVED,
            lambda m: services.minutes_approve(actor=kit.coordinator, meeting=m),
        ),
    ]
    for reached, step in steps:
        if meeting.status == status:
            break
        step(meeting)
        meeting.refresh_from_db()
        assert meeting.status == reached
    return meeting


def attempts(kit, pk: int, user: User) -> dict[str, Callable[[], object]]:
    """Each action's service, called by `user` on fresh rows of meeting `pk`."""
    story = kit.story

    def meeting() -> Meeting:
        return Meeting.objects.get(pk=pk)

    def topic() -> AgendaItem:
        return AgendaItem.objects.get(meeting_id=pk, case__isnull=True)

    newcomer = StaffFactory(agency=story.hub)
    return {
        services.PUBLISH: lambda: services.meeting_publish(actor=user, meeting=meeting()),
        services.HOLD: lambda: services.meeting_hold(actor=user, meeting=meeting()),
        services.APPROVE: lambda: services.minutes_approve(actor=user, meeting=meeting()),
        services.INVITE: lambda: services.participant_add(
            actor=user, meeting=meeting(), user=newcomer, agency=story.hub
        ),
        services.ATTENDANCE: lambda: services.attendance_set(
            actor=user,
            participant=meeting().participants.get(user=story.team_worker),
            attended=True,
        ),
        services.PLEDGE: lambda: services.pledge_record(actor=user, meeting=meeting()),
        services.ADD_TOPIC: lambda: services.agenda_add(
            actor=user, meeting=meeting(), topic="新しい議題", purpose="resources"
        ),
        services.ADD_CASE: lambda: services.agenda_add(
            actor=user, meeting=meeting(), case=story.case, purpose="roles"
        ),
        services.MOVE_ITEM: lambda: services.agenda_move(actor=user, item=topic(), up=True),
        services.EDIT_MINUTES: lambda: services.agenda_update(
            actor=user,
            item=topic(),
            purpose="resources",
            minutes="議事録",
            expected_version=topic().version,
        ),
        services.DECIDE: lambda: services.decision_record(
            actor=user, item=topic(), kind=Decision.Kind.NOTE, text="確認した"
        ),
        services.ADD_ACTION: lambda: services.action_add(
            actor=user,
            meeting=meeting(),
            description="連絡調整",
            agency=story.team_agency,
            due_on=timezone.localdate() + dt.timedelta(days=7),
        ),
    }


def personas(kit) -> dict[str, User]:
    story = kit.story
    return {
        "organiser's coordinator": story.hub_coordinator,
        "organiser's supervisor": story.hub_supervisor,
        "organiser's caseworker": story.hub_worker,
        "invited team worker": story.team_worker,
        "another agency's coordinator": kit.other_coordinator,
    }


def test_every_action_has_a_service_tried_below(kit):
    assert set(attempts(kit, 0, kit.coordinator)) == services.ACTIONS


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("kind", KINDS)
def test_the_actions_offered_are_exactly_those_the_services_accept(kit, kind, status):
    meeting = meeting_in(kit, kind, status)
    for who, user in personas(kit).items():
        offered = services.allowed_actions(user, Meeting.objects.get(pk=meeting.pk))
        took = {
            name for name, attempt in attempts(kit, meeting.pk, user).items() if accepted(attempt)
        }
        assert offered == took, f"{who} at a {kind} meeting, {status}"


def test_a_pledged_member_is_not_offered_the_pledge_again(kit, story):
    meeting = meeting_in(kit, Meeting.Kind.SUPPORT, Meeting.Status.PLANNED)
    kit.pledge(meeting, story.team_worker)
    assert services.PLEDGE not in services.allowed_actions(story.team_worker, meeting)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != Meeting.Kind.PROMOTION])
def test_a_decision_kind_not_offered_on_an_item_is_refused_by_the_service(kit, story, kind):
    meeting = kit.plan(kind, invite=(story.team_worker,))
    items = [kit.add_case(meeting, story.case), kit.add_topic(meeting, "議題")]
    kit.publish(meeting)
    kit.hold(meeting)
    for item in items:
        offered = services.decision_kinds(meeting, item)
        assert Decision.Kind.NOTE in offered
        for refused in set(Decision.Kind.values) - set(offered):
            with pytest.raises(ValidationError) as error:
                services.decision_record(
                    actor=kit.coordinator,
                    item=item,
                    kind=refused,
                    text="決定",
                    agency=story.team_agency,
                )
            assert error.value.message_dict["kind"] in (
                [str(services.NEEDS_CASE)],
                [str(services.CONFERENCE_NOTES_ONLY)],
            )


def test_the_decision_form_at_a_case_conference_offers_notes_only(kit, story):
    meeting = kit.plan(Meeting.Kind.CONFERENCE)
    item = kit.add_case(meeting, story.case)
    form = DecisionForm(kinds=services.decision_kinds(meeting, item))
    assert [v for v, _label in form.fields["kind"].choices] == [Decision.Kind.NOTE]


def test_a_published_meeting_page_does_not_offer_recording_a_decision(client, kit, story):
    meeting = meeting_in(kit, Meeting.Kind.SUPPORT, Meeting.Status.PUBLISHED)
    client.force_login(kit.coordinator)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).text
    assert reverse("meetings:hold", args=[meeting.pk]) in page
    item = meeting.items.get()
    assert reverse("meetings:decision_new", args=[meeting.pk, item.pk]) not in page


def test_a_held_meeting_page_offers_recording_a_decision_and_approval(client, kit):
    meeting = meeting_in(kit, Meeting.Kind.SUPPORT, Meeting.Status.HELD)
    client.force_login(kit.coordinator)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).text
    item = meeting.items.get()
    assert reverse("meetings:decision_new", args=[meeting.pk, item.pk]) in page
    assert reverse("meetings:approve_minutes", args=[meeting.pk]) in page
    assert reverse("meetings:publish", args=[meeting.pk]) not in page
