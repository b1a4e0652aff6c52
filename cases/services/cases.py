"""The case record itself (its title, status, worker and projects), and the checks every
write about a case shares: the project codes, "the case is open", the history reason of a
meeting's decision."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import User
from cases import access
from cases.models import Case, CaseProject, Project
from core.concurrency import lock_current
from core.history import save_with_history, with_detail

UNKNOWN_PROJECT = _("Unknown project: %(code)s.")
NEED_PROJECT = _("Choose at least one project.")
PERSON_NOT_IN_HOUSEHOLD = _("This person is not a member of the case's household.")
CASE_CLOSED = _("This case is closed. Reopen it first.")
REASON_REQUIRED = _("Give a reason.")
STATUS_USE_CLOSURE = _("A case is closed through a closure proposal and its approval.")


def _projects(codes: list[str], field_name: str = "projects") -> list[str]:
    unknown = [c for c in codes if c not in Project.values]
    if unknown:
        raise ValidationError({field_name: UNKNOWN_PROJECT % {"code": ", ".join(unknown)}})
    return list(dict.fromkeys(codes))


def _open_check(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(CASE_CLOSED)


def _decided(reason: str, meeting: access.MeetingAuthority | None) -> str:
    """History reason; names the meeting when a meeting decided it."""
    return with_detail(reason, meeting.label) if meeting else reason


def case_update(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    data: dict[str, Any],
    reason: str = "case updated",
) -> Case:
    access.require_change(actor, case)
    if data.get("status") == Case.Status.CLOSED:
        raise ValidationError({"status": STATUS_USE_CLOSURE})
    with transaction.atomic():
        current = lock_current(case, expected_version=expected_version)
        _open_check(current)
        for name in ("title", "status", "referral_source", "worker"):
            if name in data:
                setattr(current, name, data[name])
        save_with_history(current, actor, reason)
        if "projects" in data:
            _set_projects(actor, current, _projects(data["projects"]))
    return current


def _set_projects(actor: User, case: Case, codes: list[str]) -> None:
    if not codes:
        raise ValidationError({"projects": NEED_PROJECT})
    today = timezone.localdate()
    current = {p.project: p for p in case.projects.filter(ended_on__isnull=True)}
    for code, enrolment in current.items():
        if code not in codes:
            enrolment.ended_on = today
            save_with_history(enrolment, actor, gettext_noop("left project"))
    for code in codes:
        if code not in current:
            save_with_history(
                CaseProject(case=case, project=code, started_on=today),
                actor,
                gettext_noop("enrolled"),
            )
