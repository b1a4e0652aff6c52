"""Deciding for many cases at once: the same rule as `case_decision`, fed by one query per
batch of cases instead of one per case (an export of thousands of rows decides each row
without a query per row)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AnonymousUser
from django.db.models import IntegerField, Value
from django.utils import timezone

from agencies.models import Agency, User
from cases.access.base import (
    MEMBER_CONSENT_MISSING,
    NOT_FOUND,
    Decision,
    Level,
    case_agencies,
    codename_of,
    groups_of,
)
from cases.access.decisions import _best, _Row, decide_from_rows
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Household,
    HouseholdMembership,
    Person,
)
from cases.models.access import Basis

NONE = Decision(Level.NONE, reason=str(NOT_FOUND))


def case_decisions(user: User | AnonymousUser, case_ids: Iterable[int]) -> dict[int, Decision]:
    """The user's decision on each of these cases, in one query (a UNION of the two
    direct foreign-key tables over the batch), whatever the number of cases. A case the
    user does not know of maps to a NONE decision. Callers batch the ids (an IN list of a
    few hundred)."""
    ids = list(case_ids)
    groups = groups_of(user)
    if not ids or not groups or not isinstance(user, User):
        return dict.fromkeys(ids, NONE)
    agencies = {a.pk: a for a in groups.values()}
    fields = ("content_object_id", "permission_id", "basis", "valid_from", "valid_until")
    none = Value(None, output_field=IntegerField())
    group_part = (
        CaseGroupObjectPermission.objects.filter(content_object_id__in=ids, group_id__in=groups)
        .annotate(row_agency=none)
        .values_list(*fields, "group_id", "row_agency", "person_id")
    )
    user_part = (
        CaseUserObjectPermission.objects.filter(
            content_object_id__in=ids, user_id=user.pk, agency_id__in=list(agencies)
        )
        .annotate(row_group=none, row_person=none)
        .values_list(*fields, "row_group", "agency_id", "row_person")
    )
    rows: dict[int, tuple[list[_Row], list[_Row]]] = {pk: ([], []) for pk in ids}
    for case_id, perm, basis, start, end, group_id, agency_id, person_id in group_part.union(
        user_part, all=True
    ):
        row = _Row(codename_of(perm), basis, group_id, agency_id, person_id, start, end)
        rows[case_id][1 if agency_id is not None else 0].append(row)
    now = timezone.now()
    return {
        pk: decide_from_rows(group_rows, personal, groups=groups, agencies=agencies, now=now)
        if group_rows or personal
        else NONE
        for pk, (group_rows, personal) in rows.items()
    }


def household_decisions(
    user: User | AnonymousUser, households: Sequence[Household]
) -> dict[int, Decision]:
    """`household_decision` for each of these households (their `owner_agency_id` read),
    in at most two queries whatever their number (their cases, and `case_decisions` over
    them): for a page of the households list, whose members a consent reader sees by name
    only where the consent covers them (rule 2)."""
    agencies = {a.pk: a for a in case_agencies(user)}
    return _of_households(user, agencies, [(h.pk, h.owner_agency_id) for h in households])


def _of_households(
    user: User | AnonymousUser,
    agencies: dict[int, Agency],
    households: Sequence[tuple[int, int | None]],
) -> dict[int, Decision]:
    """The decision on each (household id, owner agency id): the rule of
    `household_decision`, its cases taken in the order it reads them (newest first)."""
    cases_of: dict[int, list[int]] = {
        pk: [] for pk, owner_id in households if owner_id not in agencies
    }
    if cases_of:
        for household_id, case_id in (
            Case.objects.filter(household_id__in=list(cases_of))
            .order_by("-opened_on", "-pk")
            .values_list("household_id", "pk")
        ):
            cases_of[household_id].append(case_id)
    on_case = case_decisions(user, [c for ids in cases_of.values() for c in ids])
    of_household: dict[int, Decision] = {}
    for pk, owner_id in households:
        if owner_id in agencies:
            of_household[pk] = Decision(Level.FULL, Basis.OWNER, agencies[owner_id], True)
            continue
        decisions = [on_case[c] for c in cases_of[pk]]
        cards = [d for d in decisions if d.level == Level.CARD]
        of_household[pk] = _best(decisions) or (cards[0] if cards else NONE)
    return of_household


def person_decisions(user: User | AnonymousUser, persons: Sequence[Person]) -> dict[int, Decision]:
    """`person_decision` for each of these persons, in at most four queries whatever their
    number (their households, those households' owners, their cases, and `case_decisions`
    over the cases): the same rule, with the households and cases taken in the order
    `person_decision` and `household_decision` read them (the models' orderings), so a
    card decision names the same case. Callers pass a bounded list (a page of search
    results, the candidates of one match)."""
    agencies = {a.pk: a for a in case_agencies(user)}
    result: dict[int, Decision] = {}
    rest: list[Person] = []
    for person in persons:
        if person.owner_agency_id in agencies:
            owner = agencies[person.owner_agency_id]
            result[person.pk] = Decision(Level.FULL, Basis.OWNER, owner, True)
        else:
            rest.append(person)
    if not rest:
        return result
    lived: dict[int, set[int]] = {p.pk: set() for p in rest}
    memberships = HouseholdMembership.objects.filter(person_id__in=list(lived)).order_by()
    for person_id, household_id in memberships.values_list("person_id", "household_id"):
        lived[person_id].add(household_id)
    for person in rest:
        if person.recorded_with_id is not None:
            lived[person.pk].add(person.recorded_with_id)
    household_ids = set().union(*lived.values())
    households = list(
        Household.objects.filter(pk__in=household_ids)
        .order_by("name", "pk")
        .values_list("pk", "owner_agency_id")
    )
    of_household = _of_households(user, agencies, households)
    order = [pk for pk, _owner in households]
    for person in rest:
        decisions = [of_household[h] for h in order if h in lived[person.pk]]
        best = _best(decisions)
        if best is not None:
            result[person.pk] = (
                best
                if best.covers(person.pk)
                else Decision(
                    Level.CARD,
                    best.basis,
                    best.agency,
                    reason=str(MEMBER_CONSENT_MISSING % {"person": person}),
                )
            )
            continue
        cards = [d for d in decisions if d.level == Level.CARD]
        result[person.pk] = cards[0] if cards else NONE
    return result
