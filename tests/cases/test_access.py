"""cases/access.py, rule by rule (DOMAIN.md "Who may see what")."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cases import access, services
from cases.access import CardOnly, Level
from cases.models import AccessLog, Case, CaseGroupObjectPermission
from cases.models.access import Basis
from tests.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def test_the_intake_agency_reads_and_changes_its_case(story):
    decision = access.case_decision(story.owner_worker, story.case)
    assert decision.level == Level.FULL
    assert decision.basis == Basis.OWNER
    assert decision.can_change


def test_an_agency_admin_has_no_case_access_by_role(story):
    with pytest.raises(Http404):
        access.case_for(story.hub_admin, story.case.pk)


def test_a_team_agency_covered_by_consent_reads_but_cannot_change(story):
    decision = access.case_decision(story.team_worker, story.case)
    assert decision.level == Level.FULL
    assert decision.basis == Basis.CONSENT
    assert not decision.can_change


def test_a_team_agency_without_consent_sees_only_the_card_with_the_reason(story):
    with pytest.raises(CardOnly) as refused:
        access.case_for(story.uncovered_worker, story.case.pk)
    assert refused.value.decision.level == Level.CARD
    assert story.uncovered_agency.name in str(refused.value)
    assert "同意" in str(refused.value)


def test_a_stranger_gets_the_same_404_as_for_a_missing_case(story):
    with pytest.raises(Http404) as stranger:
        access.case_for(story.stranger, story.case.pk)
    with pytest.raises(Http404) as missing:
        access.case_for(story.stranger, 999_999)
    assert str(stranger.value) == str(missing.value)


def test_withdrawing_consent_ends_access_at_once(story):
    services.consent_withdraw(actor=story.owner_worker, consent=story.consent, reason="本人の申出")
    assert access.case_decision(story.team_worker, story.case).level == Level.CARD
    assert story.case not in access.visible_cases(story.team_worker)


def test_expired_consent_ends_access_without_any_write(story):
    after = timezone.now() + dt.timedelta(days=367)
    assert story.case in access.visible_cases(story.team_worker)
    with time_machine.travel(after):
        assert access.case_decision(story.team_worker, story.case).level == Level.CARD
        assert story.case not in access.visible_cases(story.team_worker)


def test_consent_that_starts_tomorrow_gives_no_access_today(story):
    services.consent_withdraw(actor=story.owner_worker, consent=story.consent, reason="再取得")
    from tests.factories import record_consent

    record_consent(
        case=story.case,
        by=story.owner_worker,
        valid_from=timezone.localdate() + dt.timedelta(days=1),
        agencies=[story.team_agency],
        all_team_agencies=False,
    )
    assert access.case_decision(story.team_worker, story.case).level == Level.CARD
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert access.case_decision(story.team_worker, story.case).level == Level.FULL


def test_a_meeting_grant_gives_reading_until_it_lapses_by_itself(story):
    now = timezone.now()
    services.grant_meeting_access(
        case=story.case,
        user=story.stranger,
        agency=story.other,
        source="支援会議 2026-12-01",
        starts_at=now,
        ends_at=now + dt.timedelta(days=14),
        meeting_starts_at=now,
        granted_by=story.hub_coordinator,
    )
    decision = access.case_decision(story.stranger, story.case)
    assert (decision.level, decision.basis) == (Level.FULL, Basis.MEETING)
    with time_machine.travel(now + dt.timedelta(days=15)):
        with pytest.raises(CardOnly) as refused:
            access.case_for(story.stranger, story.case.pk)
        assert "支援会議" in str(refused.value)


def test_a_grant_must_end_after_it_starts(story):
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.grant_meeting_access(
            case=story.case,
            user=story.stranger,
            agency=story.other,
            source="x",
            starts_at=now,
            ends_at=now,
            meeting_starts_at=now,
            granted_by=None,
        )
    assert refused.value.messages == [str(services.grants.GRANT_ENDS_BEFORE_START)]


def test_the_lead_agency_may_change_the_case(story):
    services.lead_change(
        actor=story.owner_worker, case=story.case, agency=story.team_agency, reason="介護中心のため"
    )
    decision = access.case_decision(story.team_worker, story.case)
    assert decision.can_change
    assert decision.basis == Basis.OWNER


def test_lists_filter_with_one_query_whatever_the_number_of_cases(story, django_assert_num_queries):
    for n in range(5):
        open_case(worker=story.owner_worker, name=f"世帯{n}")
    access.case_memberships(story.owner_worker)  # membership cache, once per request
    # whether the user holds a personal 106-6 grant (once per request), then the list
    with django_assert_num_queries(2):
        assert len(list(access.visible_cases(story.owner_worker))) == 6


def test_permissions_are_stored_in_guardians_direct_foreign_key_table(story):
    rows = CaseGroupObjectPermission.objects.filter(content_object=story.case)
    bases = set(rows.values_list("group__agency__name", "basis", "permission__codename"))
    assert (story.hub.name, "owner", "change_case") in bases
    assert (story.team_agency.name, "consent", "view_case") in bases
    assert (story.uncovered_agency.name, "team", "view_case_card") in bases
    assert not any(
        name == story.uncovered_agency.name and perm == "view_case" for name, _b, perm in bases
    )


def test_a_successful_read_is_logged_with_its_basis(story):
    access.case_for(story.team_worker, story.case.pk)
    entry = AccessLog.objects.get(user=story.team_worker)
    assert (entry.kind, entry.object_id, entry.basis, entry.agency) == (
        "case",
        story.case.pk,
        "consent",
        story.team_agency,
    )


def test_access_log_rows_outlive_the_user(story):
    access.case_for(story.owner_worker, story.case.pk)
    username = story.owner_worker.username
    AccessLog.objects.filter(user=story.owner_worker).update(user=None)
    assert AccessLog.objects.filter(username=username).exists()


def test_agency_internal_consultations_are_hidden_from_other_agencies(story):
    from tests.factories import consultation_data

    services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=consultation_data(narrative="避難先：○○シェルター", is_internal=True),
    )
    own = access.visible_consultations(story.owner_worker, story.case)
    team = access.visible_consultations(story.team_worker, story.case)
    assert own.count() == 2
    assert team.count() == 1
    assert "シェルター" not in team.get().narrative


def test_a_confidential_address_is_hidden_outside_the_owning_agency(story):
    person = story.case.household.memberships.first().person
    person.address_confidential = True
    person.save()
    assert access.can_see_address(story.owner_worker, story.case.household)
    assert not access.can_see_address(story.team_worker, story.case.household)


def test_a_household_is_visible_to_whoever_may_read_one_of_its_cases(story):
    assert story.case.household in access.visible_households(story.team_worker)
    assert story.case.household not in access.visible_households(story.uncovered_worker)
    assert story.case.household not in access.visible_households(story.stranger)


def test_persons_follow_their_household(story):
    persons = set(access.visible_persons(story.team_worker))
    assert persons == {m.person for m in story.case.household.memberships.all()}
    assert not access.visible_persons(story.stranger).exists()


def test_a_referral_shows_the_receiver_only_the_card(story):
    services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=story.other,
        reason="就労支援をお願いしたい",
        summary="40代男性、就労経験なし",
    )
    with pytest.raises(CardOnly) as refused:
        access.case_for(story.stranger, story.case.pk)
    assert "紹介" in str(refused.value) or "つなぎ" in str(refused.value)


def test_the_card_level_is_reported_for_lists_of_known_cases(story):
    known = access.visible_cases(story.uncovered_worker, codename=access.CARD)
    assert list(known) == [story.case]
    assert not access.visible_cases(story.uncovered_worker).exists()


def test_closed_cases_stay_readable_by_their_owner(story):
    closure = services.closure_propose(
        actor=story.owner_worker, case=story.case, reason="goals_met"
    )
    services.closure_approve(actor=story.owner_supervisor, closure=closure, evaluation="安定した")
    assert Case.objects.get(pk=story.case.pk).status == "closed"
    assert access.case_decision(story.owner_worker, story.case).can_view


def test_list_reads_are_logged_with_each_rows_own_basis(story):
    own = open_case(worker=story.team_worker, name="東部の世帯")
    access.log_list_reads(story.team_worker, [story.case, own])
    logged = dict(AccessLog.objects.values_list("object_id", "basis"))
    assert logged == {story.case.pk: "consent", own.pk: "owner"}


def test_a_case_cannot_be_opened_on_a_household_one_may_not_see(story):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.case_open(
            actor=story.stranger,
            household=story.case.household,
            title="乗っ取り",
            referral_source="self",
            projects=["consultation"],
        )
    assert "household" in refused.value.message_dict
    assert story.case.household.cases.count() == 1


def test_history_and_access_log_rows_survive_deleting_a_user(story):
    from agencies.models import User
    from cases.models import Case as CaseModel
    from tests.factories import UserFactory

    reader = UserFactory(username="temporary")
    case = CaseModel.objects.get(pk=story.case.pk)
    case._history_user = reader
    case._change_reason = "edited by a temporary account"
    case.save()
    access.log_reads(reader, [case], basis="owner")
    reader.delete()
    assert not User.objects.filter(username="temporary").exists()
    assert AccessLog.objects.filter(username="temporary", user__isnull=True).exists()
    assert case.history.filter(history_change_reason="edited by a temporary account").exists()
