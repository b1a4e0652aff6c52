"""Who may do what in participation support (the rules are described in the docstring of
participation/services/__init__.py). Whether a case or a person may be read at all is
cases/access's answer: these rules are asked on top of it."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from agencies import access as agency_access
from agencies.models import User
from cases import access as case_access
from cases.models import Case
from core.refusals import Refusal
from participation.models import Host, Matching, SupportMenu

NOT_STAFF = _("The directory of support menus is for staff of an agency.")
NOT_DEVELOPER = _("Only staff of the agency that developed this menu may change it.")
NOT_REGISTRAR = _("Only staff of the agency that registered this host may change it.")
NOT_SUPPORTING = _(
    "Only the supporting agency of this matching, or the case's intake or lead agency, may "
    "change it. Record a follow-up instead, or ask %(agency)s."
)
NOT_PLAN_AGENCY = _(
    "Only the agency that wrote this plan, or the case's intake or lead agency, may change "
    "its goals."
)


def may_read_directory(user: User | AnonymousUser) -> bool:
    """Menus and hosts are for everyone working at an agency (any role)."""
    return agency_access.works_at_an_agency(user)


def require_read_directory(user: User | AnonymousUser) -> None:
    if not may_read_directory(user):
        raise PermissionDenied(NOT_STAFF)


def _own_agency_ids(actor: User | AnonymousUser) -> set[int]:
    return {a.pk for a in case_access.case_agencies(actor)}


def can_edit_menu(actor: User | AnonymousUser, menu: SupportMenu) -> bool:
    return menu.developed_by_id in _own_agency_ids(actor)


def require_edit_menu(actor: User, menu: SupportMenu) -> None:
    if not can_edit_menu(actor, menu):
        raise PermissionDenied(NOT_DEVELOPER)


def can_edit_host(actor: User | AnonymousUser, host: Host) -> bool:
    return host.registered_by_id in _own_agency_ids(actor)


def require_edit_host(actor: User, host: Host) -> None:
    if not can_edit_host(actor, host):
        raise PermissionDenied(NOT_REGISTRAR)


def may_manage(actor: User, case: Case, agency_id: int) -> bool:
    """The supporting agency (`agency_id`), or the case's intake or lead agency. Raises the
    policy's 404 / 403 to a user who may not read the case."""
    decision = case_access.require_write(actor, case)
    return decision.can_change or agency_id in _own_agency_ids(actor)


def require_manage_matching(actor: User, matching: Matching) -> None:
    if not may_manage(actor, matching.case, matching.agency_id):
        raise Refusal(
            NOT_SUPPORTING % {"agency": matching.agency.name}, agencies=[matching.agency_id]
        )


def require_manage_plan(actor: User, case: Case, agency_id: int) -> None:
    if not may_manage(actor, case, agency_id):
        raise PermissionDenied(NOT_PLAN_AGENCY)
