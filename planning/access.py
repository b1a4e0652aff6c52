"""Who sees and changes a planned contact. The case's rules stay cases/access's: planning
one asks `require_write` (any full reader but one under a 106-6 grant; about a member,
only if that member's consent covers the reader). This module adds the plan's own fact:

- A planned contact belongs to the agency that planned it. Only that agency's case staff
  see it (another agency gets the same 404 as for a plan that does not exist), and only
  while the case's rules still let them record on it (a lapsed consent: 403 with the
  reason, as for the case)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from agencies.models import User
from cases import access as case_access
from cases.access import Decision
from planning.models import PlannedContact


def _own(user: User | AnonymousUser) -> QuerySet[PlannedContact]:
    agencies = [a.pk for a in case_access.case_agencies(user)]
    return PlannedContact.objects.filter(agency_id__in=agencies)


def visible_planned(user: User | AnonymousUser) -> QuerySet[PlannedContact]:
    """Planned contacts of the user's agencies on cases the user may read, about the
    household or a member whose records the user may read: for lists (one query)."""
    return _own(user).filter(
        Q(person__isnull=True) | case_access.records_about(user),
        case__in=case_access.visible_cases(user).values("pk"),
    )


def planned_for(
    user: User | AnonymousUser, pk: int, *, request: HttpRequest | None = None
) -> tuple[PlannedContact, Decision]:
    """The plan and the user's decision on its case: 404 for a plan of another agency
    (or none), then the case's own refusals (403 with the reason)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404(case_access.NOT_FOUND) from None
    planned = _own(user).select_related("case", "person", "worker", "agency").filter(pk=key).first()
    if planned is None:
        raise Http404(case_access.NOT_FOUND)
    case_access.case_for(user, planned.case_id, request=request)
    decision = case_access.require_write(user, planned.case, person=planned.person)
    return planned, decision
