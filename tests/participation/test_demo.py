"""The participation demo: menus with hosts, matchings in several states for demo cases
whose consent lets the supporting agency read them, and one follow-up due today."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.utils import timezone

from cases import access
from participation.demo import load_participation
from participation.models import FollowUp, Host, Matching, SupportMenu
from reminders import services as reminder_services
from reminders.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[int]:
    """Load the demo once for the module and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_participation()
        transaction.set_rollback(True)


def test_the_demo_has_the_menus_of_the_city_with_their_hosts(demo):
    titles = set(SupportMenu.objects.values_list("title", flat=True))
    assert {
        "パン作り（カフェ厨房での調理補助）",
        "商店街清掃ボランティア",
        "駄菓子の値札貼り",
    } <= titles
    assert Host.objects.filter(name="カフェ こもれび").exists()
    assert SupportMenu.objects.filter(is_active=False).exists()


def test_the_demo_matchings_are_in_several_states_and_readable_by_their_agency(demo):
    assert set(Matching.objects.values_list("status", flat=True)) == {
        "proposed",
        "trial",
        "active",
        "ended",
    }
    for matching in Matching.objects.select_related("case", "proposed_by"):
        decision = access.case_decision(matching.proposed_by, matching.case)
        assert decision.can_view, matching
    team_consent = Matching.objects.get(person__given_name="拓海")
    assert access.case_decision(team_consent.proposed_by, team_consent.case).basis == "consent"


def test_one_demo_follow_up_is_due(demo):
    assert FollowUp.objects.filter(next_on__isnull=False).count() >= 2
    created = reminder_services.sweep(today=timezone.localdate(), kinds={"follow_up"})
    assert created.created["follow_up"] == 1
    assert Reminder.objects.get(kind="follow_up").case.household.name == "宮本世帯"


def test_loading_the_demo_twice_creates_nothing_more(demo):
    assert demo > 0
    counts = (SupportMenu.objects.count(), Matching.objects.count(), FollowUp.objects.count())
    assert load_participation() == 0
    assert (
        SupportMenu.objects.count(),
        Matching.objects.count(),
        FollowUp.objects.count(),
    ) == counts
