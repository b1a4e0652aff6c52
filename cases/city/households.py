"""Households of the generated city and their members: 1–4 persons with names, kana, birth
dates and relations shaped like the caseloads of 重層的支援 (single elderly, 8050,
single parents, three generations), a few with the address kept confidential (住所秘匿)."""

from __future__ import annotations

import datetime as dt
import random
from typing import NamedTuple

from cases.city import names
from cases.city.town import person_name
from cases.models import HouseholdMembership, Person

Rel = HouseholdMembership.Relation
Sex = Person.Sex

SIZES = (1, 2, 3, 4)
SIZE_WEIGHTS = (33, 30, 21, 16)  # mean 2.2 persons per household


class Member(NamedTuple):
    id: int
    family: str
    given: str
    family_kana: str
    given_kana: str
    birth: dt.date
    sex: str
    relation: str
    phone: str
    language: str
    confidential: bool
    since: dt.date  # member of the household since

    def age_on(self, day: dt.date) -> int:
        return (
            day.year - self.birth.year - ((day.month, day.day) < (self.birth.month, self.birth.day))
        )


def _birth(rng: random.Random, on: dt.date, age: int) -> dt.date:
    return on - dt.timedelta(days=int(max(0, age) * 365.25) + rng.randrange(365))


def _composition(rng: random.Random, size: int) -> list[tuple[str, int, bool | None]]:
    """(relation, age, female?) per member; the head first. None: either sex."""
    if size == 1:
        age = rng.choice((rng.randint(20, 64), rng.randint(65, 95), rng.randint(65, 95)))
        return [(Rel.HEAD, age, None)]
    kind = rng.random()
    if size == 2:
        if kind < 0.5:
            age = rng.randint(30, 90)
            return [(Rel.HEAD, age, False), (Rel.SPOUSE, age - rng.randint(-3, 6), True)]
        if kind < 0.8:  # 8050: an elderly parent and a middle-aged child at home
            age = rng.randint(75, 92)
            return [(Rel.HEAD, age, None), (Rel.CHILD, age - rng.randint(25, 35), None)]
        age = rng.randint(25, 48)
        return [(Rel.HEAD, age, True), (Rel.CHILD, max(0, age - rng.randint(20, 35)), None)]
    head = rng.randint(30, 50) if kind < 0.7 else rng.randint(70, 85)
    members: list[tuple[str, int, bool | None]] = [
        (Rel.HEAD, head, False),
        (Rel.SPOUSE, head - rng.randint(-3, 6), True),
    ]
    for _ in range(size - 2):
        if head >= 70:
            members.append((Rel.CHILD, head - rng.randint(25, 35), None))
        elif size == 4 and rng.random() < 0.4:  # three generations
            members.append((Rel.PARENT, head + rng.randint(24, 34), None))
        else:
            members.append((Rel.CHILD, max(0, head - rng.randint(22, 40)), None))
    return members


def plan_members(
    rng: random.Random, first_id: int, opened: dt.date, size: int, confidential: bool
) -> list[Member]:
    family, _, family_kana, _ = person_name(rng, True)
    language = rng.choice(names.LANGUAGES) if rng.random() < 0.01 else ""
    members = []
    for n, (relation, age, female) in enumerate(_composition(rng, size)):
        female = rng.random() < 0.5 if female is None else female
        _, given, _, given_kana = person_name(rng, female)
        birth = _birth(rng, opened, age)
        since = max(birth, opened - dt.timedelta(days=rng.randrange(20 * 365)))
        members.append(
            Member(
                first_id + n,
                family,
                given,
                family_kana,
                given_kana,
                birth,
                Sex.FEMALE if female else Sex.MALE,
                relation,
                f"090-0000-{rng.randrange(10_000):04d}" if n == 0 else "",
                language,
                confidential,
                since,
            )
        )
    return members


HOUSEHOLD_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "name",
    "postal_code",
    "address",
    "phone",
    "area_id",
    "created_by_id",
    "owner_agency_id",
    "name_key",
)
PERSON_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "sex",
    "phone",
    "preferred_language",
    "address_confidential",
    "owner_agency_id",
    "deceased",
    "name_key",
    "kana_key",
    "phone_key",
)
MEMBERSHIP_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "relation",
    "started_on",
    "ended_on",
    "household_id",
    "person_id",
)
