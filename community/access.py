"""Who may read and who may change community records.

Community records hold no personal data of clients: every staff member (any active
membership) reads all of them. Only staff of the agency that registered a record (its
owner) and system administrators change it. Built on agencies.access only."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.access import NO_MEMBERSHIP
from agencies.models import Agency, User
from core.refusals import Refusal

NOT_OWNER = _(
    "Only staff of %(agency)s, which registered this record, may change it. Ask them to update it."
)
NOT_YOUR_AGENCY = _("You may register community records only for an agency you belong to.")

__all__ = [
    "NOT_OWNER",
    "NOT_YOUR_AGENCY",
    "NO_MEMBERSHIP",
    "can_edit",
    "can_register_for",
    "may_read",
    "require_edit",
    "require_owner_agency",
    "require_read",
    "writable_agencies",
]


def may_read(user: User) -> bool:
    """Any active membership (or a system administrator): may read every community record
    (agencies.access `works_at_an_agency_or_administers`)."""
    return access.works_at_an_agency_or_administers(user)


def require_read(user: User) -> None:
    access.require_works_at_an_agency_or_administers(user)


def can_register_for(user: User, agency: Agency) -> bool:
    if not may_read(user):
        return False
    return user.is_superuser or agency.pk in access.agency_ids(user)


def require_owner_agency(user: User, agency: Agency) -> None:
    """The actor may register a new record owned by `agency`."""
    require_read(user)
    if not can_register_for(user, agency):
        raise PermissionDenied(NOT_YOUR_AGENCY)


def can_edit(user: User, record) -> bool:
    """`record` has an `owner` (the registering agency)."""
    if not may_read(user):
        return False
    return user.is_superuser or record.owner_id in access.agency_ids(user)


def require_edit(user: User, record) -> None:
    """403 naming the owning agency (everyone may know it: the record is public to staff)."""
    require_read(user)
    if not can_edit(user, record):
        raise Refusal(NOT_OWNER % {"agency": record.owner.name}, agencies=[record.owner_id])


def writable_agencies(user: User) -> list[Agency]:
    """The agencies the user may register records for (the choices of a create form)."""
    if not may_read(user):
        return []
    if user.is_superuser:
        return list(Agency.objects.filter(is_active=True))
    return [m.agency for m in access.active_memberships(user)]
