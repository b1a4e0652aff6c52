"""Outreach over REST, as a permission story."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Case
from tests.cases.test_outreach import outreach_case  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _contact(**overrides):
    body = {
        "occurred_at": timezone.now().isoformat(),
        "mode": "home_visit",
        "outcome": "met",
        "narrative": "玄関先で10分。",
        "minutes": 10,
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner_worker", 201), ("team_worker", 403), ("stranger", 404), (None, 401)],
)
def test_only_the_owning_agency_records_an_outreach_visit(story, outreach_case, who, status):  # noqa: F811
    api = APIClient()
    if who:
        api.force_authenticate(getattr(story, who))
    url = reverse("api:case-outreach-contact", args=[outreach_case.pk])
    response = api.post(url, _contact(), format="json")
    assert response.status_code == status
    assert outreach_case.consultations.filter(outcome="met").exists() is (status == 201)


def test_a_visit_without_a_known_outcome_is_a_400_on_that_field(story, outreach_case):  # noqa: F811
    api = APIClient()
    api.force_authenticate(story.owner_worker)
    url = reverse("api:case-outreach-contact", args=[outreach_case.pk])
    response = api.post(url, _contact(outcome="maybe"), format="json")
    assert response.status_code == 400
    assert "outcome" in response.json()


def test_consent_over_the_api_converts_the_case(story, outreach_case):  # noqa: F811
    api = APIClient()
    api.force_authenticate(story.owner_worker)
    person = outreach_case.household.memberships.get().person
    response = api.post(
        reverse("api:case-outreach-consent", args=[outreach_case.pk]),
        {
            "person": person.pk,
            "purposes": ["sharing"],
            "method": "oral",
            "valid_from": timezone.localdate().isoformat(),
            "all_team_agencies": True,
        },
        format="json",
    )
    assert response.status_code == 201
    case = Case.objects.get(pk=outreach_case.pk)
    assert case.outreach_stage == "consented"
    detail = api.get(reverse("api:case-detail", args=[case.pk])).json()
    assert detail["outreach_stage"] == "consented"
    assert detail["informant"] == "民生委員 池田氏"
