"""The meeting rules (DOMAIN.md "Who may see what", rules 3 and 4, and the meetings part),
told through meetings/services.py and meetings/access.py.

The hub's coordinator runs every meeting (tests/meetings/conftest.py `kit`). Agencies, from
the Yamada case's point of view (tests/cases/conftest.py `story`): the hub owns the case;
the team agency is covered by the person's consent; the uncovered agency is on the team
without consent; the stranger agency never heard of the case."""

import datetime as dt
import re
from contextlib import suppress

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from agencies.models import Membership
from cases import access as case_access
from cases import services as case_services
from cases.models import AccessGrant, Closure, LeadAssignment
from cases.models.access import Basis
from meetings import access, services
from meetings.models import ActionItem, AgendaItem, Decision, Meeting
from tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


@pytest.fixture(autouse=True)
def english():
    """Messages are formatted when raised: in English (the msgids), whatever the locale."""
    with translation.override("en"):
        yield


MULTI = Meeting.Kind.MULTI_LAYERED
SUPPORT = Meeting.Kind.SUPPORT
PROMOTION = Meeting.Kind.PROMOTION


def uncovered_names(error: ValidationError) -> set[str]:
    """The agencies a rule-4 refusal names (NOT_COVERED: "Not covered: A、B. Record ...")."""
    [message] = error.messages
    match = re.search(r"Not covered: (.+?)\. Record", message)
    assert match, message
    return set(match.group(1).split("、"))


def grants(meeting: Meeting):
    return AccessGrant.objects.filter(source__startswith=f"meeting:{meeting.pk} ")


def held_meeting(kit, kind: str = SUPPORT) -> tuple[Meeting, AgendaItem]:
    meeting = kit.plan(kind, invite=(kit.story.team_worker,))
    item = kit.add_case(meeting, kit.story.case)
    kit.publish(meeting)
    return kit.hold(meeting), item


def decide(kit, item: AgendaItem, kind: str, text: str = "決定事項", **kwargs) -> Decision:
    item.refresh_from_db()
    return services.decision_record(
        actor=kit.coordinator, item=item, kind=kind, text=text, **kwargs
    )


# --- rule 4: a 重層的支援会議 needs consent covering every attending agency ----------------


def test_a_case_cannot_join_a_multi_layered_agenda_while_an_attending_agency_is_uncovered(
    kit, story
):
    meeting = kit.plan(MULTI, invite=(story.team_worker, story.uncovered_worker, story.stranger))
    with pytest.raises(ValidationError) as refused:
        kit.add_case(meeting, story.case)
    assert refused.value.code == "not_covered"
    assert not meeting.items.exists()


def test_the_consent_refusal_names_exactly_the_uncovered_agencies(kit, story):
    """Not the team agency the consent covers, nor the hub that owns the case."""
    meeting = kit.plan(MULTI, invite=(story.team_worker, story.uncovered_worker, story.stranger))
    with pytest.raises(ValidationError) as refused:
        kit.add_case(meeting, story.case)
    assert uncovered_names(refused.value) == {story.uncovered_agency.name, story.other.name}


def test_a_case_joins_a_multi_layered_agenda_when_consent_covers_every_attendee(kit, story):
    meeting = kit.plan(MULTI, invite=(story.team_worker,))
    item = kit.add_case(meeting, story.case)
    assert item.case == story.case


def test_an_agency_marked_absent_need_not_be_covered(kit, story):
    meeting = kit.plan(MULTI, invite=(story.uncovered_worker,))
    absent = meeting.participants.get(user=story.uncovered_worker)
    services.attendance_set(actor=kit.coordinator, participant=absent, attended=False)
    assert kit.add_case(meeting, story.case).case == story.case


def test_inviting_an_uncovered_agency_once_the_case_is_on_the_agenda_is_refused(kit, story):
    meeting = kit.plan(MULTI, invite=(story.team_worker,), cases=(story.case,))
    with pytest.raises(ValidationError) as refused:
        kit.invite(meeting, story.uncovered_worker)
    assert uncovered_names(refused.value) == {story.uncovered_agency.name}
    assert not meeting.participants.filter(user=story.uncovered_worker).exists()


def test_publishing_re_checks_consent_withdrawn_since_the_case_was_added(kit, story):
    meeting = kit.plan(MULTI, invite=(story.team_worker,), cases=(story.case,))
    case_services.consent_withdraw(actor=story.owner_worker, consent=story.consent, reason="撤回")
    with pytest.raises(ValidationError) as refused:
        kit.publish(meeting)
    assert uncovered_names(refused.value) == {story.team_agency.name}


def test_an_uncovered_agency_marked_absent_cannot_be_marked_attending_later(kit, story):
    meeting = kit.plan(MULTI, invite=(story.uncovered_worker,))
    absent = meeting.participants.get(user=story.uncovered_worker)
    services.attendance_set(actor=kit.coordinator, participant=absent, attended=False)
    kit.add_case(meeting, story.case)
    with pytest.raises(ValidationError):
        services.attendance_set(actor=kit.coordinator, participant=absent, attended=True)


def test_a_meeting_is_held_only_after_its_agenda_is_published(kit, story):
    meeting = kit.plan(MULTI, invite=(story.team_worker,), cases=(story.case,))
    case_services.consent_withdraw(actor=story.owner_worker, consent=story.consent, reason="撤回")
    with pytest.raises(ValidationError):
        kit.hold(meeting)


def test_a_promotion_meeting_refuses_cases(kit, story):
    meeting = kit.plan(PROMOTION)
    with pytest.raises(ValidationError) as refused:
        kit.add_case(meeting, story.case)
    assert refused.value.message_dict["case"] == [str(services.NO_CASES_HERE)]


def test_a_promotion_meeting_takes_topics(kit):
    meeting = kit.plan(PROMOTION)
    assert kit.add_topic(meeting, "参加支援メニューの開拓状況").case is None


# --- rule 3: 支援会議 (art. 106-6) grants -------------------------------------------------


def test_publishing_a_support_meeting_grants_only_agencies_whose_participant_pledged(kit, story):
    meeting = kit.plan(invite=(story.stranger, story.uncovered_worker), cases=(story.case,))
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    assert set(grants(meeting).values_list("agency__name", flat=True)) == {story.other.name}


def test_the_grants_cover_every_case_on_the_agenda(kit, story):
    second = kit.another_case()
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case, second))
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    assert set(grants(meeting).values_list("case_id", flat=True)) == {story.case.pk, second.pk}


def test_the_grants_end_the_configured_number_of_days_after_the_meeting(kit, story):
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,), grant_days_after=10)
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    [grant] = grants(meeting)
    assert grant.basis == Basis.MEETING
    assert grant.ends_at == meeting.starts_at + dt.timedelta(days=10)


def test_a_pledged_member_reads_the_case_summary_after_publication(kit, story):
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,))
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    _, decision = case_access.case_for(story.stranger, story.case.pk, summary=True)
    assert decision.basis == Basis.MEETING
    assert decision.summary_only


def test_a_participant_who_has_not_pledged_cannot_read_the_case(kit, story):
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,))
    kit.publish(meeting)
    assert not grants(meeting).exists()
    with pytest.raises(Http404):
        case_access.case_for(story.stranger, story.case.pk)


def test_pledging_after_publication_grants_at_once(kit, story):
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,))
    kit.publish(meeting)
    kit.pledge(meeting, story.stranger)
    assert case_access.case_decision(story.stranger, story.case).level == case_access.Level.FULL


def test_a_case_added_after_publication_is_granted_to_pledged_members(kit, story):
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,))
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    second = kit.another_case()
    kit.add_case(meeting, second)
    assert case_access.case_decision(story.stranger, second).level == case_access.Level.FULL


def test_the_grant_holds_until_just_before_the_window_ends(kit, story):
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,), grant_days_after=7)
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    with time_machine.travel(meeting.starts_at + dt.timedelta(days=7, minutes=-1)):
        assert case_access.case_decision(story.stranger, story.case).level == "full"


def test_the_grant_lapses_by_itself_leaving_the_stranger_the_card(kit, story):
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,), grant_days_after=7)
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    with (
        time_machine.travel(meeting.starts_at + dt.timedelta(days=7, minutes=1)),
        pytest.raises(case_access.CardOnly) as refused,
    ):
        case_access.case_for(story.stranger, story.case.pk)
    assert refused.value.decision.basis == Basis.MEETING


def test_a_pledge_after_the_reading_period_grants_nothing_and_does_not_crash(kit, story):
    meeting = kit.plan(invite=(story.stranger,), cases=(story.case,), grant_days_after=7)
    kit.publish(meeting)
    with time_machine.travel(meeting.starts_at + dt.timedelta(days=8)), suppress(ValidationError):
        kit.pledge(meeting, story.stranger)
    assert not grants(meeting).exists()


# --- who reads the minutes of a 支援会議 case item ----------------------------------------


@pytest.fixture
def minuted_item(kit, story) -> AgendaItem:
    """A published 支援会議 with the Yamada case: the stranger pledged, the team agency (which
    reads the case by consent) attends without pledging."""
    meeting = kit.plan(invite=(story.stranger, story.team_worker), cases=(story.case,))
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    item = meeting.items.get()
    return services.agenda_update(
        actor=kit.coordinator,
        item=item,
        purpose=item.purpose,
        minutes="長男の就労について自立相談支援機関が面談する。",
        expected_version=item.version,
    )


def test_a_pledged_member_reads_the_minutes_of_a_support_meeting_case_item(story, minuted_item):
    assert access.may_read_minutes(story.stranger, minuted_item)


def test_the_owning_agency_reads_the_minutes_without_attending(story, minuted_item):
    assert access.may_read_minutes(story.owner_worker, minuted_item)


def test_a_team_agency_reading_the_case_by_consent_does_not_read_the_minutes(story, minuted_item):
    assert access.may_see_case_material(story.team_worker, minuted_item)
    assert not access.may_read_minutes(story.team_worker, minuted_item)


# --- decisions are applied to the case --------------------------------------------------


def test_a_lead_decision_hands_the_lead_to_the_agency_decided(kit, story):
    _, item = held_meeting(kit)
    decide(kit, item, Decision.Kind.LEAD, "東部包括が主導", agency=story.team_agency)
    assert story.case.leads.get(ended_on__isnull=True).agency == story.team_agency


def test_the_lead_history_names_the_meeting_that_decided_it(kit, story):
    meeting, item = held_meeting(kit)
    decide(kit, item, Decision.Kind.LEAD, "東部包括が主導", agency=story.team_agency)
    lead = story.case.leads.get(ended_on__isnull=True)
    assert lead.decided_at == meeting.label
    assert meeting.label in lead.history.earliest().history_change_reason


def test_the_lead_history_names_the_meeting_even_after_a_long_decision_text(kit, story):
    meeting, item = held_meeting(kit)
    text = (
        "本人と長男の意向を確認した結果、母の介護が主たる課題となったため、"
        "今後は東部地域包括支援センターが主導役として世帯全体の支援を調整する。"
    )
    decide(kit, item, Decision.Kind.LEAD, text, agency=story.team_agency)
    lead = story.case.leads.get(ended_on__isnull=True)
    assert meeting.label in lead.history.earliest().history_change_reason


def test_a_plan_decision_records_the_approval_on_the_plan(kit, story):
    plan = case_services.plan_create(
        actor=story.owner_worker,
        case=story.case,
        goals="母の介護サービス導入と長男の就労準備",
        review_on=timezone.localdate() + dt.timedelta(days=90),
        actions=[],
    )
    meeting, item = held_meeting(kit, MULTI)
    decide(kit, item, Decision.Kind.PLAN, "プランを承認")
    plan.refresh_from_db()
    assert plan.approved_at == meeting.label


def test_a_plan_decision_without_a_plan_in_effect_is_refused(kit):
    _, item = held_meeting(kit, MULTI)
    with pytest.raises(ValidationError) as refused:
        decide(kit, item, Decision.Kind.PLAN, "プランを承認")
    assert refused.value.message_dict["kind"] == [str(services.NO_PLAN)]
    assert not Decision.objects.exists()


def test_a_closure_decision_proposes_the_closure(kit, story):
    _, item = held_meeting(kit)
    decide(kit, item, Decision.Kind.CLOSURE, "目標達成により終結")
    closure = story.case.closures.get()
    assert (closure.status, closure.evaluation) == (Closure.Status.PROPOSED, "目標達成により終結")


def test_a_lead_decision_without_an_agency_is_refused(kit):
    _, item = held_meeting(kit)
    with pytest.raises(ValidationError) as refused:
        decide(kit, item, Decision.Kind.LEAD, "主導役を変更")
    assert "agency" in refused.value.message_dict


def test_decisions_are_refused_while_the_meeting_is_only_planned(kit, story):
    meeting = kit.plan(cases=(story.case,))
    with pytest.raises(ValidationError) as refused:
        decide(kit, meeting.items.get(), Decision.Kind.NOTE, "次回継続")
    assert refused.value.messages == [str(services.NOT_HELD_YET)]


def test_decisions_are_refused_after_publication_until_the_meeting_is_held(kit, story):
    meeting = kit.plan(cases=(story.case,))
    kit.publish(meeting)
    with pytest.raises(ValidationError):
        decide(kit, meeting.items.get(), Decision.Kind.LEAD, "主導役変更", agency=story.team_agency)
    assert not LeadAssignment.objects.filter(agency=story.team_agency).exists()


# --- who runs a meeting -----------------------------------------------------------------


def test_a_caseworker_of_the_organiser_may_not_run_the_meeting(kit, story):
    meeting = kit.plan(cases=(story.case,))
    with pytest.raises(PermissionDenied):
        services.meeting_publish(actor=story.owner_worker, meeting=meeting)


def test_another_agencys_coordinator_may_not_run_the_meeting(kit, story):
    meeting = kit.plan(invite=(kit.other_coordinator,))
    with pytest.raises(PermissionDenied):
        services.agenda_add(
            actor=kit.other_coordinator, meeting=meeting, topic="議題", purpose="sharing"
        )


def test_the_organisers_supervisor_runs_the_meeting(kit, story):
    meeting = kit.plan(cases=(story.case,))
    published = services.meeting_publish(actor=story.owner_supervisor, meeting=meeting)
    assert published.status == Meeting.Status.PUBLISHED


def test_a_supervisor_of_another_agency_is_not_a_runner(kit, story):
    supervisor = StaffFactory(agency=story.other, role=Membership.Role.SUPERVISOR)
    meeting = kit.plan()
    assert not access.can_run(supervisor, meeting)


def test_nobody_plans_a_meeting_in_another_agencys_name(kit, story):
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=kit.coordinator,
            kind=SUPPORT,
            title="会議",
            starts_at=timezone.now(),
            organiser=story.other,
        )


# --- the agenda and the minutes ---------------------------------------------------------


def test_the_agenda_reorders(kit):
    meeting = kit.plan()
    _, _, third = (kit.add_topic(meeting, topic) for topic in ("一", "二", "三"))
    services.agenda_move(actor=kit.coordinator, item=third, up=True)
    assert list(meeting.items.values_list("topic", flat=True)) == ["一", "三", "二"]


def test_moving_the_first_item_up_leaves_the_agenda_as_it_was(kit):
    meeting = kit.plan()
    first, _ = (kit.add_topic(meeting, topic) for topic in ("一", "二"))
    services.agenda_move(actor=kit.coordinator, item=first, up=True)
    assert list(meeting.items.values_list("topic", flat=True)) == ["一", "二"]


def test_the_minutes_cannot_change_after_their_approval(kit, story):
    meeting, item = held_meeting(kit)
    services.minutes_approve(actor=kit.coordinator, meeting=meeting)
    item.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.agenda_update(
            actor=kit.coordinator,
            item=item,
            purpose=item.purpose,
            minutes="後から書き換え",
            expected_version=item.version,
        )
    assert refused.value.messages == [str(services.FINISHED)]


def test_minutes_are_approved_only_once_the_meeting_is_held(kit):
    meeting = kit.plan()
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=kit.coordinator, meeting=meeting)


# --- action items -----------------------------------------------------------------------


@pytest.fixture
def action(kit, story) -> ActionItem:
    meeting, item = held_meeting(kit)
    return services.action_add(
        actor=kit.coordinator,
        meeting=meeting,
        item=item,
        description="長男と面談する",
        agency=story.team_agency,
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )


def test_the_assigned_agency_sets_its_actions_status(story, action):
    services.action_set_status(actor=story.team_worker, action=action, status="done")
    action.refresh_from_db()
    assert action.status == ActionItem.Status.DONE


def test_an_unrelated_agency_may_not_set_an_actions_status(story, action):
    with pytest.raises(PermissionDenied):
        services.action_set_status(actor=story.stranger, action=action, status="done")
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN


def test_an_action_cannot_point_at_another_meetings_agenda_item(kit, story):
    _, foreign_item = held_meeting(kit)
    meeting = kit.plan()
    with pytest.raises(ValidationError):
        services.action_add(
            actor=kit.coordinator,
            meeting=meeting,
            item=foreign_item,
            description="面談",
            agency=story.team_agency,
            due_on=timezone.localdate(),
        )
