"""A month of meetings in the demo city: a held 支援会議 with decisions and approved minutes,
a published 重層的支援会議 whose every attendee is covered by consent, next week's
支援会議 still being planned, and a 包括的支援推進会議 with topics only."""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from agencies.models import User
from cases import access as case_access
from cases.demo import load_cases
from cases.models import Case
from core.demo import demo_clock
from core.wareki import fiscal_year, fiscal_year_bounds, fiscal_year_label
from meetings import services
from meetings.models import Meeting

MARKER_TITLE = "支援会議（第8回）"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _readable(user: User, limit: int) -> list[Case]:
    return list(
        case_access.visible_cases(user)
        .exclude(status=Case.Status.CLOSED)
        .select_related("household")
        .order_by("opened_on")[:limit]
    )


def _invite(coordinator: User, meeting: Meeting, usernames: list[str]) -> None:
    for username in usernames:
        user = _user(username)
        membership = user.memberships.filter(is_active=True).select_related("agency").first()
        services.participant_add(
            actor=coordinator, meeting=meeting, user=user, agency=membership.agency
        )


def _covered_case(coordinator: User) -> tuple[Case, list[str]] | None:
    """A case whose consent covers its whole team, and one staff member per team agency."""
    for case in _readable(coordinator, 40):
        team = [t.agency for t in case.team.filter(left_on__isnull=True).select_related("agency")]
        if len(team) < 2 or case_access.agencies_not_covered(case, team):
            continue
        staff = []
        for agency in team:
            member = agency.memberships.filter(
                is_active=True, role="caseworker", user__kind="staff"
            ).first()
            if member and member.user.username != coordinator.username:
                staff.append(member.user.username)
        return case, staff
    return None


@transaction.atomic
def load_meetings() -> int:
    """Create the demo meetings once. Returns how many it created."""
    load_cases()
    if Meeting.objects.filter(title=MARKER_TITLE).exists():
        return 0
    coordinator = _user("sogo-coordinator")
    cases = _readable(coordinator, 6)

    # Last week's 支援会議: held, decisions taken, minutes approved.
    held = services.meeting_create(
        actor=coordinator,
        kind=Meeting.Kind.SUPPORT,
        title=MARKER_TITLE,
        starts_at=_at(-6, 14),
        place="あさひ野市役所 3階 会議室A",
    )
    _invite(coordinator, held, ["houkatsu-east-worker", "minsei-member", "shakyo-csw"])
    for case, purpose in zip(cases[:2], ["roles", "sharing"], strict=False):
        services.agenda_add(actor=coordinator, meeting=held, case=case, purpose=purpose)
    services.agenda_add(
        actor=coordinator, meeting=held, topic="地区の見守り体制について", purpose="resources"
    )
    for username in ("houkatsu-east-worker", "minsei-member"):
        services.pledge_record(actor=_user(username), meeting=held)
    held = services.meeting_publish(actor=coordinator, meeting=held)
    for participant in held.participants.all():
        services.attendance_set(actor=coordinator, participant=participant, attended=True)
    held = services.meeting_hold(actor=coordinator, meeting=held)
    first = held.items.order_by("position").first()
    services.agenda_update(
        actor=coordinator,
        item=first,
        purpose=first.purpose,
        minutes="包括：母のデイサービス利用が定着。民生委員：長男の外出を近所で見かけるようになった。"
        "役割分担を確認し、社協CSWが長男の居場所づくりを担当する。",
        expected_version=first.version,
    )
    services.decision_record(
        actor=coordinator,
        item=first,
        kind="role",
        text="長男の居場所づくり（社協CSW）",
        agency=_user("shakyo-csw").memberships.first().agency,
    )
    services.action_add(
        actor=coordinator,
        meeting=held,
        item=first,
        description="長男に地域のサロンを紹介する",
        agency=_user("shakyo-csw").memberships.first().agency,
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )
    services.action_add(
        actor=coordinator,
        meeting=held,
        description="民生委員への見守り依頼文を作成する",
        agency=coordinator.memberships.first().agency,
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    services.minutes_approve(actor=coordinator, meeting=held)
    created = 1

    # This week's 重層的支援会議: every attendee is covered by the person's consent.
    covered = _covered_case(coordinator)
    layered = services.meeting_create(
        actor=coordinator,
        kind=Meeting.Kind.MULTI_LAYERED,
        title="重層的支援会議（第5回）",
        starts_at=_at(2, 10),
        place="あさひ野市役所 3階 会議室B",
    )
    if covered is not None:
        case, staff = covered
        _invite(coordinator, layered, staff)
        services.agenda_add(actor=coordinator, meeting=layered, case=case, purpose="plan")
    services.meeting_publish(actor=coordinator, meeting=layered)
    created += 1

    # Next week's 支援会議, still being planned: the agenda is the coordinator's to build.
    planned = services.meeting_create(
        actor=coordinator,
        kind=Meeting.Kind.SUPPORT,
        title="支援会議（第9回）",
        starts_at=_at(8, 14),
        place="あさひ野市役所 3階 会議室A",
    )
    _invite(coordinator, planned, ["houkatsu-west-worker", "aozora-worker", "minsei-member"])
    if len(cases) > 2:
        services.agenda_add(actor=coordinator, meeting=planned, case=cases[2], purpose="closure")
    created += 1

    # The programme evaluation: topics and aggregated figures only.
    promotion = services.meeting_create(
        actor=coordinator,
        kind=Meeting.Kind.PROMOTION,
        title="包括的支援推進会議（令和8年度 第2回）",
        starts_at=_at(20, 13),
        place="あさひ野市福祉センター 大会議室",
    )
    for topic, purpose in (
        ("上半期の相談件数と相談経路（集計）", "sharing"),
        ("長期化ケースの傾向と終結の考え方", "plan"),
        ("参加支援メニューの開拓状況", "resources"),
    ):
        services.agenda_add(actor=coordinator, meeting=promotion, topic=topic, purpose=purpose)
    return created + 1


# --- guests: attendees who are not users ---------------------------------------------

# The 支援会議 (第9回) about 森田世帯 of 港町: the 民生委員 of 港町 has signed the paper pledge,
# the staff member of the 子ども食堂 where 森田さん eats has not yet.
GUEST_MEETING = "支援会議（第9回）"
GUESTS = (
    ("大橋 文子", "港町地区 民生委員・児童委員", "民生委員・児童委員（港町担当）", True),
    ("岡田 恵美", "みなみ子ども食堂 ひだまり", "食堂スタッフ（多世代食堂の日の担当）", False),
)
# The 重層的支援会議 (第5回) about 佐々木世帯: a guest only for an agency the person's consent
# covers, and no pledge (consent is the basis there).
LAYERED_MEETING = "重層的支援会議（第5回）"
LAYERED_GUEST = ("吉村 京子", "主任介護支援専門員")


def _layered_guest_agency(meeting: Meeting):
    """The 地域包括 on the first agenda case's team, if every agenda case's consent covers it."""
    cases = [item.case for item in meeting.items.filter(case__isnull=False).select_related("case")]
    if not cases:
        return None
    team = cases[0].team.filter(left_on__isnull=True, agency__name__contains="地域包括")
    for member in team.select_related("agency"):
        if not any(case_access.agencies_not_covered(c, [member.agency]) for c in cases):
            return member.agency
    return None


@transaction.atomic
def load_guests() -> int:
    """Record the guests of this month's meetings once (after the meetings). Returns how
    many it recorded: 0 when they were already there."""
    load_meetings()
    support = Meeting.objects.filter(title=GUEST_MEETING, kind=Meeting.Kind.SUPPORT).first()
    if support is None or support.guests.exists():
        return 0
    coordinator = _user("sogo-coordinator")
    created = 0
    for name, organisation, role, signed in GUESTS:
        guest = services.guest_add(
            actor=coordinator, meeting=support, name=name, organisation=organisation, role=role
        )
        if signed:
            services.guest_pledge_confirm(
                actor=coordinator,
                guest=guest,
                signed_on=timezone.localdate() - dt.timedelta(days=3),
            )
        created += 1
    layered = Meeting.objects.filter(title=LAYERED_MEETING, kind=Meeting.Kind.MULTI_LAYERED).first()
    agency = _layered_guest_agency(layered) if layered is not None else None
    if agency is not None and not layered.guests.exists():
        name, role = LAYERED_GUEST
        services.guest_add(
            actor=coordinator,
            meeting=layered,
            name=name,
            organisation=agency.name,
            role=role,
            agency=agency,
        )
        created += 1
    return created


# --- a year of meetings (after cases.demo.year) ------------------------------------------

# 支援会議 monthly, 重層的支援会議 every other month, 包括的支援推進会議 twice a year; in the
# previous fiscal year and in this one up to last month. Each held, attended, its minutes
# approved, with the cases discussed: what the 年度 figures count (docs/demo.md).
SUPPORT_DAY, LAYERED_DAY = 10, 22
LAYERED_MONTHS = (5, 7, 9, 11, 1, 3)
PROMOTION_MONTHS = (7, 2)
SUPPORT_GUESTS = ("houkatsu-east-worker", "minsei-member")
PROMOTION_TOPICS = (
    ("相談件数と相談経路の推移（集計）", "sharing"),
    ("重層的支援会議で扱った課題の傾向", "plan"),
    ("参加支援と地域づくりの取り組み", "resources"),
)


def year_marker(fiscal_year: int) -> str:
    return f"支援会議（{fiscal_year_label(fiscal_year)} 第1回）"


def _open_hub_cases(coordinator: User, on: dt.date) -> list[Case]:
    """Cases of the hub open on `on` (opened two weeks before at least) that the
    coordinator reads in full, oldest first."""
    hub = coordinator.memberships.get(is_active=True).agency
    candidates = (
        Case.objects.filter(owner_agency=hub, opened_on__lte=on - dt.timedelta(days=14))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on + dt.timedelta(days=7)))
        .order_by("opened_on", "pk")
    )
    return [
        c
        for c in candidates
        if case_access.case_decision(coordinator, c).level == case_access.Level.FULL
    ]


def _clocked(day: dt.date, hour: int, minute: int = 0):
    return demo_clock(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute))))


def _held_meeting(
    coordinator: User,
    kind: str,
    title: str,
    day: dt.date,
    hour: int,
    *,
    guests: list[tuple[User, object]],
    cases: list[Case],
    topics=(),
    purpose: str = "sharing",
) -> Meeting:
    """Planned a week before, published, held on `day`, minutes approved two days later."""
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    with _clocked(day - dt.timedelta(days=7), 10):
        meeting = services.meeting_create(
            actor=coordinator,
            kind=kind,
            title=title,
            starts_at=starts_at,
            place="あさひ野市役所 3階 会議室A",
        )
        for user, agency in guests:
            services.participant_add(actor=coordinator, meeting=meeting, user=user, agency=agency)
        for case in cases:
            services.agenda_add(actor=coordinator, meeting=meeting, case=case, purpose=purpose)
        for topic, topic_purpose in topics:
            services.agenda_add(
                actor=coordinator, meeting=meeting, topic=topic, purpose=topic_purpose
            )
        if kind == Meeting.Kind.SUPPORT:
            for guest in guests:
                services.pledge_record(actor=guest[0], meeting=meeting)
        meeting = services.meeting_publish(actor=coordinator, meeting=meeting)
    with _clocked(day, hour + 2):
        for participant in meeting.participants.all():
            services.attendance_set(actor=coordinator, participant=participant, attended=True)
        meeting = services.meeting_hold(actor=coordinator, meeting=meeting)
    with _clocked(day + dt.timedelta(days=2), 16):
        return services.minutes_approve(actor=coordinator, meeting=meeting)


def _covered_guests(cases: list[Case], day: dt.date) -> list[tuple[User, object]]:
    """One caseworker of each team agency of the cases that every case's consent for
    meetings covers (a 重層的支援会議 admits no one else), at most two."""
    agencies = {}
    for case in cases:
        for member in case.team.filter(left_on__isnull=True).select_related("agency"):
            agencies.setdefault(member.agency_id, member.agency)
    guests = []
    with _clocked(day - dt.timedelta(days=7), 9):
        for agency in agencies.values():
            if any(case_access.agencies_not_covered(case, [agency]) for case in cases):
                continue
            membership = (
                agency.memberships.filter(is_active=True, role="caseworker", user__kind="staff")
                .select_related("user")
                .order_by("pk")
                .first()
            )
            if membership is not None:
                guests.append((membership.user, agency))
    return guests[:2]


@transaction.atomic
def load_year() -> int:
    """Create the year's meetings once (after the year's cases). Returns how many."""
    from cases.demo.year import load_year as load_year_cases

    load_year_cases()
    today = timezone.localdate()
    current = fiscal_year(today)
    if Meeting.objects.filter(title=year_marker(current - 1)).exists():
        return 0
    rng = random.Random(f"あさひ野市 会議 {current}")  # noqa: S311 - made-up data, seeded
    coordinator = _user("sogo-coordinator")
    guests = []
    for username in SUPPORT_GUESTS:
        user = _user(username)
        guests.append((user, user.memberships.get(is_active=True).agency))
    supervisor = _user("sogo-supervisor")
    hub = supervisor.memberships.get(is_active=True).agency
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    created = 0
    for fy in (current - 1, current):
        label = fiscal_year_label(fy)
        first, last = fiscal_year_bounds(fy)
        counts = dict.fromkeys(Meeting.Kind.values, 0)
        month = first
        while month <= min(last, last_month):
            day = month.replace(day=SUPPORT_DAY)
            counts["support"] += 1
            cases = _open_hub_cases(coordinator, day)
            _held_meeting(
                coordinator,
                Meeting.Kind.SUPPORT,
                f"支援会議（{label} 第{counts['support']}回）",
                day,
                14,
                guests=guests,
                cases=rng.sample(cases, min(rng.choice((2, 2, 3)), len(cases))),
                topics=[("地区の見守り体制について", "resources")] if month.month == 4 else (),
            )
            created += 1
            if month.month in LAYERED_MONTHS:
                day = month.replace(day=LAYERED_DAY)
                cases = [c for c in _open_hub_cases(coordinator, day) if c.consents.exists()]
                cases = rng.sample(cases, min(2, len(cases)))
                counts["multi_layered"] += 1
                _held_meeting(
                    coordinator,
                    Meeting.Kind.MULTI_LAYERED,
                    f"重層的支援会議（{label} 第{counts['multi_layered']}回）",
                    day,
                    10,
                    guests=[(supervisor, hub), *_covered_guests(cases, day)],
                    cases=cases,
                    purpose="plan",
                )
                created += 1
            if month.month in PROMOTION_MONTHS and not (fy == current and counts["promotion"] >= 1):
                counts["promotion"] += 1
                _held_meeting(
                    coordinator,
                    Meeting.Kind.PROMOTION,
                    f"包括的支援推進会議（{label} 第{counts['promotion']}回）",
                    month.replace(day=26),
                    13,
                    guests=[(supervisor, hub)],
                    cases=[],
                    topics=PROMOTION_TOPICS,
                )
                created += 1
            month = (month + dt.timedelta(days=32)).replace(day=1)
    return created
