"""Reads for a household's "Family and relatives": its relations phrased from each person,
the relatives recorded with it, its key person and its members — already limited to what
the reader may read (a consent reader sees the names of the members the consent covers;
the others are "a member" or "a relative", without a name). A constant number of queries
whatever the size of the family.

`named` is the one place that decides how a person of the household is shown (rule 2, the
genogram's rule: `Decision.covers`); `shown_members` applies it to a members list (the
household and case pages, the printed forms, the API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cases import access
from cases.models import Household, HouseholdMembership, Person, PersonRelation

Kind = PersonRelation.Kind
# How the page lists them: the closest first.
ORDER = [Kind.PARENT, Kind.PARTNER, Kind.SIBLING, Kind.GRANDPARENT, Kind.OTHER]


@dataclass(frozen=True)
class Named:
    """A person as the reader may see them: `name` empty when withheld."""

    id: int
    name: str
    withheld: bool
    deceased: bool


@dataclass(frozen=True)
class RelationRow:
    relation: PersonRelation
    person: Named
    relative: Named
    # "A is the parent of B" and "B is the child of A"
    phrases: tuple[str, str]


@dataclass(frozen=True)
class RelativeRow:
    person: Person
    named: Named


@dataclass(frozen=True)
class Family:
    relations: list[RelationRow]
    relatives: list[RelativeRow]
    key_person: Named | None


def circle_relations(household: Household) -> QuerySet[PersonRelation]:
    """Relations both of whose persons are of the household's circle: its members, now or
    before, and the relatives recorded with it."""
    circle = Person.objects.filter(
        Q(memberships__household=household) | Q(recorded_with=household)
    ).values("pk")
    return (
        PersonRelation.objects.filter(person__in=circle, relative__in=circle)
        .select_related("person", "relative")
        .order_by("kind", "pk")
    )


def _forward(kind: str, a: str, b: str, label: str) -> str:
    words = {"a": a, "b": b, "label": label}
    if kind == Kind.PARENT:
        return _("%(a)s is the parent of %(b)s") % words
    if kind == Kind.PARTNER:
        return _("%(a)s is the spouse or partner of %(b)s") % words
    if kind == Kind.SIBLING:
        return _("%(a)s is a sibling of %(b)s") % words
    if kind == Kind.GRANDPARENT:
        return _("%(a)s is a grandparent of %(b)s") % words
    if label:
        return _("%(a)s is %(b)s's %(label)s") % words
    return _("%(a)s is a relative of %(b)s") % words


def _backward(kind: str, a: str, b: str, label: str) -> str:
    """From the relative's side: `a` is the relative, `b` the relation's person."""
    words = {"a": a, "b": b, "label": label}
    if kind == Kind.PARENT:
        return _("%(a)s is the child of %(b)s") % words
    if kind == Kind.GRANDPARENT:
        return _("%(a)s is a grandchild of %(b)s") % words
    if kind == Kind.OTHER and label:
        return _("%(a)s's %(label)s is %(b)s") % words
    return _forward(kind, a, b, label)


def phrases(relation: PersonRelation, person: str, relative: str) -> tuple[str, str]:
    """The relation said from each of its two persons."""
    return (
        _forward(relation.kind, person, relative, relation.label),
        _backward(relation.kind, relative, person, relation.label),
    )


def named(person: Person, decision: access.Decision, *, relative: bool = False) -> Named:
    """How the reader sees a person of the household: by name when the decision covers
    them (rule 2), otherwise as "a member" or "a relative" — no name, age, sex, birth date,
    phone or death."""
    if decision.covers(person.pk):
        return Named(person.pk, person.full_name, False, person.deceased)
    return Named(person.pk, _("a relative") if relative else _("a member"), True, False)


@dataclass(frozen=True)
class MemberRow:
    """One membership of a members list as the reader may see it: `person` is None when
    withheld (only `named.name`, "a member", and the relation to the head are shown, as on
    the genogram; the membership's dates are the household's)."""

    membership: HouseholdMembership
    named: Named
    age: int | None = None  # on the day asked for (`shown_members(on=)`), if shown

    @property
    def withheld(self) -> bool:
        return self.named.withheld

    @property
    def person(self) -> Person | None:
        return None if self.withheld else self.membership.person


def shown_members(
    memberships: Iterable[HouseholdMembership],
    decision: access.Decision,
    *,
    on: dt.date | None = None,
) -> list[MemberRow]:
    """A members list (memberships with their persons read) as the reader may see it,
    with each shown member's age on the day `on` if given."""
    rows = []
    for m in memberships:
        shown = named(m.person, decision)
        age = m.person.age_on(on) if on is not None and not shown.withheld else None
        rows.append(MemberRow(m, shown, age))
    return rows


def shown_persons(rows: Iterable[MemberRow]) -> list[Person]:
    """The persons a members list shows by name: those whose read is logged."""
    return [row.membership.person for row in rows if not row.withheld]


def household_family(
    household: Household, decision: access.Decision, members: list[Person]
) -> Family:
    """The family section of the household page (two queries). `members`: the persons
    with a membership of the household, now or before (the page has read them)."""
    relatives = list(
        household.relatives_recorded.exclude(pk__in=[p.pk for p in members]).order_by(
            "deceased", "birth_date", "pk"
        )
    )
    relative_ids = {p.pk for p in relatives}

    def shown(person: Person) -> Named:
        return named(person, decision, relative=person.pk in relative_ids)

    rows = []
    relations = sorted(circle_relations(household), key=lambda r: (ORDER.index(r.kind), r.pk))
    for relation in relations:
        first, second = shown(relation.person), shown(relation.relative)
        rows.append(
            RelationRow(relation, first, second, phrases(relation, first.name, second.name))
        )
    circle = {p.pk: p for p in [*members, *relatives]}
    key_person = circle.get(household.key_person_id) if household.key_person_id else None
    return Family(
        relations=rows,
        relatives=[RelativeRow(p, shown(p)) for p in relatives],
        key_person=shown(key_person) if key_person is not None else None,
    )
