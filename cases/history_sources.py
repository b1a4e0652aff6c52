"""What a case's history is made of: the historical rows of every record on the case that
the reader may read, as `core.history_diff.Source`s.

The records of `cases` are listed here. Apps that keep records about a case of their own
(participation plans and matchings, meeting decisions) register a provider from their
AppConfig.ready(), as they register panels (core/panels.py): `cases` never imports them.

A provider is called with the case, the reader and the reader's decision on the case (a
full reader of the details: `cases.access.case_for` has refused everyone else) and returns
its sources, narrowed by the policy: the rows the reader may not read are not in them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from agencies.models import User
from cases import access, ecomap
from cases.models import (
    AccessGrant,
    Assessment,
    Case,
    CaseProject,
    CaseTeam,
    Closure,
    Concern,
    Consent,
    ConsentExtension,
    Consultation,
    EcoLink,
    Household,
    HouseholdMembership,
    LeadAssignment,
    Person,
    PersonRelation,
    PlanAction,
    Project,
    Referral,
    SupportPlan,
)
from core.history_diff import Source

Provider = Callable[[Case, User, access.Decision], Iterable[Source]]

_PROVIDERS: list[Provider] = []

# The record a row hangs on: the whole history is the case's, so it says nothing.
ON_THE_CASE = frozenset({"case"})


def register(provider: Provider) -> None:
    """Add the sources of another app's records to every case's history (call it from the
    app's AppConfig.ready(); registering twice adds once)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def providers() -> list[Provider]:
    return [case_records, *_PROVIDERS]


def case_records(case: Case, user: User, decision: access.Decision) -> list[Source]:
    """The case itself and what `cases` records about it."""
    consultations = access.visible_consultations(user, case, decision).values("pk")
    concerns = access.scoped(decision, case.concerns.all()).values("pk")
    on_case = {"case_id": case.pk}
    return [
        Source(case.history.all()),
        Source(CaseProject.history.filter(**on_case), hidden=ON_THE_CASE),
        Source(CaseTeam.history.filter(**on_case), hidden=ON_THE_CASE),
        Source(LeadAssignment.history.filter(**on_case), hidden=ON_THE_CASE),
        Source(
            Consent.history.filter(**on_case),
            hidden=ON_THE_CASE,
            choices={"purposes": dict(Consent.Purpose.choices)},
        ),
        Source(
            ConsentExtension.history.filter(consent__case_id=case.pk), hidden=frozenset({"consent"})
        ),
        Source(
            Referral.history.filter(**on_case),
            hidden=ON_THE_CASE,
            withheld=access.referral_version_withheld(user),
        ),
        Source(
            Consultation.history.filter(id__in=consultations, **on_case),
            hidden=ON_THE_CASE,
            readable=access.readable_consultation_version(user, decision),
            choices={"projects": dict(Project.choices)},
        ),
        Source(
            Concern.history.filter(id__in=concerns, **on_case),
            hidden=ON_THE_CASE,
            readable=access.readable_person_version(decision),
        ),
        Source(Assessment.history.filter(**on_case), hidden=ON_THE_CASE),
        Source(SupportPlan.history.filter(**on_case), hidden=ON_THE_CASE),
        Source(PlanAction.history.filter(plan__case_id=case.pk), hidden=frozenset({"plan"})),
        Source(Closure.history.filter(**on_case), hidden=ON_THE_CASE),
        *(
            [Source(AccessGrant.history.filter(**on_case), hidden=ON_THE_CASE | {"basis"})]
            if access.may_read_grants(decision)
            else []
        ),
    ]


def case_sources(case: Case, user: User, decision: access.Decision) -> list[Source]:
    return [source for provider in providers() for source in provider(case, user, decision)]


def household_sources(user: User, household: Household, decision: access.Decision) -> list[Source]:
    """A household's own record (its address, postcode, phone and area only for those the
    policy lets see them, rule 6), its memberships (who lived in it, from when, as what:
    for a member a consent reader may not read, without who — "a member", as on the
    household page), the person records of its members whose records the reader may read
    (rule 2: a consent reader, the members a consent covers), and its eco-map's links
    (added, changed, removed: read by whoever reads the household, as the eco-map is)."""
    address = frozenset() if access.can_see_address(user, household) else access.ADDRESS_FIELDS
    members = list(household.memberships.order_by().values_list("person_id", flat=True).distinct())
    # The relatives recorded with it (Person.recorded_with) are read through it too.
    relatives = list(household.relatives_recorded.order_by().values_list("pk", flat=True))
    covered = [pk for pk in {*members, *relatives} if decision.covers(pk)]
    phones = access.hidden_phones(user, covered)

    def household_withheld(row) -> frozenset[str]:
        # The key person's name only if the reader may read their record (rule 2).
        key = row.key_person_id
        return address | KEY_PERSON if key is not None and not decision.covers(key) else address

    return [
        Source(household.history.all(), withheld=household_withheld),
        Source(
            HouseholdMembership.history.filter(household_id=household.pk),
            hidden=frozenset({"household"}),
            withheld=lambda row: () if decision.covers(row.person_id) else PERSON,
        ),
        Source(
            Person.history.filter(id__in=covered),
            withheld=lambda row: PHONE if row.id in phones else (),
        ),
        # Relations (also removed ones) between two persons whose records the reader reads.
        Source(PersonRelation.history.filter(person_id__in=covered, relative_id__in=covered)),
        eco_link_source(household),
    ]


def eco_link_source(household: Household) -> Source:
    """The household's eco-map links, current and removed, each `source` named as the map
    names it (a team agency, a host, a group; "informal" as an informal support)."""
    rows = EcoLink.history.filter(household_id=household.pk)
    sources = set(rows.order_by().values_list("source", flat=True).distinct())
    names: dict[str, str] = {EcoLink.INFORMAL: str(ecomap.KINDS[ecomap.INFORMAL])}
    names.update(ecomap.resolve(sources - {EcoLink.INFORMAL}))
    return Source(
        rows,
        hidden=frozenset({"household"}),
        choices={"source": names},
    )


def person_sources(user: User, person: Person) -> list[Source]:
    """A person's own record (the phone only where the policy shows it, rule 6) and their
    memberships of the households the reader may read: a move to a household the reader
    may not read shows as the end of the old membership, never where to."""
    phone_hidden = person.pk in access.hidden_phones(user, [person.pk])
    return [
        Source(person.history.all(), withheld=lambda row: PHONE if phone_hidden else ()),
        Source(
            HouseholdMembership.history.filter(
                person_id=person.pk, household_id__in=access.visible_households(user).values("pk")
            ),
            hidden=frozenset({"person"}),
        ),
    ]


PHONE = frozenset({"phone"})
PERSON = frozenset({"person"})
KEY_PERSON = frozenset({"key_person"})
