"""名寄せ: who may make two records of one person one, who may undo it, and who reads the
record of a merge.

A merge moves everything recorded about one person record to the other, so it changes what
the readers of each record see. It is a change of both person records: the agency that may
change a person (`person_decision(...).can_change`: the registering agency, or the holder of
a household the person lived in, as for a move) must hold both, and must see the address of
every household either lives in (住所秘匿). Undoing is a supervisor's decision at the agency
that merged."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, User
from cases.access.base import NOT_FOUND, Decision, Level, case_memberships
from cases.access.decisions import can_see_address, person_decision
from cases.models import Household, Person, PersonMerge
from core.refusals import Refusal

MERGE_NEEDS_HOLDER = _(
    "Only an agency that may change both person records (the registering agency, or the "
    "holder of a household the person lives in) may merge them. Your agency reads %(person)s "
    "on the basis: %(basis)s."
)
MERGE_ONE_AGENCY = _(
    "One agency must hold both person records to merge them: you may change %(kept)s for "
    "%(kept_agency)s and %(merged)s for %(merged_agency)s."
)
MERGE_ADDRESS_HIDDEN = _(
    "%(person)s lives in a household whose address is confidential (住所秘匿) and hidden from "
    "your agency, so you cannot merge this record. Ask %(agency)s."
)
UNDO_SUPERVISORS_ONLY = _(
    "Only a supervisor of %(agency)s, the agency that merged these records, may undo the merge."
)
MERGE_RECORD_AGENCY_ONLY = _(
    "The record of this merge is read by the staff of %(agency)s, the agency that merged the "
    "records."
)


def merge_decision(user: User | AnonymousUser, person: Person) -> Decision:
    """Whether the user may merge a duplicate into (or out of) this record: the person
    decision, refused (level CARD, with the reason) unless it may change the record and
    sees the address of every household the person lives in now."""
    decision = person_decision(user, person)
    if decision.level == Level.NONE:
        return decision
    if not decision.can_change:
        reason = decision.reason or str(
            MERGE_NEEDS_HOLDER % {"person": person.full_name, "basis": decision.basis_label}
        )
        return Decision(Level.CARD, decision.basis, decision.agency, reason=reason)
    for household in _current_households(person):
        if not can_see_address(user, household):
            reason = str(
                MERGE_ADDRESS_HIDDEN
                % {"person": person.full_name, "agency": household.owner_agency.name}
            )
            return Decision(
                Level.CARD,
                decision.basis,
                decision.agency,
                reason=reason,
                reason_agencies=(household.owner_agency_id,),
            )
    return decision


def may_merge(user: User | AnonymousUser, person: Person) -> bool:
    """For pages: whether to offer "Merge a duplicate record" on this person."""
    return merge_decision(user, person).can_change


def _current_households(person: Person) -> list[Household]:
    return list(
        Household.objects.filter(
            memberships__person=person, memberships__ended_on__isnull=True
        ).select_related("owner_agency")
    )


def _require(user: User | AnonymousUser, person: Person) -> Decision:
    decision = merge_decision(user, person)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if not decision.can_change:
        raise Refusal(decision.reason, agencies=decision.reason_agencies)
    return decision


def require_merge(user: User | AnonymousUser, kept: Person, merged: Person) -> Agency:
    """The agency the merge is made for: one agency that may change both records. A record
    the user may not know of is the 404 of a missing record; one it knows but may not
    change a 403 with the reason."""
    kept_decision = _require(user, kept)
    merged_decision = _require(user, merged)
    assert kept_decision.agency is not None and merged_decision.agency is not None
    if kept_decision.agency.pk == merged_decision.agency.pk:
        return kept_decision.agency
    # A worker at two agencies: one of them may still hold both.
    for membership in case_memberships(user):
        agency = membership.agency
        if _holds(agency, kept, kept_decision) and _holds(agency, merged, merged_decision):
            return agency
    raise Refusal(
        MERGE_ONE_AGENCY
        % {
            "kept": kept.full_name,
            "kept_agency": kept_decision.agency.name,
            "merged": merged.full_name,
            "merged_agency": merged_decision.agency.name,
        },
        agencies=[kept_decision.agency.pk, merged_decision.agency.pk],
    )


def _holds(agency: Agency, person: Person, decision: Decision) -> bool:
    return person.owner_agency_id == agency.pk or (
        decision.agency is not None and decision.agency.pk == agency.pk
    )


def _works_at(user: User | AnonymousUser, agency_id: int) -> list[Membership]:
    return [m for m in case_memberships(user) if m.agency_id == agency_id]


def may_undo_merge(user: User | AnonymousUser, merge: PersonMerge) -> bool:
    return any(m.role == Membership.Role.SUPERVISOR for m in _works_at(user, merge.agency_id))


def may_read_merge(user: User | AnonymousUser, merge: PersonMerge) -> bool:
    return bool(_works_at(user, merge.agency_id))


def require_merge_read(user: User | AnonymousUser, merge: PersonMerge) -> None:
    """The record of a merge (both names, the reason, what moved) is read by the staff of
    the agency that merged. Whoever else may know the kept person is told who reads it
    (403); anyone else gets the 404 of a missing record."""
    if may_read_merge(user, merge):
        return
    if person_decision(user, merge.kept).level == Level.NONE:
        raise Http404(NOT_FOUND)
    raise Refusal(
        MERGE_RECORD_AGENCY_ONLY % {"agency": merge.agency.name}, agencies=[merge.agency_id]
    )


def require_merge_undo(user: User | AnonymousUser, merge: PersonMerge) -> None:
    """Undo: a supervisor of the agency that merged; its other staff are told so."""
    require_merge_read(user, merge)
    if not may_undo_merge(user, merge):
        raise Refusal(
            UNDO_SUPERVISORS_ONLY % {"agency": merge.agency.name}, agencies=[merge.agency_id]
        )
