"""A month of meetings in the demo city: a held 支援会議 with decisions and approved minutes,
a published 重層的支援会議 whose every attendee is covered by consent, next week's
支援会議 still being planned, and a 包括的支援推進会議 with topics only."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from agencies.models import User
from cases import access as case_access
from cases.demo import load_cases
from cases.models import Case
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
