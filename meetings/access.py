"""Who may see and run a meeting. Everything about a case on the agenda is decided by
cases/access.py (consent, art. 106-6 grants, owner); this module only adds the meeting's
own facts: who organises it, who attends, who has pledged confidentiality.

- A meeting is run by the coordinators and supervisors of its organising agency.
- Its participants, and the staff of the organising agency, see the meeting itself
  (date, place, participants, topics).
- Case material on the agenda (the case summary, the minutes of a case item) is shown to
  a person only if cases/access.py lets them read the case; at a 支援会議 a participant must
  also have recorded the confidentiality pledge (their 106-6 grant starts with it).
- Minutes of a 支援会議 case item carry that legal basis: its members (pledged) and the
  case's owning agency read them, not team agencies that read the case by consent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agencies.models import Membership, User
from cases import access as case_access
from cases.models import Case
from meetings.models import ActionItem, AgendaItem, Meeting, Participant

RUNNERS = (Membership.Role.COORDINATOR, Membership.Role.SUPERVISOR)

NOT_RUNNER = _("Only coordinators and supervisors of the organising agency may run this meeting.")
PLEDGE_FIRST = _(
    "Record your confidentiality pledge (守秘義務の確認) for this 支援会議 before case material "
    "is shown to you."
)
MINUTES_WITHHELD = _(
    "The minutes and decisions of a 支援会議 about a case are read only by its members who "
    "recorded the confidentiality pledge and by the case's intake or lead agency."
)
CASE_WITHHELD = _(
    "This case is shown only to those who may read it now: its intake and lead agencies, the "
    "agencies the person's consent covers, and pledged 支援会議 members during the reading "
    "period."
)
ACTION_WITHHELD = _(
    "An action that is not about an agenda item is described only to those who run the "
    "meeting and to the staff of the agency it is assigned to."
)
NOT_FOUND = case_access.NOT_FOUND


def can_run(user: User, meeting: Meeting) -> bool:
    return any(
        m.agency_id == meeting.organiser_id and m.role in RUNNERS
        for m in case_access.case_memberships(user)
    )


def may_organise_support_meeting(user: User, organiser) -> bool:
    """A 支援会議 is organised by a coordinator of a hub agency (or one a setting names)."""
    return case_access.organises_support_meetings(organiser) and any(
        m.agency_id == organiser.pk and m.role == Membership.Role.COORDINATOR
        for m in case_access.case_memberships(user)
    )


def require_run(user: User, meeting: Meeting) -> None:
    if not can_run(user, meeting):
        raise PermissionDenied(NOT_RUNNER)


def organising_agencies(user: User) -> list:
    return [m.agency for m in case_access.case_memberships(user) if m.role in RUNNERS]


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """Meetings the user organises (by agency) or is invited to."""
    agencies = [a.pk for a in case_access.case_agencies(user)]
    return Meeting.objects.filter(
        Q(organiser_id__in=agencies) | Q(participants__user=user)
    ).distinct()


def participant(user: User, meeting: Meeting) -> Participant | None:
    return next((p for p in meeting.participants.all() if p.user_id == user.pk), None)


def meeting_for(user: User, pk: int) -> Meeting:
    """The meeting, or the same 404 as a missing one for those not in it."""
    meeting = visible_meetings(user).select_related("organiser", "chair").filter(pk=pk).first()
    if meeting is None:
        raise Http404(NOT_FOUND)
    return meeting


def has_pledged(user: User, meeting: Meeting) -> bool:
    p = participant(user, meeting)
    return p is not None and p.pledged_at is not None


def may_see_case_material(user: User, item: AgendaItem) -> bool:
    """The case summary of an agenda item: cases/access.py decides, and at a 支援会議 the
    person must have pledged (the organiser's own staff who own the case excepted)."""
    case = item.case
    if case is None:
        return True
    decision = case_access.case_decision(user, case)
    if decision.level != case_access.Level.FULL:
        return False
    if item.meeting.is_support_meeting and decision.basis == case_access.Basis.MEETING:
        return has_pledged(user, item.meeting)
    return True


def may_read_minutes(user: User, item: AgendaItem) -> bool:
    """Minutes of a 支援会議 case item: pledged members and the case's owning agency only."""
    case = item.case
    if case is None or not item.meeting.is_support_meeting:
        return may_see_case_material(user, item)
    if has_pledged(user, item.meeting):
        return may_see_case_material(user, item)
    decision = case_access.case_decision(user, case)
    return decision.level == case_access.Level.FULL and decision.basis == case_access.Basis.OWNER


def minutes_readable_items(user: User, case: Case, decision: case_access.Decision) -> set[int]:
    """may_read_minutes for every agenda item of one case the user reads in full (the case's
    history: `decision` is theirs on it), in two queries: the items of a 支援会議 only for
    its pledged members and the case's owning agency, the others for every reader."""
    if not decision.can_view or decision.summary_only:
        return set()
    items = list(
        AgendaItem.objects.filter(case=case).values_list("pk", "meeting_id", "meeting__kind")
    )
    pledged = set(
        Participant.objects.filter(
            user_id=user.pk, pledged_at__isnull=False, meeting__items__case=case
        ).values_list("meeting_id", flat=True)
    )
    owner = decision.basis == case_access.Basis.OWNER
    return {
        pk
        for pk, meeting_id, kind in items
        if kind != Meeting.Kind.SUPPORT or owner or meeting_id in pledged
    }


def agenda_visibility(user: User, meeting: Meeting, items) -> dict[int, tuple[bool, bool]]:
    """For each agenda item: (may see the case material, may read the minutes), by the
    same rules as above, in two queries whatever the length of the agenda."""
    bases = case_access.case_bases(user, [i.case_id for i in items if i.case_id])
    pledged = has_pledged(user, meeting)
    result = {}
    for item in items:
        if item.case_id is None:
            result[item.pk] = (True, True)
            continue
        basis = bases.get(item.case_id)
        material = basis is not None and (
            not meeting.is_support_meeting or basis != case_access.Basis.MEETING or pledged
        )
        if meeting.is_support_meeting and not pledged:
            minutes = material and basis == case_access.Basis.OWNER
        else:
            minutes = material
        result[item.pk] = (material, minutes)
    return result


# --- decisions and action items ---------------------------------------------------------
#
# A decision belongs to an agenda item and is shown as that item's minutes are. So is the
# description of an action on an agenda item. An action on the meeting as a whole may name
# anyone, so its description is shown only to those who run the meeting and to the staff
# of the agency it is assigned to; everyone else sees that an action exists, for whom and
# by when, and not what it is.


def may_read_action(user: User, action: ActionItem) -> bool:
    if action.item is not None:
        return may_read_minutes(user, action.item)
    mine = {a.pk for a in case_access.case_agencies(user)}
    return action.agency_id in mine or can_run(user, action.meeting)


def action_visibility(
    user: User, meeting: Meeting, actions: Iterable[ActionItem], minutes: Mapping[int, bool]
) -> dict[int, bool]:
    """may_read_action for a page of `meeting`'s actions, given `minutes` ({agenda item id:
    may read its minutes}, as agenda_visibility answers it). No query of its own."""
    mine = {a.pk for a in case_access.case_agencies(user)}
    runner = can_run(user, meeting)
    return {
        a.pk: minutes.get(a.item_id, False)
        if a.item_id is not None
        else (runner or a.agency_id in mine)
        for a in actions
    }


def pledge_missing(user: User, meeting: Meeting) -> bool:
    """A participant of a 支援会議 who has not pledged yet (what withholds from them is
    the missing pledge, and they can do something about it)."""
    if not meeting.is_support_meeting:
        return False
    p = participant(user, meeting)
    return p is not None and p.pledged_at is None


def withheld_reason(*, case_shown: bool, minutes_shown: bool, pledge_missing: bool) -> str | None:
    """Why an agenda item's case or minutes (or an action on it) are withheld; None when
    nothing is."""
    if case_shown and minutes_shown:
        return None
    if pledge_missing:
        return str(PLEDGE_FIRST)
    return str(MINUTES_WITHHELD if case_shown else CASE_WITHHELD)


def require_minutes(user: User, item: AgendaItem) -> None:
    """The refusal, for the pages and the API alike, of one who sees the item but not its
    minutes: a 403 naming what is missing (withheld_reason's words)."""
    if may_read_minutes(user, item):
        return
    reason = withheld_reason(
        case_shown=may_see_case_material(user, item),
        minutes_shown=False,
        pledge_missing=pledge_missing(user, item.meeting),
    )
    raise PermissionDenied(reason)
