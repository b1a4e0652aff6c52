"""The cases of the generated city, planned in memory: one per household, opened over ten
years, with an intake agency, a lead that sometimes changes (the hub leads about one in
five), a team, consents (some withdrawn or expired, some not for sharing), referrals (some
waiting for an answer) and a few art. 106-6 grants. The plan is also what the permission
rows are computed from (`facts`)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from itertools import accumulate

from cases.access.materialise import CaseFacts, ConsentFacts, GrantFacts
from cases.city import names
from cases.city.households import SIZE_WEIGHTS, SIZES, Member, plan_members
from cases.city.ids import Ids
from cases.city.town import JST, AgencyPlan, Town
from cases.models import Case, Consent, Project, Referral

S = Case.Status
P = Consent.Purpose
OPEN_STATUSES = (S.RECEIVED, S.ASSESSMENT, S.PLANNING, S.SUPPORTING, S.MONITORING)
OPEN_WEIGHTS = (8, 12, 12, 45, 23)
SOURCES = tuple(Case.Source)
SOURCE_WEIGHTS = (22, 18, 12, 5, 6, 18, 8, 4, 4, 2, 1)
PURPOSES = (
    [P.SHARING, P.MEETING, P.PLAN],
    [P.SHARING, P.PLAN],
    [P.SHARING, P.MEETING, P.INQUIRY, P.PLAN],
    [P.PLAN],
    [P.MEETING],
)
PURPOSE_WEIGHTS = (60, 20, 12, 5, 3)
METHODS = tuple(Consent.Method)
METHOD_WEIGHTS = (70, 20, 10)
YEARS = 10
OPEN_CUM = list(accumulate(OPEN_WEIGHTS))
SOURCE_CUM = list(accumulate(SOURCE_WEIGHTS))
PURPOSE_CUM = list(accumulate(PURPOSE_WEIGHTS))
METHOD_CUM = list(accumulate(METHOD_WEIGHTS))
SIZE_CUM = list(accumulate(SIZE_WEIGHTS))


@dataclass
class TeamMember:
    agency: AgencyPlan
    role: str
    joined: dt.date
    left: dt.date | None = None


@dataclass
class ConsentPlan:
    id: int
    person: Member
    representative: str
    all_team: bool
    agency_ids: frozenset[int]
    purposes: list[str]
    method: str
    obtained_by: int
    valid_from: dt.date
    valid_until: dt.date | None
    withdrawn_at: dt.datetime | None
    extensions: list[tuple[AgencyPlan, dt.date]] = field(default_factory=list)


@dataclass
class ReferralPlan:
    id: int
    to: AgencyPlan
    status: str
    sent_at: dt.datetime
    responded_at: dt.datetime | None


@dataclass
class GrantPlan:
    id: int
    agency: AgencyPlan
    user_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass
class CasePlan:
    id: int
    household_id: int
    area: tuple[int, str, str]
    created_at: dt.datetime
    opened: dt.date
    closed: dt.date | None
    status: str
    title: str
    source: str
    owner: AgencyPlan
    leads: list[tuple[AgencyPlan, dt.date]]  # in order; the last is current
    worker: int
    members: list[Member]
    team: list[TeamMember]
    projects: list[tuple[str, dt.date]]
    outreach_stage: str = ""
    informant: str = ""
    consents: list[ConsentPlan] = field(default_factory=list)
    referrals: list[ReferralPlan] = field(default_factory=list)
    grants: list[GrantPlan] = field(default_factory=list)
    consultations: int = 0
    last_contact: dt.datetime | None = None

    today: dt.date = dt.date.min

    @property
    def lead(self) -> AgencyPlan:
        return self.leads[-1][0]

    @property
    def end(self) -> dt.date:
        """The last day anything happens on the case."""
        return self.closed or self.today

    def on_team(self, day: dt.date) -> list[AgencyPlan]:
        return [m.agency for m in self.team if m.joined <= day and (m.left is None or m.left > day)]

    def facts(self) -> CaseFacts:
        """What `cases.access.materialise.rows_for` needs: the same facts `case_facts`
        reads from the database once this plan is written."""
        return CaseFacts(
            case_id=self.id,
            owner_agency_id=self.owner.id,
            lead_agency_id=self.lead.id,
            team_agency_ids=frozenset(m.agency.id for m in self.team if m.left is None),
            consents=tuple(
                ConsentFacts(
                    c.id,
                    c.person.id,
                    c.valid_from,
                    c.valid_until,
                    c.withdrawn_at is not None,
                    tuple(c.purposes),
                    c.agency_ids,
                )
                for c in self.consents
            ),
            grants=tuple(
                GrantFacts(g.id, g.user_id, g.agency.id, g.starts_at, g.ends_at, False)
                for g in self.grants
            ),
            referrals=tuple((r.id, r.to.id) for r in self.referrals),
        )


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment in office hours on `day`, in Japan time."""
    minute = 8 * 60 + 30 + rng.randrange(9 * 60)
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), JST)


class Planner:
    def __init__(self, rng: random.Random, town: Town, ids: Ids, today: dt.date) -> None:
        self.rng = rng
        self.town = town
        self.ids = ids
        self.today = today
        self.hub = town.hub
        others = town.agencies[1:]
        self.intake = (others, list(accumulate(a.intake_weight for a in others)))
        self.teams = (others, list(accumulate(a.team_weight for a in others)))
        self.coordinators = self.hub.with_role("coordinator") or self.hub.caseworkers

    def _pick(self, pool: tuple[list[AgencyPlan], list[float]], avoid: set[int]) -> AgencyPlan:
        for _ in range(20):
            agency = self.rng.choices(pool[0], cum_weights=pool[1])[0]
            if agency.id not in avoid:
                return agency
        return next((a for a in pool[0] if a.id not in avoid), pool[0][0])

    def _day_between(self, start: dt.date, end: dt.date) -> dt.date:
        span = (end - start).days
        return start + dt.timedelta(days=self.rng.randint(0, span)) if span > 0 else start

    def plan(self, *, detail: bool = False, consultations: float = 10.0) -> CasePlan:
        rng, today, hub = self.rng, self.today, self.hub
        span = YEARS * 365
        age = span - 30 if detail else int(span * rng.random() ** 1.5)
        opened = today - dt.timedelta(days=age)
        closed = None
        if not detail and rng.random() < 0.5 * (age / span) ** 1.3 and age > 60:
            closed = opened + dt.timedelta(days=rng.randint(30, age - 1))
        if closed is not None:
            status = S.CLOSED
        elif age < 30:
            status = rng.choice((S.RECEIVED, S.ASSESSMENT))
        else:
            status = rng.choices(OPEN_STATUSES, cum_weights=OPEN_CUM)[0]
        end = closed or today
        outreach = not detail and rng.random() < 0.05

        # Who took it in, and who leads it now.
        owner = hub if detail or rng.random() < 0.115 else self._pick(self.intake, set())
        leads: list[tuple[AgencyPlan, dt.date]] = [(owner, opened)]
        change = self._day_between(opened + dt.timedelta(days=min(30, age)), end)
        roll = rng.random()
        if not detail and owner is hub and roll < 0.2:
            leads.append((self._pick(self.intake, {hub.id}), change))
        elif owner is not hub and roll < 0.12:
            leads.append((hub, change))  # taken on by 多機関協働
        elif owner is not hub and roll < 0.2:
            leads.append((self._pick(self.intake, {owner.id}), change))
        lead = leads[-1][0]

        team = [TeamMember(owner, "受付", opened)]
        if lead is not owner:
            team.append(TeamMember(lead, "主導役", leads[-1][1]))
        extra = 3 if detail else rng.choices((0, 1, 2, 3), cum_weights=(35, 70, 90, 100))[0]
        if not detail and hub not in (owner, lead) and rng.random() < 0.02:
            team.append(TeamMember(hub, "多機関協働", self._day_between(opened, end)))
        for _ in range(extra):
            agency = self._pick(self.teams, {m.agency.id for m in team})
            joined = min(end, opened + dt.timedelta(days=int(rng.expovariate(1 / 45))))
            left = None
            if not detail and rng.random() < 0.08 and joined < end:
                left = self._day_between(joined + dt.timedelta(days=1), end)
            team.append(TeamMember(agency, rng.choice(names.TEAM_ROLES), joined, left))

        size = 4 if detail else rng.choices(SIZES, cum_weights=SIZE_CUM)[0]
        members = plan_members(
            rng, self.ids.block("cases_person", size), opened, size, rng.random() < 0.003
        )

        projects = [(Project.CONSULTATION, opened)]
        if outreach:
            projects.append((Project.OUTREACH, opened))
        if any(m.agency is hub for m in team):
            projects.append((Project.COLLABORATION, min(m.joined for m in team if m.agency is hub)))
        if rng.random() < 0.08:
            projects.append((Project.PARTICIPATION, self._day_between(opened, end)))
        if rng.random() < 0.02:
            projects.append((Project.COMMUNITY, self._day_between(opened, end)))

        plan = CasePlan(
            id=self.ids.next("cases_case"),
            household_id=self.ids.next("cases_household"),
            area=rng.choice(self.town.neighbourhoods),
            created_at=at(opened, rng),
            opened=opened,
            closed=closed,
            status=status,
            title=names.CONCERN_TITLES[0] if detail else rng.choice(names.CONCERN_TITLES),
            source=rng.choices(SOURCES, cum_weights=SOURCE_CUM)[0],
            owner=owner,
            leads=leads,
            worker=rng.choice(lead.caseworkers),
            members=members,
            team=team,
            projects=projects,
        )
        plan.today = today
        if outreach:
            plan.outreach_stage = rng.choice(Case.OutreachStage.values[:3])
            plan.informant = rng.choice(names.INFORMANTS)
        else:
            self._consents(plan, detail)
        self._referrals(plan)
        if status != S.CLOSED and rng.random() < 0.004:
            self._grants(plan)
        self._contacts(plan, 2000 if detail else 0, consultations)
        return plan

    def _consent(self, plan: CasePlan, person: Member, start: dt.date, detail: bool) -> None:
        rng = self.rng
        on_team = plan.on_team(start) or [plan.owner]
        all_team = detail or rng.random() < 0.7
        chosen = on_team if all_team else rng.sample(on_team, rng.randint(1, len(on_team)))
        # Agencies that join later are covered once the person agrees and the owner extends
        # the consent to them (ConsentExtension), often but not always.
        extensions = [
            (m.agency, min(plan.end, m.joined + dt.timedelta(days=rng.randint(0, 7))))
            for m in plan.team
            if m.joined > start and m.left is None and (detail or rng.random() < 0.5)
        ]
        until = (
            None if detail or rng.random() < 0.5 else start + dt.timedelta(rng.randint(365, 1095))
        )
        withdrawn = None
        if not detail and rng.random() < 0.03:
            withdrawn = at(self._day_between(start, plan.end), rng)
        purposes = PURPOSES[0] if detail else rng.choices(PURPOSES, cum_weights=PURPOSE_CUM)[0]
        representative = ""
        if person.age_on(start) < 18:
            representative = Consent.Representative.PARENT
        elif person.age_on(start) >= 85 and rng.random() < 0.2:
            representative = Consent.Representative.GUARDIAN
        plan.consents.append(
            ConsentPlan(
                id=self.ids.next("cases_consent"),
                person=person,
                representative=representative,
                all_team=all_team,
                agency_ids=frozenset(a.id for a in chosen) | {a.id for a, _ in extensions},
                purposes=list(purposes),
                method=rng.choices(METHODS, cum_weights=METHOD_CUM)[0],
                obtained_by=rng.choice(plan.lead.caseworkers),
                valid_from=start,
                valid_until=until,
                withdrawn_at=withdrawn,
                extensions=extensions,
            )
        )
        # An expired consent of an open case is usually renewed.
        if until is not None and until < self.today and plan.closed is None and rng.random() < 0.6:
            self._consent(
                plan, person, min(self.today, until + dt.timedelta(rng.randint(1, 30))), detail
            )

    def _consents(self, plan: CasePlan, detail: bool) -> None:
        rng = self.rng
        if not detail and rng.random() >= 0.85:
            return
        start = min(plan.end, plan.opened + dt.timedelta(days=rng.randint(0, 30)))
        self._consent(plan, plan.members[0], start, detail)
        adults = [m for m in plan.members[1:] if m.age_on(start) >= 18]
        if adults and (detail or rng.random() < 0.25):
            self._consent(plan, rng.choice(adults), start, detail)

    def _referrals(self, plan: CasePlan) -> None:
        rng, R = self.rng, Referral.Status
        for member in plan.team:
            if member.agency in (plan.owner, plan.lead) or rng.random() >= 0.35:
                continue
            sent = member.joined - dt.timedelta(days=rng.randint(1, 7))
            self._referral(plan, member.agency, R.ACCEPTED, max(sent, plan.opened), member.joined)
        avoid = {m.agency.id for m in plan.team}
        if rng.random() < 0.06:
            sent = self._day_between(plan.opened, plan.end)
            answered = min(plan.end, sent + dt.timedelta(days=rng.randint(1, 10)))
            self._referral(plan, self._pick(self.teams, avoid), R.RETURNED, sent, answered)
        if rng.random() < 0.01:
            sent = self._day_between(plan.opened, plan.end)
            self._referral(plan, self._pick(self.teams, avoid), R.WITHDRAWN, sent, sent)
        if plan.closed is None and rng.random() < 0.035:
            sent = max(plan.opened, self.today - dt.timedelta(days=rng.randint(0, 14)))
            pending = self._pick(self.teams, avoid | {r.to.id for r in plan.referrals})
            self._referral(plan, pending, R.SENT, sent, None)

    def _referral(self, plan, to, status, sent: dt.date, answered: dt.date | None) -> None:
        sent_at = at(sent, self.rng)
        responded = None
        if answered is not None:
            responded = max(sent_at, at(answered, self.rng))
        plan.referrals.append(
            ReferralPlan(self.ids.next("cases_referral"), to, status, sent_at, responded)
        )

    def _grants(self, plan: CasePlan) -> None:
        rng = self.rng
        for _ in range(rng.randint(1, 2)):
            agency = self._pick(self.teams, {m.agency.id for m in plan.team})
            start = at(self.today - dt.timedelta(days=rng.randint(0, 60)), rng)
            plan.grants.append(
                GrantPlan(
                    self.ids.next("cases_accessgrant"),
                    agency,
                    rng.choice(agency.caseworkers),
                    start,
                    start + dt.timedelta(days=30),
                )
            )

    def _contacts(self, plan: CasePlan, exactly: int, mean: float) -> None:
        rng = self.rng
        plan.consultations = exactly or 1 + int(rng.expovariate(1 / max(mean - 0.5, 0.1)))
        if plan.closed is not None:
            last = plan.closed - dt.timedelta(days=rng.randint(0, 10))
        else:
            last = self.today - dt.timedelta(days=1 + int(rng.expovariate(1 / 20)))
        plan.last_contact = at(max(plan.opened, last), rng)
