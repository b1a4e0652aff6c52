"""The meeting holes of issue 9: a meeting of one cannot take the lead, 106-6 reading is
bounded and personal, and only a deciding meeting of a hub with the case's holder present
changes a case. The story: tests/cases/conftest.py; the kit: tests/meetings/conftest.py."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from agencies.models import Membership
from cases import access as case_access
from cases import services as case_services
from cases.models import Consent, LeadAssignment
from cases.models.access import Basis
from meetings import services
from meetings.models import Meeting
from tests.factories import ServiceAccountFactory, StaffFactory, record_consent

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

SUPPORT = Meeting.Kind.SUPPORT
MULTI = Meeting.Kind.MULTI_LAYERED


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _lead(case):
    return LeadAssignment.objects.get(case=case, ended_on__isnull=True).agency


def test_a_coordinator_of_a_non_hub_agency_cannot_organise_a_support_meeting(kit, story):
    coordinator = StaffFactory(agency=story.team_agency, role=Membership.Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=coordinator, kind=SUPPORT, title="一人会議", starts_at=timezone.now()
        )


def test_a_meeting_of_one_reader_cannot_take_the_lead(kit, story):
    """The team agency's coordinator runs its own 重層的支援会議 alone and decides the lead."""
    coordinator = StaffFactory(agency=story.team_agency, role=Membership.Role.COORDINATOR)
    meeting = services.meeting_create(
        actor=coordinator, kind=MULTI, title="一人会議", starts_at=timezone.now()
    )
    item = services.agenda_add(actor=coordinator, meeting=meeting, case=story.case, purpose="roles")
    services.meeting_publish(actor=coordinator, meeting=meeting)
    participant = meeting.participants.get()
    services.attendance_set(actor=coordinator, participant=participant, attended=True)
    services.meeting_hold(actor=coordinator, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=coordinator, item=item, kind="lead", text="乗っ取り", agency=story.team_agency
        )
    assert _lead(story.case) == story.hub


def test_a_meeting_without_the_intake_or_lead_agency_present_cannot_change_the_lead(kit, story):
    meeting = kit.plan(SUPPORT, invite=(story.team_worker,), cases=(story.case,))
    kit.publish(meeting)
    for participant in meeting.participants.all():
        # The hub (intake and lead) is marked absent; only the team agency came.
        attended = participant.agency_id == story.team_agency.pk
        services.attendance_set(actor=kit.coordinator, participant=participant, attended=attended)
    kit.hold(meeting)
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=kit.coordinator,
            item=meeting.items.get(),
            kind="lead",
            text="x",
            agency=story.team_agency,
        )
    assert _lead(story.case) == story.hub


def test_a_role_decision_cannot_put_a_stranger_on_the_team_at_a_non_hub_meeting(kit, story):
    coordinator = StaffFactory(agency=story.team_agency, role=Membership.Role.COORDINATOR)
    meeting = services.meeting_create(
        actor=coordinator, kind=MULTI, title="一人会議", starts_at=timezone.now()
    )
    item = services.agenda_add(actor=coordinator, meeting=meeting, case=story.case, purpose="roles")
    services.meeting_publish(actor=coordinator, meeting=meeting)
    services.meeting_hold(actor=coordinator, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=coordinator, item=item, kind="role", text="x", agency=story.other
        )
    assert not story.case.team.filter(agency=story.other).exists()


def test_a_case_conference_records_notes_only(kit, story):
    meeting = kit.plan(Meeting.Kind.CONFERENCE, invite=(story.team_worker,), cases=(story.case,))
    kit.publish(meeting)
    kit.hold(meeting)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=kit.coordinator,
            item=meeting.items.get(),
            kind="lead",
            text="x",
            agency=story.team_agency,
        )
    services.decision_record(actor=kit.coordinator, item=meeting.items.get(), kind="note", text="x")


def test_a_hub_meeting_with_the_lead_present_may_hand_the_lead_over(kit, story):
    meeting = kit.plan(SUPPORT, invite=(story.team_worker,), cases=(story.case,))
    kit.publish(meeting)
    kit.hold(meeting)  # everyone present, the hub included
    services.decision_record(
        actor=kit.coordinator,
        item=meeting.items.get(),
        kind="lead",
        text="介護中心",
        agency=story.team_agency,
    )
    assert _lead(story.case) == story.team_agency


def test_a_support_meeting_cannot_grant_reading_for_decades(kit, story):
    with pytest.raises(ValidationError) as refused:
        kit.plan(SUPPORT, grant_days_after=32767)
    assert "grant_days_after" in refused.value.message_dict


def test_a_meeting_cannot_be_planned_in_2099(kit, story):
    with pytest.raises(ValidationError) as refused:
        kit.plan(SUPPORT, starts_at=timezone.now().replace(year=2099))
    assert "starts_at" in refused.value.message_dict


def test_a_partner_system_account_cannot_attend_a_meeting(kit, story):
    account, _ = ServiceAccountFactory(agency=story.other, username="partner-x")
    meeting = kit.plan(SUPPORT)
    with pytest.raises(ValidationError):
        kit.invite(meeting, account)


def test_a_pledged_participants_colleague_reads_nothing(kit, story):
    colleague = StaffFactory(agency=story.other, role=Membership.Role.CASEWORKER)
    meeting = kit.plan(SUPPORT, invite=(story.stranger,), cases=(story.case,))
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    assert case_access.case_decision(story.stranger, story.case).basis == Basis.MEETING
    assert case_access.case_decision(colleague, story.case).level == case_access.Level.NONE


def test_the_grant_lapses_at_most_grant_days_after_the_meeting(kit, story):
    meeting = kit.plan(SUPPORT, invite=(story.stranger,), cases=(story.case,), grant_days_after=3)
    kit.pledge(meeting, story.stranger)
    kit.publish(meeting)
    grant = story.case.access_grants.get(user=story.stranger)
    assert grant.ends_at == meeting.starts_at + dt.timedelta(days=3)


def test_a_plan_only_consent_does_not_admit_the_case_to_a_multi_layered_meeting(kit, story):
    case_services.consent_withdraw(actor=story.owner_worker, consent=story.consent, reason="x")
    record_consent(
        case=story.case,
        by=story.owner_worker,
        all_team_agencies=False,
        agencies=[story.team_agency],
        purposes=[Consent.Purpose.SHARING, Consent.Purpose.PLAN],
    )
    meeting = kit.plan(MULTI, invite=(story.team_worker,))
    with pytest.raises(ValidationError) as refused:
        kit.add_case(meeting, story.case)
    assert story.team_agency.name in refused.value.messages[0]


def test_a_grantee_cannot_carry_the_case_to_another_meeting(kit, story):
    hub_coordinator_elsewhere = StaffFactory(agency=story.other, role=Membership.Role.COORDINATOR)
    story.other.is_hub = True
    story.other.save()
    support = kit.plan(SUPPORT, invite=(hub_coordinator_elsewhere,), cases=(story.case,))
    kit.pledge(support, hub_coordinator_elsewhere)
    kit.publish(support)
    own = services.meeting_create(
        actor=hub_coordinator_elsewhere, kind=SUPPORT, title="別の会議", starts_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        services.agenda_add(
            actor=hub_coordinator_elsewhere, meeting=own, case=story.case, purpose="sharing"
        )
