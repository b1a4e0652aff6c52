"""The demo workers' planned contacts (予定): visits and calls on story cases in the coming
working days, and one from the last working day that nobody recorded, so that the overdue
reminder shows after the sweep. Each is planned through the service as the worker who goes,
on a case their agency may record on, so the plan is their agency's and history names them."""

import datetime as dt

import holidays
from django.db import transaction
from django.utils import timezone

from agencies.models import User
from cases.demo import load_cases
from cases.models import Case, Consultation, Person
from core.demo import demo_clock
from planning import services
from planning.models import PlannedContact
from planning.services import PlanData

M = Consultation.Mode

# The first plan: if it is there, the demo plans are loaded.
MARKER_PURPOSE = "健太さんと面談：社協の居場所（サロン）見学の日程を相談"

# worker, household, working days from today (negative: before today), hour, minutes, mode,
# place, purpose, person (a member's name, or "" for the household)
PLANS: list[tuple[str, str, int, int, int, str, str, str, str]] = [
    (
        "sogo-worker",
        "佐々木世帯",
        2,
        10,
        60,
        M.HOME_VISIT,
        "自宅",
        MARKER_PURPOSE,
        "佐々木 健太",
    ),
    (
        "sogo-worker",
        "工藤世帯",
        1,
        15,
        20,
        M.PHONE,
        "",
        "家計表の進み具合と家賃の分割返済の状況を確認する",
        "",
    ),
    (
        "sogo-worker",
        "工藤世帯",
        -1,
        16,
        20,
        M.PHONE,
        "",
        "愛美さんのB型事業所への通所の様子を父に聞く",
        "",
    ),
    (
        "houkatsu-east-worker",
        "村上世帯",
        3,
        14,
        45,
        M.HOME_VISIT,
        "自宅",
        "退院後の生活状況の確認（転倒予防・手すり設置の検討）",
        "",
    ),
    (
        "houkatsu-east-worker",
        "今井世帯",
        4,
        10,
        60,
        M.HOME_VISIT,
        "自宅",
        "ショートステイ利用後の様子と、介護する夫の負担を確認する",
        "",
    ),
    (
        "shakyo-csw",
        "大西世帯",
        2,
        13,
        60,
        M.VISIT,
        "社協 カフェ厨房",
        "カフェでの活動の振り返り（2か月）",
        "",
    ),
    (
        "aozora-worker",
        "宮本世帯",
        1,
        11,
        30,
        M.PHONE,
        "",
        "作業所見学の感想を聞き、次の見学先を相談する",
        "",
    ),
]


def _working_day(offset: int) -> dt.date:
    """The `offset`-th working day after today (before it if negative), skipping weekends
    and Japanese public holidays: nobody plans a home visit for a Sunday."""
    day = timezone.localdate()
    names = holidays.country_holidays("JP", years={day.year - 1, day.year, day.year + 1})
    step = 1 if offset > 0 else -1
    for _ in range(abs(offset)):
        day += dt.timedelta(days=step)
        while day.weekday() >= 5 or day in names:
            day += dt.timedelta(days=step)
    return day


def _story_case(household: str) -> Case:
    """The story's case: stories are loaded first, so it is the oldest of that name."""
    return Case.objects.filter(household__name=household).order_by("pk").first()


def _person(case: Case, name: str) -> Person | None:
    if not name:
        return None
    family, _, given = name.partition(" ")
    return Person.objects.get(
        memberships__household_id=case.household_id, family_name=family, given_name=given
    )


def loaded() -> bool:
    return PlannedContact.objects.filter(purpose=MARKER_PURPOSE).exists()


@transaction.atomic
def load_planning() -> int:
    """Plan the demo contacts once. Returns how many it created (0 when already there)."""
    load_cases()
    if loaded():
        return 0
    created = 0
    for username, household, days, hour, minutes, mode, place, purpose, person in PLANS:
        worker = User.objects.get(username=username)
        case = _story_case(household)
        day = _working_day(days)
        data = PlanData(
            starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(hour))),
            mode=mode,
            minutes=minutes,
            place=place,
            purpose=purpose,
            person=_person(case, person),
        )
        if day < timezone.localdate():
            # A plan for a day already past was made on that day's morning, as a worker would.
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
            with demo_clock(at):
                services.planned_contact_create(actor=worker, case=case, data=data)
        else:
            services.planned_contact_create(actor=worker, case=case, data=data)
        created += 1
    return created
