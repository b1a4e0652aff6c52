"""Reads for the meetings, scoped to the user by meetings/access.py: the list (one for the
pages and the API), agenda suggestions, papers. The API's own reads, shaped for its
serializers, are in meetings/api/selectors.py."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.expressions import Combinable
from django.utils import timezone

from agencies.models import User
from cases import access as case_access
from cases.models import Case, Closure, Consent, Referral, SupportPlan
from core.kana import normalise
from meetings import access
from meetings.models import ActionItem, AgendaItem, Meeting, Participant

LONG_RUNNING_DAYS = 183
REVIEW_WINDOW_DAYS = 14


def meeting_list(user: User) -> QuerySet[Meeting]:
    """The meetings the user sees, latest first, for the list page and the API: each with
    organiser and chair, the number of agenda items (`item_count`) and the user's own
    participation (`my_participant_id`, `my_attended`, `my_pledged_at`; None where they are
    not invited). One query for a page, whatever its size."""
    mine = Participant.objects.filter(meeting=OuterRef("pk"), user=user)
    return (
        access.visible_meetings(user)
        .select_related("organiser", "chair")
        .annotate(
            item_count=Count("items", distinct=True),
            my_participant_id=Subquery(mine.values("pk")[:1]),
            my_attended=Subquery(mine.values("attended")[:1]),
            my_pledged_at=Subquery(mine.values("pledged_at")[:1]),
        )
        .order_by("-starts_at", "-pk")
    )


UPCOMING_DAYS = 14
UPCOMING_LIMIT = 8


def upcoming_meetings(user: User, *, days: int = UPCOMING_DAYS) -> list[Meeting]:
    """The meetings the user organises or is invited to in the coming `days` (from now),
    soonest first: for the home page. One query."""
    now = timezone.now()
    return list(
        meeting_list(user)
        .filter(starts_at__gte=now, starts_at__lt=now + dt.timedelta(days=days))
        .order_by("starts_at", "pk")[:UPCOMING_LIMIT]
    )


@dataclass
class CalendarDay:
    day: dt.date
    in_month: bool
    holiday: str
    meetings: list[Meeting]


def month_calendar(user: User, year: int, month: int) -> list[list[CalendarDay]]:
    """The weeks (Sunday first, as Japanese wall calendars) of a month with the meetings
    the user sees on each day (Asia/Tokyo) and the national holidays. One query."""
    import calendar

    import holidays

    weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in (
        meeting_list(user)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
    ):
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    names = holidays.country_holidays("JP", years={first.year, last.year}, language="ja")
    return [
        [CalendarDay(d, d.month == month, names.get(d, ""), by_day.get(d, [])) for d in week]
        for week in weeks
    ]


def with_participants(meeting: Meeting) -> Meeting:
    """Every participant with agency and person: one query, which also answers
    access.participant / has_pledged (and so services.allowed_actions) for the user."""
    prefetch_related_objects(
        [meeting],
        Prefetch("participants", queryset=Participant.objects.select_related("agency", "user")),
    )
    return meeting


@dataclass
class Suggestion:
    case: Case
    why: str


CASE_SEARCH_LIMIT = 20


def agenda_case_search(user: User, meeting: Meeting, text: str) -> list[Case]:
    """For the coordinator's "add a case" box: open cases the user may read and not yet on
    the agenda, found by case number (#00012 or 12), household name (kana and width alike,
    core.kana) or main concern. Whether a case may go on this meeting's agenda (consent,
    106-6) is still the service's answer when it is added."""
    text = text.strip()
    if not meeting.allows_cases or not text:
        return []
    readable = (
        case_access.visible_cases(user)
        .exclude(status=Case.Status.CLOSED)
        .exclude(pk__in=meeting.items.filter(case__isnull=False).values("case_id"))
        .select_related("household", "lead_agency")
    )
    number = text.lstrip("#＃").strip()
    key = normalise(text)
    match = Q(title__icontains=text)
    if key:
        match |= Q(household__name_key__contains=key)
    if number.isascii() and number.isdigit() and len(number) <= 9:
        match |= Q(pk=int(number))
    return list(readable.filter(match).order_by("-opened_on", "-pk")[:CASE_SEARCH_LIMIT])


def agenda_suggestions(user: User, meeting: Meeting) -> list[Suggestion]:
    """Cases worth discussing, among those the coordinator may read and not yet on the
    agenda: referred to the organiser, long-running, plan review due, closure proposed,
    and (支援会議 only) outreach cases without consent."""
    if not meeting.allows_cases:
        return []
    from django.utils.translation import gettext as _

    readable = (
        case_access.visible_cases(user)
        .exclude(status=Case.Status.CLOSED)
        .exclude(pk__in=meeting.items.filter(case__isnull=False).values("case_id"))
        .select_related("household")
    )
    today = timezone.localdate()
    rules: list[tuple[str, Q | Combinable]] = [
        (
            _("Referred to the organising agency"),
            Q(
                pk__in=Referral.objects.filter(
                    to_agency=meeting.organiser, status__in=["sent", "accepted"]
                ).values("case_id")
            ),
        ),
        (
            _("Long-running (6 months or more)"),
            Q(opened_on__lte=today - dt.timedelta(days=LONG_RUNNING_DAYS)),
        ),
        (
            _("Support plan due for review"),
            Q(
                pk__in=SupportPlan.objects.filter(
                    status="active",
                    review_on__lte=timezone.localtime(meeting.starts_at).date()
                    + dt.timedelta(days=REVIEW_WINDOW_DAYS),
                ).values("case_id")
            ),
        ),
        (
            _("Closure proposed"),
            Q(pk__in=Closure.objects.filter(status="proposed").values("case_id")),
        ),
    ]
    if meeting.is_support_meeting:
        active_consent = Consent.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            case=OuterRef("pk"),
            withdrawn_at__isnull=True,
            valid_from__lte=today,
        )
        rules.append(
            (
                _("Outreach without consent"),
                Q(projects__project="outreach", projects__ended_on__isnull=True)
                & ~Exists(active_consent),
            )
        )
    seen: dict[int, Suggestion] = {}
    for why, condition in rules:
        for case in readable.filter(condition).distinct()[:20]:
            if case.pk in seen:
                seen[case.pk].why += f"・{why}"
            else:
                seen[case.pk] = Suggestion(case, str(why))
    return list(seen.values())


@dataclass
class ItemView:
    """An agenda item as one person may see it."""

    item: AgendaItem
    material: bool
    minutes: bool


def agenda_for(user: User, meeting: Meeting) -> list[ItemView]:
    items = list(
        meeting.items.select_related(
            "case", "case__household", "case__owner_agency"
        ).prefetch_related("decisions__agency", "actions__agency")
    )
    visibility = access.agenda_visibility(user, meeting, items)
    return [ItemView(item, *visibility[item.pk]) for item in items]


@dataclass
class ActionView:
    """An action item as one person may see it: `shown` is whether its description is."""

    action: ActionItem
    shown: bool


def actions_for(user: User, meeting: Meeting, agenda: list[ItemView]) -> list[ActionView]:
    """The meeting's actions, each described only to those meetings/access.py lets read it
    (one query, the agenda's visibility being already known)."""
    actions = list(meeting.actions.select_related("agency", "item__case"))
    minutes = {v.item.pk: v.minutes for v in agenda}
    shown = access.action_visibility(user, meeting, actions, minutes)
    return [ActionView(a, shown[a.pk]) for a in actions]


def my_open_actions(user: User) -> list[ActionItem]:
    """For the home panel, which says only for whom, by when and on which case (the
    description is read on the meeting page, as meetings/access.py allows)."""
    agencies = [a.pk for a in case_access.case_agencies(user)]
    return list(
        ActionItem.objects.filter(agency_id__in=agencies, status=ActionItem.Status.OPEN)
        .select_related("meeting", "agency", "item__case")
        .order_by("due_on")[:20]
    )
