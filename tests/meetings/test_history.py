"""Meeting decisions on the case's history (registered by meetings through
cases.history_sources): a decision is part of its item's minutes, so it is shown with its
values to those who may read those minutes, and to nobody else."""

import pytest
from django.urls import reverse

from cases import selectors
from meetings import services
from meetings.models import Decision, Meeting

pytestmark = pytest.mark.django_db

DECISION = "本人は入院を拒否しているため訪問看護で対応"


def decided_at(kit, story, kind: str) -> Decision:
    meeting = kit.plan(kind, invite=(story.team_worker,), cases=(story.case,))
    kit.publish(meeting)
    kit.hold(meeting)
    return services.decision_record(
        actor=kit.coordinator, item=meeting.items.get(), kind="note", text=DECISION
    )


def decision_ids(story, persona: str) -> set[int]:
    rows = selectors.history_of(story.case, getattr(story, persona))
    return {r.object_id for r in rows if r.model == Decision._meta.verbose_name}


def test_a_support_meeting_decision_is_on_the_case_history_with_its_text(client, kit, story):
    decided_at(kit, story, Meeting.Kind.SUPPORT)
    client.force_login(story.owner_worker)
    text = client.get(reverse("cases:history", args=[story.case.pk])).text
    assert DECISION in text
    assert str(Decision._meta.get_field("text").verbose_name) in text


def test_a_consent_reader_does_not_see_a_support_meetings_decision(kit, story):
    decision = decided_at(kit, story, Meeting.Kind.SUPPORT)
    assert decision.pk in decision_ids(story, "owner_worker")
    assert decision.pk not in decision_ids(story, "team_worker")


def test_a_consent_reader_sees_a_case_conferences_decision(kit, story):
    decision = decided_at(kit, story, Meeting.Kind.CONFERENCE)
    assert decision.pk in decision_ids(story, "team_worker")


def test_the_decisions_of_another_case_are_not_on_this_cases_history(kit, story):
    other = kit.another_case()
    meeting = kit.plan(Meeting.Kind.CONFERENCE, cases=(other,))
    kit.publish(meeting)
    kit.hold(meeting)
    decision = services.decision_record(
        actor=kit.coordinator, item=meeting.items.get(), kind="note", text=DECISION
    )
    assert decision.pk not in decision_ids(story, "owner_worker")
