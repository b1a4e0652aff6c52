"""The family around a household: relations between persons (the genogram's lines),
relatives who live in no household on record (elsewhere, or deceased), and the household's
key person (キーパーソン).

A relation is stored once per pair: `person` is the `kind` of `relative` (PARENT: person
is relative's parent). The inverse is implied — "B is A's child" is the row "A is B's
parent" read from B — so the services accept the kinds as a worker says them (child,
grandchild too) and store the one row. A relation is between two persons of one household's
circle: its members (now or before) and the relatives recorded with it. Both persons must
be persons the actor may change (cases.access.require_person_change)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import User
from cases import access
from cases.models import Household, Person, PersonRelation
from cases.services.households import _require_household_change, check_death
from core.concurrency import lock_current
from core.dates import not_in_future
from core.history import attribute, choice_label, save_with_history, with_detail

RELATION_TO_SELF = _("A person cannot be their own relative: choose two different persons.")
RELATION_EXISTS = _(
    "A relation between these two persons is already recorded (in one direction or the "
    "other). Change that relation instead."
)
DATES_ONLY_FOR_PARTNERS = _("Marriage and divorce dates are recorded only for a spouse or partner.")
DIVORCE_BEFORE_MARRIAGE = _("The divorce or separation cannot be before the marriage.")
NOT_OF_HOUSEHOLD = _(
    "%(person)s is neither a member of this household nor a relative recorded with it."
)
KEY_PERSON_NOT_OF_HOUSEHOLD = _(
    "The key person must be a member of this household or a relative recorded with it."
)
RELATION_NEEDS_BOTH = _(
    "To relate the new relative to someone, choose both the person and the relation."
)
UNKNOWN_KIND = _("Unknown relation: %(kind)s.")


class Said(models.TextChoices):
    """A relation as a worker says it: "<person> is the <kind> of <relative>"."""

    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    PARTNER = "partner", _("Spouse or partner")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relation")


Kind = PersonRelation.Kind
# What is stored for each kind said, and whether the two persons swap places.
STORED: dict[str, tuple[str, bool]] = {
    Said.PARENT: (Kind.PARENT, False),
    Said.CHILD: (Kind.PARENT, True),
    Said.PARTNER: (Kind.PARTNER, False),
    Said.SIBLING: (Kind.SIBLING, False),
    Said.GRANDPARENT: (Kind.GRANDPARENT, False),
    Said.GRANDCHILD: (Kind.GRANDPARENT, True),
    Said.OTHER: (Kind.OTHER, False),
}


# --- whose relations a household holds ---------------------------------------------------


def circle_of(household: Household) -> models.QuerySet[Person]:
    """The persons of a household's circle: its members, now or before, and the relatives
    recorded with it (Person.recorded_with)."""
    return Person.objects.filter(
        Q(memberships__household=household) | Q(recorded_with=household)
    ).distinct()


def _require_of_household(household: Household, *persons: tuple[str, Person]) -> None:
    ids = set(
        circle_of(household).filter(pk__in=[p.pk for _, p in persons]).values_list("pk", flat=True)
    )
    errors = {
        name: NOT_OF_HOUSEHOLD % {"person": person.full_name}
        for name, person in persons
        if person.pk not in ids
    }
    if errors:
        raise ValidationError(errors)


def _dates(kind: str, married_on: dt.date | None, divorced_on: dt.date | None) -> None:
    if kind != Kind.PARTNER and (married_on or divorced_on):
        raise ValidationError(
            {"married_on" if married_on else "divorced_on": DATES_ONLY_FOR_PARTNERS}
        )
    not_in_future("married_on", married_on)
    not_in_future("divorced_on", divorced_on)
    if married_on and divorced_on and divorced_on < married_on:
        raise ValidationError({"divorced_on": DIVORCE_BEFORE_MARRIAGE})


def _placed(person: Person, relative: Person, said: str) -> tuple[Person, Person, str]:
    if said not in STORED:
        raise ValidationError({"kind": UNKNOWN_KIND % {"kind": said}})
    kind, swapped = STORED[said]
    return (relative, person, kind) if swapped else (person, relative, kind)


def _lock_pair(first: Person, second: Person) -> None:
    """Relation writes about one pair run one at a time (the duplicate check holds)."""
    list(Person.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk"))


def _refuse_duplicate(person: Person, relative: Person, *, exclude: int | None = None) -> None:
    pair = PersonRelation.objects.filter(
        Q(person=person, relative=relative) | Q(person=relative, relative=person)
    )
    if exclude is not None:
        pair = pair.exclude(pk=exclude)
    if pair.exists():
        raise ValidationError({"relative": RELATION_EXISTS})


def relation_add(
    *,
    actor: User,
    household: Household,
    person: Person,
    relative: Person,
    kind: str,
    label: str = "",
    married_on: dt.date | None = None,
    divorced_on: dt.date | None = None,
) -> PersonRelation:
    """Record that `person` is the `kind` (as said: parent, child, spouse…) of `relative`,
    both of `household`'s circle and both persons the actor may change."""
    if person.pk == relative.pk:
        raise ValidationError({"relative": RELATION_TO_SELF})
    decision = access.require_person_change(actor, person)
    access.require_person_change(actor, relative)
    _require_of_household(household, ("person", person), ("relative", relative))
    first, second, stored = _placed(person, relative, kind)
    _dates(stored, married_on, divorced_on)
    assert decision.agency is not None  # a change is always on an agency's basis
    with transaction.atomic():
        _lock_pair(first, second)
        _refuse_duplicate(first, second)
        relation = PersonRelation(
            person=first,
            relative=second,
            kind=stored,
            label=label,
            married_on=married_on,
            divorced_on=divorced_on,
            owner_agency=decision.agency,
            created_by=actor,
        )
        save_with_history(
            relation,
            actor,
            with_detail(gettext_noop("relation recorded"), choice_label(relation, "kind")),
        )
    return relation


def relation_update(
    *,
    actor: User,
    relation: PersonRelation,
    expected_version: int | None,
    data: dict[str, Any],
) -> PersonRelation:
    """Change the kind (said from `relation.person`: "child" turns the row round), the
    description or the dates of a relation between two persons the actor may change."""
    access.require_relation_change(actor, relation)
    with transaction.atomic():
        _lock_pair(relation.person, relation.relative)
        current = lock_current(relation, expected_version=expected_version)
        unknown = set(data) - {"kind", "label", "married_on", "divorced_on"}
        if unknown:
            raise ValueError(f"{sorted(unknown)} are not editable relation fields")
        if "kind" in data:
            first, second, stored = _placed(current.person, current.relative, data["kind"])
            current.person, current.relative, current.kind = first, second, stored
        for name in ("label", "married_on", "divorced_on"):
            if name in data:
                setattr(current, name, data[name])
        if current.kind != Kind.PARTNER and "kind" in data and "married_on" not in data:
            # No longer partners: their dates go with the kind unless they were given.
            current.married_on = current.divorced_on = None
        _dates(current.kind, current.married_on, current.divorced_on)
        _refuse_duplicate(current.person, current.relative, exclude=current.pk)
        save_with_history(
            current,
            actor,
            with_detail(gettext_noop("relation changed"), choice_label(current, "kind")),
        )
    return current


def relation_remove(
    *, actor: User, relation: PersonRelation, expected_version: int | None = None
) -> None:
    """Remove a relation recorded by mistake (its history keeps it, with who and why); with
    `expected_version`, only if nobody changed it since (ConcurrentEditError otherwise)."""
    access.require_relation_change(actor, relation)
    with transaction.atomic():
        current = lock_current(relation, expected_version=expected_version)
        attribute(current, actor, gettext_noop("relation removed"))
        current.delete()


# --- relatives outside the household -----------------------------------------------------


@dataclass
class RelativeData:
    family_name: str
    given_name: str = ""
    family_name_kana: str = ""
    given_name_kana: str = ""
    birth_date: dt.date | None = None
    sex: str = Person.Sex.UNKNOWN
    phone: str = ""
    deceased: bool = False
    died_on: dt.date | None = None

    def person_fields(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in (
                "family_name",
                "given_name",
                "family_name_kana",
                "given_name_kana",
                "birth_date",
                "sex",
                "phone",
                "deceased",
                "died_on",
            )
        }


def relative_add(
    *,
    actor: User,
    household: Household,
    data: RelativeData,
    related_to: Person | None = None,
    kind: str = "",
    label: str = "",
    married_on: dt.date | None = None,
    divorced_on: dt.date | None = None,
) -> Person:
    """A relative who lives in no household on record (elsewhere, or deceased): a person
    with no membership, recorded with `household` and read through it. Optionally related
    at once: the relative is the `kind` (as said) of `related_to`."""
    decision = _require_household_change(actor, household)
    assert decision.agency is not None
    if bool(related_to) != bool(kind):
        raise ValidationError({"kind" if related_to else "related_to": RELATION_NEEDS_BOTH})
    not_in_future("birth_date", data.birth_date)
    with transaction.atomic():
        relative = Person(
            owner_agency=decision.agency, recorded_with=household, **data.person_fields()
        )
        check_death(relative)
        save_with_history(relative, actor, gettext_noop("relative recorded"))
        if related_to is not None:
            relation_add(
                actor=actor,
                household=household,
                person=relative,
                relative=related_to,
                kind=kind,
                label=label,
                married_on=married_on,
                divorced_on=divorced_on,
            )
    return relative


# --- the key person ----------------------------------------------------------------------


def key_person_set(
    *,
    actor: User,
    household: Household,
    person: Person | None,
    expected_version: int | None = None,
) -> Household:
    """The person the support relies on (キーパーソン): a member of the household or a
    relative recorded with it; None clears it."""
    _require_household_change(actor, household)
    if person is not None and not circle_of(household).filter(pk=person.pk).exists():
        raise ValidationError({"person": KEY_PERSON_NOT_OF_HOUSEHOLD})
    with transaction.atomic():
        current = lock_current(household, expected_version=expected_version)
        current.key_person = person
        reason = (
            gettext_noop("key person set")
            if person is not None
            else gettext_noop("key person cleared")
        )
        save_with_history(current, actor, reason)
    return current
