"""Deciding for one record: may this user read it, change it, widen who can see it, and on
which legal basis. Services call the `require_*` functions; views and the API fetch through
cases/access/fetch.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Prefetch, Q, QuerySet, Value, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, User
from cases.access.base import (
    ASK_THE_LEAD,
    CARD,
    CHANGE,
    CHANGE_NEEDS_OWNER,
    GRANT_EXPIRED,
    GRANT_READ_ONLY,
    MEMBER_CONSENT_MISSING,
    MISSING_CONSENT,
    NOT_FOUND,
    REFERRAL_ONLY,
    SHARE_NEEDS_OWNER,
    VIEW,
    CardOnly,
    Decision,
    Level,
    case_agencies,
    case_memberships,
    codename_of,
    groups_of,
    lead_agency,
    lead_agency_id,
)
from cases.access.filters import visible_cases, visible_households
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Consent,
    EcoLink,
    Household,
    HouseholdMembership,
    Person,
    Referral,
)
from cases.models.access import Basis
from core.refusals import Refusal

RANK: dict[str, int] = {
    Basis.OWNER: 0,
    Basis.CONSENT: 1,
    Basis.MEETING: 2,
    Basis.TEAM: 3,
    Basis.REFERRAL: 4,
}

MEETING_CANNOT_DECIDE = _(
    "This meeting cannot change the case: only a 支援会議 or 重層的支援会議 organised by a "
    "coordinator of a hub agency (多機関協働), at which the intake or lead agency of the case "
    "was present, decides on the lead, the team, the plan or closure. Record it as a note, "
    "or ask the lead agency."
)
MEMBER_NOT_COVERED = _(
    "%(person)s's own consent (or a representative's) does not cover your agency, so you "
    "cannot record anything about them."
)


@dataclass(frozen=True)
class _Row:
    codename: str
    basis: str
    group_id: int | None
    agency_id: int | None
    person_id: int | None
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None


def _case_rows_of(
    user: User, case: Case, group_ids: list[int], agency_ids: list[int]
) -> tuple[list[_Row], list[_Row]]:
    """The case's rows for the user's agency groups and the user's personal rows, in one
    query (a UNION of the two direct foreign-key tables)."""
    fields = ("permission_id", "basis", "valid_from", "valid_until")
    none = Value(None, output_field=IntegerField())
    group_part = (
        CaseGroupObjectPermission.objects.filter(content_object=case, group_id__in=group_ids)
        .annotate(row_agency=none)
        .values_list(*fields, "group_id", "row_agency", "person_id")
    )
    user_part = (
        CaseUserObjectPermission.objects.filter(
            content_object=case, user_id=user.pk, agency_id__in=agency_ids
        )
        .annotate(row_group=none, row_person=none)
        .values_list(*fields, "row_group", "agency_id", "row_person")
    )
    rows: list[_Row] = []
    personal: list[_Row] = []
    for perm, basis, start, end, group_id, agency_id, person_id in group_part.union(
        user_part, all=True
    ):
        row = _Row(codename_of(perm), basis, group_id, agency_id, person_id, start, end)
        (personal if agency_id is not None else rows).append(row)
    return rows, personal


def _holds(row: _Row, now: dt.datetime) -> bool:
    return (row.valid_from is None or row.valid_from <= now) and (
        row.valid_until is None or now < row.valid_until
    )


def case_decision(user: User | AnonymousUser, case: Case) -> Decision:
    groups = groups_of(user)
    if not groups or not isinstance(user, User):
        return Decision(Level.NONE, reason=str(NOT_FOUND))
    now = timezone.now()
    agencies = {a.pk: a for a in groups.values()}
    rows, personal = _case_rows_of(user, case, list(groups), list(agencies))
    return decide_from_rows(rows, personal, groups=groups, agencies=agencies, now=now)


def decide_from_rows(
    rows: Sequence[_Row],
    personal: Sequence[_Row],
    *,
    groups: dict[int, Agency],
    agencies: dict[int, Agency],
    now: dt.datetime,
) -> Decision:
    """The decision on one case from its rows for the user's agency groups and the user's
    personal rows: the rule itself, shared by `case_decision` (one case) and
    `case_decisions` (many, cases/access/bulk.py)."""

    def agency_of(row: _Row) -> Agency:
        if row.agency_id is not None:
            return agencies[row.agency_id]
        assert row.group_id is not None  # a group row when it names no agency
        return groups[row.group_id]

    current = [r for r in [*rows, *personal] if _holds(r, now)]

    def best(codename: str) -> _Row | None:
        matching = [r for r in current if r.codename == codename]
        return min(matching, key=lambda r: RANK[r.basis]) if matching else None

    if row := best(CHANGE):
        return Decision(Level.FULL, row.basis, agency_of(row), can_change=True)
    if row := best(VIEW):
        persons = None
        if row.basis == Basis.CONSENT:
            # Every member whose consent covers this agency (rule 2).
            persons = frozenset(
                r.person_id
                for r in current
                if r.codename == VIEW
                and r.basis == Basis.CONSENT
                and agency_of(r).pk == agency_of(row).pk
                and r.person_id is not None
            )
        return Decision(Level.FULL, row.basis, agency_of(row), persons=persons)
    if row := best(CARD):
        reason, named = _card_reason(row, [*rows, *personal], agency_of(row))
        return Decision(Level.CARD, row.basis, agency_of(row), reason=reason, reason_agencies=named)
    return Decision(Level.NONE, reason=str(NOT_FOUND))


def _card_reason(card: _Row, rows: Sequence[_Row], agency: Agency) -> tuple[str, tuple[int, ...]]:
    """Why only the card, and the ids of the agencies the words name."""
    if card.basis == Basis.MEETING:
        lapsed = [
            r for r in rows if r.basis == Basis.MEETING and r.codename == VIEW and r.valid_until
        ]
        if lapsed:
            ended = max(r.valid_until for r in lapsed if r.valid_until is not None)
            day = timezone.localtime(ended).strftime("%Y-%m-%d")
            return str(GRANT_EXPIRED % {"date": day}), ()
    if card.basis == Basis.REFERRAL:
        return str(REFERRAL_ONLY % {"agency": agency.name}), (agency.pk,)
    return str(MISSING_CONSENT % {"agency": agency.name}), (agency.pk,)


def _best(decisions: Iterable[Decision]) -> Decision | None:
    full = [d for d in decisions if d.level == Level.FULL]
    if not full:
        return None
    best = min(full, key=lambda d: RANK[d.basis] if d.basis else len(RANK))
    if best.basis != Basis.CONSENT:
        return best
    # Consent readers of several cases of one household: the members any of them covers.
    persons = frozenset().union(
        *(d.persons or () for d in full if d.basis == Basis.CONSENT and d.agency == best.agency)
    )
    return Decision(Level.FULL, best.basis, best.agency, best.can_change, persons=persons)


def household_decision(user: User | AnonymousUser, household: Household) -> Decision:
    """A household is read in full by its registering agency and by any agency that may
    read one of its cases; an agency that only knows one of its cases sees the card."""
    agencies = {a.pk: a for a in case_agencies(user)}
    if household.owner_agency_id in agencies:
        return Decision(Level.FULL, Basis.OWNER, agencies[household.owner_agency_id], True)
    decisions = [case_decision(user, case) for case in household.cases.all()]
    if best := _best(decisions):
        return best
    cards = [d for d in decisions if d.level == Level.CARD]
    if cards:
        return cards[0]
    return Decision(Level.NONE, reason=str(NOT_FOUND))


def person_decision(user: User | AnonymousUser, person: Person) -> Decision:
    """A person's own record: as their household, but a consent reader needs that
    person's consent (another member's consent does not open it)."""
    agencies = {a.pk: a for a in case_agencies(user)}
    if person.owner_agency_id in agencies:
        return Decision(Level.FULL, Basis.OWNER, agencies[person.owner_agency_id], True)
    # The households they have lived in, and the one a relative outside any household was
    # recorded through (Person.recorded_with).
    households = Household.objects.filter(
        Q(memberships__person=person) | Q(pk=person.recorded_with_id)
    ).distinct()
    decisions = [household_decision(user, h) for h in households]
    best = _best(decisions)
    if best is not None:
        if best.covers(person.pk):
            return best
        return Decision(
            Level.CARD,
            best.basis,
            best.agency,
            reason=str(MEMBER_CONSENT_MISSING % {"person": person}),
        )
    cards = [d for d in decisions if d.level == Level.CARD]
    return cards[0] if cards else Decision(Level.NONE, reason=str(NOT_FOUND))


# --- what services ask -------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingAuthority:
    """The facts of a meeting whose decision a coordinator applies to a case (the meetings
    app fills it in; this module decides whether they suffice)."""

    label: str
    decides: bool  # a 支援会議 or 重層的支援会議 (not a case conference)
    organiser: Agency
    runner: bool  # the actor runs the meeting (coordinator or supervisor of the organiser)
    attending_agency_ids: frozenset[int] = field(default_factory=frozenset)


def organises_support_meetings(agency: Agency) -> bool:
    """Hub agencies (多機関協働), and those a setting names, organise 支援会議."""
    return agency.is_hub or agency.pk in settings.SUPPORT_MEETING_ORGANISER_IDS


def _deny(decision: Decision, message: object, agencies: tuple[int, ...] = ()) -> None:
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.level == Level.CARD:
        raise Refusal(decision.reason, agencies=decision.reason_agencies)
    raise Refusal(message, agencies=agencies)


def _lead_name(case: Case) -> str:
    return lead_agency(case).name


def require_change(
    user: User | AnonymousUser, case: Case, *, meeting: MeetingAuthority | None = None
) -> Decision:
    """For services: the actor must be staff of the intake or lead agency, or apply a
    decision of a meeting that may decide on the case (`may_apply_meeting_decision`)."""
    decision = case_decision(user, case)
    if meeting is not None:
        return _meeting_decision(user, case, decision, meeting)
    if not decision.can_change:
        _deny(decision, CHANGE_NEEDS_OWNER % {"basis": decision.basis_label})
    return decision


def require_share(
    user: User | AnonymousUser, case: Case, *, meeting: MeetingAuthority | None = None
) -> Decision:
    """For every write that changes who can see or change the case (team, referral, lead,
    consent, agenda of a deciding meeting, grants, moves): only the intake and lead
    agencies' staff, by role, hold the right to share; a reader never widens access."""
    decision = case_decision(user, case)
    if meeting is not None:
        return _meeting_decision(user, case, decision, meeting)
    if not decision.can_share:
        _deny(
            decision,
            SHARE_NEEDS_OWNER % {"basis": decision.basis_label, "lead": _lead_name(case)},
            (lead_agency_id(case),),
        )
    return decision


def _meeting_decision(
    user: User | AnonymousUser, case: Case, decision: Decision, meeting: MeetingAuthority
) -> Decision:
    if decision.level != Level.FULL:
        _deny(decision, MEETING_CANNOT_DECIDE)
    holders = {case.owner_agency_id, lead_agency_id(case)}
    if not (
        meeting.decides
        and meeting.runner
        and organises_support_meetings(meeting.organiser)
        and holders & meeting.attending_agency_ids
    ):
        raise PermissionDenied(MEETING_CANNOT_DECIDE)
    return Decision(
        Level.FULL, decision.basis, decision.agency, can_change=True, persons=decision.persons
    )


def require_view(user: User | AnonymousUser, case: Case) -> Decision:
    decision = case_decision(user, case)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.level == Level.CARD:
        raise CardOnly(decision, case=case)
    return decision


def require_write(
    user: User | AnonymousUser, case: Case, *, person: Person | None = None
) -> Decision:
    """Record something on the case (a consultation, a concern): any full reader but one
    under a 106-6 grant; about a member, only if that member's consent covers the reader."""
    decision = require_view(user, case)
    if decision.summary_only:
        raise Refusal(GRANT_READ_ONLY % {"lead": _lead_name(case)}, agencies=[lead_agency_id(case)])
    if person is not None and not decision.covers(person.pk):
        raise PermissionDenied(MEMBER_NOT_COVERED % {"person": person})
    return decision


def require_household_share(user: User | AnonymousUser, household: Household) -> Decision:
    """Open a case on an existing household, edit it, move persons: its registering agency
    or the intake/lead agency of one of its cases. A reader is told to ask the lead; a
    stranger gets the same answer as for a household that does not exist."""
    decision = household_decision(user, household)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.can_share:
        return decision
    held = visible_cases(user, codename=CHANGE).filter(household=household).first()
    if held is not None:
        return Decision(Level.FULL, Basis.OWNER, decision.agency, can_change=True)
    if decision.level == Level.CARD:
        raise Refusal(decision.reason, agencies=decision.reason_agencies)
    case = household.cases.order_by("-opened_on", "-pk").first()
    raise Refusal(
        ASK_THE_LEAD % {"lead": _lead_name(case) if case else household.owner_agency.name},
        agencies=[lead_agency_id(case) if case else household.owner_agency_id],
    )


def can_see_address(user: User | AnonymousUser, household: Household) -> bool:
    """Rule 6 (住所秘匿): if a current member's address is confidential, only the registering
    agency and the intake/lead agencies of the household's cases see it."""
    confidential = household.memberships.filter(
        ended_on__isnull=True, person__address_confidential=True
    ).exists()
    if not confidential:
        return True
    agencies = [a.pk for a in case_agencies(user)]
    if household.owner_agency_id in agencies:
        return True
    return visible_cases(user, codename=CHANGE).filter(household=household).exists()


# What 住所秘匿 hides of a household: where the person can be found.
ADDRESS_FIELDS = frozenset({"postal_code", "address", "phone", "area"})


def hidden_phones(user: User | AnonymousUser, person_ids: Iterable[int]) -> set[int]:
    """Rule 6 for persons' phones: of `person_ids`, those whose phone the user may not see,
    because they live in a household whose address is hidden from the user (住所秘匿) or in
    one the user may not read. A person living in no household keeps their phone. At most
    four queries, whatever the number of persons."""
    current = list(
        HouseholdMembership.objects.filter(
            person_id__in=list(person_ids), ended_on__isnull=True
        ).select_related("household")
    )
    if not current:
        return set()
    readable = set(
        visible_households(user)
        .filter(pk__in={m.household_id for m in current})
        .values_list("pk", flat=True)
    )
    households = list(
        {m.household_id: m.household for m in current if m.household_id in readable}.values()
    )
    prefetch_related_objects(
        households,
        Prefetch(
            "memberships",
            queryset=HouseholdMembership.objects.filter(ended_on__isnull=True).select_related(
                "person"
            ),
            to_attr="current_memberships",
        ),
    )
    seen = visible_addresses(user, households) if isinstance(user, User) else set()
    return {m.person_id for m in current if m.household_id not in seen}


def visible_addresses(user: User, households: Iterable[Household]) -> set[int]:
    """can_see_address for a whole page in at most one query: the households (with
    `current_memberships` prefetched) whose address the user may see."""
    households = list(households)
    agencies = {a.pk for a in case_agencies(user)}
    restricted = [
        h.pk
        for h in households
        if h.owner_agency_id not in agencies
        and any(m.person.address_confidential for m in h.current_memberships)
    ]
    visible = {h.pk for h in households} - set(restricted)
    if restricted:
        visible |= set(
            visible_cases(user, codename=CHANGE)
            .filter(household_id__in=restricted)
            .values_list("household_id", flat=True)
        )
    return visible


def referral_visible_to(user: User | AnonymousUser, referral: Referral) -> bool:
    """The sending and receiving agencies see the referral itself (its summary is the
    minimum the sender chose to share)."""
    agencies = {a.pk for a in case_agencies(user)}
    return referral.from_agency_id in agencies or referral.to_agency_id in agencies


def can_answer_referral(user: User | AnonymousUser, referral: Referral) -> bool:
    return referral.to_agency_id in {a.pk for a in case_agencies(user)}


def active_consents(case: Case, *, purpose: str | None = None) -> QuerySet[Consent]:
    today = timezone.localdate()
    consents = case.consents.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        withdrawn_at__isnull=True,
        valid_from__lte=today,
    )
    if purpose is None:
        return consents
    return consents.filter(pk__in=[c.pk for c in consents if purpose in c.purposes])


def agencies_not_covered(
    case: Case, agencies: Iterable[Agency], *, purpose: str = Consent.Purpose.MEETING
) -> list[Agency]:
    """Rule 4: which of `agencies` no active consent given for `purpose` covers (the
    agencies it names, including those copied from the team when it was recorded and those
    it was extended to). The intake and lead agencies hold the case and are covered."""
    consents = list(active_consents(case, purpose=purpose).prefetch_related("agencies"))
    holders = {case.owner_agency_id, lead_agency_id(case)}
    covered = {a.pk for c in consents for a in c.agencies.all()}
    return [a for a in agencies if a.pk not in holders and a.pk not in covered]


def is_runner_role(membership: Membership) -> bool:
    return membership.role in (Membership.Role.COORDINATOR, Membership.Role.SUPERVISOR)


def case_memberships_at(user: User | AnonymousUser, agency: Agency) -> list[Membership]:
    return [m for m in case_memberships(user) if m.agency_id == agency.pk]


# --- the household's surroundings (eco-map) ------------------------------------------------

HOUSEHOLD_GRANT_READ_ONLY = _(
    "Under a 支援会議 grant (art. 106-6) you read the meeting summary of this household's "
    "case; you cannot record anything on it. Ask the lead agency."
)
ECO_LINK_NOT_YOURS = _(
    "Only %(agency)s, which recorded this eco-map link, or the intake and lead agencies of "
    "the household's cases may change it."
)


def require_household_write(user: User | AnonymousUser, household: Household) -> Decision:
    """Record something about the household as a whole (a line of its eco-map): whoever
    reads the household in full (its registering agency, the holders of its cases, a team
    agency covered by consent) but a reader under a 106-6 grant. A stranger gets the 404
    of a missing household, an agency that knows of a case only the card's reason."""
    decision = household_decision(user, household)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.level == Level.CARD:
        raise Refusal(decision.reason, agencies=decision.reason_agencies)
    if decision.summary_only:
        raise Refusal(HOUSEHOLD_GRANT_READ_ONLY)
    return decision


def require_eco_link_change(user: User | AnonymousUser, link: EcoLink) -> Decision:
    """Change or end one eco-map link: the agency that recorded it, or the holders of the
    household (who answer for its record)."""
    decision = require_household_write(user, link.household)
    if decision.can_change or link.owner_agency_id in {a.pk for a in case_agencies(user)}:
        return decision
    raise Refusal(
        ECO_LINK_NOT_YOURS % {"agency": link.owner_agency.name}, agencies=[link.owner_agency_id]
    )
