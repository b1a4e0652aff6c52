"""Who may do what with reminders and the caseload. Case records themselves are
cases/access's answer: this module only adds the reminders' own rules on top of it."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, User
from cases import access as case_access
from cases.models import AccessLog, Case
from reminders.models import Reminder

NOT_YOURS = _("This reminder is for another agency.")
SUPERVISORS_ONLY = _("The caseload dashboard is for supervisors and coordinators.")
REVIEWER_ONLY = _("Only a supervisor of the intake or lead agency may review the case.")


def supervised_agencies(user: User | AnonymousUser) -> list[Agency]:
    """The agencies whose caseload the user may see: where they supervise or coordinate."""
    return [
        m.agency
        for m in case_access.case_memberships(user)
        if m.role in (Membership.Role.SUPERVISOR, Membership.Role.COORDINATOR)
    ]


def may_see_caseload(user: User | AnonymousUser) -> bool:
    return bool(supervised_agencies(user))


def require_caseload(user: User | AnonymousUser) -> list[Agency]:
    """The agencies of the user's caseload, or a 403 that says who the dashboard is for."""
    agencies = supervised_agencies(user)
    if not agencies:
        raise PermissionDenied(SUPERVISORS_ONLY)
    return agencies


def is_own(user: User | AnonymousUser, reminder: Reminder) -> bool:
    """A reminder is its agency's: only that agency's staff acknowledge or snooze it."""
    return reminder.agency_id in {a.pk for a in case_access.case_agencies(user)}


def require_own(user: User, reminder: Reminder) -> None:
    if not is_own(user, reminder):
        raise PermissionDenied(NOT_YOURS)


def reminder_for(user: User | AnonymousUser, pk: int) -> Reminder:
    """A reminder of one of the user's agencies; anyone else gets the 404 of a missing one."""
    agencies = [a.pk for a in case_access.case_agencies(user)]
    reminder = Reminder.objects.filter(pk=pk, agency_id__in=agencies).select_related("case").first()
    if reminder is None:
        raise Http404(case_access.NOT_FOUND)
    return reminder


def may_review(user: User | AnonymousUser, case: Case) -> bool:
    """A supervisor of the intake agency or of the current lead agency reviews the case."""
    return case_access.supervises_case(user, case)


def require_review(user: User, case: Case) -> None:
    case_access.require_change(user, case)
    if not may_review(user, case):
        raise PermissionDenied(REVIEWER_ONLY)


def log_shown(
    request: HttpRequest,
    reminders: list[Reminder],
    *,
    action: str = "reminders",
    channel: str = AccessLog.Channel.WEB,
) -> None:
    """Rule 7 for a list of reminders: the cases they name that the reader may read are
    logged as read, each on its basis (the others show only a reference number)."""
    user = request.user
    cases = {r.case.pk: r.case for r in reminders if r.case is not None}
    if not cases:
        return
    own = {a.pk for a in case_access.case_agencies(user)}
    readable = case_access.case_bases(
        user, [pk for pk, c in cases.items() if c.owner_agency_id not in own]
    )
    shown = [c for pk, c in cases.items() if c.owner_agency_id in own or pk in readable]
    case_access.log_list_reads(user, shown, request=request, action=action, channel=channel)
