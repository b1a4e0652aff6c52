"""Closing a case (proposed, then approved or sent back by a supervisor) and reopening it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import User
from cases import access
from cases.models import Case, Closure, Project
from cases.services.cases import REASON_REQUIRED, _decided, _open_check, _projects, _set_projects
from core.history import choice_label, save_with_history, with_detail

CASE_NOT_CLOSED = _("Only a closed case can be reopened.")
CLOSURE_PENDING = _("A closure has already been proposed for this case.")
SUPERVISOR_ONLY = _("Only a supervisor of the intake or lead agency may decide on a closure.")
CLOSURE_NOT_PENDING = _("This closure proposal has already been decided.")


def closure_propose(
    *,
    actor: User,
    case: Case,
    reason: str,
    evaluation: str = "",
    meeting: access.MeetingAuthority | None = None,
) -> Closure:
    access.require_change(actor, case, meeting=meeting)
    _open_check(case)
    if case.closures.filter(status=Closure.Status.PROPOSED).exists():
        raise ValidationError(CLOSURE_PENDING)
    closure = Closure(
        case=case,
        reason=reason,
        evaluation=evaluation,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    return save_with_history(closure, actor, _decided(gettext_noop("closure proposed"), meeting))


def _require_supervisor(actor: User, case: Case) -> None:
    access.require_change(actor, case)
    if not access.supervises_case(actor, case):
        raise PermissionDenied(SUPERVISOR_ONLY)


def closure_approve(*, actor: User, closure: Closure, evaluation: str) -> Case:
    """A supervisor approves with an evaluation (what changed for the household); the case
    closes and leaves its projects."""
    case = closure.case
    _require_supervisor(actor, case)
    if not evaluation.strip():
        raise ValidationError({"evaluation": REASON_REQUIRED})
    with transaction.atomic():
        closure = Closure.objects.select_for_update().get(pk=closure.pk)
        if closure.status != Closure.Status.PROPOSED:
            raise ValidationError(CLOSURE_NOT_PENDING)
        closure.status = Closure.Status.APPROVED
        closure.decision_note = evaluation
        closure.decided_by = actor
        closure.decided_at = timezone.now()
        save_with_history(closure, actor, gettext_noop("closure approved"))
        case = Case.objects.select_for_update().get(pk=case.pk)
        case.status = Case.Status.CLOSED
        case.closed_on = timezone.localdate()
        case.version += 1
        save_with_history(
            case, actor, with_detail(gettext_noop("closed"), choice_label(closure, "reason"))
        )
        for enrolment in case.projects.filter(ended_on__isnull=True):
            enrolment.ended_on = case.closed_on
            save_with_history(enrolment, actor, gettext_noop("case closed"))
    return case


def closure_send_back(*, actor: User, closure: Closure, note: str) -> Closure:
    _require_supervisor(actor, closure.case)
    if not note.strip():
        raise ValidationError({"evaluation": REASON_REQUIRED})
    with transaction.atomic():
        closure = Closure.objects.select_for_update().get(pk=closure.pk)
        if closure.status != Closure.Status.PROPOSED:
            raise ValidationError(CLOSURE_NOT_PENDING)
        closure.status = Closure.Status.REJECTED
        closure.decision_note = note
        closure.decided_by = actor
        closure.decided_at = timezone.now()
        return save_with_history(closure, actor, gettext_noop("closure sent back"))


def case_reopen(*, actor: User, case: Case, reason: str, projects: list[str] | None = None) -> Case:
    """A closed case starts again at 受付; its history and past closure stay."""
    access.require_change(actor, case)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.is_open:
            raise ValidationError(CASE_NOT_CLOSED)
        current.status = Case.Status.RECEIVED
        current.closed_on = None
        current.version += 1
        save_with_history(current, actor, with_detail(gettext_noop("reopened"), reason))
        _set_projects(actor, current, _projects(projects or [Project.CONSULTATION]))
    return current
