"""A three-generation 8050 family around the story's 山田 household, for the genogram and
eco-map tests: the mother トメ (head) and her son 一郎 (the hikikomori adult child) live
together; the father 茂 died; the daughter 佐藤 花子 (the key person) lives elsewhere,
divorced from 佐藤 健, with her daughter 陽菜. Rows are written with the models and their
history, as the demo does (the relation services are not what these tests are about)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cases.models import Household, Person, PersonRelation
from core.history import save_with_history


@dataclass
class Family:
    household: Household
    tome: Person
    ichiro: Person
    shigeru: Person
    hanako: Person
    ken: Person
    hina: Person


def relative(household: Household, actor, family: str, given: str, sex: str, born, **extra):
    person = Person(
        family_name=family,
        given_name=given,
        sex=sex,
        birth_date=born,
        recorded_with=household,
        owner_agency=household.owner_agency,
        **extra,
    )
    return save_with_history(person, actor, "relative recorded")


def relate(actor, person: Person, other: Person, kind: str, **extra) -> PersonRelation:
    row = PersonRelation(
        person=person,
        relative=other,
        kind=kind,
        owner_agency=person.owner_agency,
        created_by=actor,
        **extra,
    )
    return save_with_history(row, actor, "relation recorded")


def yamada_family(story) -> Family:
    actor = story.owner_worker
    household = story.case.household
    members = {m.person.given_name: m.person for m in household.memberships.all()}
    tome, ichiro = members["トメ"], members["一郎"]
    shigeru = relative(
        household,
        actor,
        "山田",
        "茂",
        "male",
        dt.date(1940, 3, 1),
        deceased=True,
        died_on=dt.date(2015, 6, 1),
    )
    hanako = relative(household, actor, "佐藤", "花子", "female", dt.date(1970, 5, 5))
    ken = relative(household, actor, "佐藤", "健", "male", dt.date(1968, 1, 9))
    hina = relative(household, actor, "佐藤", "陽菜", "female", dt.date(2000, 7, 7))
    P = PersonRelation.Kind
    relate(actor, shigeru, tome, P.PARTNER, married_on=dt.date(1966, 4, 1))
    for child in (ichiro, hanako):
        relate(actor, shigeru, child, P.PARENT)
        relate(actor, tome, child, P.PARENT)
    relate(
        actor,
        ken,
        hanako,
        P.PARTNER,
        married_on=dt.date(1995, 10, 1),
        divorced_on=dt.date(2012, 3, 31),
    )
    relate(actor, ken, hina, P.PARENT)
    relate(actor, hanako, hina, P.PARENT)
    household.key_person = hanako
    save_with_history(household, actor, "key person recorded")
    return Family(household, tome, ichiro, shigeru, hanako, ken, hina)
