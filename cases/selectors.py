"""Reads for the case pages, already scoped by cases/access.py and shaped so that a page
runs a constant number of queries whatever its length."""

import datetime as dt
import functools
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jaconv
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models import prefetch_related_objects as _prefetch
from django.db.models.functions import Upper
from django.utils import timezone

from agencies.models import Agency, User
from cases import access, history_sources
from cases.models import (
    Case,
    CaseProject,
    CaseTeam,
    Concern,
    Consent,
    Consultation,
    Household,
    HouseholdMembership,
    MatchRequest,
    Person,
    PersonMerge,
    Referral,
)
from cases.timeline import Event, Timeline, case_timeline  # noqa: F401  (lives there now)
from core.history_diff import Entry, entries
from core.kana import normalise_terms, phone_key

# The orderings a case list offers, each backed by an index on the case (cases/models/case.py).
CASE_ORDERINGS: dict[str, tuple] = {
    "opened": (F("opened_on").desc(), F("pk").desc()),
    "contact": (F("last_contact_at").asc(nulls_first=True), F("pk").asc()),
    "reference": (F("pk").desc(),),
    # The same indexes read backwards: a column header clicked a second time.
    "-opened": (F("opened_on").asc(), F("pk").asc()),
    "-contact": (F("last_contact_at").desc(nulls_last=True), F("pk").desc()),
    "-reference": (F("pk").asc(),),
}
CASE_SCOPES = ("me", "agency", "all")


@dataclass(frozen=True)
class CaseFilters:
    """What a case list is narrowed to and sorted by.

    `status`: one status ("" for any); without one, closed cases are left out unless
    `include_closed`. `q`: text in the main concern or the household's name. `scope`: "me"
    (the user is the responsible worker), "agency" (the user's agencies own or lead it) or
    "all". `sort`: a key of CASE_ORDERINGS."""

    status: str = ""
    include_closed: bool = False
    q: str = ""
    scope: str = "all"
    sort: str = "opened"
    worker: int | None = None  # the responsible worker's user id
    concern: str = ""  # a Concern.Category the reader may read on the case
    area: int | None = None  # the household's area
    project: str = ""  # a current project enrolment
    aging: int | None = None  # open for at least this many years

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> "CaseFilters":
        """From CaseFilterForm's cleaned data (or the fallback a page uses when the form is
        invalid): empty or unknown values mean the default."""
        scope = data.get("scope") or "all"
        sort = data.get("sort") or "opened"
        worker, area = data.get("worker"), data.get("area")
        aging = data.get("aging")
        return cls(
            status=data.get("status") or "",
            include_closed=bool(data.get("include_closed")),
            q=data.get("q") or "",
            scope=scope if scope in CASE_SCOPES else "all",
            sort=sort if sort in CASE_ORDERINGS else "opened",
            worker=getattr(worker, "pk", worker) or None,
            concern=data.get("concern") or "",
            area=getattr(area, "pk", area) or None,
            project=data.get("project") or "",
            aging=int(aging) if aging else None,
        )

    @property
    def narrows_by_content(self) -> bool:
        """Whether a filter reads what only a reader of the details knows (so lists of
        cases known only by their card must not be filtered by it)."""
        return bool(
            self.q or self.status or self.worker or self.concern or self.area or self.project
        ) or bool(self.aging)


# The API lists every status (its own filters narrow it, cases/api/filters.py CaseFilter).
API_CASE_FILTERS = CaseFilters(include_closed=True)


def current_projects() -> Prefetch:
    """A case's current project enrolments, as `current_projects`."""
    projects = CaseProject.objects.filter(ended_on__isnull=True).order_by("project")
    return Prefetch("projects", queryset=projects, to_attr="current_projects")


def case_list(
    user: User, *, filters: CaseFilters | None = None, with_projects: bool = False
) -> QuerySet[Case]:
    """Cases whose details the user may read, with household, intake and lead agency and
    the last contact (columns on the case: nothing here joins the consultations): one query
    per page. `with_projects` adds the current projects (for the API's output serializer):
    one query more. The case page and the API list both read through here."""
    filters = filters or CaseFilters()
    qs = access.visible_cases(user).select_related("household", "owner_agency", "lead_agency")
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif not filters.include_closed:
        qs = qs.exclude(status=Case.Status.CLOSED)
    if filters.q:
        text = Q(title__icontains=filters.q)
        if household := name_matches(filters.q, ("household__name_key",)):
            text |= household
        qs = qs.filter(text)
    if filters.worker:
        qs = qs.filter(worker_id=filters.worker)
    if filters.area:
        qs = qs.filter(household__area_id=filters.area)
    if filters.project:
        qs = qs.filter(
            Exists(
                CaseProject.objects.filter(
                    case=OuterRef("pk"), project=filters.project, ended_on__isnull=True
                )
            )
        )
    if filters.concern:
        # Only concerns the reader may read: a household-level one, or one about a person
        # the reader's basis covers (access.records_about) — an uncovered member's concern
        # must not be found by filtering either.
        readable = Q(person__isnull=True) | access.records_about(user)
        qs = qs.filter(
            Exists(Concern.objects.filter(readable, case=OuterRef("pk"), category=filters.concern))
        )
    if filters.aging:
        today = timezone.localdate()
        try:
            since = today.replace(year=today.year - filters.aging)
        except ValueError:  # 29 February
            since = today.replace(year=today.year - filters.aging, day=28)
        qs = qs.filter(opened_on__lte=since).exclude(status=Case.Status.CLOSED)
    if filters.scope == "me":
        qs = qs.filter(worker=user)
    elif filters.scope == "agency":
        mine = [a.pk for a in access.case_agencies(user)]
        qs = qs.filter(Q(owner_agency_id__in=mine) | Q(lead_agency_id__in=mine))
    if with_projects:
        qs = qs.prefetch_related(current_projects())
    return qs.order_by(*CASE_ORDERINGS.get(filters.sort, CASE_ORDERINGS["opened"]))


def my_cases(user: User, limit: int = 20) -> list[Case]:
    """Open cases the user's agencies own or lead, those without recent contact first."""
    return list(case_list(user, filters=CaseFilters(scope="agency", sort="contact"))[:limit])


def referral_inbox(user: User) -> QuerySet[Referral]:
    agencies = [a.pk for a in access.case_agencies(user)]
    return Referral.objects.filter(to_agency_id__in=agencies).select_related(
        "case", "from_agency", "to_agency", "sent_by"
    )


def referrals_sent(user: User) -> QuerySet[Referral]:
    agencies = [a.pk for a in access.case_agencies(user)]
    return Referral.objects.filter(from_agency_id__in=agencies).select_related(
        "case", "from_agency", "to_agency", "responded_by"
    )


def recent_consultations(user: User, limit: int = 10) -> list[Consultation]:
    return list(
        Consultation.objects.filter(staff=user, case__in=access.visible_cases(user))
        .select_related("case", "case__household", "agency")
        .order_by("-occurred_at")[:limit]
    )


def consents_expiring(user: User, within_days: int = 30) -> list[Consent]:
    """Active consents of cases the user's agencies own or lead, ending within N days."""
    today = timezone.localdate()
    changeable = access.visible_cases(user, codename=access.CHANGE)
    return list(
        Consent.objects.filter(
            case__in=changeable,
            withdrawn_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("case", "case__household", "person")
        .order_by("valid_until")
    )


def household_members(household: Household) -> list[HouseholdMembership]:
    """Its members, past and present; a record merged into another (名寄せ) is not a
    person of its own: the kept record is listed instead."""
    return list(
        household.memberships.filter(person__merged_into__isnull=True)
        .select_related("person")
        .order_by("ended_on", "relation", "person__birth_date")
    )


def household_cases(user: User, household: Household) -> list[dict]:
    """Every case of the household, with what the user may do with each."""
    known = access.visible_cases(user, codename=access.CARD).filter(household=household)
    readable = set(
        access.visible_cases(user).filter(household=household).values_list("pk", flat=True)
    )
    return [
        {"case": case, "readable": case.pk in readable}
        for case in known.select_related("owner_agency", "lead_agency")
    ]


def household_concerns(
    user: User, household: Household, decision: access.Decision
) -> list[Concern]:
    """The concerns of the household's cases the user may read: the household-level ones
    and, for a consent reader, those about a member the consent covers (rule 2)."""
    concerns = Concern.objects.filter(
        case__in=access.visible_cases(user).filter(household=household)
    )
    return list(
        access.scoped(decision, concerns)
        .select_related("person", "case")
        .order_by("resolved_on", "person__birth_date")
    )


@dataclass
class TeamRow:
    member: CaseTeam
    is_owner: bool
    is_lead: bool
    consent: str  # "covered", "missing", "owner"


def case_team(case: Case) -> list[TeamRow]:
    """Current team with a consent badge per agency."""
    today = timezone.localdate()
    lead = case.lead_agency_id  # the current lead (a column of the case), or None
    consents = list(
        case.consents.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            withdrawn_at__isnull=True,
            valid_from__lte=today,
        ).prefetch_related("agencies")
    )
    rows = []
    for member in case.team.filter(left_on__isnull=True).select_related("agency"):
        is_owner = member.agency_id in (case.owner_agency_id, lead)
        covered = any(
            c.all_team_agencies or member.agency_id in {a.pk for a in c.agencies.all()}
            for c in consents
        )
        rows.append(
            TeamRow(
                member=member,
                is_owner=member.agency_id == case.owner_agency_id,
                is_lead=member.agency_id == lead,
                consent="owner" if is_owner else ("covered" if covered else "missing"),
            )
        )
    return rows


# Searching by name, for the search page, the persons API and intake alike. What was typed
# and the records are compared in one spelling (core.kana: hiragana, katakana and
# half-width kana alike, full-width letters and digits as ASCII, no spaces), through the key
# columns the models keep (Person.name_key and kana_key, Household.name_key). The whole of
# what was typed, spaces taken out, may match ("やま もと" finds ヤマモト), or every term of
# it may match one of the keys. A key of SUBSTRING_MIN characters or more matches anywhere
# in a key (部分一致), a shorter one at its start (前方一致) or at the start of a given name.
# On PostgreSQL the keys are `LIKE` (Django's contains / startswith: the keys are already in
# upper case, so no UPPER() that would bypass the index), which the GIN trigram indexes on
# the key columns answer (migration 0012_search_keys_backfill_and_trigram). A trigram index
# needs three characters of the pattern: a pattern anchored at the start gets them from the
# padding of a word's start, so "山田" or "やま" use the index, while "%山田%" would read
# all 660,000 persons.
SUBSTRING_MIN = 3
PERSON_NAME_FIELDS = ("name_key", "kana_key")
# The given-name columns a short term may also start (the keys join family and given name,
# so a two-character given name like 一郎 is not at a key's start). Stored as typed: the
# term is tried in katakana and hiragana.
PERSON_GIVEN_FIELDS = ("given_name", "given_name_kana")
# Results in kana order, over expressions rather than the columns: ordered by the columns,
# PostgreSQL walks the kana btree hoping to meet 50 matches early, testing every person it
# passes against the access policy (seconds at city scale); over expressions it starts from
# the trigram indexes and sorts the few matches.
SEARCH_ORDER = (Upper("family_name_kana"), Upper("given_name_kana"), F("pk"))
# A search that is a phone number: digits, with hyphens, brackets or spaces between.
PHONE_TEXT = re.compile(r"^[\d０-９()（）\-－ー‐+＋\s]+$")
PHONE_MIN_DIGITS = 6


def _key_matches(key: str, fields: tuple[str, ...], given: tuple[str, ...]) -> Q:
    if len(key) >= SUBSTRING_MIN:
        return functools.reduce(operator.or_, (Q(**{f"{f}__contains": key}) for f in fields))
    condition = functools.reduce(operator.or_, (Q(**{f"{f}__startswith": key}) for f in fields))
    for spelling in {key, jaconv.kata2hira(key)}:
        for field in given:
            condition |= Q(**{f"{field}__istartswith": spelling})
    return condition


def name_matches(text: str, fields: tuple[str, ...], given: tuple[str, ...] = ()) -> Q:
    """What `text` finds in the normalised key columns `fields` (and, for a short term, at
    the start of the raw columns `given`); an empty Q when it has no term."""
    terms = normalise_terms(text)
    if not terms:
        return Q()
    joined = _key_matches("".join(terms), fields, given)
    if len(terms) == 1:
        return joined
    each = functools.reduce(operator.and_, (_key_matches(t, fields, given) for t in terms))
    return joined | each


def household_name_matches(text: str) -> Q:
    return name_matches(text, ("name_key",))


def person_name_matches(text: str) -> Q:
    return name_matches(text, PERSON_NAME_FIELDS, PERSON_GIVEN_FIELDS)


def phone_of(text: str) -> str:
    """The digits of `text` when it is a phone number (or its start), else ""."""
    if not PHONE_TEXT.match(text or ""):
        return ""
    digits = phone_key(text)
    return digits if len(digits) >= PHONE_MIN_DIGITS else ""


def searchable_persons() -> QuerySet[Person]:
    """Persons search may offer: a record merged into another (名寄せ) is not one."""
    return Person.objects.filter(merged_into__isnull=True)


def search(user: User, *, text: str = "", birth_date: dt.date | None = None) -> dict:
    """Households and persons matching name, kana (any spelling, core.kana), phone or birth
    date, among those the user may see (rule: search asks the same policy). Records merged
    into another are not offered; a person is found by phone only by those who may see the
    phone (住所秘匿, access.hidden_phones).

    The persons are the first SEARCH_LIMIT visible matches in kana order. The households
    are those of the persons listed (the households the user may read that they live or
    lived in, or were recorded with) and the first SEARCH_LIMIT visible households whose
    own name matches, by name: never the households of every matching person, which for a
    common family name means reading thousands of memberships at city scale."""
    phone = phone_of(text)
    named: QuerySet[Household] | None = None
    readable: set[int] | None = None
    if phone:
        persons, _ = access.visible_among(
            user, searchable_persons().filter(phone_key=phone), from_matches=True
        )
        hidden = access.hidden_phones(user, persons.values_list("pk", flat=True)[:50])
        persons = persons.exclude(pk__in=hidden)
    elif normalise_terms(text):
        candidates = searchable_persons().filter(person_name_matches(text))
        named = Household.objects.filter(household_name_matches(text))
        if birth_date:
            candidates = candidates.filter(birth_date=birth_date)
            named = named.filter(
                Exists(
                    HouseholdMembership.objects.filter(
                        household=OuterRef("pk"), person__birth_date=birth_date
                    )
                )
            )
        wide = _reads_widely(user)
        readable = None if wide else access.readable_household_ids(user, access.NARROW_READER)
        if wide and birth_date is None:
            persons = _first_visible_persons(user, candidates)
        else:
            persons = access.visible_among(
                user, candidates, from_matches=wide, readable_ids=readable
            )[0]
    else:
        persons = access.visible_persons(user).filter(merged_into__isnull=True)
    if birth_date:
        persons = persons.filter(birth_date=birth_date)
    persons = persons.filter(merged_into__isnull=True)  # 名寄せ: the kept record is found
    found = list(
        persons.prefetch_related(seen_memberships(user)).order_by(*SEARCH_ORDER)[:SEARCH_LIMIT]
    )
    for person in found:
        person.whereabouts = whereabouts(person)
    return {"persons": found, "households": _households_found(user, found, named, readable)}


def _households_found(
    user: User,
    found: list[Person],
    named: QuerySet[Household] | None,
    readable: set[int] | None,
) -> list[Household]:
    """The households `search` lists: those of the persons `found` (their seen_memberships
    are already the visible ones), those they were recorded with if visible, and the first
    visible ones `named`; by name, with how many cases are open."""
    ids = {m.household_id for person in found for m in person.seen_memberships}
    recorded = {p.recorded_with_id for p in found if p.recorded_with_id} - ids
    if recorded:
        ids |= set(
            access.visible_households(user).filter(pk__in=recorded).values_list("pk", flat=True)
        )
    if named is not None:
        ids |= set(_first_visible_named(user, named, readable))
    if not ids:
        return []
    return list(
        Household.objects.filter(pk__in=ids)
        .annotate(
            open_cases=Count("cases", filter=~Q(cases__status=Case.Status.CLOSED), distinct=True)
        )
        .select_related("owner_agency")
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )


# Search shows the first SEARCH_LIMIT visible rows in its order. A common name matches
# thousands of persons; deciding visibility for all of them (even once per household) is
# most of a search's time at city scale. So the first SEARCH_PROBE matches in the search's
# order are decided first: when SEARCH_LIMIT of them are visible, those are the answer (any
# visible match further on comes after them); otherwise every match is decided, as before.
# This pays off for readers of much of the city (the hub); for a small agency, which reads
# few of the matches, the probe rarely finds enough, and deciding every household at once
# (driven from the few it reads) is the cheaper plan.
SEARCH_LIMIT = 50
SEARCH_PROBE = 500
WIDE_READER = 5_000


def _reads_widely(user: User) -> bool:
    """The user's agencies read at least WIDE_READER cases (one index-only count, capped)."""
    from cases.access.filters import group_rows

    return group_rows(user, access.VIEW)[:WIDE_READER].count() == WIDE_READER


def _first_visible_persons(user: User, candidates: QuerySet[Person]) -> QuerySet[Person]:
    """The visible persons among `candidates` (access.visible_among), at least the first
    SEARCH_LIMIT of them in SEARCH_ORDER: the same rows the search shows, in at most three
    more queries than deciding them all."""
    head = list(candidates.order_by(*SEARCH_ORDER).values_list("pk", flat=True)[: SEARCH_PROBE + 1])
    if len(head) > SEARCH_PROBE:
        probe = Person.objects.filter(pk__in=head[:SEARCH_PROBE])
        among = access.visible_among(user, probe, from_matches=True)[0]
        first = list(among.order_by(*SEARCH_ORDER).values_list("pk", flat=True)[:SEARCH_LIMIT])
        if len(first) == SEARCH_LIMIT:
            return candidates.filter(pk__in=first)
    return access.visible_among(user, candidates, from_matches=True)[0]


def _first_visible_named(
    user: User, named: QuerySet[Household], readable: set[int] | None
) -> list[int]:
    """The first SEARCH_LIMIT households of `named` the user may see, by name: among the
    `readable` ones when they are known (access.readable_household_ids); else the first
    SEARCH_PROBE by name decided first (for a wide reader they hold the answer), else all."""
    if readable is not None:
        ordered = named.filter(pk__in=sorted(readable)).order_by("name", "pk")
        return list(ordered.values_list("pk", flat=True)[:SEARCH_LIMIT])
    visible = access.visible_households(user).order_by("name", "pk").values_list("pk", flat=True)
    head = list(named.order_by("name", "pk").values_list("pk", flat=True)[: SEARCH_PROBE + 1])
    if len(head) <= SEARCH_PROBE:
        return list(visible.filter(pk__in=head)[:SEARCH_LIMIT])
    first = list(visible.filter(pk__in=head[:SEARCH_PROBE])[:SEARCH_LIMIT])
    if len(first) == SEARCH_LIMIT:
        return first
    return list(visible.filter(pk__in=named.order_by().values("pk"))[:SEARCH_LIMIT])


def household_candidates(user: User, text: str) -> list[Household]:
    """For intake: households the user may see whose name or members match (in any
    spelling of the kana, width or spacing: the search's own rule)."""
    if not normalise_terms(text) and not phone_of(text):
        return []
    return search(user, text=text)["households"][:10]


HISTORY_LIMIT = 300


def history_of(case: Case, user: User, decision: access.Decision | None = None) -> list[Entry]:
    """Change history of the case and of everything recorded about it that the user may
    read (cases.history_sources: the records of cases and those other apps register), newest
    first, each row with its field changes (core.history_diff). A constant number of
    queries: one per source, one per kind of record the changes name."""
    decision = decision or access.case_decision(user, case)
    return entries(history_sources.case_sources(case, user, decision), limit=HISTORY_LIMIT)


def household_history(user: User, household: Household, decision: access.Decision) -> list[Entry]:
    """The household's record, its memberships and its members' records, as the user may
    read them (住所秘匿 hides the address fields), newest first, with field changes."""
    return entries(
        history_sources.household_sources(user, household, decision), limit=HISTORY_LIMIT
    )


def person_history(user: User, person: Person) -> list[Entry]:
    """The person's record and their memberships of households the user may read."""
    return entries(history_sources.person_sources(user, person), limit=HISTORY_LIMIT)


def withheld_records(decision: access.Decision, case: Case) -> list[dict]:
    """Rule 2 for a consent reader: which members' records exist but are withheld (their
    own consent does not cover the reader): the person and how many, never the content."""
    if decision.persons is None or not decision.can_view:
        return []
    counts: dict[int, dict] = {}
    sources: list[QuerySet[Any]] = [
        case.concerns.all(),
        case.consultations.filter(is_internal=False),
    ]
    for model_records in sources:
        for row in access.withheld(decision, model_records).values(
            "person_id", "person__family_name", "person__given_name"
        ):
            entry = counts.setdefault(
                row["person_id"],
                {"person": f"{row['person__family_name']} {row['person__given_name']}", "n": 0},
            )
            entry["n"] += 1
    return list(counts.values())


def seen_memberships(user: User) -> Prefetch:
    """A person's memberships, current and ended, of the households the user may read
    (access.visible_households), newest first, with the household, as `seen_memberships`.
    A household the person moved to that the user may not read is not among them: an
    agency that knew the person in their old household does not learn where they went.

    `household_confidential` says whether a current member of the household is under
    住所秘匿 (a fact; whether the user may see its address is access.visible_addresses')."""
    confidential = HouseholdMembership.objects.filter(
        household=OuterRef("household_id"),
        ended_on__isnull=True,
        person__address_confidential=True,
    )
    memberships = (
        HouseholdMembership.objects.filter(
            household__in=access.visible_households(user).values("pk")
        )
        .select_related("household")
        .annotate(household_confidential=Exists(confidential))
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
    )
    return Prefetch("memberships", queryset=memberships, to_attr="seen_memberships")


def lives_somewhere() -> Exists:
    """Annotation: the person is a current member of some household (seen or not)."""
    return Exists(HouseholdMembership.objects.filter(person=OuterRef("pk"), ended_on__isnull=True))


@dataclass
class Whereabouts:
    """Where a person lives, as one reader may know it."""

    current: list[HouseholdMembership]  # current memberships in households the reader reads
    moved_out_on: dt.date | None  # else: when they last left a household the reader reads
    elsewhere: bool  # they live in a household the reader may not read


def whereabouts(person: Person) -> Whereabouts:
    """From `seen_memberships` (and the `lives_somewhere` annotation, when present)."""
    memberships = person.seen_memberships
    current = [m for m in memberships if m.ended_on is None]
    ended = [m.ended_on for m in memberships if m.ended_on is not None]
    lives = getattr(person, "lives_somewhere", bool(current))
    return Whereabouts(
        current=current,
        moved_out_on=max(ended) if ended and not current else None,
        elsewhere=lives and not current,
    )


def person_households(user: User, person: Person) -> list[HouseholdMembership]:
    """The person's households that the user may read, newest first (a move to one the user
    may not read shows as the end of the membership it left, without the destination)."""
    _prefetch([person], seen_memberships(user))
    return person.seen_memberships


def outreach_summary(
    user: User, case: Case, decision: access.Decision | None = None
) -> dict | None:
    """For a case in (or converted from) the outreach project: its stage, who told us, and
    the visit attempts by outcome."""
    if not case.outreach_stage:
        return None
    counts = dict(
        access.visible_consultations(user, case, decision)
        .exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    return {
        "stage": case.get_outreach_stage_display(),
        "consented": case.outreach_stage == Case.OutreachStage.CONSENTED,
        "attempts": [
            (label, counts.get(value, 0)) for value, label in Consultation.Outcome.choices
        ],
    }


MERGE_CANDIDATES_LIMIT = 30


def merge_candidates(user: User, person: Person, *, text: str = "") -> list[Person]:
    """名寄せ: the records the user's agencies registered that may be the same person, for
    the "merge a duplicate" page: those matching `text` (name or kana), or without it the
    likely duplicates (the same kana, name or phone with the same birth date). Never the
    person itself, nor a record already merged."""
    agencies = [a.pk for a in access.case_agencies(user)]
    persons = Person.objects.filter(owner_agency_id__in=agencies, merged_into__isnull=True).exclude(
        pk=person.pk
    )
    if text.strip():
        persons = persons.filter(name_matches(text, PERSON_NAME_FIELDS))
    else:
        alike = Q(pk__in=[])
        if person.kana_key:
            alike |= Q(kana_key=person.kana_key, birth_date=person.birth_date)
        if person.name_key:
            alike |= Q(name_key=person.name_key, birth_date=person.birth_date)
        if person.phone_key:
            alike |= Q(phone_key=person.phone_key)
        persons = persons.filter(alike)
    found = list(
        persons.select_related("owner_agency")
        .prefetch_related(seen_memberships(user))
        .order_by(*SEARCH_ORDER)[:MERGE_CANDIDATES_LIMIT]
    )
    for candidate in found:
        candidate.whereabouts = whereabouts(candidate)
    return found


def merge_of(person: Person) -> PersonMerge | None:
    """The merge that merged this record into another (not undone), if any."""
    return (
        PersonMerge.objects.filter(merged=person, undone_at__isnull=True)
        .select_related("kept", "agency")
        .first()
    )


def merges_into(person: Person) -> list[PersonMerge]:
    """The merges (not undone) of other records into this one."""
    return list(
        PersonMerge.objects.filter(kept=person, undone_at__isnull=True).select_related("merged")
    )


# --- requests to the hub to connect possible duplicates (名寄せ) ---------------------------


def match_requests_to_hub(user: User) -> list[MatchRequest]:
    """Open requests to the hubs where the user is a coordinator or supervisor, oldest
    first, each with `holding_agencies`: the names of the agencies that hold a possible
    match, never the records. Five queries whatever the number of requests."""
    hubs = [a.pk for a in access.hub_agencies(user)]
    requests = list(
        MatchRequest.objects.filter(hub_id__in=hubs, status=MatchRequest.Status.OPEN)
        .select_related("agency", "requested_by")
        .order_by("created_at", "pk")[:200]
    )
    holders = holding_agencies([r.pk for r in requests])
    for request in requests:
        request.holding_agencies = holders.get(request.pk, [])  # type: ignore[attr-defined]
    return requests


def holding_agencies(request_ids: list[int]) -> dict[int, list[str]]:
    """For each request: the agencies holding its candidates (who registered the person or
    their current household, and the intake and lead agencies of the household's open
    cases), by name. Four queries."""
    if not request_ids:
        return {}
    through = MatchRequest.candidates.through
    pairs = list(
        through.objects.filter(matchrequest_id__in=request_ids).values_list(
            "matchrequest_id", "person_id", "person__owner_agency_id"
        )
    )
    person_agencies: dict[int, set[int]] = {}
    for pair in pairs:
        person_agencies.setdefault(pair[1], set()).add(pair[2])
    homes: dict[int, set[int]] = {}
    for person_id, household_id, owner in HouseholdMembership.objects.filter(
        person_id__in=list(person_agencies), ended_on__isnull=True
    ).values_list("person_id", "household_id", "household__owner_agency_id"):
        person_agencies[person_id].add(owner)
        homes.setdefault(household_id, set()).add(person_id)
    for household_id, owner, lead in (
        Case.objects.filter(household_id__in=list(homes))
        .exclude(status=Case.Status.CLOSED)
        .values_list("household_id", "owner_agency_id", "lead_agency_id")
    ):
        for person_id in homes[household_id]:
            person_agencies[person_id] |= {owner} | ({lead} if lead else set())
    names = dict(
        Agency.objects.filter(
            pk__in=set().union(*person_agencies.values()) if person_agencies else set()
        ).values_list("pk", "name")
    )
    result: dict[int, list[str]] = {}
    for request_id, person_id in ((p[0], p[1]) for p in pairs):
        result.setdefault(request_id, [])
        for agency_id in person_agencies[person_id]:
            if names.get(agency_id) and names[agency_id] not in result[request_id]:
                result[request_id].append(names[agency_id])
    return {pk: sorted(agencies) for pk, agencies in result.items()}


def match_requests_sent(user: User) -> list[MatchRequest]:
    """The requests the user's agencies sent, newest first: status and the hub's answer,
    never the candidates."""
    agencies = [a.pk for a in access.case_agencies(user)]
    return list(
        MatchRequest.objects.filter(agency_id__in=agencies)
        .select_related("agency", "hub", "requested_by", "handled_by")
        .order_by("-created_at", "-pk")[:100]
    )
