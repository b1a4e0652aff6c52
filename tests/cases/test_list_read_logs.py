"""Rule 7 on the pages that list cases, households or persons besides the case list and
search: each record shown is logged as read, with its kind, id and basis."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import AccessLog
from cases.models.access import Basis
from tests.factories import consultation_data, record_consent

pytestmark = pytest.mark.django_db


def logged(user, action: str) -> set[tuple[str, int, str]]:
    rows = AccessLog.objects.filter(user=user, action=action)
    return set(rows.values_list("kind", "object_id", "basis"))


@pytest.fixture
def referral(story):
    return services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=story.other,
        reason="就労支援の依頼",
        summary="長男の就労について",
    )


def test_the_referral_inbox_logs_the_referred_case_on_the_referral_basis(client, story, referral):
    client.force_login(story.stranger)
    assert client.get(reverse("cases:referrals")).status_code == 200
    assert logged(story.stranger, "inbox") == {(AccessLog.Kind.CASE, story.case.pk, Basis.REFERRAL)}


def test_the_referral_inbox_logs_the_cases_the_agency_referred(client, story, referral):
    client.force_login(story.owner_worker)
    client.get(reverse("cases:referrals"))
    assert logged(story.owner_worker, "inbox") == {
        (AccessLog.Kind.CASE, story.case.pk, Basis.REFERRAL)
    }


def test_the_home_page_logs_the_referred_case_waiting_for_an_answer(client, story, referral):
    client.force_login(story.stranger)
    client.get(reverse("home"))
    assert (AccessLog.Kind.CASE, story.case.pk, Basis.REFERRAL) in logged(story.stranger, "home")


def test_the_home_page_logs_the_case_of_a_recent_consultation(client, story):
    services.consultation_log(actor=story.team_worker, case=story.case, data=consultation_data())
    client.force_login(story.team_worker)
    client.get(reverse("home"))
    assert (AccessLog.Kind.CASE, story.case.pk, Basis.CONSENT) in logged(story.team_worker, "home")


def test_the_home_page_logs_the_person_whose_consent_expires(client, story):
    consent = record_consent(
        case=story.case,
        by=story.owner_worker,
        valid_until=timezone.localdate() + dt.timedelta(days=10),
    )
    client.force_login(story.owner_worker)
    client.get(reverse("home"))
    assert (AccessLog.Kind.PERSON, consent.person_id, Basis.OWNER) in logged(
        story.owner_worker, "home"
    )


def test_the_household_page_logs_the_cases_it_lists(client, story):
    client.force_login(story.team_worker)
    client.get(reverse("cases:household", args=[story.case.household_id]))
    assert logged(story.team_worker, "household") == {
        (AccessLog.Kind.CASE, story.case.pk, Basis.CONSENT)
    }
