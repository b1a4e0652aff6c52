"""名寄せ at intake without leaks: what a worker registering a person learns about the
records of the same person that already exist (cases/services/matching.py finds them), and
who handles a request to the hub (多機関協働) to connect them.

- A possible match the worker may read (the person's own read decision, `person_decision`)
  is offered: the person and the households the worker may read. Each one shown is logged
  as a read, with the basis that allowed it.
- A possible match the worker may not read tells them one fact only: the city already has
  a record, and the hub can connect them. Never a name, a household, an id or an agency:
  `MatchResult.elsewhere` is a boolean, and the ids stay on the server
  (`MatchResult.withheld`, which only the request to the hub stores).
- A person under 住所秘匿 (or living with one) is matched only for staff of the agency that
  registered them or their household: anyone else gets nothing at all, not even "a record
  exists" (a DV victim's pursuer must not learn that the city knows them).
- Requests to connect are handled by the hub's coordinators and supervisors; they see which
  agencies hold the possible match, never the records. Connecting opens nothing: sharing
  still needs the person's consent or a 支援会議.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from agencies import access as agency_access
from agencies.models import Agency, Membership, User
from cases.access.base import Decision, case_agencies
from cases.access.bulk import person_decisions
from cases.access.filters import visible_among, visible_households
from cases.access.log import log_reads
from cases.models import Household, HouseholdMembership, MatchRequest, Person

# The roles of the hub that handle requests to connect.
HUB_ROLES = frozenset({Membership.Role.COORDINATOR, Membership.Role.SUPERVISOR})

HUB_ONLY = _(
    "Requests to connect possible duplicates are handled by the coordinators and supervisors "
    "of the hub (多機関協働)."
)
ONLY_REQUESTER = _("Only the agency that sent the request can withdraw it.")
# What a worker is told about a match they may not read: nothing that names it.
RECORD_ELSEWHERE = _(
    "The city already has a record that may be this person, which you may not read. The hub "
    "(多機関協働) can connect your agency with the agency that holds it; the person's consent "
    "or a 支援会議 is still needed before anything is shared."
)


@dataclass(frozen=True)
class Match:
    """A possible match the worker may read: the person, how they read it, the households
    they may read that the person lives (or lived) in, and what matched."""

    person: Person
    decision: Decision
    households: list[Household]
    matched_on: tuple[str, ...]


@dataclass(frozen=True)
class MatchResult:
    readable: list[Match] = field(default_factory=list)
    # Persons the worker may not read. Server-side only: never rendered, never serialised.
    withheld: tuple[int, ...] = ()

    @property
    def elsewhere(self) -> bool:
        """Whether to say "the city already has a record" (and nothing else about it)."""
        return bool(self.withheld)


def _confidential(person: Person, memberships: Sequence[HouseholdMembership]) -> bool:
    """The person, or someone living with them now, is under 住所秘匿."""
    if person.address_confidential:
        return True
    return any(
        m.person.address_confidential
        for pm in memberships
        if pm.ended_on is None
        for m in pm.household.current_memberships
    )


def match_result(
    user: User | AnonymousUser,
    candidates: Sequence[Person],
    matched_on: dict[int, tuple[str, ...]] | None = None,
) -> MatchResult:
    """Split `candidates` (found by the matching service, merged records left out) into
    what the user may read and what they may not, leaving out entirely the 住所秘匿 persons
    of agencies other than the user's. A constant number of queries whatever the number of
    candidates: the read decisions of all those the user may see at all are taken at once
    (access.person_decisions, the rule of `person_decision`)."""
    if not candidates:
        return MatchResult()
    own = {a.pk for a in case_agencies(user)}
    memberships = HouseholdMembership.objects.select_related("household").prefetch_related(
        Prefetch(
            "household__memberships",
            queryset=HouseholdMembership.objects.filter(ended_on__isnull=True).select_related(
                "person"
            ),
            to_attr="current_memberships",
        )
    )
    persons = list(
        Person.objects.filter(pk__in=[p.pk for p in candidates], merged_into__isnull=True)
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="all_memberships"))
        .order_by("pk")
    )
    # Who the user may see at all, decided once per household (the search's rule,
    # visible_among): a candidate outside it is withheld without a decision of its own;
    # those inside still get `person_decision` (a consent must cover that very person).
    seen = set(
        visible_among(
            user, Person.objects.filter(pk__in=[p.pk for p in persons]), from_matches=True
        )[0]
        .order_by()
        .values_list("pk", flat=True)
    )
    readable_households = set(
        visible_households(user)
        .filter(memberships__person__in=persons)
        .values_list("pk", flat=True)
    )
    decisions = person_decisions(user, [p for p in persons if p.pk in seen])
    readable: list[Match] = []
    withheld: list[int] = []
    for person in persons:
        mine = person.all_memberships
        if _confidential(person, mine):
            owners = {person.owner_agency_id} | {m.household.owner_agency_id for m in mine}
            if not owners & own:
                continue  # nothing at all, not even "a record exists"
        if person.pk not in seen:
            withheld.append(person.pk)
            continue
        decision = decisions[person.pk]
        if not decision.can_view:
            withheld.append(person.pk)
            continue
        households = list(
            {
                m.household_id: m.household
                for m in sorted(mine, key=lambda m: m.ended_on is not None)
                if m.household_id in readable_households
            }.values()
        )
        readable.append(Match(person, decision, households, (matched_on or {}).get(person.pk, ())))
    return MatchResult(readable=readable, withheld=tuple(withheld))


def log_match_reads(
    user: User | AnonymousUser,
    result: MatchResult,
    *,
    channel: str = "web",
    request: HttpRequest | None = None,
) -> None:
    """Rule 7: every match shown (the person and the households offered with them) is a read,
    under the decision that allowed it. The path is left out: what was typed is the new
    person's data, not a record read."""
    for match in result.readable:
        log_reads(
            user,
            [match.person, *match.households],
            match.decision,
            channel=channel,
            action="match",
        )


# --- the hub ------------------------------------------------------------------------------


def hub_agencies(user: User | AnonymousUser) -> list[Agency]:
    """The hubs (多機関協働) where the user handles requests to connect."""
    return [
        m.agency
        for m in agency_access.active_memberships(user)
        if m.agency.is_hub
        and m.role in HUB_ROLES
        and not getattr(user, "is_service_account", False)
    ]


def handles_match_requests(user: User | AnonymousUser) -> bool:
    """Whether the user is a hub coordinator (the navigation asks this)."""
    return bool(hub_agencies(user))


def require_hub_for(user: User | AnonymousUser, request: MatchRequest) -> None:
    """The user handles requests sent to `request.hub`; PermissionDenied(HUB_ONLY) else."""
    if request.hub_id not in {a.pk for a in hub_agencies(user)}:
        raise PermissionDenied(HUB_ONLY)


def require_requester(user: User | AnonymousUser, request: MatchRequest) -> None:
    if request.agency_id not in {a.pk for a in case_agencies(user)}:
        raise PermissionDenied(ONLY_REQUESTER)


def may_know_request(user: User | AnonymousUser, request: MatchRequest) -> bool:
    """The requesting agency's case staff and the hub's coordinators know a request; anyone
    else gets the 404 of a request that does not exist."""
    if request.agency_id in {a.pk for a in case_agencies(user)}:
        return True
    return request.hub_id in {a.pk for a in hub_agencies(user)}
