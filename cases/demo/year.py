"""A year of everyday work in the demo city, so that the 年度 figures have something to count.

The stories (cases.demo.east … west) show the access rules one household at a time; this
module adds the ordinary caseload around them: households that came to the agencies in
every month of the previous fiscal year and of the current one so far, in every 中学校区,
by every 相談経路, with one to three concerns; consultations of every mode by the intake
agency and the team; outreach with its contacts and outcomes, some ending in consent;
referrals accepted or returned after a few days; assessments, plans and their approval;
closures for several reasons after months of support; and some cases opened years ago
that are still open (the long-running ones).

Everything is written through cases.services, as the demo staff, with the clock set to
the day it happened (core.demo.demo_clock), so each record carries its real date — the
services' own stamps (a referral's sent_at, a closure's decided_at, a concern's
identified_on, created_at) and its history alike. docs/demo.md says which date each
figure reads.

It is random but seeded by the fiscal year, so loading on the same day gives the same
caseload. All names are combinations of common ones (cases.city.names); any likeness to
real persons is chance."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from agencies.demo import AREAS, CITY
from cases import services
from cases.city import names
from cases.demo.loader import (
    FEMALE,
    MALE,
    REL,
    SHARING,
    C,
    Loader,
    M,
    P,
    S,
    demo_cases_loaded,
    load_cases,
    member,
)
from cases.models import Case, Closure, Consent, Consultation, Household, Person, Referral
from cases.services.consultations import ConsultationData
from core.demo import demo_clock
from core.wareki import fiscal_year, fiscal_year_bounds, to_wareki

# The first household the year writes: if it exists, the year is loaded.
MARKER_HOUSEHOLD = "朝倉世帯"

# Workers by agency key (cases.demo.loader.AGENCIES); the supervisors who approve closures.
WORKERS = {
    "hub": ("sogo-worker", "sogo-worker2"),
    "h_east": ("houkatsu-east-worker",),
    "h_west": ("houkatsu-west-worker",),
    "shogai": ("shogai-worker",),
    "kodomo": ("kodomo-worker",),
    "seikatsu": ("seikatsu-worker",),
    "kurashi": ("kurashi-worker",),
    "aozora": ("aozora-worker",),
    "shakyo": ("shakyo-csw",),
    "hoken": ("hoken-worker",),
    "minsei": ("minsei-member",),
    "hidamari": ("hidamari-worker",),
}
SUPERVISORS = {
    "hub": "sogo-supervisor",
    "h_east": "houkatsu-east-supervisor",
    "shogai": "shogai-supervisor",
}

# Shares of the referrals answered: accepted below ACCEPTED, returned above (a tenth waits).
ACCEPTED = 0.75
PURPOSES = (SHARING, Consent.Purpose.PLAN, Consent.Purpose.MEETING)
# New cases a month: the previous fiscal year, and this one so far.
CASES_A_MONTH = (6, 4)
# Cases opened before the previous fiscal year and still open at its start.
LONG_RUNNING = 8


@dataclass(frozen=True)
class Profile:
    """A kind of household: its main concern, concern categories (the first always, the
    others sometimes), the agency that usually takes it in, and where it is referred."""

    title: str
    concerns: tuple[str, ...]
    intake: tuple[str, ...]
    refer_to: tuple[str, ...]
    projects: tuple[str, ...] = (P.CONSULTATION,)


PROFILES = (
    Profile(
        "高齢の母の介護と息子のひきこもり",
        (C.CARE, C.HIKIKOMORI, C.ISOLATION),
        ("hub", "h_east", "h_west"),
        ("h_east", "h_west"),
    ),
    Profile(
        "家賃滞納と就労の相談",
        (C.POVERTY, C.EMPLOYMENT, C.HOUSING),
        ("hub", "kurashi"),
        ("kurashi", "seikatsu"),
    ),
    Profile(
        "ダブルケア（育児と親の介護）",
        (C.CHILD_REARING, C.CARE),
        ("hub", "kodomo"),
        ("kodomo", "h_east"),
    ),
    Profile(
        "不登校の子と母親の精神的不調",
        (C.SCHOOL_REFUSAL, C.MENTAL_HEALTH),
        ("hub", "kodomo"),
        ("kodomo",),
    ),
    Profile(
        "多重債務と生活費の不足", (C.DEBT, C.POVERTY), ("kurashi", "hub"), ("kurashi", "seikatsu")
    ),
    Profile(
        "認知症の疑いと独居",
        (C.CARE, C.ISOLATION),
        ("h_east", "h_west", "hub"),
        ("h_east", "h_west"),
    ),
    Profile(
        "ヤングケアラーの可能性",
        (C.YOUNG_CARER, C.DISABILITY, C.CHILD_REARING),
        ("hub", "kodomo"),
        ("kodomo", "shogai"),
    ),
    Profile(
        "障がいのある子の将来と親の高齢化",
        (C.DISABILITY, C.CARE),
        ("shogai", "hub"),
        ("aozora", "shogai"),
    ),
    Profile(
        "失業後の生活再建", (C.EMPLOYMENT, C.POVERTY), ("kurashi", "hub"), ("kurashi", "seikatsu")
    ),
    Profile(
        "精神疾患の通院中断",
        (C.MENTAL_HEALTH, C.ISOLATION),
        ("shogai", "hub"),
        ("aozora", "shogai"),
    ),
    Profile("子育ての不安と孤立", (C.CHILD_REARING, C.ISOLATION), ("kodomo", "hub"), ("kodomo",)),
    Profile(
        "住まいの退去を求められている",
        (C.HOUSING, C.POVERTY, C.HOARDING),
        ("hub", "seikatsu"),
        ("seikatsu", "kurashi"),
    ),
    Profile(
        "介護離職後の収入の途絶",
        (C.EMPLOYMENT, C.CARE, C.POVERTY),
        ("hub", "h_west"),
        ("h_west", "kurashi"),
    ),
)
# Found by someone else and approached without consent (アウトリーチ).
OUTREACH_PROFILES = (
    Profile("ごみ屋敷状態と近隣からの苦情", (C.HOARDING, C.ISOLATION), ("hub",), (), (P.OUTREACH,)),
    Profile("孤立と閉じこもり", (C.ISOLATION, C.HIKIKOMORI), ("hub", "h_east"), (), (P.OUTREACH,)),
    Profile("セルフネグレクトの疑い", (C.OTHER, C.ISOLATION), ("hub",), (), (P.OUTREACH,)),
)
OUTREACH_SOURCES = (S.WELFARE_COMMISSIONER, S.NEIGHBOUR, S.NEIGHBOURHOOD_HEAD, S.POLICE_FIRE)

# 相談経路, weighted as a city's yearly report often reads.
SOURCES = (
    (S.SELF, 22),
    (S.FAMILY, 16),
    (S.AGENCY, 14),
    (S.CITY_DIVISION, 12),
    (S.WELFARE_COMMISSIONER, 9),
    (S.MEDICAL, 8),
    (S.SCHOOL, 7),
    (S.NEIGHBOUR, 5),
    (S.NEIGHBOURHOOD_HEAD, 3),
    (S.POLICE_FIRE, 2),
    (S.OTHER, 2),
)
MODES = ((M.VISIT, 30), (M.PHONE, 35), (M.HOME_VISIT, 25), (M.ACCOMPANY, 6), (M.ONLINE, 4))
CLOSURE_REASONS = (
    (Closure.Reason.GOALS_MET, 40),
    (Closure.Reason.HANDED_OVER, 30),
    (Closure.Reason.MOVED_AWAY, 10),
    (Closure.Reason.DECLINED, 10),
    (Closure.Reason.UNREACHABLE, 6),
    (Closure.Reason.DIED, 4),
)
CLOSURE_WORDS = {
    Closure.Reason.GOALS_MET: "支援プランの目標を達成。本人から『もう大丈夫』との言葉があった。",
    Closure.Reason.HANDED_OVER: "介護・障がい福祉などの通常のサービスに引き継いだ。",
    Closure.Reason.MOVED_AWAY: "市外へ転居。転居先の相談窓口に引き継ぎ済み。",
    Closure.Reason.DECLINED: "本人がこれ以上の支援を望まない。困ったときの連絡先を伝えた。",
    Closure.Reason.UNREACHABLE: "三か月にわたり連絡がとれない。民生委員に見守りを依頼した。",
    Closure.Reason.DIED: "本人が逝去。家族へのお悔やみと手続きの案内を行った。",
}
RETURN_REASONS = (
    "当機関の対象外のため（年齢要件）。福祉総合相談課での継続をお願いします。",
    "現在受け入れ枠がなく、対応までに時間がかかるため。",
    "本人の同意が確認できないため、同意取得後に改めてご依頼ください。",
)
TEAM_ROLES = {
    "h_east": "介護サービス調整",
    "h_west": "介護サービス調整",
    "shogai": "障がい福祉サービス調整",
    "aozora": "計画相談",
    "kodomo": "子育て支援",
    "seikatsu": "生活保護の相談",
    "kurashi": "家計改善支援",
    "shakyo": "地域の居場所づくり",
    "minsei": "見守り",
    "hoken": "健康相談",
}


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _neighbourhoods() -> list[str]:
    """The 自治区 of the demo city, in a fixed order (each in one 小学校区 and 中学校区)."""
    return [town for schools in AREAS.values() for towns in schools.values() for town in towns]


class Year:
    """Writes the year's cases through a `Loader`, day by day under the demo clock."""

    def __init__(self, d: Loader, rng: random.Random) -> None:
        self.d = d
        self.rng = rng
        self.today = d.today
        self.yesterday = d.day(-1)
        taken = set(Household.objects.values_list("name", flat=True))
        self.families = [pair for pair in names.FAMILY_NAMES if f"{pair[0]}世帯" not in taken]
        self.towns = _neighbourhoods()
        self.households = 0

    # --- the clock ---------------------------------------------------------------------

    def on(self, day: dt.date, step: Callable[[int], object], hour: int = 17) -> object:
        """Run `step(days_ago)` with the clock at `hour` on `day`."""
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))
        with demo_clock(moment):
            return step((self.today - day).days)

    def later(self, day: dt.date, low: int, high: int) -> dt.date | None:
        """A day `low`..`high` days after `day`, or None if that is not yet in the past."""
        then = day + dt.timedelta(days=self.rng.randint(low, high))
        return then if then <= self.yesterday else None

    # --- one household -----------------------------------------------------------------

    def household(self, *, name: str | None = None) -> tuple[str, list, str, str]:
        rng = self.rng
        family, kana = rng.choice(self.families)
        name = name or f"{family}世帯"
        town = rng.choice(self.towns)
        head_male = rng.random() < 0.5
        given = rng.choice(names.GIVEN_MALE if head_male else names.GIVEN_FEMALE)
        age = rng.randint(38, 88)
        people = [
            member(
                f"{family} {given[0]}",
                f"{kana} {given[1]}",
                age,
                MALE if head_male else FEMALE,
                REL.HEAD,
            )
        ]
        for _ in range(rng.choice((0, 1, 1, 2))):
            child = rng.random() < 0.5
            given = rng.choice(names.GIVEN_FEMALE if child else names.GIVEN_MALE)
            relation = REL.CHILD if age > 45 else REL.SPOUSE
            other_age = max(age - rng.randint(22, 32), 6) if relation == REL.CHILD else age - 2
            people.append(
                member(
                    f"{family} {given[0]}",
                    f"{kana} {given[1]}",
                    other_age,
                    FEMALE if child else MALE,
                    relation,
                )
            )
        address = f"{CITY}{town}{rng.randint(1, 5)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        return name, people, town, address

    def narrative(self) -> str:
        return self.rng.choice(names.NARRATIVE_OPENINGS) + self.rng.choice(names.NARRATIVE_BODIES)

    def case(
        self,
        opened: dt.date,
        *,
        name: str | None = None,
        outreach: bool | None = None,
        keep_in_touch_from: dt.date | None = None,
    ) -> None:
        """A household that came on `opened`, and what happened after. With
        `keep_in_touch_from` it is a long-running case: contacts continue from that day to
        yesterday, and it closes at most in the current year."""
        rng, d = self.rng, self.d
        outreach = rng.random() < 0.14 if outreach is None else outreach
        profile = rng.choice(OUTREACH_PROFILES if outreach else PROFILES)
        agency = rng.choice(profile.intake)
        worker = rng.choice(WORKERS[agency])
        household, people, town, address = self.household(name=name)
        source = rng.choice(OUTREACH_SOURCES) if outreach else _weighted(rng, SOURCES)
        mode = M.HOME_VISIT if outreach else _weighted(rng, MODES)

        def intake(days_ago: int):
            if outreach:
                return self._outreach_intake(
                    worker, household, people, town, address, profile, source, days_ago
                )
            return d.intake(
                household,
                by=worker,
                area=town,
                address=address,
                members=people,
                days_ago=days_ago,
                title=profile.title,
                source=source,
                projects=list(profile.projects),
                mode=mode,
                minutes=rng.choice((20, 30, 45, 60)),
                text=self.narrative(),
            )

        case, persons = self.on(opened, intake, hour=18)
        self.households += 1
        concerns = [profile.concerns[0]]
        concerns += [c for c in profile.concerns[1:] if rng.random() < 0.5]
        self.on(opened, lambda _: [d.concern(case, c, "") for c in concerns], hour=18)

        if outreach:
            consented_on = self._outreach(case, persons[0], opened)
            if consented_on is None:
                return
            day = consented_on
        else:
            day = opened
            consent_on = self.later(day, 0, 6)
            if consent_on is None:
                return
            if rng.random() < 0.8:
                self.on(
                    consent_on,
                    lambda ago: d.consent(
                        case, persons[0], from_ago=ago, until_in=365 - ago, purposes=PURPOSES
                    ),
                )
            day = consent_on
        long_running = keep_in_touch_from is not None
        day = self._support(
            case, profile, agency, day, consented=case.consents.exists(), close=not long_running
        )
        if long_running and day is not None:
            self._keep_in_touch(case, agency, max(day, keep_in_touch_from))

    def _keep_in_touch(self, case: Case, agency: str, day: dt.date) -> None:
        """A contact every month or two by the intake agency until yesterday."""
        rng, d = self.rng, self.d
        while (when := self.later(day, 30, 70)) is not None:
            day = when
            self.on(
                day,
                lambda ago: d.log(
                    case,
                    ago,
                    _weighted(rng, MODES),
                    self.narrative(),
                    minutes=rng.choice((15, 30, 60)),
                ),
            )
        if agency in SUPERVISORS and rng.random() < 0.5:
            self._close(case, agency, fiscal_year_bounds(fiscal_year(self.today) - 1)[0])

    def _outreach_intake(self, worker, household, people, town, address, profile, source, days_ago):
        d = self.d
        actor = d.user(worker)
        opened_on = d.day(-days_ago)
        home = services.household_create(
            actor=actor,
            name=household,
            members=people,
            address=address,
            area=d.areas[town],
            started_on=opened_on,
        )
        persons = [m.person for m in home.memberships.select_related("person").order_by("pk")]
        informant = self.rng.choice(names.INFORMANTS)
        case = services.outreach_open(
            actor=actor,
            household=home,
            title=profile.title,
            referral_source=source,
            informant=informant,
            opened_on=opened_on,
            first_contact=ConsultationData(
                occurred_at=d.at(days_ago),
                mode=M.PHONE,
                narrative=f"{informant}より連絡。{self.narrative()}",
                minutes=15,
                projects=[P.OUTREACH],
            ),
        )
        d._worker[case.pk] = actor
        return case, persons

    def _outreach(self, case: Case, person: Person, opened: dt.date) -> dt.date | None:
        """Visits until the person lets us in; consent on about half of the cases.
        Returns the day consent was obtained, or None."""
        rng, d = self.rng, self.d
        day = opened
        outcomes = [Consultation.Outcome.ABSENT] * rng.randint(0, 2)
        outcomes += [Consultation.Outcome.REFUSED] * rng.randint(0, 2)
        outcomes += [Consultation.Outcome.MET] * rng.randint(1, 2)
        for outcome in outcomes:
            visit = self.later(day, 5, 21)
            if visit is None:
                return None
            day = visit
            self.on(
                day,
                lambda ago, outcome=outcome: services.outreach_contact(
                    actor=d._by(case, None),
                    case=case,
                    occurred_at=d.at(ago),
                    mode=M.HOME_VISIT,
                    outcome=outcome,
                    narrative=self.narrative(),
                    minutes=rng.choice((10, 20, 40)),
                ),
            )
        if rng.random() < 0.5:
            return None
        consent_on = self.later(day, 3, 20)
        if consent_on is None:
            return None
        self.on(
            consent_on,
            lambda ago: services.outreach_consent_obtained(
                actor=d._by(case, None),
                case=case,
                person=person,
                purposes=[SHARING, Consent.Purpose.PLAN],
                method=Consent.Method.WRITTEN,
                valid_from=d.day(-ago),
                valid_until=d.day(365 - ago),
                all_team_agencies=True,
            ),
        )
        return consent_on

    def _support(
        self,
        case: Case,
        profile: Profile,
        agency: str,
        day: dt.date,
        *,
        consented: bool,
        close: bool,
    ) -> dt.date | None:
        """Team, referral, consultations, assessment, plan and perhaps a closure. Returns
        the last day written, or None when the story reached yesterday."""
        rng, d = self.rng, self.d
        team: list[str] = []
        if consented and profile.refer_to and rng.random() < 0.55:
            day = self._referral(case, profile, agency, day, team) or day
        if consented and rng.random() < 0.35:
            extra = rng.choice([a for a in ("minsei", "shakyo", "hoken") if a != agency])
            joined = self.later(day, 1, 10)
            if joined is None:
                return None
            self.on(joined, lambda _: d.team(case, extra, TEAM_ROLES[extra]))
            team.append(extra)
            day = joined
        status_set = False
        for n in range(rng.randint(1, 5)):
            when = self.later(day, 6, 40)
            if when is None:
                return None
            day = when
            by = None
            if team and rng.random() < 0.4:
                by = WORKERS[rng.choice(team)][0]
            self.on(
                day,
                lambda ago, by=by: d.log(
                    case,
                    ago,
                    _weighted(rng, MODES),
                    self.narrative(),
                    by=by,
                    minutes=rng.choice((15, 30, 45, 60, 90)),
                    projects=list(profile.projects) if not team else [P.COLLABORATION],
                ),
            )
            if n == 0 and rng.random() < 0.7:
                self.on(
                    day,
                    lambda ago: d.assess(case, ago, "世帯全体の状況を聞き取り、課題を整理した。"),
                )
                self.on(day, lambda _: d.status(case, Case.Status.ASSESSMENT))
            if n == 1 and consented and rng.random() < 0.75:
                self._plan(case, agency, team, day)
                status_set = True
                if team:
                    self._enrol(case, P.COLLABORATION, day)
                if rng.random() < 0.3:
                    self._enrol(case, P.PARTICIPATION, day)
                elif rng.random() < 0.15:
                    self._enrol(case, P.COMMUNITY, day)
        if status_set and rng.random() < 0.5:
            self.on(day, lambda _: d.status(case, Case.Status.SUPPORTING))
        if close and agency in SUPERVISORS and rng.random() < 0.6:
            self._close(case, agency, day)
        return day

    def _referral(
        self, case: Case, profile: Profile, agency: str, day: dt.date, team: list[str]
    ) -> dt.date | None:
        rng, d = self.rng, self.d
        to = rng.choice([a for a in profile.refer_to if a != agency] or [None])
        if to is None:
            return None
        sent_on = self.later(day, 1, 8)
        if sent_on is None:
            return None
        referral: Referral = self.on(
            sent_on,
            lambda _: d.refer(
                case,
                to,
                rng.choice(names.REFERRAL_REASONS),
                f"{case.title}。詳細は面談時に説明します。",
            ),
            hour=10,
        )
        roll = rng.random()
        if roll < 0.1:
            return sent_on  # still waiting, or forgotten: the figures count it as sent only
        answered = self.later(sent_on, 0, 14 if roll < ACCEPTED else 10)
        if answered is None:
            return sent_on
        receiver = WORKERS[to][0]
        if roll < ACCEPTED:
            self.on(
                answered,
                lambda _: d.accept(referral, receiver, "受け入れます。初回訪問を調整します。"),
                hour=rng.randint(11, 17),
            )
            team.append(to)
        else:
            self.on(
                answered,
                lambda _: d.send_back_referral(referral, receiver, rng.choice(RETURN_REASONS)),
                hour=rng.randint(11, 17),
            )
        return answered

    def _plan(self, case: Case, agency: str, team: list[str], day: dt.date) -> None:
        rng, d = self.rng, self.d
        responsible = [agency, *team]
        self.on(
            day,
            lambda ago: d.plan(
                case,
                "本人と家族が安心して暮らせるよう、関係機関で役割を分担して支える。",
                90 - ago,
                [(a, rng.choice(names.TEAM_ROLES), 30 - ago) for a in responsible[:2]],
            ),
        )
        approved = self.later(day, 3, 25)
        if approved is not None and rng.random() < 0.7:
            plan = case.plans.order_by("-number").first()
            label = f"支援会議（{to_wareki(approved)}）"
            self.on(
                approved,
                lambda _: services.plan_approve(
                    actor=d._by(case, None), plan=plan, decided_at=label
                ),
            )

    def _enrol(self, case: Case, project: str, day: dt.date) -> None:
        """Add the case to one more of the five projects, on `day`."""
        current = list(
            case.projects.filter(ended_on__isnull=True).values_list("project", flat=True)
        )
        if project not in current:
            self.on(day, lambda _: self.d.projects(case, [*current, project]))

    def _close(self, case: Case, agency: str, day: dt.date) -> None:
        rng, d = self.rng, self.d
        proposed = self.later(day, 10, 120)
        if proposed is None:
            return
        reason = _weighted(rng, CLOSURE_REASONS)
        closure = self.on(
            proposed, lambda _: d.propose_closure(case, reason, CLOSURE_WORDS[reason])
        )
        decided = self.later(proposed, 1, 14)
        if decided is None:
            return
        self.on(
            decided,
            lambda _: services.closure_approve(
                actor=d.user(SUPERVISORS[agency]), closure=closure, evaluation=CLOSURE_WORDS[reason]
            ),
        )


def year_loaded() -> bool:
    return Household.objects.filter(name=MARKER_HOUSEHOLD).exists()


@transaction.atomic
def load_year() -> int:
    """Create the year's households and cases once (after the stories). Returns how many
    households it created: 0 when they were already there."""
    if not demo_cases_loaded():
        load_cases()
    if year_loaded():
        return 0
    d = Loader()
    current = fiscal_year(d.today)
    rng = random.Random(f"あさひ野市 {current}")  # noqa: S311 - made-up data, seeded
    year = Year(d, rng)
    # The long-running: opened one to four years before the previous fiscal year.
    start, _ = fiscal_year_bounds(current - 1)
    for n in range(LONG_RUNNING):
        opened = start - dt.timedelta(days=rng.randint(200, 1300))
        year.case(
            opened,
            name=MARKER_HOUSEHOLD if n == 0 else None,
            outreach=False,
            keep_in_touch_from=start - dt.timedelta(days=30),
        )
    for fy, per_month in zip((current - 1, current), CASES_A_MONTH, strict=True):
        first, last = fiscal_year_bounds(fy)
        month = first
        while month <= min(last, year.yesterday):
            for _ in range(per_month):
                opened = month + dt.timedelta(days=rng.randint(0, 27))
                if opened <= year.yesterday:
                    year.case(opened)
            month = (month + dt.timedelta(days=32)).replace(day=1)
    return year.households
