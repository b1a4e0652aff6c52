"""Who may manage an agency and its staff.

Agency-level rules live here so that `agencies` needs nothing above it; `cases/access.py`
builds the record-level policy (cases, households, consent) on top of these helpers."""

from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, User

NOT_AGENCY_ADMIN = _("Only an administrator of this agency may manage its staff and details.")
NO_MEMBERSHIP = _("Your account does not belong to any agency. Ask your agency administrator.")
NOT_YOUR_AGENCY = _("You can act only for an agency you belong to.")
AGENCY_REQUIRED = _("You belong to more than one agency: say which one you act for.")

_CACHE_ATTR = "_active_memberships_cache"


def active_memberships(user: User | AnonymousUser) -> list[Membership]:
    """The user's active memberships with their agencies, read once per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True, agency__is_active=True)
            .select_related("agency")
            .order_by("-agency__is_hub", "agency__name")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def works_at_an_agency(user: User | AnonymousUser) -> bool:
    """An active account with at least one active membership of an active agency: the
    staff of any role and the partner systems. (Not Django's `is_staff`, which only says
    who may open the admin.)"""
    return bool(user.is_authenticated and user.is_active and active_memberships(user))


def works_at_an_agency_or_administers(user: User | AnonymousUser) -> bool:
    """`works_at_an_agency`, or the system administrator (a superuser without membership),
    who may read the directories that hold no client data."""
    return works_at_an_agency(user) or bool(
        user.is_authenticated and user.is_active and user.is_superuser
    )


def require_works_at_an_agency_or_administers(user: User | AnonymousUser) -> None:
    if not works_at_an_agency_or_administers(user):
        raise PermissionDenied(NO_MEMBERSHIP)


def choose_agency(
    given: Agency | None,
    allowed: Sequence[Agency],
    *,
    field: str = "agency",
    none_allowed: str | Promise = NO_MEMBERSHIP,
    not_yours: str | Promise = NOT_YOUR_AGENCY,
) -> Agency:
    """The agency a user acts for, among the agencies `allowed` to them: the one they named
    (refused when it is not theirs), or their only one. A user of several agencies is asked
    (a ValidationError on `field`): the system never picks one of them silently, since
    the choice decides who owns the record and whose figures it counts in."""
    if given is not None:
        if given.pk not in {agency.pk for agency in allowed}:
            raise PermissionDenied(not_yours)
        return given
    if not allowed:
        raise PermissionDenied(none_allowed)
    if len(allowed) > 1:
        raise ValidationError({field: ValidationError(AGENCY_REQUIRED, code="required")})
    return allowed[0]


def forget_memberships(user: User) -> None:
    """Drop the per-request cache after memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user: User | AnonymousUser) -> set[str]:
    return {m.role for m in active_memberships(user)}


def agency_ids(user: User | AnonymousUser) -> set[int]:
    return {m.agency_id for m in active_memberships(user)}


def has_role(user: User | AnonymousUser, role: str, agency: Agency | None = None) -> bool:
    return any(
        m.role == role and (agency is None or m.agency_id == agency.pk)
        for m in active_memberships(user)
    )


def can_manage_agency(user: User | AnonymousUser, agency: Agency) -> bool:
    """Superusers manage every agency; an agency_admin manages only their own."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return has_role(user, Membership.Role.AGENCY_ADMIN, agency)


def require_manage_agency(user: User | AnonymousUser, agency: Agency) -> None:
    if not can_manage_agency(user, agency):
        raise PermissionDenied(NOT_AGENCY_ADMIN)


def require_manage_member(user: User | AnonymousUser, agency: Agency) -> None:
    """For pages about one member of an agency: its own staff who are not its administrator
    are told why (403); anyone else gets the 404 of a member who does not exist."""
    if can_manage_agency(user, agency):
        return
    if agency.pk in agency_ids(user):
        raise PermissionDenied(NOT_AGENCY_ADMIN)
    raise Http404


def managed_agencies(user: User | AnonymousUser) -> list[Agency]:
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Agency.objects.filter(is_active=True))
    return [m.agency for m in active_memberships(user) if m.role == Membership.Role.AGENCY_ADMIN]
