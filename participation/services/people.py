"""Plans, matchings and follow-ups: participation support for a person in a case.

Recording one requires reading the case (`cases.access.require_view`: a stranger gets the
404 of a missing case, a team agency without consent the 403 naming the missing consent).
Proposing a match and recording a follow-up are open to every agency that may read the
case; moving a matching along and changing a plan's goals are for the agency that supports
the person (participation/access.py)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access as case_access
from cases.models import Case, Person
from cases.services.cases import CASE_CLOSED, PERSON_NOT_IN_HOUSEHOLD
from cases.services.common import acting_agency
from core.concurrency import lock_current
from core.dates import FUTURE_DATE, not_in_future
from core.history import choice_label, save_with_history, with_detail
from participation import access
from participation.models import (
    FollowUp,
    Matching,
    ParticipationPlan,
    SupportMenu,
)
from participation.services.directory import MENU_FULL, MENU_INACTIVE, taken_places

ALREADY_MATCHED = _("This person already has an open matching with this menu.")
BAD_TRANSITION = _("A matching that is “%(current)s” cannot become “%(target)s”. %(hint)s")
HINT_NEXT = _("From here it can become: %(allowed)s.")
HINT_ENDED = _("An ended matching stays ended; propose a new one instead.")
OUTCOME_REQUIRED = _("Choose the outcome.")
REASON_REQUIRED = _("Say why it ended.")
UNKNOWN_OUTCOME = _("Unknown outcome: %(value)s.")
UNKNOWN_STATUS = _("Unknown status: %(value)s.")
BEFORE_PREVIOUS_STEP = _("This date is before the matching's previous step (%(date)s).")
FOLLOW_UP_ENDED = _("This matching has ended. Record further contact as a consultation.")
NEXT_AFTER_DONE = _("The next follow-up must come after this one.")
BEFORE_CASE_OPENED = _("This date is before the case was opened (%(date)s).")
PLAN_EXISTS = _("This person already has a participation plan in this case.")
BEFORE_PROPOSAL = _("This date is before the match was proposed (%(date)s).")

# The lifecycle: where each status may go next.
NEXT: dict[str, tuple[str, ...]] = {
    Matching.Status.PROPOSED: (Matching.Status.TRIAL, Matching.Status.ENDED),
    Matching.Status.TRIAL: (Matching.Status.ACTIVE, Matching.Status.ENDED),
    Matching.Status.ACTIVE: (Matching.Status.ENDED,),
    Matching.Status.ENDED: (),
}

# --- plans -------------------------------------------------------------------------------


def _require_member(case: Case, person: Person) -> None:
    if not person.memberships.filter(
        household_id=case.household_id, ended_on__isnull=True
    ).exists():
        raise ValidationError({"person": PERSON_NOT_IN_HOUSEHOLD})


def _open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(CASE_CLOSED)


def _plan(actor: User, case: Case, person: Person, goals: str, agency: Agency) -> ParticipationPlan:
    plan = ParticipationPlan(case=case, person=person, goals=goals, agency=agency, created_by=actor)
    return save_with_history(plan, actor, gettext_noop("participation plan started"))


def plan_create(
    *, actor: User, case: Case, person: Person, goals: str = "", agency: Agency | None = None
) -> ParticipationPlan:
    """Start a person's participation plan in a case. Any agency that may read the case
    may start one; a person has one plan per case."""
    decision = case_access.require_write(actor, case, person=person)
    _open(case)
    _require_member(case, person)
    agency = acting_agency(actor, agency or decision.agency)
    with transaction.atomic():
        if ParticipationPlan.objects.filter(case=case, person=person).exists():
            raise ValidationError({"person": PLAN_EXISTS})
        return _plan(actor, case, person, goals, agency)


def plan_update(
    *, actor: User, plan: ParticipationPlan, goals: str, expected_version: int | None
) -> ParticipationPlan:
    access.require_manage_plan(actor, plan.case, plan.agency_id)
    with transaction.atomic():
        plan = lock_current(plan, expected_version=expected_version)
        plan.goals = goals
        return save_with_history(plan, actor, gettext_noop("participation plan goals"))


# --- matchings ---------------------------------------------------------------------------


def _free_place(menu: SupportMenu) -> None:
    """Capacity: trial and active matchings hold a place. The menu row is locked so that two
    caseworkers cannot both take the last place."""
    locked = SupportMenu.objects.select_for_update().get(pk=menu.pk)
    if taken_places(locked) >= locked.capacity:
        raise ValidationError(MENU_FULL % {"capacity": locked.capacity}, code="full")


def matching_propose(
    *,
    actor: User,
    case: Case,
    person: Person,
    menu: SupportMenu,
    note: str = "",
    proposed_on: dt.date | None = None,
    agency: Agency | None = None,
) -> Matching:
    """Propose a menu to a household member, in one step: the person's plan is started if
    they have none. A proposal holds no place yet (the trial does)."""
    decision = case_access.require_write(actor, case, person=person)
    _open(case)
    _require_member(case, person)
    if not menu.is_active:
        raise ValidationError({"menu": MENU_INACTIVE})
    proposed_on = proposed_on or timezone.localdate()
    not_in_future("proposed_on", proposed_on)
    if proposed_on < case.opened_on:
        raise ValidationError({"proposed_on": BEFORE_CASE_OPENED % {"date": case.opened_on}})
    agency = acting_agency(actor, agency or decision.agency)
    with transaction.atomic():
        if Matching.objects.filter(person=person, menu=menu, status__in=Matching.OPEN).exists():
            raise ValidationError({"menu": ALREADY_MATCHED})
        plan = ParticipationPlan.objects.filter(case=case, person=person).first()
        if plan is None:
            plan = _plan(actor, case, person, "", agency)
        matching = Matching(
            plan=plan,
            case=case,
            person=person,
            menu=menu,
            agency=agency,
            note=note,
            proposed_on=proposed_on,
            proposed_by=actor,
        )
        return save_with_history(matching, actor, gettext_noop("match proposed"))


def _last_step(matching: Matching) -> dt.date:
    return max(d for d in (matching.proposed_on, matching.trial_on, matching.started_on) if d)


def transition_error(current: str, target: str) -> ValidationError:
    allowed = NEXT[current]
    hint = (
        HINT_NEXT % {"allowed": " / ".join(str(Matching.Status(s).label) for s in allowed)}
        if allowed
        else HINT_ENDED
    )
    message = BAD_TRANSITION % {
        "current": Matching.Status(current).label,
        "target": Matching.Status(target).label,
        "hint": hint,
    }
    return ValidationError(message, code="bad_transition")


def matching_move(
    *,
    actor: User,
    matching: Matching,
    to: str,
    on: dt.date | None = None,
    outcome: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Matching:
    """Move a matching one step along its lifecycle, on a date (today by default, never in
    the future nor before the previous step). Starting the trial takes a place; ending it
    needs the outcome and the reason."""
    if to not in Matching.Status.values:
        raise ValidationError({"to": UNKNOWN_STATUS % {"value": to}})
    access.require_manage_matching(actor, matching)
    on = on or timezone.localdate()
    not_in_future("on", on)
    with transaction.atomic():
        matching = lock_current(matching, expected_version=expected_version)
        if to not in NEXT[matching.status]:
            raise transition_error(matching.status, to)
        if on < _last_step(matching):
            raise ValidationError({"on": BEFORE_PREVIOUS_STEP % {"date": _last_step(matching)}})
        if to == Matching.Status.TRIAL:
            _open(matching.case)
            _free_place(matching.menu)
            matching.trial_on = on
        elif to == Matching.Status.ACTIVE:
            _open(matching.case)
            matching.started_on = on
        else:
            errors: dict[str, object] = {}
            if not outcome:
                errors["outcome"] = OUTCOME_REQUIRED
            elif outcome not in Matching.Outcome.values:
                errors["outcome"] = UNKNOWN_OUTCOME % {"value": outcome}
            if not reason.strip():
                errors["reason"] = REASON_REQUIRED
            if errors:
                raise ValidationError(errors)
            matching.ended_on = on
            matching.outcome = outcome
            matching.reason = reason.strip()
        matching.status = to
        return save_with_history(
            matching, actor, with_detail(gettext_noop("matching"), choice_label(matching, "status"))
        )


def matching_start_trial(*, actor: User, matching: Matching, **kwargs) -> Matching:
    return matching_move(actor=actor, matching=matching, to=Matching.Status.TRIAL, **kwargs)


def matching_activate(*, actor: User, matching: Matching, **kwargs) -> Matching:
    return matching_move(actor=actor, matching=matching, to=Matching.Status.ACTIVE, **kwargs)


def matching_end(
    *, actor: User, matching: Matching, outcome: str, reason: str, **kwargs
) -> Matching:
    return matching_move(
        actor=actor,
        matching=matching,
        to=Matching.Status.ENDED,
        outcome=outcome,
        reason=reason,
        **kwargs,
    )


# --- follow-ups --------------------------------------------------------------------------


def follow_up_record(
    *,
    actor: User,
    matching: Matching,
    about: str,
    note: str,
    done_on: dt.date | None = None,
    next_on: dt.date | None = None,
    agency: Agency | None = None,
) -> FollowUp:
    """定着支援 of the person or of the host. Any agency that may read the case records its
    own; the next date comes back as a reminder to the recording agency."""
    decision = case_access.require_write(actor, matching.case, person=matching.person)
    if not matching.is_open:
        raise ValidationError(FOLLOW_UP_ENDED)
    done_on = done_on or timezone.localdate()
    errors: dict[str, object] = {}
    if done_on > timezone.localdate():
        errors["done_on"] = FUTURE_DATE
    elif done_on < matching.proposed_on:
        errors["done_on"] = BEFORE_PROPOSAL % {"date": matching.proposed_on}
    if next_on is not None and next_on <= done_on:
        errors["next_on"] = NEXT_AFTER_DONE
    if errors:
        raise ValidationError(errors)
    agency = acting_agency(actor, agency or decision.agency)
    follow_up = FollowUp(
        matching=matching,
        about=about,
        note=note,
        done_on=done_on,
        next_on=next_on,
        agency=agency,
        recorded_by=actor,
    )
    with transaction.atomic():
        return save_with_history(follow_up, actor, gettext_noop("follow-up recorded"))
