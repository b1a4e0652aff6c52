from agencies import access as agency_access
from agencies.models import Agency, User
from cases import access


def acting_agency(actor: User, agency: Agency | None, *, field: str = "agency") -> Agency:
    """The agency the actor acts for among those where they hold a case role: the one given,
    or their only one; with several, the form or request must say which (see
    agencies.access.choose_agency)."""
    return agency_access.choose_agency(
        agency, access.case_agencies(actor), field=field, none_allowed=access.NO_CASE_ROLE
    )


def require_acting_for(actor: User, agency: Agency) -> None:
    """The actor must hold a case role at `agency` (agencies.access.NOT_YOUR_AGENCY)."""
    acting_agency(actor, agency)
