"""アウトリーチ: a case found without consent, visited, and converted when consent comes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import access, services
from cases.access import Level
from cases.models import Case, Consent
from cases.services.households import PersonData

pytestmark = pytest.mark.django_db


@pytest.fixture
def outreach_case(story):
    """Found through the 民生委員; the east 包括 is on the team already."""
    household = services.household_create(
        actor=story.owner_worker,
        name="石田世帯",
        members=[PersonData(family_name="石田", given_name="茂", relation="head")],
    )
    case = services.outreach_open(
        actor=story.owner_worker,
        household=household,
        title="ごみが積まれ、住人の姿が見えない",
        referral_source=Case.Source.WELFARE_COMMISSIONER,
        informant="民生委員 池田氏",
    )
    services.team_add(actor=story.owner_worker, case=case, agency=story.team_agency)
    return case


def _visit(story, case, outcome, **kwargs):
    return services.outreach_contact(
        actor=story.owner_worker,
        case=case,
        occurred_at=timezone.now() - dt.timedelta(minutes=5),
        mode="home_visit",
        outcome=outcome,
        narrative="訪問。",
        **kwargs,
    )


def test_an_outreach_case_starts_found_in_the_outreach_project(outreach_case):
    assert outreach_case.outreach_stage == "found"
    assert list(outreach_case.projects.values_list("project", flat=True)) == ["outreach"]
    assert outreach_case.informant == "民生委員 池田氏"


def test_before_consent_a_team_agency_sees_only_the_card(story, outreach_case):
    assert access.case_decision(story.team_worker, outreach_case).level == Level.CARD
    assert outreach_case not in access.visible_cases(story.team_worker)


def test_the_owning_agency_reads_it_before_consent(story, outreach_case):
    assert access.case_decision(story.owner_worker, outreach_case).level == Level.FULL


def test_visits_record_their_outcome_and_move_the_stage(story, outreach_case):
    _visit(story, outreach_case, "absent")
    assert Case.objects.get(pk=outreach_case.pk).outreach_stage == "trying"
    _visit(story, outreach_case, "met")
    assert Case.objects.get(pk=outreach_case.pk).outreach_stage == "building"


def test_a_visit_needs_an_outcome(story, outreach_case):
    with pytest.raises(ValidationError) as refused:
        _visit(story, outreach_case, "")
    assert "outcome" in refused.value.message_dict


def test_consent_converts_the_case_and_opens_it_to_the_team(story, outreach_case):
    person = outreach_case.household.memberships.get().person
    services.outreach_consent_obtained(
        actor=story.owner_worker,
        case=outreach_case,
        person=person,
        purposes=[Consent.Purpose.SHARING],
        method=Consent.Method.ORAL,
        valid_from=timezone.localdate(),
    )
    case = Case.objects.get(pk=outreach_case.pk)
    assert case.outreach_stage == "consented"
    current = set(case.projects.filter(ended_on__isnull=True).values_list("project", flat=True))
    assert current == {"collaboration"}
    assert access.case_decision(story.team_worker, case).level == Level.FULL


def test_the_team_cannot_record_outreach_contacts(story, outreach_case):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.outreach_contact(
            actor=story.team_worker,
            case=outreach_case,
            occurred_at=timezone.now(),
            mode="home_visit",
            outcome="met",
            narrative="x",
        )


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner_worker", 200), ("team_worker", 403), ("stranger", 404)],
)
def test_the_outreach_contact_page_is_for_the_owner(client, story, outreach_case, who, status):
    client.force_login(getattr(story, who))
    url = reverse("cases:outreach_contact", args=[outreach_case.pk])
    assert client.get(url).status_code == status


def test_the_case_page_shows_the_outreach_stage_and_attempts(client, story, outreach_case):
    _visit(story, outreach_case, "absent")
    client.force_login(story.owner_worker)
    text = client.get(reverse("cases:detail", args=[outreach_case.pk])).text
    assert 'id="outreach-h"' in text
    assert "民生委員 池田氏" in text


def test_consent_obtained_through_the_page_converts_the_case(client, story, outreach_case):
    person = outreach_case.household.memberships.get().person
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:outreach_consent", args=[outreach_case.pk]),
        {
            "person": person.pk,
            "all_team_agencies": "on",
            "purposes": ["sharing"],
            "method": "oral",
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=outreach_case.pk).outreach_stage == "consented"
