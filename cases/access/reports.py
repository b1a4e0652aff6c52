"""Who sees which figures (reports/): figures are counts, never persons, so the rule is
about whose counts, not about records.

- Every active staff member of an agency, in any role (caseworker, coordinator,
  supervisor, agency administrator, report viewer, privacy officer), sees the figures of
  the agencies they work at.
- Coordinators, supervisors and report viewers of the hub (多機関協働) agency see the whole
  city, and may narrow the figures to any one agency.
- Everyone else with a membership sees their own agencies (with several, together, and
  may narrow to one of them). A partner system's account sees no figures (it has the API
  only); an account without an active membership is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from agencies import access as agency_access
from agencies.models import Agency, Membership, User

# The roles of the hub whose holders see the city's figures.
CITY_ROLES = frozenset(
    {Membership.Role.COORDINATOR, Membership.Role.SUPERVISOR, Membership.Role.REPORT_VIEWER}
)

NO_FIGURES = _(
    "The figures are for the staff of an agency: you have no active membership of an agency."
)
NOT_YOUR_FIGURES = _(
    "You may see the figures of your own agencies only. The city's figures are for the "
    "hub's coordinators, supervisors and report viewers."
)


@dataclass(frozen=True)
class ReportScope:
    """Whose figures are counted: `agencies` (ids), or the whole city when None.

    `choices` are the agencies the user may narrow the figures to (the city's every active
    agency for a city-wide viewer, else their own); `label` names the scope for headings;
    `city_wide` says the user is a city-wide viewer (even when narrowed to one agency)."""

    agencies: frozenset[int] | None
    label: str
    choices: tuple[Agency, ...] = ()
    city_wide: bool = False

    @property
    def is_city(self) -> bool:
        return self.agencies is None


def sees_city_figures(user: User | AnonymousUser) -> bool:
    return any(
        m.agency.is_hub and m.role in CITY_ROLES for m in agency_access.active_memberships(user)
    )


def may_see_figures(user: User | AnonymousUser) -> bool:
    """Whether the user may open the figures at all (the navigation asks this)."""
    return (
        user.is_authenticated
        and not getattr(user, "is_service_account", False)
        and bool(agency_access.active_memberships(user))
    )


def report_scope(user: User | AnonymousUser, agency_id: int | None = None) -> ReportScope:
    """The figures `user` may see, narrowed to `agency_id` when given; PermissionDenied
    (NO_FIGURES, NOT_YOUR_FIGURES) otherwise. Costs one query for a city-wide viewer (the
    list of agencies to narrow to), none otherwise beyond the cached memberships."""
    if not may_see_figures(user):
        raise PermissionDenied(NO_FIGURES)
    memberships = agency_access.active_memberships(user)
    city = sees_city_figures(user)
    if city:
        choices = tuple(Agency.objects.filter(is_active=True).order_by("-is_hub", "kana", "name"))
        if agency_id is None:
            return ReportScope(None, str(_("Whole city")), choices, city_wide=True)
    else:
        choices = tuple(dict.fromkeys(m.agency for m in memberships))
        if agency_id is None:
            return ReportScope(
                frozenset(a.pk for a in choices), "・".join(a.name for a in choices), choices
            )
    chosen = next((a for a in choices if a.pk == agency_id), None)
    if chosen is None:
        raise PermissionDenied(NOT_YOUR_FIGURES)
    return ReportScope(frozenset({chosen.pk}), chosen.name, choices, city_wide=city)
