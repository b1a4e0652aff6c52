import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, Area, User
from cases import access
from cases.models import Household, HouseholdMembership, Person
from cases.services.common import acting_agency
from core.concurrency import lock_current
from core.dates import not_in_future
from core.history import save_with_history

ALREADY_IN_HOUSEHOLD = _("This person already lives in this household.")
ONE_HEAD = _("A household has one head. Change the current head's relation first.")
DIED_ON_NEEDS_DECEASED = _("Give a date of death only for a person marked deceased.")
DEATH_BEFORE_BIRTH = _("The date of death cannot be before the birth date.")

PERSON_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "sex",
    "phone",
    "preferred_language",
    "address_confidential",
)
# What a person's record changes besides what registering them gives: their death.
PERSON_UPDATE_FIELDS = (*PERSON_FIELDS, "deceased", "died_on")
HOUSEHOLD_FIELDS = ("name", "postal_code", "address", "area", "phone")


@dataclass
class PersonData:
    family_name: str
    relation: str
    given_name: str = ""
    family_name_kana: str = ""
    given_name_kana: str = ""
    birth_date: dt.date | None = None
    sex: str = Person.Sex.UNKNOWN
    phone: str = ""
    preferred_language: str = ""
    address_confidential: bool = False

    def person_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PERSON_FIELDS}


def check_death(person: Person) -> None:
    """A date of death only for a person marked deceased, not ahead, not before birth."""
    if person.died_on is not None and not person.deceased:
        raise ValidationError({"died_on": DIED_ON_NEEDS_DECEASED})
    not_in_future("died_on", person.died_on)
    if person.died_on and person.birth_date and person.died_on < person.birth_date:
        raise ValidationError({"died_on": DEATH_BEFORE_BIRTH})


def _change_refusal(decision: access.Decision) -> str:
    return str(access.CHANGE_NEEDS_OWNER % {"basis": decision.basis_label})


def _require_household_change(actor: User, household: Household) -> access.Decision:
    """Strangers get the 404 of a missing household; readers who may not change it a 403."""
    decision = access.household_decision(actor, household)
    if decision.level == access.Level.NONE:
        raise Http404(access.NOT_FOUND)
    if not decision.can_change:
        raise PermissionDenied(decision.reason or _change_refusal(decision))
    return decision


def household_create(
    *,
    actor: User,
    name: str,
    members: list[PersonData],
    agency: Agency | None = None,
    postal_code: str = "",
    address: str = "",
    area: Area | None = None,
    phone: str = "",
    started_on: dt.date | None = None,
) -> Household:
    """Register a household and its members (the first with relation 'head' heads it)."""
    agency = acting_agency(actor, agency)
    started_on = started_on or timezone.localdate()
    with transaction.atomic():
        household = Household(
            name=name,
            postal_code=postal_code,
            address=address,
            area=area,
            phone=phone,
            owner_agency=agency,
            created_by=actor,
        )
        save_with_history(household, actor, gettext_noop("household registered"))
        for data in members:
            _person_create(
                actor=actor, agency=agency, household=household, data=data, on=started_on
            )
    return household


def _person_create(
    *, actor: User, agency: Agency, household: Household, data: PersonData, on: dt.date
) -> Person:
    not_in_future("birth_date", data.birth_date)
    person = Person(owner_agency=agency, **data.person_fields())
    save_with_history(person, actor, gettext_noop("person registered"))
    _join(actor=actor, person=person, household=household, relation=data.relation, on=on)
    return person


def _join(*, actor: User, person: Person, household: Household, relation: str, on: dt.date) -> None:
    if (
        relation == HouseholdMembership.Relation.HEAD
        and household.memberships.filter(
            ended_on__isnull=True, relation=HouseholdMembership.Relation.HEAD
        ).exists()
    ):
        raise ValidationError({"relation": ONE_HEAD})
    membership = HouseholdMembership(
        person=person, household=household, relation=relation, started_on=on
    )
    save_with_history(membership, actor, gettext_noop("joined household"))


def person_add(*, actor: User, household: Household, data: PersonData) -> Person:
    """Add a new member to a household the actor may change."""
    decision = _require_household_change(actor, household)
    assert decision.agency is not None  # a change is always on an agency's basis
    with transaction.atomic():
        return _person_create(
            actor=actor,
            agency=decision.agency,
            household=household,
            data=data,
            on=timezone.localdate(),
        )


def person_move(
    *, actor: User, person: Person, to_household: Household, relation: str, on: dt.date
) -> HouseholdMembership:
    """A move: the current membership ends the day before `on`, a new one starts `on`."""
    _require_household_change(actor, to_household)
    moving = access.person_decision(actor, person)
    if moving.level == access.Level.NONE:
        raise Http404(access.NOT_FOUND)
    if not moving.can_change:
        # Moving a person changes who can see them: only those who hold their record.
        raise PermissionDenied(moving.reason or _change_refusal(moving))
    with transaction.atomic():
        current = person.memberships.select_for_update().filter(ended_on__isnull=True).first()
        if current is not None:
            if current.household_id == to_household.pk:
                raise ValidationError({"household": ALREADY_IN_HOUSEHOLD})
            current.ended_on = on - dt.timedelta(days=1) if on > current.started_on else on
            save_with_history(current, actor, gettext_noop("moved out"))
        _join(actor=actor, person=person, household=to_household, relation=relation, on=on)
    return person.memberships.get(ended_on__isnull=True)


def person_update(
    *, actor: User, person: Person, expected_version: int | None, data: dict[str, Any]
) -> Person:
    decision = access.person_decision(actor, person)
    if decision.level == access.Level.NONE:
        raise Http404(access.NOT_FOUND)
    if not decision.can_change:
        raise PermissionDenied(decision.reason or _change_refusal(decision))
    not_in_future("birth_date", data.get("birth_date"))
    with transaction.atomic():
        current = lock_current(person, expected_version=expected_version)
        was_deceased = current.deceased
        for name, value in data.items():
            if name not in PERSON_UPDATE_FIELDS:
                raise ValueError(f"{name} is not an editable person field")
            setattr(current, name, value)
        check_death(current)
        reason = (
            gettext_noop("marked deceased")
            if current.deceased and not was_deceased
            else gettext_noop("person details updated")
        )
        save_with_history(current, actor, reason)
    return current


def household_update(
    *, actor: User, household: Household, expected_version: int | None, data: dict[str, Any]
) -> Household:
    _require_household_change(actor, household)
    with transaction.atomic():
        current = lock_current(household, expected_version=expected_version)
        for name, value in data.items():
            if name not in HOUSEHOLD_FIELDS:
                raise ValueError(f"{name} is not an editable household field")
            setattr(current, name, value)
        save_with_history(current, actor, gettext_noop("household details updated"))
    return current
