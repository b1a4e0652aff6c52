"""The demo cases (cases/demo/): about thirty households that, between them, show every
access rule of DOMAIN.md "Who may see what"."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from agencies.demo import HUB_NAME
from agencies.models import Area, Membership, User
from cases import access
from cases.access import Level
from cases.demo import STORIES, load_cases
from cases.demo.loader import DUPLICATE_STORY, Loader, Stories
from cases.models import (
    Case,
    Closure,
    Consent,
    Consultation,
    Household,
    LeadAssignment,
    Person,
    Referral,
)
from cases.models.access import Basis

pytestmark = pytest.mark.django_db

# One household per story but onodera_visits (which continues 小野寺世帯).
DEMO_HOUSEHOLDS = 32


@pytest.fixture(scope="module")
def created(django_db_setup, django_db_blocker):
    """Load the demo once for the module and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_cases()
        transaction.set_rollback(True)


def _worker_of(agency_id: int) -> User:
    membership = (
        Membership.objects.filter(agency_id=agency_id, is_active=True, role__in=access.CASE_ROLES)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user


def _team_decisions() -> list[tuple[Case, object, access.Decision]]:
    """For every open case, the decision for a worker of each team agency that is neither
    the intake agency nor the current lead."""
    decisions = []
    for case in Case.objects.prefetch_related("team", "leads"):
        lead = next(lead.agency_id for lead in case.leads.all() if lead.ended_on is None)
        for member in case.team.all():
            if member.left_on is None and member.agency_id not in {case.owner_agency_id, lead}:
                worker = _worker_of(member.agency_id)
                decisions.append((case, member.agency, access.case_decision(worker, case)))
    return decisions


def test_the_demo_creates_one_household_per_story(created):
    assert created == DEMO_HOUSEHOLDS
    assert Household.objects.count() == created
    assert Case.objects.count() >= created


def test_the_readme_counts_the_demo_households():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    counted = re.search(r"demo\s+has\s+(\d+)\s+fictional\s+households", readme)
    assert counted, "README.md no longer says how many households the demo has"
    assert int(counted.group(1)) == DEMO_HOUSEHOLDS


def test_a_second_story_of_the_same_name_is_refused():
    stories = Stories()

    def ishikawa(d: Loader) -> None:
        pass

    first = ishikawa
    stories.add(first)

    def ishikawa(d: Loader) -> None:  # a second def of the name, as cases/demo.py had
        pass

    message = DUPLICATE_STORY.format(
        name="ishikawa",
        first=f"{__name__}:{first.__code__.co_firstlineno}",
        second=f"{__name__}:{ishikawa.__code__.co_firstlineno}",
    )
    with pytest.raises(ImproperlyConfigured) as refused:
        stories.add(ishikawa)
    assert str(refused.value) == message
    assert stories.names() == ["ishikawa"]


def test_every_story_runs_once(created):
    """A story run twice would open its case twice; one never run would be missing."""
    titles = list(Case.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    ishikawas = Household.objects.filter(name="石川世帯").values_list("area__name", flat=True)
    assert sorted(ishikawas) == sorted(["東山町", "西町"])  # the young carer; the outreach
    assert {"ishikawa", "ishikawa_outreach"} <= set(STORIES.names())


def test_loading_the_demo_twice_creates_nothing_more(created):
    counts = (Household.objects.count(), Case.objects.count(), Consultation.objects.count())
    assert load_cases() == 0
    assert counts == (
        Household.objects.count(),
        Case.objects.count(),
        Consultation.objects.count(),
    )


def test_cases_are_spread_over_the_four_junior_high_districts_and_many_agencies(created):
    districts = set()
    for household in Household.objects.select_related("area__parent__parent"):
        area = household.area
        while area.level != Area.Level.JUNIOR_HIGH:
            area = area.parent
        districts.add(area.name)
    assert len(districts) == 4
    assert Case.objects.values("owner_agency").distinct().count() >= 10


def test_history_names_the_demo_staff_who_did_it(created):
    case = Case.objects.get(household__name="佐々木世帯")
    first = case.history.earliest()
    assert first.history_user.username == "sogo-worker"


def test_some_cases_are_long_running(created):
    seven_months_ago = timezone.localdate() - dt.timedelta(days=210)
    long_running = Case.objects.filter(
        status__in=Case.OPEN_STATUSES, opened_on__lte=seven_months_ago
    )
    assert long_running.count() >= 3


def test_consultations_use_every_mode_and_each_case_has_several(created):
    assert set(Consultation.objects.values_list("mode", flat=True)) == set(Consultation.Mode)
    assert Consultation.objects.count() >= 3 * Case.objects.count()
    assert not Consultation.objects.filter(occurred_at__gt=timezone.now()).exists()


def test_a_team_agency_reads_a_case_under_an_active_consent(created):
    assert any(
        decision.level == Level.FULL and decision.basis == Basis.CONSENT
        for _case, _agency, decision in _team_decisions()
    )


def test_a_team_agency_without_consent_sees_only_the_card(created):
    assert any(
        decision.level == Level.CARD and decision.basis == Basis.TEAM
        for _case, _agency, decision in _team_decisions()
    )


def test_a_consent_was_withdrawn_with_a_reason(created):
    assert Consent.objects.filter(withdrawn_at__isnull=False).exclude(withdrawal_reason="").exists()


def test_an_expired_consent_leaves_the_team_agencies_with_the_card_only(created):
    today = timezone.localdate()
    expired = Consent.objects.filter(withdrawn_at__isnull=True, valid_until__lt=today)
    assert expired.exists()
    cases_with_only_expired = [
        consent.case_id for consent in expired if not access.active_consents(consent.case).exists()
    ]
    assert cases_with_only_expired
    assert any(
        case.pk in cases_with_only_expired and decision.level == Level.CARD
        for case, _agency, decision in _team_decisions()
    )


def test_a_referral_waits_for_an_answer(created):
    assert Referral.objects.filter(status=Referral.Status.SENT).exists()


def test_a_referral_was_returned_with_a_reason(created):
    returned = Referral.objects.filter(status=Referral.Status.RETURNED)
    assert returned.exists()
    assert all(r.response_note for r in returned)


def test_some_cases_were_closed_with_a_supervisors_approval(created):
    closed = Case.objects.filter(status=Case.Status.CLOSED)
    assert closed.count() >= 2
    for case in closed:
        closure = case.closures.get(status=Closure.Status.APPROVED)
        assert closure.decided_by.memberships.filter(role=Membership.Role.SUPERVISOR).exists()


def test_a_closed_case_was_reopened(created):
    reopened = Case.objects.filter(
        status__in=Case.OPEN_STATUSES, closures__status=Closure.Status.APPROVED
    )
    assert reopened.exists()


def test_a_closure_was_sent_back_and_another_waits_for_the_supervisor(created):
    assert Closure.objects.filter(status=Closure.Status.REJECTED).exists()
    assert Closure.objects.filter(status=Closure.Status.PROPOSED).exists()


def test_the_hub_handed_the_lead_of_a_case_to_another_agency(created):
    handed = LeadAssignment.objects.filter(
        ended_on__isnull=True, case__owner_agency__name=HUB_NAME
    ).exclude(agency__name=HUB_NAME)
    assert handed.exists()
    assert all(lead.reason for lead in handed)


def test_a_case_is_led_by_an_agency_other_than_the_intake_agency(created):
    leads = LeadAssignment.objects.filter(ended_on__isnull=True).select_related("case")
    assert any(lead.agency_id != lead.case.owner_agency_id for lead in leads)


def test_a_confidential_address_is_hidden_from_a_team_agency_that_reads_the_case(created):
    person = Person.objects.filter(address_confidential=True).first()
    assert person is not None
    case = Case.objects.get(household__memberships__person=person)
    readers = [
        d for c, _agency, d in _team_decisions() if c.pk == case.pk and d.level == Level.FULL
    ]
    assert readers
    reader = _worker_of(readers[0].agency.pk)
    assert not access.can_see_address(reader, case.household)
    assert access.can_see_address(_worker_of(case.owner_agency_id), case.household)


def test_an_agency_internal_consultation_is_hidden_from_other_readers(created):
    internal = Consultation.objects.filter(is_internal=True).select_related("case").first()
    assert internal is not None
    case = internal.case
    readers = [
        d for c, _agency, d in _team_decisions() if c.pk == case.pk and d.level == Level.FULL
    ]
    assert readers
    reader = _worker_of(readers[0].agency.pk)
    assert internal not in access.visible_consultations(reader, case)
    assert internal in access.visible_consultations(_worker_of(internal.agency_id), case)


def test_the_hub_caseworker_reads_some_cases_but_not_another_agencys_case(created):
    sogo = User.objects.get(username="sogo-worker")
    visible = access.visible_cases(sogo)
    assert visible.exists()
    hidden = Case.objects.exclude(pk__in=visible.values("pk")).exclude(owner_agency__name=HUB_NAME)
    assert hidden.exists()
