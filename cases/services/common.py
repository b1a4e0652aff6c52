from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, User
from cases import access

NOT_YOUR_AGENCY = _("You can act only for an agency you belong to.")


def require_acting_for(actor: User, agency: Agency) -> None:
    """The actor must hold a case role at `agency`."""
    if agency.pk not in {a.pk for a in access.case_agencies(actor)}:
        raise PermissionDenied(NOT_YOUR_AGENCY)


def acting_agency(actor: User, agency: Agency | None) -> Agency:
    if agency is None:
        agencies = access.case_agencies(actor)
        if not agencies:
            raise PermissionDenied(access.NO_CASE_ROLE)
        return agencies[0]
    require_acting_for(actor, agency)
    return agency
