"""The API's list querysets: cases/access.py decides which rows; these add what the output
serializers read, so a page costs the same number of queries whatever its size. The case
list is the pages' own (cases/selectors.py case_list, with its current projects)."""

from django.db.models import Prefetch, Q, QuerySet
from django.db.models import prefetch_related_objects as _prefetch

from agencies.models import User
from cases import access
from cases.models import (
    Case,
    Consent,
    Consultation,
    Household,
    HouseholdMembership,
    Person,
    Referral,
)
from cases.selectors import current_projects, lives_somewhere, seen_memberships


def _current_members() -> Prefetch:
    members = (
        HouseholdMembership.objects.filter(ended_on__isnull=True, person__merged_into__isnull=True)
        .select_related("person")
        .order_by("pk")
    )
    return Prefetch("memberships", queryset=members, to_attr="current_memberships")


def with_case_details(case: Case) -> Case:
    _prefetch([case], current_projects())
    if case.lead_agency_id is not None:
        _prefetch([case], "lead_agency")
    return case


def household_list(user: User) -> QuerySet[Household]:
    """Page (with agency and area), current members with their persons: two queries."""
    return (
        access.visible_households(user)
        .select_related("owner_agency", "area")
        .prefetch_related(_current_members())
    )


def with_household_details(household: Household) -> Household:
    _prefetch([household], _current_members())
    return household


def person_list(user: User, *, matching: Q | None = None) -> QuerySet[Person]:
    """Page (with agency, and whether each lives somewhere), their memberships of the
    households the caller may read: two queries. With a name or kana condition (`matching`)
    the persons found are checked household by household (access.visible_among): one query
    more, and far fewer rows followed through the policy."""
    if matching is None:
        persons = access.visible_persons(user)
    else:
        persons, _ = access.visible_among(user, Person.objects.filter(matching))
    return (
        persons.filter(merged_into__isnull=True)  # 名寄せ: listed once, as the kept record
        .select_related("owner_agency")
        .annotate(lives_somewhere=lives_somewhere())
        .prefetch_related(seen_memberships(user))
    )


def with_person_details(user: User, person: Person) -> Person:
    # What person_list annotates; not declared on Person (cases/models), hence the ignore.
    person.lives_somewhere = person.memberships.filter(  # type: ignore[attr-defined]
        ended_on__isnull=True
    ).exists()
    _prefetch([person], seen_memberships(user), "owner_agency")
    return person


def person_context(user: User, persons: list[Person]) -> dict:
    """What PersonOutputSerializer needs besides the rows: the households (among those the
    persons live in now) whose address, and so their members' phones, the caller may not see
    (住所秘匿). No query unless a row lives in a household with a confidential member; then
    two (its current members, and access.visible_addresses)."""
    confidential = {
        m.household_id: m.household
        for p in persons
        for m in p.seen_memberships
        # household_confidential: annotated by seen_memberships (cases.selectors)
        if m.ended_on is None and m.household_confidential  # type: ignore[attr-defined]
    }
    hidden: set[int] = set()
    if confidential:
        households = list(confidential.values())
        _prefetch(households, _current_members())
        hidden = set(confidential) - access.visible_addresses(user, households)
    return {"address_hidden": hidden}


def consultation_list(
    user: User, case: Case, decision: access.Decision | None = None
) -> QuerySet[Consultation]:
    return access.visible_consultations(user, case, decision).select_related(
        "agency", "staff", "person"
    )


def referral_list(user: User) -> QuerySet[Referral]:
    """Referrals the user's agencies sent or received (access.referral_visible_to, as a
    queryset): one query per page."""
    agencies = [a.pk for a in access.case_agencies(user)]
    return Referral.objects.filter(
        Q(from_agency_id__in=agencies) | Q(to_agency_id__in=agencies)
    ).select_related("case", "from_agency", "to_agency", "sent_by", "responded_by")


def consent_list(case: Case) -> QuerySet[Consent]:
    return case.consents.select_related("person", "obtained_by").prefetch_related("agencies")
