"""The holes of issue 9, each forbidden by a test named after what it forbids (the meeting
holes are in tests/meetings/test_access_holes.py, the admin and browser hygiene ones in
tests/core, the race in tests/cases/test_access_concurrency.py).

The story (tests/cases/conftest.py): the hub owns the Yamada case; the east 地域包括 (team
agency) reads it by the mother's consent; the disability office is on the team without
consent; the stranger agency never heard of it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from agencies.models import Membership
from cases import access, services
from cases.access import Level
from cases.models import AccessLog, Case, Consent, Referral
from cases.models.access import Basis
from cases.services.consultations import ConsultationData
from tests.factories import AgencyFactory, StaffFactory, record_consent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def mother(story):
    return story.consent.person


def son(story):
    return story.case.household.memberships.exclude(person=story.consent.person).get().person


# --- 1. a reader never becomes an owner ------------------------------------------------


def test_a_consent_reader_cannot_open_its_own_case_on_the_household(story):
    with pytest.raises(ValidationError) as refused:
        services.case_open(
            actor=story.team_worker,
            household=story.case.household,
            title="長男の就労",
            referral_source=Case.Source.SELF,
            projects=["consultation"],
        )
    assert "Ask the lead agency" in refused.value.message_dict["household"][0]
    assert story.case.household.cases.count() == 1


def test_a_consent_reader_cannot_open_a_case_on_the_household_over_the_api(story):
    api = APIClient()
    api.force_authenticate(story.team_worker)
    response = api.post(
        reverse("api:case-list"),
        {
            "household": story.case.household_id,
            "title": "長男の就労",
            "referral_source": Case.Source.SELF,
            "projects": ["consultation"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "household" in response.json()
    assert story.case.household.cases.count() == 1


def test_a_consent_reader_asks_the_lead_to_join_instead_and_the_lead_decides(story):
    request = services.join_request(actor=story.team_worker, case=story.case, reason="就労支援")
    assert (request.kind, request.to_agency) == (Referral.Kind.JOIN_REQUEST, story.hub)
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=story.team_worker, referral=request)
    services.referral_accept(actor=story.owner_worker, referral=request)
    assert story.case.team.filter(agency=story.team_agency, left_on__isnull=True).count() == 1


def test_a_consent_reader_cannot_move_a_person_out_of_the_household(story):
    elsewhere = services.household_create(actor=story.team_worker, name="別世帯", members=[])
    with pytest.raises(PermissionDenied):
        services.person_move(
            actor=story.team_worker,
            person=mother(story),
            to_household=elsewhere,
            relation="head",
            on=timezone.localdate(),
        )
    assert mother(story).memberships.get(ended_on__isnull=True).household == story.case.household


# --- 3. a non-owner never widens the team ----------------------------------------------


def test_a_consent_reader_cannot_refer_the_case_to_a_stranger(story):
    with pytest.raises(PermissionDenied) as refused:
        services.referral_send(
            actor=story.team_worker,
            case=story.case,
            to_agency=story.other,
            reason="x",
            summary="x",
        )
    assert "widen" in str(refused.value)
    assert not story.case.referrals.exists()


def test_a_consent_reader_cannot_add_an_agency_to_the_team(story):
    with pytest.raises(PermissionDenied):
        services.team_add(actor=story.team_worker, case=story.case, agency=story.other)


def test_a_consent_reader_cannot_record_or_extend_consent(story):
    with pytest.raises(PermissionDenied):
        record_consent(case=story.case, by=story.team_worker)
    with pytest.raises(PermissionDenied):
        services.consent_extend(
            actor=story.team_worker,
            consent=story.consent,
            agency=story.uncovered_agency,
            note="x",
        )


def test_all_team_agencies_does_not_cover_an_agency_that_joins_later(story):
    record_consent(case=story.case, by=story.owner_worker, all_team_agencies=True)
    later = AgencyFactory(name="後から入った機関")
    later_worker = StaffFactory(agency=later)
    services.team_add(actor=story.owner_worker, case=story.case, agency=later)
    assert access.case_decision(later_worker, story.case).level == Level.CARD


def test_the_owner_extends_a_consent_to_a_later_team_agency_and_history_says_so(story):
    consent = record_consent(case=story.case, by=story.owner_worker, all_team_agencies=True)
    later = AgencyFactory(name="後から入った機関")
    later_worker = StaffFactory(agency=later)
    services.team_add(actor=story.owner_worker, case=story.case, agency=later)
    services.consent_extend(
        actor=story.owner_worker, consent=consent, agency=later, note="本人に電話で確認"
    )
    assert access.case_decision(later_worker, story.case).basis == Basis.CONSENT
    assert consent.extensions.get().agency == later
    assert consent.history.latest().history_change_reason.startswith("consent extended")


def test_an_agency_named_in_a_consent_but_not_on_the_team_reads_nothing(story):
    named = AgencyFactory(name="名前だけの機関")
    record_consent(
        case=story.case, by=story.owner_worker, all_team_agencies=False, agencies=[named]
    )
    assert access.case_decision(StaffFactory(agency=named), story.case).level == Level.NONE


# --- 6. one writer at a time; no IntegrityError reaches anyone ---------------------------


def test_two_pending_referrals_to_one_agency_are_impossible_even_bypassing_the_service(story):
    services.referral_send(
        actor=story.owner_worker, case=story.case, to_agency=story.other, reason="x", summary="x"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            case=story.case,
            from_agency=story.hub,
            to_agency=story.other,
            reason="y",
            summary="y",
            sent_at=timezone.now(),
        )


def test_a_second_referral_to_the_same_agency_is_a_clear_refusal(story):
    services.referral_send(
        actor=story.owner_worker, case=story.case, to_agency=story.other, reason="x", summary="x"
    )
    with pytest.raises(ValidationError) as refused:
        services.referral_send(
            actor=story.owner_worker,
            case=story.case,
            to_agency=story.other,
            reason="x",
            summary="x",
        )
    assert "to_agency" in refused.value.message_dict


# --- 8. consent is scoped to its purpose and its person ----------------------------------


def test_a_consent_given_only_for_the_plan_opens_nothing(story):
    services.consent_withdraw(actor=story.owner_worker, consent=story.consent, reason="撤回")
    record_consent(
        case=story.case,
        by=story.owner_worker,
        all_team_agencies=False,
        agencies=[story.team_agency],
        purposes=[Consent.Purpose.PLAN],
    )
    assert access.case_decision(story.team_worker, story.case).level == Level.CARD


def test_one_members_consent_does_not_open_another_members_records(story):
    services.consultation_log(
        actor=story.owner_worker,
        case=story.case,
        data=ConsultationData(
            occurred_at=timezone.now() - dt.timedelta(hours=1),
            mode="phone",
            narrative="長男の通院について",
            person=son(story),
        ),
    )
    decision = access.case_decision(story.team_worker, story.case)
    assert decision.persons == frozenset({mother(story).pk})
    narratives = list(
        access.visible_consultations(story.team_worker, story.case).values_list(
            "narrative", flat=True
        )
    )
    assert "長男の通院について" not in narratives
    assert access.visible_consultations(story.owner_worker, story.case).filter(
        narrative="長男の通院について"
    )


def test_a_consent_reader_sees_that_another_members_record_exists_but_not_its_content(
    client, story
):
    services.concern_add(
        actor=story.owner_worker,
        case=story.case,
        category="hikikomori",
        note="長男は30年自室にこもる",
        person=son(story),
    )
    client.force_login(story.team_worker)
    page = client.get(reverse("cases:detail", args=[story.case.pk])).content.decode()
    assert "長男は30年自室にこもる" not in page
    assert son(story).full_name in page  # named as a member whose consent is missing


def test_a_consent_reader_cannot_record_about_a_member_who_did_not_consent(story):
    with pytest.raises(PermissionDenied):
        services.concern_add(
            actor=story.team_worker, case=story.case, category="hikikomori", person=son(story)
        )


def test_a_representatives_consent_for_a_member_opens_that_members_records(story):
    record_consent(
        case=story.case,
        by=story.owner_worker,
        person=son(story),
        all_team_agencies=False,
        agencies=[story.team_agency],
        representative=Consent.Representative.GUARDIAN,
        representative_name="成年後見人 田中",
    )
    decision = access.case_decision(story.team_worker, story.case)
    assert decision.persons == frozenset({mother(story).pk, son(story).pk})


def test_a_representatives_consent_needs_the_representatives_name(story):
    with pytest.raises(ValidationError) as refused:
        record_consent(
            case=story.case,
            by=story.owner_worker,
            person=son(story),
            representative=Consent.Representative.GUARDIAN,
        )
    assert "representative_name" in refused.value.message_dict


def test_a_consent_reader_is_not_the_owner_of_a_member_it_cannot_read(story):
    with pytest.raises(PermissionDenied):
        access.person_for(story.team_worker, son(story).pk)
    person, _ = access.person_for(story.team_worker, mother(story).pk)
    assert person == mother(story)


# --- 9. a grant is personal and a summary -------------------------------------------------


@pytest.fixture
def grantee(story):
    now = timezone.now()
    user = story.stranger
    services.grant_meeting_access(
        case=story.case,
        user=user,
        agency=story.other,
        source="meeting:0 支援会議",
        starts_at=now,
        ends_at=now + dt.timedelta(days=14),
        meeting_starts_at=now,
        granted_by=story.hub_coordinator,
    )
    return user


def test_a_grantees_colleague_reads_nothing(story, grantee):
    colleague = StaffFactory(agency=story.other, role=Membership.Role.CASEWORKER)
    assert access.case_decision(colleague, story.case).level == Level.NONE
    assert access.case_decision(grantee, story.case).basis == Basis.MEETING


def test_a_grantee_sees_the_summary_not_the_narratives_or_history(client, story, grantee):
    client.force_login(grantee)
    page = client.get(reverse("cases:detail", args=[story.case.pk]))
    assert page.status_code == 200
    assert "本人から電話" not in page.content.decode()  # the first consultation's narrative
    assert client.get(reverse("cases:history", args=[story.case.pk])).status_code == 403


def test_a_grantee_gets_no_timeline_or_history_tab(client, story, grantee):
    client.force_login(grantee)
    page = client.get(reverse("cases:detail", args=[story.case.pk])).content.decode()
    assert 'id="tab-overview"' in page
    assert 'id="tab-timeline"' not in page
    assert 'id="tab-history"' not in page


def test_a_grantee_cannot_read_the_case_records_over_the_api(story, grantee):
    api = APIClient()
    api.force_authenticate(grantee)
    detail = api.get(reverse("api:case-detail", args=[story.case.pk]))
    assert detail.status_code == 200
    assert detail.json()["access"]["summary_only"] is True
    records = api.get(reverse("api:case-consultation-list", args=[story.case.pk]))
    assert records.status_code == 403


def test_a_grantee_records_nothing_on_the_case(story, grantee):
    with pytest.raises(PermissionDenied):
        services.consultation_log(
            actor=grantee,
            case=story.case,
            data=ConsultationData(
                occurred_at=timezone.now() - dt.timedelta(hours=1), mode="phone", narrative="x"
            ),
        )
    with pytest.raises(PermissionDenied):
        services.concern_add(actor=grantee, case=story.case, category="care")


def test_a_grant_longer_than_the_cap_is_refused(story):
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.grant_meeting_access(
            case=story.case,
            user=story.stranger,
            agency=story.other,
            source="x",
            starts_at=now,
            ends_at=now + dt.timedelta(days=91),
            meeting_starts_at=now,
            granted_by=None,
        )


def test_a_grant_goes_only_to_staff_of_the_agency_they_attended_for(story):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.grant_meeting_access(
            case=story.case,
            user=story.stranger,
            agency=story.hub,
            source="x",
            starts_at=now,
            ends_at=now + dt.timedelta(days=1),
            meeting_starts_at=now,
            granted_by=None,
        )


def test_reads_under_a_grant_are_logged_under_the_grantees_agency(story, grantee):
    access.case_for(grantee, story.case.pk, summary=True)
    row = AccessLog.objects.filter(user=grantee).latest("at")
    assert (row.agency, row.basis) == (story.other, Basis.MEETING)
