"""The city itself: areas (中学校区 → 小学校区 → 自治区), agencies with their permission
groups, fields and areas served, and their staff. Plain values with ids chosen here, so the
cases can refer to them before anything is written."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cached_property

from agencies.models import Agency, Area, Membership, ServiceField
from cases.city import names
from cases.city.ids import Ids

K = Agency.Kind
F = ServiceField.Code
R = Membership.Role
JST = dt.timezone(dt.timedelta(hours=9))  # Asia/Tokyo has kept +09:00 since 1951

HUB_NAME = f"{names.CITY} 福祉総合相談課"
HUB_KANA = f"{names.CITY_KANA} ふくしそうごうそうだんか"

# kind: (how many of 500, fields, weight as intake agency, weight as team agency)
AGENCY_MIX: dict[str, tuple[int, tuple[str, ...], float, float]] = {
    K.MUNICIPAL_DIVISION: (14, (F.OTHER,), 14.0, 6.0),
    K.BRANCH_OFFICE: (10, (F.COMMUNITY,), 5.0, 3.0),
    K.COMMUNITY_SUPPORT_CENTER: (30, (F.ELDERLY,), 30.0, 10.0),
    K.DISABILITY_CONSULTATION: (40, (F.DISABILITY,), 9.0, 7.0),
    K.CHILD_FAMILY_CENTER: (3, (F.CHILDREN,), 40.0, 12.0),
    K.SELF_RELIANCE_SUPPORT: (3, (F.POVERTY,), 40.0, 12.0),
    K.SOCIAL_WELFARE_COUNCIL: (11, (F.COMMUNITY,), 8.0, 8.0),
    K.HEALTH_CENTER: (4, (F.HEALTH,), 8.0, 6.0),
    K.FIRE_DEPARTMENT: (8, (F.OTHER,), 0.3, 0.5),
    K.WELFARE_COMMISSIONERS: (30, (F.COMMUNITY,), 1.0, 3.0),
    K.MEDICAL: (80, (F.HEALTH,), 0.6, 1.5),
    K.SCHOOL: (90, (F.CHILDREN,), 0.6, 1.5),
    K.NPO: (80, (F.OTHER,), 0.8, 1.2),
    K.SOCIAL_WELFARE_CORPORATION: (60, (F.ELDERLY, F.DISABILITY), 1.0, 1.2),
    K.COMPANY: (26, (F.OTHER,), 0.1, 0.3),
    K.OTHER: (10, (F.OTHER,), 0.2, 0.5),
}
# At least one of these in every city, however small.
ESSENTIAL = (
    K.MUNICIPAL_DIVISION,
    K.COMMUNITY_SUPPORT_CENTER,
    K.DISABILITY_CONSULTATION,
    K.CHILD_FAMILY_CENTER,
    K.SELF_RELIANCE_SUPPORT,
    K.SOCIAL_WELFARE_COUNCIL,
    K.WELFARE_COMMISSIONERS,
    K.MEDICAL,
    K.SCHOOL,
    K.NPO,
)
DIVISIONS = (
    "障がい福祉課",
    "こども家庭課",
    "生活福祉課",
    "高齢福祉課",
    "介護保険課",
    "保健予防課",
    "市民課",
    "住宅課",
    "商工労働課",
    "学校教育課",
    "子育て支援課",
    "地域支援課",
    "国保年金課",
    "税務課",
)
NAME_PATTERNS: dict[str, str] = {
    K.BRANCH_OFFICE: f"{names.CITY} {{place}}支所",
    K.COMMUNITY_SUPPORT_CENTER: "{place}地域包括支援センター",
    K.DISABILITY_CONSULTATION: "障がい者相談支援事業所 {place}",
    K.CHILD_FAMILY_CENTER: f"{names.CITY} {{place}}こども家庭センター",
    K.SELF_RELIANCE_SUPPORT: "くらし・しごと相談センター {place}",
    K.SOCIAL_WELFARE_COUNCIL: f"{names.CITY}社会福祉協議会 {{place}}地区センター",
    K.HEALTH_CENTER: f"{names.CITY} {{place}}保健センター",
    K.FIRE_DEPARTMENT: f"{names.CITY}消防本部 {{place}}消防署",
    K.WELFARE_COMMISSIONERS: "{place}地区民生委員児童委員協議会",
    K.MEDICAL: "医療法人 {place}クリニック",
    K.SCHOOL: f"{names.CITY}立{{place}}小学校",
    K.NPO: "NPO法人 {place}ひだまりネット",
    K.SOCIAL_WELFARE_CORPORATION: "社会福祉法人 {place}福祉会",
    K.COMPANY: "株式会社{place}商事",
    K.OTHER: "{place}地区自治区連絡協議会",
}


@dataclass(eq=False)  # compared by identity: one plan per agency
class AgencyPlan:
    id: int
    group_id: int
    name: str
    kana: str
    kind: str
    is_hub: bool
    fields: tuple[str, ...]
    intake_weight: float
    team_weight: float
    area_id: int | None = None  # the 中学校区 it serves, if not the whole city
    staff: list[tuple[int, str]] = field(default_factory=list)  # (user id, role)

    def with_role(self, *roles: str) -> list[int]:
        return [user_id for user_id, role in self.staff if role in roles]

    @cached_property
    def caseworkers(self) -> list[int]:
        """Who records consultations and is in charge of cases (any staff if none). Read
        once the staff are planned."""
        return self.with_role(R.CASEWORKER) or [user_id for user_id, _ in self.staff]


@dataclass
class Town:
    created_at: dt.datetime
    areas: list[tuple]  # rows of agencies_area
    neighbourhoods: list[tuple[int, str, str]]  # (area id, name, postal code)
    agencies: list[AgencyPlan]
    users: list[tuple]  # rows of agencies_user
    memberships: list[tuple]  # rows of agencies_membership

    @property
    def hub(self) -> AgencyPlan:
        return self.agencies[0]


def _places(rng: random.Random) -> list[tuple[str, str]]:
    pool = [(a + b, ak + bk) for a, ak in names.PLACE_PREFIXES for b, bk in names.PLACE_SUFFIXES]
    rng.shuffle(pool)
    return pool


def _areas(
    rng: random.Random, ids: Ids, at: dt.datetime, junior_high: int, elementary: int, hoods: int
) -> tuple[list[tuple], list[tuple[int, str, str]], list[tuple[int, str]]]:
    places = _places(rng)
    rows: list[tuple] = []
    neighbourhoods: list[tuple[int, str, str]] = []
    districts: list[tuple[int, str]] = []
    taken = iter(range(len(places)))

    def place() -> tuple[str, str]:
        i = next(taken, None)
        if i is None:  # more areas than names: number them
            base, kana = rng.choice(places)
            n = len(rows)
            return f"{base}{names.kanji_number(n % 90 + 1)}", f"{kana}{n}"
        return places[i]

    L = Area.Level
    for _ in range(junior_high):
        name, kana = place()
        jh = ids.next("agencies_area")
        rows.append((jh, at, at, f"{name}中学校区", f"{kana}ちゅうがっこうく", L.JUNIOR_HIGH, None))
        districts.append((jh, name))
        for _ in range(elementary):
            name, kana = place()
            el = ids.next("agencies_area")
            rows.append(
                (el, at, at, f"{name}小学校区", f"{kana}しょうがっこうく", L.ELEMENTARY, jh)
            )
            for _ in range(hoods):
                name, kana = place()
                nb = ids.next("agencies_area")
                rows.append((nb, at, at, f"{name}区", f"{kana}く", L.NEIGHBOURHOOD, el))
                neighbourhoods.append((nb, name, f"999-{rng.randrange(10_000):04d}"))
    return rows, neighbourhoods, districts


def _kind_counts(total: int) -> dict[str, int]:
    """How many agencies of each kind for `total` (the hub included), by largest remainder,
    keeping one of each essential kind while there is room."""
    rest = total - 1
    base = sum(n for n, *_ in AGENCY_MIX.values())
    exact = {k: n * rest / base for k, (n, *_) in AGENCY_MIX.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for kind in ESSENTIAL:
        if counts[kind] == 0 and sum(counts.values()) < rest:
            counts[kind] = 1
    for kind in sorted(exact, key=lambda k: exact[k] - int(exact[k]), reverse=True):
        if sum(counts.values()) >= rest:
            break
        counts[kind] += 1
    while sum(counts.values()) > rest:  # too many minimums: trim the largest
        counts[max(counts, key=counts.__getitem__)] -= 1
    return counts


def _staff_counts(rng: random.Random, agencies: list[AgencyPlan], total: int) -> list[int]:
    """At least one each; the hub a team of its own; the rest by caseload."""
    counts = [1] * len(agencies)
    hub_extra = max(3, total // 80) if total > 2 * len(agencies) else 2
    counts[0] += hub_extra
    left = total - sum(counts)
    weights = [a.intake_weight**0.8 for a in agencies]
    weights[0] = 0.0
    for i in rng.choices(range(len(agencies)), weights=weights, k=max(0, left)):
        counts[i] += 1
    return counts


def _roles(n: int, hub: bool) -> list[str]:
    roles = [R.CASEWORKER] * n
    if n >= 2:
        roles[0] = R.SUPERVISOR
    if n >= 4:
        roles[1] = R.AGENCY_ADMIN
    if n >= 6 or hub:
        roles[min(2, n - 1)] = R.COORDINATOR
    if hub and n >= 12:
        roles[3] = R.SUPERVISOR
        roles[4] = R.COORDINATOR
    return roles


def person_name(rng: random.Random, female: bool) -> tuple[str, str, str, str]:
    family, family_kana = rng.choice(names.FAMILY_NAMES)
    given, given_kana = rng.choice(names.GIVEN_FEMALE if female else names.GIVEN_MALE)
    return family, given, family_kana, given_kana


def plan_town(
    rng: random.Random,
    ids: Ids,
    *,
    agencies: int,
    staff: int,
    junior_high: int,
    elementary_per_district: int,
    neighbourhoods_per_school: int,
    created_at: dt.datetime,
    unusable_password: str,
) -> Town:
    at = created_at
    areas, neighbourhoods, districts = _areas(
        rng, ids, at, junior_high, elementary_per_district, neighbourhoods_per_school
    )
    places = iter(_places(rng))
    plans = [
        AgencyPlan(
            ids.next("agencies_agency"),
            ids.next("auth_group"),
            HUB_NAME,
            HUB_KANA,
            K.MUNICIPAL_DIVISION,
            True,
            tuple(F),
            0.0,
            0.0,
        )
    ]
    taken = {HUB_NAME}
    for kind, count in _kind_counts(agencies).items():
        _, fields, intake, team = AGENCY_MIX[kind]
        for n in range(count):
            area_id = None
            if kind == K.MUNICIPAL_DIVISION:
                division = DIVISIONS[n % len(DIVISIONS)]
                suffix = "" if n < len(DIVISIONS) else f" 第{names.kanji_number(n // 14 + 1)}係"
                name, kana = f"{names.CITY} {division}{suffix}", names.CITY_KANA
            elif kind == K.COMMUNITY_SUPPORT_CENTER and n < len(districts):
                area_id, place = districts[n]
                name, kana = NAME_PATTERNS[kind].format(place=place), ""
            else:
                place, kana = next(places)
                name = NAME_PATTERNS[kind].format(place=place)
                if kind == K.SCHOOL and n % 3 == 0:
                    name = name.replace("小学校", "中学校")
            while name in taken:
                name += "・分室"
            taken.add(name)
            jitter = rng.lognormvariate(0, 0.5)
            plans.append(
                AgencyPlan(
                    ids.next("agencies_agency"),
                    ids.next("auth_group"),
                    name,
                    kana,
                    kind,
                    False,
                    fields,
                    intake * jitter,
                    team * jitter,
                    area_id,
                )
            )
    users: list[tuple] = []
    memberships: list[tuple] = []
    for number, (agency, n) in enumerate(zip(plans, _staff_counts(rng, plans, staff), strict=True)):
        for k, role in enumerate(_roles(n, agency.is_hub), start=1):
            user_id = ids.next("agencies_user")
            female = rng.random() < 0.6
            family, given, family_kana, given_kana = person_name(rng, female)
            username = f"ohira-{number:03d}-{k:03d}"
            users.append(
                (
                    user_id,
                    unusable_password,
                    None,
                    False,
                    username,
                    "",
                    "",
                    f"{username}@example.jp",
                    False,
                    True,
                    at,
                    "staff",
                    f"{family} {given}",
                    f"{family_kana} {given_kana}",
                )
            )
            memberships.append(
                (ids.next("agencies_membership"), at, at, 1, role, True, agency.id, user_id)
            )
            agency.staff.append((user_id, role))
    return Town(at, areas, neighbourhoods, plans, users, memberships)


def agency_rows(town: Town, field_ids: dict[str, int], ids: Ids) -> dict[str, list[tuple]]:
    at = town.created_at
    groups, agencies, fields, served = [], [], [], []
    for n, a in enumerate(town.agencies, start=1):
        groups.append((a.group_id, f"agency:{a.name}"))
        agencies.append(
            (
                a.id,
                at,
                at,
                1,
                a.name,
                a.kana,
                a.kind,
                a.is_hub,
                f"0000-{n // 10_000:02d}-{n % 10_000:04d}",
                "",
                f"agency{n}@example.jp",
                f"999-{n:04d}",
                f"{names.CITY}中央{n}丁目{n % 30 + 1}番地",
                "平日 8:30〜17:15",
                True,
                a.group_id,
            )
        )
        for code in a.fields:
            fields.append((ids.next("agencies_agency_fields"), a.id, field_ids[code]))
        if a.area_id is not None:
            served.append((ids.next("agencies_agency_areas_served"), a.id, a.area_id))
    return {
        "auth_group": groups,
        "agencies_agency": agencies,
        "agencies_agency_fields": fields,
        "agencies_agency_areas_served": served,
    }
