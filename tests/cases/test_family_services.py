"""Relations, relatives outside the household, the key person and a person's death,
through the services, as a permission story (tests/cases/conftest.py): the hub holds the
山田 household (トメ, the mother, and 一郎, her son); the east 地域包括 reads it by the
mother's consent; the disability office is on the team without consent; another agency
never heard of it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from cases import access, services
from cases.models import Household, Person, PersonRelation
from cases.services.family import (
    DATES_ONLY_FOR_PARTNERS,
    DIVORCE_BEFORE_MARRIAGE,
    KEY_PERSON_NOT_OF_HOUSEHOLD,
    NOT_OF_HOUSEHOLD,
    RELATION_EXISTS,
    RELATION_NEEDS_BOTH,
    RELATION_TO_SELF,
    RelativeData,
)
from cases.services.households import (
    DEATH_BEFORE_BIRTH,
    DIED_ON_NEEDS_DECEASED,
    PersonData,
)

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def members(story) -> tuple[Person, Person]:
    household = story.case.household
    mother = household.memberships.get(person__given_name="トメ").person
    son = household.memberships.get(person__given_name="一郎").person
    return mother, son


def add(story, person, relative, kind="parent", actor=None, **extra) -> PersonRelation:
    return services.relation_add(
        actor=actor or story.owner_worker,
        household=story.case.household,
        person=person,
        relative=relative,
        kind=kind,
        **extra,
    )


def message(error: ValidationError, field: str) -> str:
    return error.message_dict[field][0]


# --- relations ----------------------------------------------------------------------------


def test_a_parent_relation_is_one_row_with_the_parent_first(story):
    mother, son = members(story)
    relation = add(story, mother, son, "parent")
    assert (relation.person, relation.relative, relation.kind) == (mother, son, "parent")


def test_saying_child_stores_the_parent_row_turned_round(story):
    mother, son = members(story)
    relation = add(story, son, mother, "child")
    assert (relation.person, relation.relative, relation.kind) == (mother, son, "parent")


def test_saying_grandchild_stores_the_grandparent_row_turned_round(story):
    mother, son = members(story)
    relation = add(story, son, mother, "grandchild")
    assert (relation.person, relation.kind) == (mother, "grandparent")


def test_the_inverse_of_a_recorded_relation_is_not_stored_again(story):
    mother, son = members(story)
    add(story, mother, son, "parent")
    with pytest.raises(ValidationError) as refused:
        add(story, son, mother, "child")
    assert message(refused.value, "relative") == str(RELATION_EXISTS)
    assert PersonRelation.objects.count() == 1


def test_a_relation_to_oneself_is_refused(story):
    mother, _ = members(story)
    with pytest.raises(ValidationError) as refused:
        add(story, mother, mother, "sibling")
    assert message(refused.value, "relative") == str(RELATION_TO_SELF)


def test_marriage_dates_are_only_for_a_spouse_or_partner(story):
    mother, son = members(story)
    with pytest.raises(ValidationError) as refused:
        add(story, mother, son, "parent", married_on=dt.date(1970, 1, 1))
    assert message(refused.value, "married_on") == str(DATES_ONLY_FOR_PARTNERS)


def test_a_divorce_before_the_marriage_is_refused(story):
    mother, son = members(story)
    with pytest.raises(ValidationError) as refused:
        add(
            story,
            mother,
            son,
            "partner",
            married_on=dt.date(1990, 1, 1),
            divorced_on=dt.date(1989, 1, 1),
        )
    assert message(refused.value, "divorced_on") == str(DIVORCE_BEFORE_MARRIAGE)


def test_a_partner_relation_keeps_its_marriage_and_divorce(story):
    mother, son = members(story)
    relation = add(
        story,
        mother,
        son,
        "partner",
        married_on=dt.date(1990, 1, 1),
        divorced_on=dt.date(1999, 1, 1),
    )
    assert (relation.married_on, relation.divorced_on) == (dt.date(1990, 1, 1), dt.date(1999, 1, 1))


def test_a_person_outside_the_households_circle_is_refused(story):
    mother, _ = members(story)
    elsewhere = services.household_create(
        actor=story.owner_worker,
        name="佐藤家",
        members=[PersonData(family_name="佐藤", relation="head")],
    )
    stranger = elsewhere.memberships.get().person
    with pytest.raises(ValidationError) as refused:
        add(story, mother, stranger, "sibling")
    assert message(refused.value, "relative") == str(NOT_OF_HOUSEHOLD % {"person": "佐藤"})


def test_a_consent_reader_may_not_add_a_relation(story):
    mother, son = members(story)
    with pytest.raises(PermissionDenied):
        add(story, mother, son, actor=story.team_worker)
    assert not PersonRelation.objects.exists()


def test_a_team_agency_without_consent_is_told_the_consent_is_missing(story):
    mother, son = members(story)
    with pytest.raises(PermissionDenied) as refused:
        add(story, mother, son, actor=story.uncovered_worker)
    assert str(refused.value) == str(
        access.MISSING_CONSENT % {"agency": story.uncovered_agency.name}
    )


def test_a_stranger_adding_a_relation_gets_the_404(story):
    mother, son = members(story)
    with pytest.raises(Http404):
        add(story, mother, son, actor=story.stranger)


def test_a_recorded_relation_names_who_recorded_it_and_why(story):
    mother, son = members(story)
    relation = add(story, mother, son)
    entry = relation.history.get()
    assert (entry.history_user, entry.history_change_reason) == (
        story.owner_worker,
        "relation recorded: Parent",
    )
    assert relation.owner_agency == story.hub


def test_changing_the_kind_to_child_turns_the_row_round(story):
    mother, son = members(story)
    relation = add(story, mother, son, "parent")
    changed = services.relation_update(
        actor=story.owner_worker,
        relation=relation,
        expected_version=relation.version,
        data={"kind": "child"},
    )
    assert (changed.person, changed.relative, changed.kind) == (son, mother, "parent")
    assert changed.history.first().history_change_reason == "relation changed: Parent"


def test_a_stale_relation_edit_is_refused(story):
    mother, son = members(story)
    relation = add(story, mother, son, "partner")
    with pytest.raises(ValidationError):
        services.relation_update(
            actor=story.owner_worker,
            relation=relation,
            expected_version=relation.version + 1,
            data={"label": "内縁"},
        )


def test_a_consent_reader_may_not_change_a_relation(story):
    mother, son = members(story)
    relation = add(story, mother, son, "parent")
    with pytest.raises(PermissionDenied):
        services.relation_update(
            actor=story.team_worker,
            relation=relation,
            expected_version=relation.version,
            data={"label": "x"},
        )


def test_a_removed_relation_is_gone_and_its_history_says_who_removed_it(story):
    mother, son = members(story)
    relation = add(story, mother, son)
    services.relation_remove(actor=story.owner_worker, relation=relation)
    assert not PersonRelation.objects.filter(pk=relation.pk).exists()
    removal = PersonRelation.history.filter(id=relation.pk).first()
    assert (removal.history_type, removal.history_user, removal.history_change_reason) == (
        "-",
        story.owner_worker,
        "relation removed",
    )


# --- relatives outside the household --------------------------------------------------------


def sister(**overrides) -> RelativeData:
    return RelativeData(
        **{
            "family_name": "田中",
            "given_name": "キヨ",
            "birth_date": dt.date(1940, 1, 1),
            **overrides,
        }
    )


def test_a_relative_is_a_person_with_no_membership_recorded_with_the_household(story):
    mother, _ = members(story)
    relative = services.relative_add(
        actor=story.owner_worker,
        household=story.case.household,
        data=sister(),
        related_to=mother,
        kind="sibling",
    )
    assert relative.recorded_with == story.case.household
    assert not relative.memberships.exists()
    assert PersonRelation.objects.get().kind == "sibling"
    assert relative.history.get().history_change_reason == "relative recorded"


def test_the_holders_of_the_household_read_a_relative_through_it(story):
    relative = services.relative_add(
        actor=story.owner_worker, household=story.case.household, data=sister()
    )
    assert access.person_decision(story.owner_supervisor, relative).can_change


def test_a_consent_reader_does_not_read_a_relative_the_consent_does_not_cover(story):
    relative = services.relative_add(
        actor=story.owner_worker, household=story.case.household, data=sister()
    )
    assert access.person_decision(story.team_worker, relative).level == access.Level.CARD


def test_a_deceased_relative_keeps_the_date_of_death(story):
    relative = services.relative_add(
        actor=story.owner_worker,
        household=story.case.household,
        data=sister(deceased=True, died_on=dt.date(2020, 5, 1)),
    )
    assert (relative.deceased, relative.died_on) == (True, dt.date(2020, 5, 1))


def test_a_date_of_death_without_deceased_is_refused(story):
    with pytest.raises(ValidationError) as refused:
        services.relative_add(
            actor=story.owner_worker,
            household=story.case.household,
            data=sister(died_on=dt.date(2020, 5, 1)),
        )
    assert message(refused.value, "died_on") == str(DIED_ON_NEEDS_DECEASED)
    assert not Person.objects.filter(family_name="田中").exists()


def test_a_relation_kind_without_a_person_is_refused(story):
    with pytest.raises(ValidationError) as refused:
        services.relative_add(
            actor=story.owner_worker, household=story.case.household, data=sister(), kind="sibling"
        )
    assert message(refused.value, "related_to") == str(RELATION_NEEDS_BOTH)


def test_a_consent_reader_may_not_add_a_relative(story):
    with pytest.raises(PermissionDenied):
        services.relative_add(
            actor=story.team_worker, household=story.case.household, data=sister()
        )


# --- the key person -----------------------------------------------------------------------


def test_a_member_becomes_the_key_person_with_history(story):
    _, son = members(story)
    household = services.key_person_set(
        actor=story.owner_worker, household=story.case.household, person=son
    )
    assert Household.objects.get(pk=household.pk).key_person == son
    assert household.history.first().history_change_reason == "key person set"


def test_a_relative_recorded_with_the_household_may_be_the_key_person(story):
    relative = services.relative_add(
        actor=story.owner_worker, household=story.case.household, data=sister()
    )
    household = services.key_person_set(
        actor=story.owner_worker, household=story.case.household, person=relative
    )
    assert household.key_person == relative


def test_someone_of_another_household_cannot_be_the_key_person(story):
    elsewhere = services.household_create(
        actor=story.owner_worker,
        name="佐藤家",
        members=[PersonData(family_name="佐藤", relation="head")],
    )
    with pytest.raises(ValidationError) as refused:
        services.key_person_set(
            actor=story.owner_worker,
            household=story.case.household,
            person=elsewhere.memberships.get().person,
        )
    assert message(refused.value, "person") == str(KEY_PERSON_NOT_OF_HOUSEHOLD)


def test_a_consent_reader_may_not_set_the_key_person(story):
    _, son = members(story)
    with pytest.raises(PermissionDenied):
        services.key_person_set(actor=story.team_worker, household=story.case.household, person=son)


# --- a person's death ---------------------------------------------------------------------


def test_marking_a_person_deceased_is_its_own_reason_in_history(story):
    mother, _ = members(story)
    updated = services.person_update(
        actor=story.owner_worker,
        person=mother,
        expected_version=mother.version,
        data={"deceased": True, "died_on": dt.date(2024, 3, 1)},
    )
    assert (updated.deceased, updated.died_on) == (True, dt.date(2024, 3, 1))
    assert updated.history.first().history_change_reason == "marked deceased"


def test_a_death_before_the_birth_is_refused(story):
    mother, _ = members(story)
    with pytest.raises(ValidationError) as refused:
        services.person_update(
            actor=story.owner_worker,
            person=mother,
            expected_version=mother.version,
            data={"deceased": True, "died_on": dt.date(1900, 1, 1)},
        )
    assert message(refused.value, "died_on") == str(DEATH_BEFORE_BIRTH)


def test_a_death_in_the_future_is_refused(story):
    mother, _ = members(story)
    with pytest.raises(ValidationError):
        services.person_update(
            actor=story.owner_worker,
            person=mother,
            expected_version=mother.version,
            data={"deceased": True, "died_on": timezone.localdate() + dt.timedelta(days=1)},
        )
