"""Participation records on the case's history (registered by participation through
cases.history_sources): a matching's steps and a follow-up show with their values, to
those whose basis covers the person they are about (rule 2)."""

import pytest
from django.urls import reverse

from cases import selectors
from cases import services as case_services
from cases.models import Consent
from participation.models import FollowUp, Matching

pytestmark = pytest.mark.django_db


def ids_of(story, persona: str, model) -> set[int]:
    rows = selectors.history_of(story.case, getattr(story, persona))
    return {r.object_id for r in rows if r.model == model._meta.verbose_name}


def test_a_matchings_step_shows_the_status_before_and_after(kit, story):
    matching = kit.trial(kit.propose())
    rows = selectors.history_of(story.case, story.owner_worker)
    changes = [
        (c.old, c.new)
        for r in rows
        if r.model == Matching._meta.verbose_name and r.object_id == matching.pk
        for c in r.changes
        if c.field == "status"
    ]
    assert (str(Matching.Status.PROPOSED.label), str(Matching.Status.TRIAL.label)) in changes


def test_a_matching_names_its_menu_on_the_case_history_page(client, kit, story):
    kit.propose()
    client.force_login(story.owner_worker)
    assert kit.bread.title in client.get(reverse("cases:history", args=[story.case.pk])).text


def test_a_follow_up_is_on_the_case_history_for_a_reader_the_persons_consent_covers(kit, story):
    follow_up = kit.follow_up(kit.trial(kit.propose()))
    assert follow_up.pk in ids_of(story, "team_worker", FollowUp)


def test_a_consent_reader_does_not_see_the_participation_records_of_an_uncovered_member(kit, story):
    matching = kit.propose()
    follow_up = kit.follow_up(matching)
    sons_consent = Consent.objects.filter(case=story.case, person=kit.son).get()
    case_services.consent_withdraw(actor=story.owner_worker, consent=sons_consent, reason="撤回")
    assert matching.pk not in ids_of(story, "team_worker", Matching)
    assert follow_up.pk not in ids_of(story, "team_worker", FollowUp)
    assert matching.pk in ids_of(story, "owner_worker", Matching)
