"""Querysets already filtered by the policy: one Exists() per permission table, whatever
the page size, with the validity window compared to the clock (so an expiry takes effect on
the very next request without a write)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from agencies.models import User
from cases.access.base import (
    CHANGE,
    VIEW,
    Decision,
    case_agencies,
    groups_of,
    permission_id,
)
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Consultation,
    Household,
    HouseholdMembership,
    Person,
)
from core import request_cache

M = TypeVar("M", bound=Model)


def window(now: dt.datetime) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=now)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gt=now)
    )


def group_rows(
    user: User | AnonymousUser, codename: str, now: dt.datetime | None = None
) -> QuerySet[CaseGroupObjectPermission]:
    """The rows of the user's agencies (by role) for one permission, holding now."""
    groups = list(groups_of(user))
    if not groups:
        return CaseGroupObjectPermission.objects.none()
    return CaseGroupObjectPermission.objects.filter(
        window(now or timezone.now()),
        group_id__in=groups,
        permission_id=permission_id(codename),
    )


def user_rows(
    user: User | AnonymousUser, codename: str, now: dt.datetime | None = None
) -> QuerySet[CaseUserObjectPermission]:
    """The user's personal rows (art. 106-6 grants), holding now and only while the user
    still works, in a case role, for the agency they attended for."""
    if not user.is_authenticated:
        return CaseUserObjectPermission.objects.none()
    return CaseUserObjectPermission.objects.filter(
        window(now or timezone.now()),
        user_id=user.pk,
        agency_id__in=[a.pk for a in case_agencies(user)],
        permission_id=permission_id(codename),
    )


def readable(user: User | AnonymousUser, codename: str, outer: str = "pk") -> Q:
    """A Q for any model with a case reference at `outer`: the user holds `codename` on it.

    The personal rows (art. 106-6 grants) are asked about only when the user holds one now:
    a single EXISTS is a semi-join PostgreSQL can drive from either side (the permission
    rows for a small agency, the case index for the hub), while EXISTS … OR EXISTS … is a
    filter evaluated row by row. One cheap query on the user's index decides, once per
    request (grant writes forget it)."""
    condition = Q(Exists(group_rows(user, codename).filter(content_object=OuterRef(outer))))
    if codename != CHANGE:  # personal grants never give change
        personal = user_rows(user, codename)
        if request_cache.remember(("personal-case-rows", user.pk, codename), personal.exists):
            condition |= Q(Exists(personal.filter(content_object=OuterRef(outer))))
    return condition


def records_about(user: User | AnonymousUser, *, case: str = "case", person: str = "person") -> Q:
    """For lists of person-level records over many cases (participation plans, matchings,
    follow-ups): the user reads the case on a basis other than consent, or a consent of
    that very person covers the user's agency (rule 2). One Exists() per condition."""
    from cases.models.access import Basis

    not_by_consent = Exists(
        group_rows(user, VIEW).exclude(basis=Basis.CONSENT).filter(content_object=OuterRef(case))
    ) | Exists(user_rows(user, VIEW).filter(content_object=OuterRef(case)))
    by_their_consent = Exists(
        group_rows(user, VIEW).filter(
            basis=Basis.CONSENT, content_object=OuterRef(case), person_id=OuterRef(person)
        )
    )
    return Q(not_by_consent) | Q(by_their_consent)


def visible_cases(user: User | AnonymousUser, *, codename: str = VIEW) -> QuerySet[Case]:
    """Cases whose details the user may read (or, with codename=CARD, knows of)."""
    return Case.objects.filter(readable(user, codename))


def visible_households(user: User | AnonymousUser) -> QuerySet[Household]:
    agencies = [a.pk for a in case_agencies(user)]
    readable_case = visible_cases(user).filter(household=OuterRef("pk"))
    return Household.objects.filter(Q(owner_agency_id__in=agencies) | Exists(readable_case))


def visible_persons(user: User | AnonymousUser) -> QuerySet[Person]:
    agencies = [a.pk for a in case_agencies(user)]
    in_visible_household = HouseholdMembership.objects.filter(
        person=OuterRef("pk"),
        household__in=visible_households(user).values("pk"),
    )
    return Person.objects.filter(
        Q(owner_agency_id__in=agencies)
        | Exists(in_visible_household)
        | Q(recorded_with__in=visible_households(user).values("pk"))
    )


# A reader whose households number at most NARROW_READER (a small agency: its own
# households and those of the cases it reads) has them listed first, and a search is then
# driven from them: the matches are looked for among their members, not the other way round
# (a two-character name matches tens of thousands of persons, whose memberships a search
# would otherwise read one by one to find the few households the agency knows).
NARROW_READER = 2_000


def readable_household_ids(user: User | AnonymousUser, limit: int) -> set[int] | None:
    """The households `visible_households` gives the user, as ids, when they are at most
    `limit`; None for a wider reader. Two index-driven queries (owned; of readable cases),
    each stopped after `limit` + 1 rows."""
    agencies = [a.pk for a in case_agencies(user)]
    owned = set(
        Household.objects.filter(owner_agency_id__in=agencies)
        .order_by()
        .values_list("pk", flat=True)[: limit + 1]
    )
    if len(owned) > limit:
        return None
    of_cases = set(
        visible_cases(user).order_by().values_list("household_id", flat=True)[: limit + 1]
    )
    ids = owned | of_cases
    return ids if len(ids) <= limit and len(of_cases) <= limit else None


def visible_among(
    user: User | AnonymousUser,
    candidates: QuerySet[Person],
    *,
    named: QuerySet[Household] | None = None,
    from_matches: bool = False,
    readable_ids: set[int] | None = None,
) -> tuple[QuerySet[Person], list[int]]:
    """For a search: of `candidates` (persons matching a name), those the user may see; and
    the visible households among theirs and `named` (households matching the name).

    The same rule as `visible_persons`, decided once per household rather than once per
    person: a common kana matches thousands of persons, each of whom `visible_persons`
    would follow through membership, household, case and permission row. For a narrow
    reader (NARROW_READER) the households it may see are listed first and the matches
    found among their members; otherwise the households are read first (one query over
    IN (… UNION …), which PostgreSQL starts from the name's indexes); the persons are then
    those the user's agency owns or who belong to one of them. A caller that knows the
    matches are few, or the user reads widely, says `from_matches` (the plan from the
    matches, without asking how many households the user reads); one that has
    `readable_household_ids` passes them (two queries saved either way)."""
    agencies = [a.pk for a in case_agencies(user)]
    if readable_ids is None and not from_matches:
        readable_ids = readable_household_ids(user, NARROW_READER)
    if readable_ids is not None:
        return _among_narrow(agencies, candidates, named, readable_ids)
    theirs = (
        HouseholdMembership.objects.filter(person__in=candidates.order_by().values("pk"))
        .order_by()
        .values("household_id")
    )
    recorded = candidates.filter(recorded_with__isnull=False).order_by().values("recorded_with_id")
    theirs = theirs.union(recorded)
    if named is not None:
        theirs = theirs.union(named.order_by().values("pk"))
    household_ids = list(
        visible_households(user).filter(pk__in=theirs).order_by().values_list("pk", flat=True)
    )
    in_one_of_them = HouseholdMembership.objects.filter(
        person=OuterRef("pk"), household_id__in=household_ids
    )
    persons = candidates.filter(
        Q(owner_agency_id__in=agencies)
        | Exists(in_one_of_them)
        | Q(recorded_with_id__in=household_ids)
    )
    return persons, household_ids


def _among_narrow(
    agencies: list[int],
    candidates: QuerySet[Person],
    named: QuerySet[Household] | None,
    readable_ids: set[int],
) -> tuple[QuerySet[Person], list[int]]:
    """visible_among for a reader of the households `readable_ids` (few): the same answer,
    found from those households' members rather than from every match."""
    readable = sorted(readable_ids)
    matching = candidates.order_by().values("pk")
    theirs = (
        HouseholdMembership.objects.filter(household_id__in=readable, person__in=matching)
        .order_by()
        .values("household_id")
        .union(
            candidates.filter(recorded_with_id__in=readable).order_by().values("recorded_with_id")
        )
    )
    if named is not None:
        theirs = theirs.union(named.filter(pk__in=readable).order_by().values("pk"))
    household_ids: list[int] = sorted({row["household_id"] for row in theirs})
    seen = (
        HouseholdMembership.objects.filter(household_id__in=household_ids)
        .order_by()
        .values("person_id")
        .union(Person.objects.filter(owner_agency_id__in=agencies).order_by().values("pk"))
        .union(Person.objects.filter(recorded_with_id__in=household_ids).order_by().values("pk"))
    )
    return candidates.filter(pk__in=seen), household_ids


def scoped(decision: Decision, records: QuerySet[M], person_field: str = "person") -> QuerySet[M]:
    """Person-level records the decision covers: the household-level ones and those about a
    member whose consent covers the reader (rule 2)."""
    if decision.persons is None:
        return records
    return records.filter(
        Q(**{f"{person_field}__isnull": True}) | Q(**{f"{person_field}_id__in": decision.persons})
    )


def withheld(decision: Decision, records: QuerySet[M], person_field: str = "person") -> QuerySet[M]:
    """The records `scoped` leaves out: shown only as 'a record exists', with whose consent
    is missing."""
    if decision.persons is None:
        return records.none()
    return records.filter(**{f"{person_field}__isnull": False}).exclude(
        **{f"{person_field}_id__in": decision.persons}
    )


def visible_consultations(
    user: User | AnonymousUser, case: Case, decision: Decision | None = None
) -> QuerySet[Consultation]:
    """Rule 6: an agency-internal record is read only by the agency that wrote it; rule 2:
    a record about a member needs that member's consent; art. 106-6 readers see none."""
    from cases.access.decisions import case_decision

    decision = decision or case_decision(user, case)
    if not decision.can_view or decision.summary_only:
        return case.consultations.none()
    agencies = [a.pk for a in case_agencies(user)]
    return scoped(
        decision, case.consultations.filter(Q(is_internal=False) | Q(agency_id__in=agencies))
    )


# --- versions of a record (history rows) ------------------------------------------------
#
# A record's history shows its past versions: each is read under the same rule as the
# record, applied to the values that version held (a consultation marked internal then, or
# about another member then, stays hidden even if it is no longer so).


def readable_person_version(
    decision: Decision, person_field: str = "person_id"
) -> Callable[[Any], bool]:
    """Rule 2 for one stored version of a person-level record (concern, consultation,
    participation plan, matching): household-level, or about a member the decision covers."""
    return lambda row: decision.covers(getattr(row, person_field))


def readable_consultation_version(
    user: User | AnonymousUser, decision: Decision
) -> Callable[[Any], bool]:
    """Rules 6 and 2 for one stored version of a consultation, as `visible_consultations`
    decides for the record: agency-internal only for the agency that wrote it, and about a
    member only with that member's consent."""
    agencies = {a.pk for a in case_agencies(user)}
    covered = readable_person_version(decision)
    return lambda row: (not row.is_internal or row.agency_id in agencies) and covered(row)


# What of a referral only its sending and receiving agencies read (referral_visible_to):
# what was asked, the summary and the answer. Other readers of the case see that it was
# sent, between whom, and how it was answered.
REFERRAL_CONTENT = frozenset({"reason", "summary", "response_note"})


def referral_version_withheld(user: User | AnonymousUser) -> Callable[[Any], frozenset[str]]:
    """For one stored version of a referral: the fields the user may not see."""
    agencies = {a.pk for a in case_agencies(user)}
    return lambda row: (
        frozenset()
        if row.from_agency_id in agencies or row.to_agency_id in agencies
        else REFERRAL_CONTENT
    )
