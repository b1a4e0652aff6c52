"""`access.case_decisions` decides many cases with the very rule `case_decision` applies to
one, in one query whatever the number of cases (exports decide every row with it)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cases import access, services
from cases.access import Level
from cases.models import Person
from tests.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

PERSONAS = ["owner_worker", "owner_supervisor", "team_worker", "uncovered_worker", "stranger"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_same_decision_in_bulk_as_for_one_case(story, persona):
    user = getattr(story, persona)
    assert access.case_decisions(user, [story.case.pk]) == {
        story.case.pk: access.case_decision(user, story.case)
    }


def test_a_meeting_grant_is_decided_alike_while_it_holds_and_after_it_lapses(story):
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
    for moment in (now, now + dt.timedelta(days=15)):
        with time_machine.travel(moment):
            bulk = access.case_decisions(story.stranger, [story.case.pk])[story.case.pk]
            assert bulk == access.case_decision(story.stranger, story.case)


def test_a_case_the_user_does_not_know_of_is_decided_none(story):
    [decision] = access.case_decisions(story.stranger, [story.case.pk]).values()
    assert decision.level == Level.NONE


def test_many_cases_are_decided_in_one_query(story, django_assert_num_queries):
    ids = [open_case(worker=story.owner_worker, name=f"世帯{n}").pk for n in range(5)]
    access.case_decisions(story.owner_worker, ids[:1])  # the permission ids, once a process
    with django_assert_num_queries(1):
        decisions = access.case_decisions(story.owner_worker, [*ids, story.case.pk])
    assert {d.level for d in decisions.values()} == {Level.FULL}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_same_person_decisions_in_bulk_as_one_by_one(story, persona):
    user = getattr(story, persona)
    persons = list(Person.objects.order_by("pk"))
    assert len(persons) > 1
    assert access.person_decisions(user, persons) == {
        p.pk: access.person_decision(user, p) for p in persons
    }


def test_persons_are_decided_in_a_constant_number_of_queries(story, django_assert_max_num_queries):
    for n in range(6):
        open_case(worker=story.owner_worker, name=f"世帯{n}")
    persons = list(Person.objects.all())
    access.person_decisions(story.team_worker, persons[:1])  # the permission ids, once
    with django_assert_max_num_queries(4):
        access.person_decisions(story.team_worker, persons)
