"""Reads for the meetings API, scoped to the caller by meetings/access.py, with what the
output serializers read fetched up front, so a page costs the same queries whatever its size.

`case_material` is the page-sized twin of meetings.access.may_see_case_material and
may_read_minutes: one query for a whole agenda instead of one case_decision per item. It
asks cases/access.py for the basis on which the caller reads each case (the basis
case_decision would give) and then applies the meetings rules exactly as meetings/access.py
words them; tests/meetings/test_api.py checks the two agree for every persona."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.db.models import prefetch_related_objects as _prefetch
from django.http import Http404

from agencies.models import User
from cases import access as case_access
from cases.models import AccessLog, Case
from cases.models.access import Basis
from meetings import access
from meetings.models import ActionItem, AgendaItem, Meeting, Participant

# --- meetings ---------------------------------------------------------------------------


def meeting_list(user: User) -> QuerySet[Meeting]:
    """Page (with organiser and chair), the caller's own participation: two queries."""
    mine = Participant.objects.filter(user=user)
    return (
        access.visible_meetings(user)
        .select_related("organiser", "chair")
        .prefetch_related(Prefetch("participants", queryset=mine, to_attr="my_participants"))
    )


def _participants() -> Prefetch:
    return Prefetch("participants", queryset=Participant.objects.select_related("agency", "user"))


def with_participants(meeting: Meeting) -> Meeting:
    """Every participant with agency and person: one query, which also answers
    access.participant / has_pledged for the caller."""
    _prefetch([meeting], _participants())
    return meeting


def participant_list(meeting: Meeting) -> QuerySet[Participant]:
    return meeting.participants.select_related("agency", "user")


def agenda(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items in order, with their case and household: one query."""
    return meeting.items.select_related("case__household")


def action_list(meeting: Meeting) -> QuerySet[ActionItem]:
    return meeting.actions.select_related("agency", "item__case__household")


# --- single records, or the 404 of a missing one ----------------------------------------


def item_for(user: User, pk: int) -> AgendaItem:
    item = (
        AgendaItem.objects.filter(pk=pk, meeting__in=access.visible_meetings(user))
        .select_related("meeting__organiser", "meeting__chair", "case__household")
        .first()
    )
    if item is None:
        raise Http404(access.NOT_FOUND)
    with_participants(item.meeting)
    return item


def participant_for(user: User, pk: int) -> Participant:
    participant = (
        Participant.objects.filter(pk=pk, meeting__in=access.visible_meetings(user))
        .select_related("meeting", "agency", "user")
        .first()
    )
    if participant is None:
        raise Http404(access.NOT_FOUND)
    return participant


def action_for(user: User, pk: int) -> ActionItem:
    """An action of a meeting the caller sees, or one assigned to the caller's agency (the
    assignee reports on it even if nobody from it attended)."""
    agencies = [a.pk for a in case_access.case_agencies(user)]
    action = (
        ActionItem.objects.filter(
            Q(meeting__in=access.visible_meetings(user)) | Q(agency_id__in=agencies), pk=pk
        )
        .select_related("meeting", "agency", "item__case__household")
        .first()
    )
    if action is None:
        raise Http404(access.NOT_FOUND)
    with_participants(action.meeting)
    return action


# --- what of the agenda the caller may see ----------------------------------------------


@dataclass(frozen=True)
class CaseMaterial:
    """Which of `items` show their case summary (`summaries`) and their minutes
    (`minutes`) to the caller, by item id. Items without a case show everything."""

    items: tuple[AgendaItem, ...] = ()
    summaries: frozenset[int] = frozenset()
    minutes: frozenset[int] = frozenset()

    def shows_summary(self, item: AgendaItem) -> bool:
        return item.case_id is None or item.pk in self.summaries

    def shows_minutes(self, item: AgendaItem) -> bool:
        return item.case_id is None or item.pk in self.minutes

    def cases_shown(self, *, minutes: bool = False) -> list[Case]:
        """The cases whose summary (or, with `minutes`, whose minutes) the caller sees."""
        shown = self.minutes if minutes else self.summaries
        return list({i.case_id: i.case for i in self.items if i.pk in shown}.values())


def _reading_bases(user: User, case_ids: Iterable[int]) -> dict[int, str]:
    """{case id: the basis on which the user reads it in full} (absent: not in full).

    The best basis among the user's current view rows is the basis of case_decision (only
    owner rows carry change, and they carry view too). cases/access.py has no public
    helper for a page of cases, so this borrows the one log_list_reads uses."""
    ids = list(case_ids)
    if not ids:
        return {}
    return case_access.case_bases(user, ids)


def case_material(user: User, meeting: Meeting, items: Iterable[AgendaItem]) -> CaseMaterial:
    """meetings.access.may_see_case_material / may_read_minutes for a page of `meeting`'s
    items: one query for the reading bases, one for the caller's participation (none if
    the meeting's participants are prefetched)."""
    items = tuple(i for i in items if i.case_id is not None)
    if not items:
        return CaseMaterial()
    bases = _reading_bases(user, {i.case_id for i in items})
    support = meeting.is_support_meeting
    pledged = support and access.has_pledged(user, meeting)

    def summary(item: AgendaItem) -> bool:
        basis = bases.get(item.case_id)
        if basis is None:
            return False
        return pledged if support and basis == Basis.MEETING else True

    def minutes(item: AgendaItem) -> bool:
        if not support or pledged:
            return summary(item)
        return bases.get(item.case_id) == Basis.OWNER

    return CaseMaterial(
        items=items,
        summaries=frozenset(i.pk for i in items if summary(i)),
        minutes=frozenset(i.pk for i in items if minutes(i)),
    )


def item_material(user: User, item: AgendaItem | None) -> CaseMaterial:
    """The same for one item, asking meetings/access.py itself."""
    if item is None or item.case_id is None:
        return CaseMaterial()
    mine = frozenset({item.pk})
    return CaseMaterial(
        items=(item,),
        summaries=mine if access.may_see_case_material(user, item) else frozenset(),
        minutes=mine if access.may_read_minutes(user, item) else frozenset(),
    )


def log_case_reads(request, cases: list[Case], *, action: str) -> None:
    """Rule 7: every case whose summary or minutes a response shows, logged on the API
    channel with the basis on which it was shown (two queries, whatever the count)."""
    case_access.log_list_reads(
        request.user, cases, channel=AccessLog.Channel.API, request=request, action=action
    )
