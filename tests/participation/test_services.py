"""The rules of participation support, through the services: the matching lifecycle and
the transitions it refuses (with the message), capacity, dates, and who may write what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from cases import access
from cases import services as case_services
from cases.services.cases import CASE_CLOSED, PERSON_NOT_IN_HOUSEHOLD
from core.concurrency import ConcurrentEditError
from participation import access as participation_access
from participation import services
from participation.models import FollowUp, Matching, ParticipationPlan
from participation.services import directory, people
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- the lifecycle -----------------------------------------------------------------------


def test_a_proposal_starts_the_persons_plan_and_holds_no_place(kit):
    matching = kit.propose(note="本人がパン好き")
    assert matching.status == Matching.Status.PROPOSED
    assert matching.proposed_on == TODAY()
    assert matching.agency == kit.story.hub
    assert matching.plan == ParticipationPlan.objects.get(case=kit.story.case, person=kit.son)
    assert services.taken_places(kit.bread) == 0


def test_a_second_proposal_for_the_same_person_reuses_the_plan(kit):
    first = kit.propose()
    second = kit.propose(menu=kit.cleaning)
    assert first.plan_id == second.plan_id
    assert ParticipationPlan.objects.count() == 1


def test_a_matching_goes_proposed_trial_active_ended_with_dated_steps(kit):
    kit.opened_days_ago(30)
    today = TODAY()
    matching = kit.propose(proposed_on=today - dt.timedelta(days=20))
    matching = services.matching_start_trial(
        actor=kit.story.owner_worker, matching=matching, on=today - dt.timedelta(days=10)
    )
    assert (matching.status, matching.trial_on) == ("trial", today - dt.timedelta(days=10))
    matching = services.matching_activate(
        actor=kit.story.owner_worker, matching=matching, on=today - dt.timedelta(days=3)
    )
    assert (matching.status, matching.started_on) == ("active", today - dt.timedelta(days=3))
    matching = services.matching_end(
        actor=kit.story.owner_worker,
        matching=matching,
        outcome=Matching.Outcome.SETTLED,
        reason="定着した",
    )
    assert (matching.status, matching.ended_on, matching.outcome) == ("ended", today, "settled")
    assert matching.version == 4
    reasons = list(
        matching.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "match proposed",
        "matching: Trial",
        "matching: Taking part",
        "matching: Ended",
    ]


def test_a_proposal_can_end_without_a_trial(kit):
    matching = services.matching_end(
        actor=kit.story.owner_worker,
        matching=kit.propose(),
        outcome=Matching.Outcome.DECLINED_PERSON,
        reason="本人が見学を希望しなかった",
    )
    assert matching.status == Matching.Status.ENDED


def test_a_proposal_cannot_skip_the_trial_and_is_told_where_it_can_go(kit):
    matching = kit.propose()
    with pytest.raises(ValidationError) as refused:
        kit.activate(matching)
    assert refused.value.code == "bad_transition"
    expected = people.BAD_TRANSITION % {
        "current": "Proposed",
        "target": "Taking part",
        "hint": people.HINT_NEXT % {"allowed": "Trial / Ended"},
    }
    assert messages_of(refused.value) == [expected]
    matching.refresh_from_db()
    assert matching.status == Matching.Status.PROPOSED


def test_an_ended_matching_stays_ended(kit):
    matching = kit.end(kit.propose())
    with pytest.raises(ValidationError) as refused:
        kit.trial(matching)
    assert messages_of(refused.value) == [
        people.BAD_TRANSITION % {"current": "Ended", "target": "Trial", "hint": people.HINT_ENDED}
    ]


def test_a_trial_cannot_start_twice(kit):
    matching = kit.trial(kit.propose())
    with pytest.raises(ValidationError, match="cannot become"):
        kit.trial(matching)


def test_ending_needs_an_outcome_and_a_reason(kit):
    matching = kit.propose()
    with pytest.raises(ValidationError) as refused:
        services.matching_end(
            actor=kit.story.owner_worker, matching=matching, outcome="", reason="  "
        )
    assert refused.value.message_dict == {
        "outcome": [str(people.OUTCOME_REQUIRED)],
        "reason": [str(people.REASON_REQUIRED)],
    }


def test_a_step_is_never_dated_in_the_future_nor_before_the_previous_one(kit):
    kit.opened_days_ago(30)
    today = TODAY()
    matching = kit.propose(proposed_on=today - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as future:
        services.matching_start_trial(
            actor=kit.story.owner_worker, matching=matching, on=today + dt.timedelta(days=1)
        )
    assert "on" in future.value.message_dict
    with pytest.raises(ValidationError) as early:
        services.matching_start_trial(
            actor=kit.story.owner_worker, matching=matching, on=today - dt.timedelta(days=6)
        )
    assert early.value.message_dict["on"] == [
        str(people.BEFORE_PREVIOUS_STEP % {"date": today - dt.timedelta(days=5)})
    ]


def test_a_stale_version_is_refused(kit):
    matching = kit.propose()
    kit.trial(matching)
    with pytest.raises(ConcurrentEditError):
        services.matching_end(
            actor=kit.story.owner_worker,
            matching=matching,
            outcome="other",
            reason="x",
            expected_version=1,
        )


# --- capacity and the menu ---------------------------------------------------------------


def test_the_trial_takes_a_place_and_a_full_menu_refuses_the_next_one(kit):
    menu = kit.menu(capacity=1)
    kit.trial(kit.propose(menu=menu, person=kit.son))
    waiting = kit.propose(menu=menu, person=kit.mother)
    with pytest.raises(ValidationError) as full:
        kit.trial(waiting)
    assert messages_of(full.value) == [str(directory.MENU_FULL % {"capacity": 1})]


def test_ending_a_matching_frees_its_place(kit):
    menu = kit.menu(capacity=1)
    first = kit.trial(kit.propose(menu=menu, person=kit.son))
    waiting = kit.propose(menu=menu, person=kit.mother)
    kit.end(first)
    assert kit.trial(waiting).status == Matching.Status.TRIAL


def test_a_person_has_one_open_matching_per_menu(kit):
    kit.propose()
    with pytest.raises(ValidationError) as twice:
        kit.propose()
    assert twice.value.message_dict == {"menu": [str(people.ALREADY_MATCHED)]}


def test_after_an_ended_matching_the_menu_can_be_proposed_again(kit):
    kit.end(kit.propose())
    assert kit.propose().status == Matching.Status.PROPOSED


def test_a_menu_no_longer_offered_cannot_be_proposed(kit):
    menu = services.menu_update(
        actor=kit.developer, menu=kit.bread, expected_version=None, data={"is_active": False}
    )
    with pytest.raises(ValidationError) as refused:
        kit.propose(menu=menu)
    assert refused.value.message_dict == {"menu": [str(directory.MENU_INACTIVE)]}


def test_places_cannot_drop_below_those_taken(kit):
    kit.trial(kit.propose(person=kit.son))
    kit.trial(kit.propose(person=kit.mother))
    with pytest.raises(ValidationError) as refused:
        services.menu_update(
            actor=kit.developer, menu=kit.bread, expected_version=None, data={"capacity": 1}
        )
    assert refused.value.message_dict == {
        "capacity": [str(directory.CAPACITY_BELOW_TAKEN % {"taken": 2})]
    }


# --- whom a match is for -----------------------------------------------------------------


def test_only_a_current_member_of_the_household_can_be_matched(kit, story):
    from tests.factories import open_case

    elsewhere = open_case(worker=story.owner_worker, name="田中家").household.memberships.first()
    with pytest.raises(ValidationError) as refused:
        kit.propose(person=elsewhere.person)
    assert refused.value.message_dict == {"person": [str(PERSON_NOT_IN_HOUSEHOLD)]}


def test_a_closed_case_takes_no_new_proposal(kit, story):
    story.case.status = "closed"
    story.case.save()
    with pytest.raises(ValidationError) as refused:
        kit.propose()
    assert messages_of(refused.value) == [str(CASE_CLOSED)]


def test_a_proposal_is_not_dated_before_the_case_opened(kit, story):
    before = story.case.opened_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        kit.propose(proposed_on=before)
    assert "proposed_on" in refused.value.message_dict


# --- who may write -----------------------------------------------------------------------


def test_a_team_agency_with_consent_proposes_and_supports_its_own_match(kit, story):
    matching = kit.propose(by=story.team_worker)
    assert matching.agency == story.team_agency
    assert kit.trial(matching, by=story.team_worker).status == Matching.Status.TRIAL


def test_another_reader_may_not_move_someone_elses_match(kit, story):
    matching = kit.propose(by=story.owner_worker)
    with pytest.raises(PermissionDenied) as refused:
        kit.trial(matching, by=story.team_worker)
    assert str(refused.value) == str(
        participation_access.NOT_SUPPORTING % {"agency": story.hub.name}
    )


def test_the_case_owner_may_move_a_match_a_team_agency_proposed(kit, story):
    matching = kit.propose(by=story.team_worker)
    assert kit.trial(matching, by=story.owner_worker).status == Matching.Status.TRIAL


def test_a_team_agency_without_consent_is_told_the_consent_is_missing(kit, story):
    with pytest.raises(access.CardOnly) as refused:
        kit.propose(by=story.uncovered_worker)
    assert story.uncovered_agency.name in str(refused.value)


def test_a_stranger_gets_the_404_of_a_missing_case(kit, story):
    with pytest.raises(Http404):
        kit.propose(by=story.stranger)
    matching = kit.propose()
    with pytest.raises(Http404):
        kit.follow_up(matching, by=story.stranger)


def test_withdrawn_consent_stops_the_team_agency_at_once(kit, story):
    matching = kit.propose(by=story.team_worker)
    for consent in story.case.consents.all():
        case_services.consent_withdraw(
            actor=story.owner_worker, consent=consent, reason="本人の意思"
        )
    with pytest.raises(access.CardOnly):
        kit.trial(matching, by=story.team_worker)


def test_only_the_developing_agency_edits_a_menu(kit, story):
    with pytest.raises(PermissionDenied) as refused:
        services.menu_update(
            actor=story.owner_worker, menu=kit.bread, expected_version=None, data={"title": "x"}
        )
    assert str(refused.value) == str(participation_access.NOT_DEVELOPER)
    colleague = StaffFactory(agency=story.team_agency)
    menu = services.menu_update(
        actor=colleague, menu=kit.bread, expected_version=1, data={"title": "パン作り（初級）"}
    )
    assert (menu.title, menu.version) == ("パン作り（初級）", 2)


def test_a_menu_records_who_developed_it_and_when(kit, story):
    assert (kit.bread.developed_by, kit.bread.developed_on) == (story.team_agency, TODAY())


def test_a_menu_is_registered_only_for_an_agency_of_ones_own(kit, story):
    with pytest.raises(PermissionDenied):
        kit.menu(developed_by=story.other)


def test_only_the_registering_agency_edits_a_host(kit, story):
    with pytest.raises(PermissionDenied) as refused:
        services.host_update(
            actor=story.owner_worker, host=kit.cafe, expected_version=None, data={"name": "x"}
        )
    assert str(refused.value) == str(participation_access.NOT_REGISTRAR)


def test_a_host_links_to_an_agency_or_a_group_not_both(kit, story):
    from community.models import Group

    group = Group.objects.create(owner=story.hub, name="朝日町サロン", kind="salon")
    with pytest.raises(ValidationError) as refused:
        services.host_create(
            actor=story.owner_worker, name="サロン", agency=story.team_agency, group=group
        )
    assert refused.value.message_dict == {"group": [str(directory.HOST_ONE_LINK)]}
    host = services.host_create(actor=story.owner_worker, name="サロン", group=group)
    assert (host.group, host.registered_by) == (group, story.hub)


def test_only_the_plans_agency_or_the_case_owner_changes_its_goals(kit, story):
    plan = kit.propose(by=story.team_worker).plan
    plan = services.plan_update(
        actor=story.owner_worker, plan=plan, goals="週1回外出する", expected_version=None
    )
    assert plan.goals == "週1回外出する"
    mine = kit.propose(by=story.owner_worker, person=kit.mother).plan
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=story.team_worker, plan=mine, goals="x", expected_version=None)


def test_a_person_has_one_plan_per_case(kit, story):
    services.plan_create(actor=story.owner_worker, case=story.case, person=kit.son)
    with pytest.raises(ValidationError) as twice:
        services.plan_create(actor=story.owner_worker, case=story.case, person=kit.son)
    assert twice.value.message_dict == {"person": [str(people.PLAN_EXISTS)]}


# --- follow-ups --------------------------------------------------------------------------


def test_any_agency_reading_the_case_records_a_follow_up_for_itself(kit, story):
    matching = kit.propose(by=story.owner_worker)
    follow_up = kit.follow_up(matching, by=story.team_worker, about=FollowUp.About.HOST)
    assert (follow_up.agency, follow_up.recorded_by) == (story.team_agency, story.team_worker)


def test_the_next_follow_up_comes_after_this_one(kit):
    matching = kit.propose()
    with pytest.raises(ValidationError) as refused:
        kit.follow_up(matching, next_in=0)
    assert refused.value.message_dict == {"next_on": [str(people.NEXT_AFTER_DONE)]}


def test_a_follow_up_is_not_dated_in_the_future_nor_before_the_proposal(kit):
    matching = kit.propose()
    with pytest.raises(ValidationError) as future:
        kit.follow_up(matching, done_days_ago=-1)
    assert "done_on" in future.value.message_dict
    with pytest.raises(ValidationError) as early:
        kit.follow_up(matching, done_days_ago=1)
    assert "done_on" in early.value.message_dict


def test_an_ended_matching_takes_no_follow_up(kit):
    matching = kit.end(kit.propose())
    with pytest.raises(ValidationError) as refused:
        kit.follow_up(matching)
    assert messages_of(refused.value) == [str(people.FOLLOW_UP_ENDED)]
