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

from django.db.models import Q, QuerySet
from django.http import Http404

from agencies.models import User
from cases import access as case_access
from cases.models import AccessLog, Case
from meetings import access
from meetings.models import ActionItem, AgendaItem, Meeting, Participant
from meetings.selectors import with_participants

# --- meetings ---------------------------------------------------------------------------
#
# The list itself (and with_participants) is meetings/selectors.py's, the same for the
# pages and the API.


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
    pledge_missing: bool = False  # an unpledged participant of a 支援会議

    def withheld_reason(self, item: AgendaItem | None) -> str | None:
        """Why the item's case or minutes are withheld (None: nothing is)."""
        if item is None:
            return None
        return access.withheld_reason(
            case_shown=self.shows_summary(item),
            minutes_shown=self.shows_minutes(item),
            pledge_missing=self.pledge_missing,
        )

    def shows_summary(self, item: AgendaItem) -> bool:
        return item.case_id is None or item.pk in self.summaries

    def shows_minutes(self, item: AgendaItem) -> bool:
        return item.case_id is None or item.pk in self.minutes

    def cases_shown(self, *, minutes: bool = False) -> list[Case]:
        """The cases whose summary (or, with `minutes`, whose minutes) the caller sees."""
        shown = self.minutes if minutes else self.summaries
        return list(
            {i.case_id: i.case for i in self.items if i.pk in shown and i.case is not None}.values()
        )


def case_material(user: User, meeting: Meeting, items: Iterable[AgendaItem]) -> CaseMaterial:
    """meetings.access.agenda_visibility for a page of `meeting`'s items, as a
    CaseMaterial (one query for the reading bases, none for the pledge when the
    meeting's participants are prefetched)."""
    items = tuple(i for i in items if i.case_id is not None)
    if not items:
        return CaseMaterial()
    with_participants(meeting)  # one query, answering both the pledge and who is missing it
    visibility = access.agenda_visibility(user, meeting, items)
    return CaseMaterial(
        items=items,
        summaries=frozenset(pk for pk, (material, _m) in visibility.items() if material),
        minutes=frozenset(pk for pk, (_s, minutes) in visibility.items() if minutes),
        pledge_missing=access.pledge_missing(user, meeting),
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
        pledge_missing=access.pledge_missing(user, item.meeting),
    )


def actions_shown(
    user: User, meeting: Meeting, actions: Iterable[ActionItem], material: CaseMaterial
) -> frozenset[int]:
    """The ids of `actions` whose description the caller may read
    (meetings.access.action_visibility, with the minutes as `material` shows them)."""
    actions = list(actions)
    minutes = {
        item.pk: material.shows_minutes(item) for a in actions if (item := a.item) is not None
    }
    visible = access.action_visibility(user, meeting, actions, minutes)
    return frozenset(pk for pk, shown in visible.items() if shown)


def log_case_reads(request, cases: list[Case], *, action: str) -> None:
    """Rule 7: every case whose summary or minutes a response shows, logged on the API
    channel with the basis on which it was shown (two queries, whatever the count)."""
    case_access.log_list_reads(
        request.user, cases, channel=AccessLog.Channel.API, request=request, action=action
    )
