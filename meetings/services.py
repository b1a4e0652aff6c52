"""Every write about meetings. Decisions that change a case are applied through
cases/services, naming the meeting, so the case's history says where it was decided."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies import access as agency_access
from agencies.models import Agency, User
from cases import access as case_access
from cases import services as case_services
from cases.models import Case, Closure, SupportPlan
from core.dates import not_in_future
from core.history import choice_label, save_with_history, with_detail
from meetings import access
from meetings.models import ActionItem, AgendaItem, Decision, Guest, Meeting, Participant

NOT_COVERED = _(
    "The person's consent does not cover every attending agency. Not covered: %(agencies)s. "
    "Record consent for them, or discuss the case at a 支援会議."
)
GUEST_NOT_COVERABLE = _(
    "A 重層的支援会議 shares case material on the person's consent, which names agencies: "
    "%(guests)s attend for no agency, so no consent covers them. Discuss the case at a "
    "支援会議, where the confidentiality pledge is the basis."
)
GUEST_NEEDS_PLEDGE = _(
    "At a 支援会議 a guest attends only after signing the confidentiality pledge: confirm the "
    "signed paper first."
)
NO_SIGNED_ON = _("Give the date the guest signed the pledge.")
NO_CASES_HERE = _(
    "A 包括的支援推進会議 evaluates the programme with aggregated figures: no case may be on "
    "its agenda."
)
CASE_OR_TOPIC = _("Choose a case or write a topic.")
ALREADY_ON_AGENDA = _("This case is already on the agenda.")
NOT_A_MEMBER = _("This person does not belong to that agency.")
ALREADY_INVITED = _("This person is already invited.")
NOT_PUBLISHABLE = _("Only a planned meeting's agenda can be published.")
NOT_HELD_YET = _("Decisions are recorded once the meeting has been held.")
NOT_HELD = _("Only a held meeting's minutes can be approved.")
NOT_PUBLISHED_YET = _("Publish the agenda before the meeting is held.")
ITEM_OF_ANOTHER_MEETING = _("This agenda item belongs to another meeting.")
FINISHED = _("The minutes are approved; the meeting can no longer change.")
ONLY_SUPPORT_PLEDGE = _("Only a 支援会議 asks for the confidentiality pledge.")
PLEDGE_SELF = _("Each participant records their own pledge.")
NEEDS_CASE = _("This decision is about a case; the agenda item has none.")
NEEDS_AGENCY = _("Choose the agency this decision concerns.")
NO_PLAN = _("The case has no support plan in effect to approve.")
ONLY_ASSIGNEE = _("Only the assigned agency or the meeting's organisers may update this action.")
SUPPORT_ORGANISER = _(
    "Only coordinators of a hub agency (多機関協働) organise a 支援会議 (art. 106-6)."
)
GRANT_DAYS_TOO_MANY = _("The reading after a 支援会議 lasts at most %(days)s days.")
STARTS_TOO_FAR = _("A meeting is planned within %(days)s days of today.")
PARTICIPANT_NOT_STAFF = _(
    "Only staff take part in meetings: a partner system's account cannot attend or pledge."
)
CONFERENCE_NOTES_ONLY = _(
    "A case conference records notes only. Decisions about the lead, the team, the plan or "
    "closure are taken at a 支援会議 or 重層的支援会議."
)


def _not_finished(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.APPROVED:
        raise ValidationError(FINISHED)


# --- what may be done next ----------------------------------------------------------------
#
# The one answer to "which of this meeting's actions would the services accept from this
# user now": pages offer a button only if its name is in allowed_actions(), and
# tests/meetings/test_allowed_actions.py holds it to what each service below accepts.

PUBLISH = "publish"  # meeting_publish
HOLD = "hold"  # meeting_hold
APPROVE = "approve"  # minutes_approve
INVITE = "invite"  # participant_add
ATTENDANCE = "attendance"  # attendance_set
PLEDGE = "pledge"  # pledge_record (offered while the pledge is missing)
ADD_TOPIC = "add_topic"  # agenda_add with a topic
ADD_CASE = "add_case"  # agenda_add with a case (which case: cases/access decides)
MOVE_ITEM = "move_item"  # agenda_move
EDIT_MINUTES = "edit_minutes"  # agenda_update (of an item whose minutes the user reads)
DECIDE = "decide"  # decision_record (which kinds: decision_kinds)
ADD_ACTION = "add_action"  # action_add

ACTIONS = frozenset(
    {
        PUBLISH,
        HOLD,
        APPROVE,
        INVITE,
        ATTENDANCE,
        PLEDGE,
        ADD_TOPIC,
        ADD_CASE,
        MOVE_ITEM,
        EDIT_MINUTES,
        DECIDE,
        ADD_ACTION,
    }
)

_NEXT_STATUS_ACTION = {
    Meeting.Status.PLANNED: PUBLISH,
    Meeting.Status.PUBLISHED: HOLD,
    Meeting.Status.HELD: APPROVE,
}


def allowed_actions(user: User, meeting: Meeting) -> frozenset[str]:
    """The actions the services would accept from `user` on `meeting` in its status, by
    the same checks they make (who runs it, status, kind). No query beyond the user's
    memberships (cached) and the meeting's participants (none when prefetched)."""
    allowed: set[str] = set()
    if meeting.is_support_meeting and user.kind == user.Kind.STAFF:
        me = access.participant(user, meeting)
        if me is not None and me.pledged_at is None:
            allowed.add(PLEDGE)
    if not access.can_run(user, meeting):
        return frozenset(allowed)
    if meeting.status in _NEXT_STATUS_ACTION:
        allowed.add(_NEXT_STATUS_ACTION[Meeting.Status(meeting.status)])
    if meeting.status != Meeting.Status.APPROVED:
        allowed |= {INVITE, ATTENDANCE, ADD_TOPIC, MOVE_ITEM, EDIT_MINUTES, ADD_ACTION}
        if meeting.allows_cases:
            allowed.add(ADD_CASE)
    if meeting.status == Meeting.Status.HELD:
        allowed.add(DECIDE)
    return frozenset(allowed)


def decision_kinds(meeting: Meeting, item: AgendaItem) -> list[str]:
    """The kinds of decision decision_record accepts on `item`: a note anywhere; a decision
    about the case only on a case item, and not at a case conference."""
    if item.case_id is None or meeting.kind == Meeting.Kind.CONFERENCE:
        return [Decision.Kind.NOTE]
    return list(Decision.Kind.values)


def meeting_create(
    *,
    actor: User,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    organiser: Agency | None = None,
    place: str = "",
    chair: User | None = None,
    grant_days_after: int | None = None,
) -> Meeting:
    organiser = agency_access.choose_agency(
        organiser,
        access.organising_agencies(actor),
        field="organiser",
        none_allowed=access.NOT_RUNNER,
        not_yours=access.NOT_RUNNER,
    )
    if kind == Meeting.Kind.SUPPORT and not access.may_organise_support_meeting(actor, organiser):
        raise PermissionDenied(SUPPORT_ORGANISER)
    _check_bounds(starts_at, grant_days_after)
    if grant_days_after is None:
        grant_days_after = settings.MEETING_GRANT_DAYS_DEFAULT
    with transaction.atomic():
        meeting = save_with_history(
            Meeting(
                kind=kind,
                title=title,
                starts_at=starts_at,
                organiser=organiser,
                place=place,
                chair=chair or actor,
                grant_days_after=grant_days_after,
            ),
            actor,
            gettext_noop("meeting planned"),
        )
        participant_add(actor=actor, meeting=meeting, user=actor, agency=organiser)
    return meeting


def _check_bounds(starts_at: dt.datetime | None, grant_days_after: int | None) -> None:
    """Art. 106-6 reading is bounded: a meeting within a year of today, a window after it
    of at most MEETING_GRANT_DAYS_MAX days."""
    errors = {}
    limit = settings.MEETING_GRANT_DAYS_MAX
    if grant_days_after is not None and not 0 <= grant_days_after <= limit:
        errors["grant_days_after"] = GRANT_DAYS_TOO_MANY % {"days": limit}
    ahead = settings.MEETING_PLAN_AHEAD_DAYS
    if starts_at is not None and abs(starts_at - timezone.now()) > dt.timedelta(days=ahead):
        errors["starts_at"] = STARTS_TOO_FAR % {"days": ahead}
    if errors:
        raise ValidationError(errors)


def authority(actor: User, meeting: Meeting) -> case_access.MeetingAuthority:
    """The facts of the meeting that cases/access weighs before a decision is applied."""
    return case_access.MeetingAuthority(
        label=meeting.label,
        decides=meeting.kind in (Meeting.Kind.SUPPORT, Meeting.Kind.MULTI_LAYERED),
        organiser=meeting.organiser,
        runner=access.can_run(actor, meeting),
        attending_agency_ids=frozenset(a.pk for a in _present_agencies(meeting)),
    )


def _present_agencies(meeting: Meeting) -> list[Agency]:
    return list(
        Agency.objects.filter(pk__in=meeting.participants.filter(attended=True).values("agency_id"))
    )


def _agenda_cases(meeting: Meeting) -> list[Case]:
    return [i.case for i in meeting.items.select_related("case") if i.case is not None]


def _check_consent(meeting: Meeting, cases: Iterable[Case], agencies: Iterable[Agency]) -> None:
    """Rule 4: at a 重層的支援会議 every attending agency must be covered by consent."""
    if not meeting.needs_consent:
        return
    agencies = list(agencies)
    uncovered: dict[int, Agency] = {}
    for case in cases:
        for agency in case_access.agencies_not_covered(case, agencies):
            uncovered[agency.pk] = agency
    if uncovered:
        names = "、".join(a.name for a in uncovered.values())
        raise ValidationError(NOT_COVERED % {"agencies": names}, code="not_covered")


def _attending_agencies(meeting: Meeting) -> list[Agency]:
    """Agencies of participants and of guests not marked absent."""
    return list(
        Agency.objects.filter(
            Q(pk__in=meeting.participants.exclude(attended=False).values("agency_id"))
            | Q(pk__in=meeting.guests.exclude(attended=False).values("agency_id"))
        )
    )


def _check_guests(meeting: Meeting, cases: Iterable[Case], guests: Iterable[Guest]) -> None:
    """Rule 4 for guests: at a 重層的支援会議 with a case on the agenda, a guest attending
    for no agency cannot be covered by consent (their agency's coverage is `_check_consent`)."""
    if not meeting.needs_consent or not list(cases):
        return
    loose = [g for g in guests if g.agency_id is None]
    if loose:
        names = "、".join(f"{g.name}（{g.organisation}）" for g in loose)
        raise ValidationError(GUEST_NOT_COVERABLE % {"guests": names}, code="not_covered")


def _attending_guests(meeting: Meeting) -> list[Guest]:
    return list(meeting.guests.exclude(attended=False))


def participant_add(*, actor: User, meeting: Meeting, user: User, agency: Agency) -> Participant:
    """Invite a person for an agency. At a 重層的支援会議 the agency must be covered by
    consent for every case already on the agenda."""
    access.require_run(actor, meeting)
    _not_finished(meeting)
    if user.kind != user.Kind.STAFF:
        raise ValidationError({"user": PARTICIPANT_NOT_STAFF})
    if not user.memberships.filter(agency=agency, is_active=True).exists():
        raise ValidationError({"user": NOT_A_MEMBER})
    if meeting.participants.filter(user=user).exists():
        raise ValidationError({"user": ALREADY_INVITED})
    _check_consent(meeting, _agenda_cases(meeting), [agency])
    return save_with_history(
        Participant(meeting=meeting, user=user, agency=agency), actor, gettext_noop("invited")
    )


def pledge_record(*, actor: User, meeting: Meeting) -> Participant:
    """The participant confirms the confidentiality duty (守秘義務) of a 支援会議. If the
    agenda is already published, their agency's 106-6 grants start now."""
    if not meeting.is_support_meeting:
        raise ValidationError(ONLY_SUPPORT_PLEDGE)
    participant = meeting.participants.filter(user=actor).first()
    if participant is None:
        raise PermissionDenied(PLEDGE_SELF)
    if actor.kind != actor.Kind.STAFF:
        raise PermissionDenied(PARTICIPANT_NOT_STAFF)
    with transaction.atomic():
        if participant.pledged_at is None:
            participant.pledged_at = timezone.now()
            save_with_history(participant, actor, gettext_noop("confidentiality pledged"))
        if meeting.status != Meeting.Status.PLANNED:
            _grant(meeting, participant, _agenda_cases(meeting), actor)
    return participant


def attendance_set(*, actor: User, participant: Participant, attended: bool) -> Participant:
    access.require_run(actor, participant.meeting)
    _not_finished(participant.meeting)
    if attended:
        _check_consent(
            participant.meeting, _agenda_cases(participant.meeting), [participant.agency]
        )
    participant.attended = attended
    return save_with_history(participant, actor, gettext_noop("attendance recorded"))


def guest_add(
    *,
    actor: User,
    meeting: Meeting,
    name: str,
    organisation: str,
    role: str = "",
    agency: Agency | None = None,
) -> Guest:
    """Record an attendee who is not a system user. They never get access: a guest is a
    line on the meeting's paper, not an account. At a 重層的支援会議 the consent check counts
    them (their agency must be covered; without one they cannot be)."""
    access.require_run(actor, meeting)
    _not_finished(meeting)
    guest = Guest(meeting=meeting, name=name, organisation=organisation, role=role, agency=agency)
    cases = _agenda_cases(meeting)
    _check_guests(meeting, cases, [guest])
    if agency is not None:
        _check_consent(meeting, cases, [agency])
    return save_with_history(guest, actor, gettext_noop("guest recorded"))


def guest_pledge_confirm(*, actor: User, guest: Guest, signed_on: dt.date | None) -> Guest:
    """The coordinator confirms the pledge the guest signed on paper (a 支援会議 only)."""
    meeting = guest.meeting
    access.require_run(actor, meeting)
    if not meeting.is_support_meeting:
        raise ValidationError(ONLY_SUPPORT_PLEDGE)
    if signed_on is None:
        raise ValidationError({"signed_on": NO_SIGNED_ON})
    not_in_future("signed_on", signed_on)
    guest.pledge_signed_on = signed_on
    guest.pledge_confirmed_by = actor
    return save_with_history(guest, actor, gettext_noop("paper pledge confirmed"))


def guest_attendance_set(*, actor: User, guest: Guest, attended: bool) -> Guest:
    meeting = guest.meeting
    access.require_run(actor, meeting)
    _not_finished(meeting)
    if attended:
        if meeting.is_support_meeting and guest.pledge_signed_on is None:
            raise ValidationError(GUEST_NEEDS_PLEDGE)
        cases = _agenda_cases(meeting)
        _check_guests(meeting, cases, [guest])
        if guest.agency is not None:
            _check_consent(meeting, cases, [guest.agency])
    guest.attended = attended
    return save_with_history(guest, actor, gettext_noop("attendance recorded"))


def _grant_end(meeting: Meeting) -> dt.datetime:
    days = min(meeting.grant_days_after, settings.MEETING_GRANT_DAYS_MAX)
    return meeting.starts_at + dt.timedelta(days=days)


def _grant(
    meeting: Meeting, participant: Participant, cases: Iterable[Case], actor: User | None
) -> None:
    """106-6 grants for one pledged participant (never their whole agency) over the
    agenda's cases (idempotent)."""
    if not meeting.is_support_meeting or _grant_end(meeting) <= timezone.now():
        return  # no 106-6 reading left to grant: the window after the meeting has passed
    if participant.pledged_at is None or participant.user.kind != participant.user.Kind.STAFF:
        return
    if not any(
        m.agency_id == participant.agency_id for m in case_access.case_memberships(participant.user)
    ):
        return  # no case role there (an agency administrator): the pledge reads nothing
    source = f"meeting:{meeting.pk}"
    for case in cases:
        if case.access_grants.filter(
            user=participant.user, source__startswith=f"{source} "
        ).exists():
            continue
        case_services.grant_meeting_access(
            case=case,
            user=participant.user,
            agency=participant.agency,
            source=f"{source} {meeting.label}",
            starts_at=timezone.now(),
            ends_at=_grant_end(meeting),
            meeting_starts_at=meeting.starts_at,
            granted_by=actor,
        )


def _pledged(meeting: Meeting) -> list[Participant]:
    return list(
        meeting.participants.filter(pledged_at__isnull=False).select_related("user", "agency")
    )


def agenda_add(
    *,
    actor: User,
    meeting: Meeting,
    purpose: str,
    case: Case | None = None,
    topic: str = "",
) -> AgendaItem:
    """Add a case or a topic at the end of the agenda."""
    access.require_run(actor, meeting)
    _not_finished(meeting)
    if case is None and not topic.strip():
        raise ValidationError({"topic": CASE_OR_TOPIC})
    if case is not None:
        if not meeting.allows_cases:
            raise ValidationError({"case": NO_CASES_HERE})
        reading = case_access.case_decision(actor, case)
        if reading.level != case_access.Level.FULL:
            raise ValidationError({"case": case_access.NOT_FOUND})
        if reading.summary_only:
            # A 106-6 reader cannot carry the case to another meeting: that widens access.
            raise ValidationError(
                {"case": case_access.GRANT_READ_ONLY % {"lead": case_access.lead_agency(case).name}}
            )
        if meeting.items.filter(case=case).exists():
            raise ValidationError({"case": ALREADY_ON_AGENDA})
        _check_consent(meeting, [case], _attending_agencies(meeting))
        _check_guests(meeting, [case], _attending_guests(meeting))
    with transaction.atomic():
        position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = save_with_history(
            AgendaItem(meeting=meeting, case=case, topic=topic, purpose=purpose, position=position),
            actor,
            gettext_noop("added to the agenda"),
        )
        if case is not None and meeting.status != Meeting.Status.PLANNED:
            for participant in _pledged(meeting):
                _grant(meeting, participant, [case], actor)
    return item


def agenda_move(*, actor: User, item: AgendaItem, up: bool) -> None:
    """Swap an item with its neighbour."""
    access.require_run(actor, item.meeting)
    _not_finished(item.meeting)
    with transaction.atomic():
        items = list(item.meeting.items.select_for_update().order_by("position", "pk"))
        index = next(i for i, it in enumerate(items) if it.pk == item.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(items):
            return
        items[index], items[other] = items[other], items[index]
        for position, it in enumerate(items, start=1):
            if it.position != position:
                it.position = position
                save_with_history(it, actor, gettext_noop("agenda reordered"))


def agenda_update(
    *, actor: User, item: AgendaItem, purpose: str, minutes: str, expected_version: int | None
) -> AgendaItem:
    from core.concurrency import lock_current

    access.require_run(actor, item.meeting)
    _not_finished(item.meeting)
    with transaction.atomic():
        current = lock_current(item, expected_version=expected_version)
        current.purpose = purpose
        current.minutes = minutes
        return save_with_history(current, actor, gettext_noop("minutes recorded"))


def meeting_publish(*, actor: User, meeting: Meeting) -> Meeting:
    """Publish the agenda. At a 支援会議 this creates the 106-6 grants for the agencies
    whose attendees have pledged, over the agenda's cases, until N days after the meeting."""
    access.require_run(actor, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(NOT_PUBLISHABLE)
        _check_consent(meeting, _agenda_cases(meeting), _attending_agencies(meeting))
        _check_guests(meeting, _agenda_cases(meeting), _attending_guests(meeting))
        meeting.status = Meeting.Status.PUBLISHED
        meeting.published_at = timezone.now()
        meeting.version += 1
        save_with_history(meeting, actor, gettext_noop("agenda published"))
        cases = _agenda_cases(meeting)
        for participant in _pledged(meeting):
            _grant(meeting, participant, cases, actor)
    return meeting


def meeting_hold(*, actor: User, meeting: Meeting) -> Meeting:
    access.require_run(actor, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.PUBLISHED:
            raise ValidationError(NOT_PUBLISHED_YET)
        meeting.status = Meeting.Status.HELD
        meeting.version += 1
        return save_with_history(meeting, actor, gettext_noop("meeting held"))


def minutes_approve(*, actor: User, meeting: Meeting) -> Meeting:
    access.require_run(actor, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.HELD:
            raise ValidationError(NOT_HELD)
        meeting.status = Meeting.Status.APPROVED
        meeting.minutes_approved_at = timezone.now()
        meeting.version += 1
        return save_with_history(meeting, actor, gettext_noop("minutes approved"))


def decision_record(
    *,
    actor: User,
    item: AgendaItem,
    kind: str,
    text: str,
    agency: Agency | None = None,
    closure_reason: str = Closure.Reason.GOALS_MET,
) -> Decision:
    """Record a decision and apply it to the case through the cases services."""
    meeting = Meeting.objects.get(pk=item.meeting_id)  # its current status, not a stale copy
    access.require_run(actor, meeting)
    _not_finished(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(NOT_HELD_YET)
    case = item.case
    if kind != Decision.Kind.NOTE and case is None:
        raise ValidationError({"kind": NEEDS_CASE})
    if kind in (Decision.Kind.LEAD, Decision.Kind.ROLE) and agency is None:
        raise ValidationError({"agency": NEEDS_AGENCY})
    if kind != Decision.Kind.NOTE and meeting.kind == Meeting.Kind.CONFERENCE:
        raise ValidationError({"kind": CONFERENCE_NOTES_ONLY})
    where = authority(actor, meeting)
    with transaction.atomic():
        decision = save_with_history(
            Decision(item=item, kind=kind, text=text, agency=agency, decided_by=actor),
            actor,
            gettext_noop("decision recorded"),
        )
        if kind == Decision.Kind.NOTE:
            return decision
        assert case is not None  # NEEDS_CASE above
        if kind == Decision.Kind.LEAD:
            assert agency is not None  # NEEDS_AGENCY above
            case_services.lead_change(
                actor=actor, case=case, agency=agency, reason=text, meeting=where
            )
        elif kind == Decision.Kind.ROLE:
            assert agency is not None  # NEEDS_AGENCY above
            if case.team.filter(agency=agency, left_on__isnull=True).exists():
                # Already on the team: the decision itself records the role, but only a
                # meeting that may decide on the case records it.
                case_access.require_share(actor, case, meeting=where)
            else:
                case_services.team_add(
                    actor=actor, case=case, agency=agency, role=text[:100], meeting=where
                )
        elif kind == Decision.Kind.PLAN:
            plan = case.plans.filter(status=SupportPlan.Status.ACTIVE).first()
            if plan is None:
                raise ValidationError({"kind": NO_PLAN})
            case_services.plan_approve(actor=actor, plan=plan, meeting=where)
        elif kind == Decision.Kind.CLOSURE:
            case_services.closure_propose(
                actor=actor, case=case, reason=closure_reason, evaluation=text, meeting=where
            )
    return decision


def action_add(
    *,
    actor: User,
    meeting: Meeting,
    description: str,
    agency: Agency,
    due_on: dt.date,
    item: AgendaItem | None = None,
) -> ActionItem:
    access.require_run(actor, meeting)
    _not_finished(meeting)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": ITEM_OF_ANOTHER_MEETING})
    return save_with_history(
        ActionItem(
            meeting=meeting, item=item, description=description, agency=agency, due_on=due_on
        ),
        actor,
        gettext_noop("action assigned"),
    )


def action_set_status(*, actor: User, action: ActionItem, status: str) -> ActionItem:
    mine = {a.pk for a in case_access.case_agencies(actor)}
    if action.agency_id not in mine and not access.can_run(actor, action.meeting):
        raise PermissionDenied(ONLY_ASSIGNEE)
    action.status = status
    action.version += 1
    return save_with_history(
        action, actor, with_detail(gettext_noop("action"), choice_label(action, "status"))
    )
