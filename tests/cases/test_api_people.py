"""Adding a person to a household and recording a move over REST, as a permission story
(tests/cases/conftest.py). Both change who can see the person: only an agency that holds
the household (and, for a move, the person's record) makes them."""

import pytest
from django.utils import timezone

from cases import access, services
from cases.models import Household, HouseholdMembership, Person
from cases.services.households import ALREADY_IN_HOUSEHOLD, ONE_HEAD, PersonData
from tests.cases.case_api import PERSONAS, client_as, en, same_as_missing, url

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def mother(story) -> Person:
    return story.consent.person


def household_of(user, name: str = "鈴木家") -> Household:
    return services.household_create(
        actor=user, name=name, members=[PersonData(family_name="鈴木", relation="head")]
    )


def newborn(**overrides) -> dict:
    return {"family_name": "山田", "given_name": "花", "relation": "grandchild", **overrides}


# --- adding a person --------------------------------------------------------------------

ADD_MATRIX = {
    "owner_worker":     201,
    "team_worker":      403,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_an_agency_that_holds_the_household_adds_a_person(story, persona):
    household = story.case.household
    response = client_as(story, persona).post(
        url("household-member-add", household.pk), newborn(), format="json"
    )
    assert response.status_code == ADD_MATRIX[persona]
    added = household.memberships.filter(person__given_name="花").exists()
    assert added is (response.status_code == 201)


def test_a_consent_reader_adding_a_person_is_told_who_may(story):
    response = client_as(story, "team_worker").post(
        url("household-member-add", story.case.household_id), newborn(), format="json"
    )
    assert response.json()["detail"].startswith("Only the intake agency or the lead agency")


def test_a_team_agency_without_consent_gets_the_reason_and_the_card(story):
    response = client_as(story, "uncovered_worker").post(
        url("household-member-add", story.case.household_id), newborn(), format="json"
    )
    body = response.json()
    assert body["detail"].startswith(f"{story.uncovered_agency.name} is on this case's team")
    assert body["card"]["id"] == story.case.pk


def test_an_added_person_lives_in_the_household_and_is_in_history(story):
    response = client_as(story, "owner_worker").post(
        url("household-member-add", story.case.household_id), newborn(), format="json"
    )
    body = response.json()
    assert body["household"] == {
        "id": story.case.household_id,
        "name": story.case.household.name,
        "relation": "grandchild",
    }
    assert body["owner_agency"]["id"] == story.hub.pk
    entry = Person.history.get(id=body["id"])
    assert (entry.history_user, entry.history_change_reason) == (
        story.owner_worker,
        "person registered",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"given_name": "花", "relation": "child"}, "family_name"),
        (newborn(relation="pet"), "relation"),
        (newborn(birth_date="2999-01-01"), "birth_date"),
        (newborn(relation="head"), "relation"),  # the household has a head
    ],
)
def test_a_bad_new_member_is_a_400_on_its_field_and_nobody_is_added(story, body, field):
    response = client_as(story, "owner_worker").post(
        url("household-member-add", story.case.household_id), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert story.case.household.memberships.count() == 2


def test_a_second_head_is_refused_with_the_services_message(story):
    response = client_as(story, "owner_worker").post(
        url("household-member-add", story.case.household_id),
        newborn(relation="head"),
        format="json",
    )
    assert response.json()["relation"] == [en(ONE_HEAD)]


def test_a_stranger_gets_the_404_of_a_missing_household(story):
    same_as_missing(
        story,
        lambda client, path: client.post(path, newborn(), format="json"),
        lambda pk: url("household-member-add", pk),
        story.case.household_id,
    )


# --- moving a person --------------------------------------------------------------------

#   each persona moves the mother to a household its own agency registered
MOVE_MATRIX = {
    "owner_worker":     200,
    "team_worker":      403,  # reads her by consent: may not change who can see her
    "uncovered_worker": 403,  # knows the case, not her
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


def move(client, person: Person, to: Household, **overrides):
    body = {"household": to.pk, "relation": "parent", **overrides}
    return client.post(url("person-move", person.pk), body, format="json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_an_agency_that_holds_the_person_and_the_household_records_a_move(story, persona):
    owner = story.owner_worker if persona == "anonymous" else getattr(story, persona)
    target = household_of(owner)
    response = move(client_as(story, persona), mother(story), target)
    assert response.status_code == MOVE_MATRIX[persona]
    moved = target.memberships.filter(person=mother(story), ended_on__isnull=True).exists()
    assert moved is (response.status_code == 200)


def test_a_consent_reader_moving_a_person_is_told_who_may(story):
    response = move(client_as(story, "team_worker"), mother(story), household_of(story.team_worker))
    assert response.json()["detail"] == en(access.CHANGE_NEEDS_OWNER) % {
        "basis": en(access.Basis.CONSENT.label)
    }


def test_a_move_ends_the_old_membership_starts_the_new_one_and_is_in_history(story):
    target = household_of(story.owner_worker)
    today = timezone.localdate()
    response = move(client_as(story, "owner_worker"), mother(story), target, on=today.isoformat())
    assert response.status_code == 200
    assert response.json()["household"]["id"] == target.pk
    old = HouseholdMembership.objects.get(person=mother(story), household=story.case.household)
    assert old.ended_on is not None
    reasons = set(
        HouseholdMembership.history.filter(person_id=mother(story).pk).values_list(
            "history_change_reason", flat=True
        )
    )
    assert {"moved out", "joined household"} <= reasons


def test_moving_to_a_household_one_may_not_know_is_the_same_400_as_a_missing_one(story):
    hidden = household_of(story.stranger)
    client = client_as(story, "owner_worker")
    unknown = move(client, mother(story), hidden)
    missing = move(client, mother(story), Household(pk=999_999))
    assert unknown.status_code == missing.status_code == 400
    assert unknown.json() == missing.json()
    assert list(unknown.json()) == ["household"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"relation": "pet"}, "relation"),
        ({"household": "next door"}, "household"),
        ({"on": "soon"}, "on"),
        ({"relation": "head"}, "relation"),  # the target household has a head
    ],
)
def test_a_bad_move_is_a_400_on_its_field_and_nothing_moves(story, overrides, field):
    target = household_of(story.owner_worker)
    response = move(client_as(story, "owner_worker"), mother(story), target, **overrides)
    assert response.status_code == 400
    assert field in response.json()
    assert not target.memberships.filter(person=mother(story)).exists()


def test_moving_into_the_household_one_lives_in_is_a_400_on_household(story):
    response = move(client_as(story, "owner_worker"), mother(story), story.case.household)
    assert response.status_code == 400
    assert response.json()["household"] == [en(ALREADY_IN_HOUSEHOLD)]


def test_a_stranger_gets_the_404_of_a_missing_person(story):
    target = household_of(story.stranger)
    same_as_missing(
        story,
        lambda client, path: client.post(
            path, {"household": target.pk, "relation": "parent"}, format="json"
        ),
        lambda pk: url("person-move", pk),
        mother(story).pk,
    )
