"""The demo loader: `Loader` calls cases.services as the demo staff, `member` describes a
household member, `story` registers a story; `load_cases` runs them all once.

The stories live in one module per 中学校区 (east, west, south, north); each registers
itself with `@story`, which refuses a second story of the same name."""

import datetime as dt
import zlib
from collections.abc import Callable, Iterable, Iterator

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from agencies.demo import HUB_NAME, load_city
from agencies.models import Agency, Area, User
from cases import services
from cases.models import (
    Case,
    Closure,
    Concern,
    Consent,
    Consultation,
    Household,
    HouseholdMembership,
    Person,
    Project,
    Referral,
)
from cases.services.consultations import ConsultationData
from cases.services.households import PersonData
from cases.services.plans import ActionData

# The first story's household: if it exists, the demo cases are loaded.
MARKER_HOUSEHOLD = "佐々木世帯"

AGENCIES = {
    "hub": HUB_NAME,
    "shogai": "あさひ野市 障がい福祉課",
    "kodomo": "あさひ野市 こども家庭センター",
    "seikatsu": "あさひ野市 生活福祉課",
    "h_east": "あさひ野市 東部地域包括支援センター",
    "h_west": "あさひ野市 西部地域包括支援センター",
    "aozora": "障がい者相談支援事業所 あおぞら",
    "kurashi": "くらしサポートセンターあさひ野",
    "shakyo": "あさひ野市社会福祉協議会",
    "hoken": "あさひ野市 保健センター",
    "minsei": "あさひ野市 民生委員・児童委員協議会",
    "hidamari": "NPO法人 ひだまりの家",
}

M = Consultation.Mode
C = Concern.Category
P = Project
S = Case.Source
REL = HouseholdMembership.Relation
FEMALE, MALE = Person.Sex.FEMALE, Person.Sex.MALE
SHARING, MEETING, INQUIRY, PLAN = (
    Consent.Purpose.SHARING,
    Consent.Purpose.MEETING,
    Consent.Purpose.INQUIRY,
    Consent.Purpose.PLAN,
)


def member(name: str, kana: str, age: int, sex: str, relation: str, **extra) -> PersonData:
    """`name` and `kana` as "family given"; the birth date is `age` years ago, on a day
    derived from the name so that it stays the same between runs on the same day."""
    family, _, given = name.partition(" ")
    family_kana, _, given_kana = kana.partition(" ")
    seed = zlib.crc32(name.encode())
    born = dt.date(timezone.localdate().year - age, seed % 12 + 1, seed // 12 % 28 + 1)
    return PersonData(
        family_name=family,
        given_name=given,
        family_name_kana=family_kana,
        given_name_kana=given_kana,
        birth_date=born,
        sex=sex,
        relation=relation,
        **extra,
    )


class Loader:
    """Calls the services as the demo staff. Unless told `by=`, a step on a case is done by
    the caseworker who took it in (the intake agency may always change its case)."""

    def __init__(self) -> None:
        self.today = timezone.localdate()
        self.households = 0
        self._users: dict[str, User] = {}
        self._worker: dict[int, User] = {}
        self.agencies = {key: Agency.objects.get(name=name) for key, name in AGENCIES.items()}
        self.areas = {area.name: area for area in Area.objects.all()}

    # --- helpers -------------------------------------------------------------------------

    def user(self, username: str) -> User:
        if username not in self._users:
            self._users[username] = User.objects.get(username=username)
        return self._users[username]

    def _by(self, case: Case, by: str | None) -> User:
        return self.user(by) if by else self._worker[case.pk]

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def at(self, days_ago: int, hour: int | None = None) -> dt.datetime:
        """A time of day in office hours, `days_ago` days ago (at least yesterday)."""
        days_ago = max(days_ago, 1)
        hour = hour if hour is not None else 9 + days_ago % 8
        minute = days_ago * 7 % 4 * 15
        when = dt.datetime.combine(self.day(-days_ago), dt.time(hour, minute))
        return timezone.make_aware(when)

    # --- households and cases -------------------------------------------------------------

    def intake(
        self,
        name: str,
        *,
        by: str,
        area: str,
        address: str,
        members: list[PersonData],
        days_ago: int,
        title: str,
        source: str,
        projects: list[str],
        mode: str,
        text: str,
        minutes: int = 30,
        person: int | None = None,
    ) -> tuple[Case, list[Person]]:
        """A household with its members and a case opened `days_ago`, with the first
        consultation (by the person at index `person`, if given)."""
        actor = self.user(by)
        opened_on = self.day(-days_ago)
        household = services.household_create(
            actor=actor,
            name=name,
            members=members,
            address=address,
            area=self.areas[area],
            started_on=opened_on,
        )
        self.households += 1
        persons = [m.person for m in household.memberships.select_related("person").order_by("pk")]
        case = services.case_open(
            actor=actor,
            household=household,
            title=title,
            referral_source=source,
            projects=projects,
            opened_on=opened_on,
            first_consultation=ConsultationData(
                occurred_at=self.at(days_ago),
                mode=mode,
                narrative=text,
                minutes=minutes,
                projects=projects,
                person=persons[person] if person is not None else None,
            ),
        )
        self._worker[case.pk] = actor
        return case, persons

    def log(
        self,
        case: Case,
        days_ago: int,
        mode: str,
        text: str,
        *,
        by: str | None = None,
        minutes: int = 30,
        projects: Iterable[str] = (P.CONSULTATION,),
        person: Person | None = None,
        internal: bool = False,
    ) -> Consultation:
        return services.consultation_log(
            actor=self._by(case, by),
            case=case,
            data=ConsultationData(
                occurred_at=self.at(days_ago),
                mode=mode,
                narrative=text,
                minutes=minutes,
                projects=list(projects),
                person=person,
                is_internal=internal,
            ),
        )

    def concern(
        self,
        case: Case,
        category: str,
        note: str,
        *,
        person: Person | None = None,
        by: str | None = None,
    ) -> Concern:
        return services.concern_add(
            actor=self._by(case, by), case=case, category=category, note=note, person=person
        )

    def team(self, case: Case, agency: str, role: str, *, by: str | None = None) -> None:
        services.team_add(
            actor=self._by(case, by), case=case, agency=self.agencies[agency], role=role
        )
        self._extend_all_team_consents(case, self.agencies[agency], by)

    def _extend_all_team_consents(self, case: Case, agency, by: str | None = None) -> None:
        """The demo's workers ask the person before a new agency is told: each active
        'all team agencies' consent is extended to the agency that just joined."""
        for consent in case.consents.filter(all_team_agencies=True, withdrawn_at__isnull=True):
            if consent.is_active() and not consent.agencies.filter(pk=agency.pk).exists():
                services.consent_extend(
                    actor=self._by(case, by),
                    consent=consent,
                    agency=agency,
                    note="本人に新たな共有先を説明し、口頭で了解を得た。",
                )

    def status(self, case: Case, status: str, *, by: str | None = None) -> None:
        services.case_update(
            actor=self._by(case, by),
            case=case,
            expected_version=None,
            data={"status": status},
            reason=gettext_noop("demo: progress"),
        )

    def projects(self, case: Case, codes: list[str], *, by: str | None = None) -> None:
        services.case_update(
            actor=self._by(case, by),
            case=case,
            expected_version=None,
            data={"projects": codes},
            reason=gettext_noop("projects changed"),
        )

    def lead(
        self, case: Case, agency: str, reason: str, *, decided_at: str = "", by: str | None = None
    ) -> None:
        services.lead_change(
            actor=self._by(case, by),
            case=case,
            agency=self.agencies[agency],
            reason=reason,
            decided_at=decided_at,
        )

    # --- consent ---------------------------------------------------------------------------

    def consent(
        self,
        case: Case,
        person: Person,
        *,
        from_ago: int,
        until_in: int | None,
        agencies: Iterable[str] | None = None,
        purposes: Iterable[str] = (SHARING, PLAN),
        method: str = Consent.Method.WRITTEN,
        by: str | None = None,
        representative: str = "",
        representative_name: str = "",
    ) -> Consent:
        """Valid from `from_ago` days ago until `until_in` days from today (negative: it
        has expired); `agencies=None` covers all team agencies."""
        return services.consent_record(
            actor=self._by(case, by),
            case=case,
            person=person,
            purposes=list(purposes),
            method=method,
            valid_from=self.day(-from_ago),
            valid_until=self.day(until_in) if until_in is not None else None,
            all_team_agencies=agencies is None,
            representative=representative,
            representative_name=representative_name,
            agencies=[self.agencies[a] for a in agencies or ()],
        )

    def withdraw(self, consent: Consent, reason: str, *, by: str | None = None) -> None:
        services.consent_withdraw(actor=self._by(consent.case, by), consent=consent, reason=reason)

    # --- referrals -------------------------------------------------------------------------

    def refer(
        self, case: Case, to: str, reason: str, summary: str, *, by: str | None = None
    ) -> Referral:
        return services.referral_send(
            actor=self._by(case, by),
            case=case,
            to_agency=self.agencies[to],
            reason=reason,
            summary=summary,
        )

    def accept(self, referral: Referral, by: str, note: str = "") -> None:
        services.referral_accept(actor=self.user(by), referral=referral, note=note)
        self._extend_all_team_consents(referral.case, referral.to_agency, referral.sent_by.username)

    def send_back_referral(self, referral: Referral, by: str, reason: str) -> None:
        services.referral_return(actor=self.user(by), referral=referral, reason=reason)

    # --- assessment and plan ---------------------------------------------------------------

    def assess(
        self,
        case: Case,
        days_ago: int,
        summary: str,
        strengths: str = "",
        risks: str = "",
        *,
        by: str | None = None,
    ) -> None:
        services.assessment_record(
            actor=self._by(case, by),
            case=case,
            summary=summary,
            strengths=strengths,
            risks=risks,
            assessed_on=self.day(-days_ago),
        )

    def plan(
        self,
        case: Case,
        goals: str,
        review_in: int,
        actions: list[tuple[str, str, int]],
        *,
        approved_at: str = "",
        by: str | None = None,
    ) -> None:
        """`actions` as (agency key, what, due in days; negative: already due)."""
        services.plan_create(
            actor=self._by(case, by),
            case=case,
            goals=goals,
            review_on=self.day(review_in),
            actions=[
                ActionData(
                    description=description,
                    responsible_agency=self.agencies[agency],
                    due_on=self.day(due_in),
                )
                for agency, description, due_in in actions
            ],
            approved_at=approved_at,
        )

    # --- closure ---------------------------------------------------------------------------

    def propose_closure(
        self, case: Case, reason: str, proposal: str, *, by: str | None = None
    ) -> Closure:
        return services.closure_propose(
            actor=self._by(case, by), case=case, reason=reason, evaluation=proposal
        )

    def close(
        self, case: Case, reason: str, proposal: str, evaluation: str, *, supervisor: str
    ) -> Case:
        closure = self.propose_closure(case, reason, proposal)
        return services.closure_approve(
            actor=self.user(supervisor), closure=closure, evaluation=evaluation
        )

    def send_back_closure(self, closure: Closure, supervisor: str, note: str) -> None:
        services.closure_send_back(actor=self.user(supervisor), closure=closure, note=note)

    def reopen(
        self, case: Case, reason: str, projects: list[str], *, by: str | None = None
    ) -> Case:
        return services.case_reopen(
            actor=self._by(case, by), case=case, reason=reason, projects=projects
        )


# --- the stories -----------------------------------------------------------------------------

Story = Callable[[Loader], None]

DUPLICATE_STORY = "two demo stories are named {name!r} ({first} and {second})"


class Stories:
    """The registered stories, in the order they were registered. A name is taken once:
    two `def`s of one name in a module would silently keep only the last."""

    def __init__(self) -> None:
        self._by_name: dict[str, Story] = {}

    def add(self, story: Story) -> Story:
        name = story.__name__
        if name in self._by_name:
            first = self._by_name[name]
            raise ImproperlyConfigured(
                DUPLICATE_STORY.format(
                    name=name,
                    first=f"{first.__module__}:{first.__code__.co_firstlineno}",
                    second=f"{story.__module__}:{story.__code__.co_firstlineno}",
                )
            )
        self._by_name[name] = story
        return story

    def __iter__(self) -> Iterator[Story]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def names(self) -> list[str]:
        return list(self._by_name)


STORIES = Stories()
story = STORIES.add


def demo_cases_loaded() -> bool:
    return Household.objects.filter(name=MARKER_HOUSEHOLD, owner_agency__name=HUB_NAME).exists()


@transaction.atomic
def load_cases() -> int:
    """Create the demo households and their cases once (loading the demo city first if
    needed). Returns how many households it created: 0 when they were already there."""
    load_city()
    if demo_cases_loaded():
        return 0
    loader = Loader()
    for each in STORIES:
        each(loader)
    return loader.households
