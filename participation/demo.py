"""参加支援 in the demo city あさひ野市: hosts and support menus developed by the 社協 and
the 自立相談支援機関 (a café kitchen, the shopping street, a 駄菓子屋, an NPO), and matchings
in every state for demo cases whose consent lets the supporting agency read them, with
follow-ups (one of them due, so the reminder sweep has something to find).

Everything is written through participation.services, acting as the demo staff, so the
history names who did what. Loading twice creates nothing more. All names are fictional."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, Area, User
from cases import access
from cases.demo import load_cases
from cases.models import Case, Person
from core.demo import demo_clock
from core.wareki import fiscal_year, fiscal_year_bounds
from participation import services
from participation.models import FollowUp, Host, Matching, SupportMenu, Target
from participation.services import taken_places

# If this host exists, the participation demo is loaded.
MARKER_HOST = "カフェ こもれび"

SHAKYO = "あさひ野市社会福祉協議会"
KURASHI = "くらしサポートセンターあさひ野"
HIDAMARI = "NPO法人 ひだまりの家"

# name, contact, linked agency (or None), registering agency, by (username)
HOSTS = [
    (MARKER_HOST, "店長 森本様 0561-00-1234（火〜土 9時〜17時）", None, SHAKYO, "shakyo-csw"),
    ("朝日町商店街振興組合", "事務局 川口様 0561-00-2345", None, SHAKYO, "shakyo-csw"),
    (
        "駄菓子屋 まるや",
        "店主 丸山様 0561-00-3456（午後は不在がち）",
        None,
        KURASHI,
        "kurashi-worker",
    ),
    (HIDAMARI, "橋本 0561-00-4567", HIDAMARI, HIDAMARI, "hidamari-worker"),
]

K = SupportMenu.Kind


@dataclass(frozen=True)
class MenuSpec:
    title: str
    host: str
    kind: str
    what: str
    where: str
    schedule: str
    capacity: int
    target: str
    area: str | None
    conditions: str
    by: str
    months_ago: int
    active: bool = True


MENUS = [
    MenuSpec(
        "パン作り（カフェ厨房での調理補助）",
        MARKER_HOST,
        K.WORK_EXPERIENCE,
        "開店前の厨房で、生地の計量・成形と焼き上がったパンの袋詰めを店長と一緒に行う。"
        "慣れてきたら店頭での陳列も。",
        "カフェ こもれび 厨房（朝日町）",
        "毎週火・木 10:00〜13:00",
        2,
        Target.YOUTH,
        "朝日小学校区",
        "衛生のため事前に検便あり。エプロン・帽子は貸出。交通費（上限500円）と昼食を支給。",
        "shakyo-csw",
        8,
    ),
    MenuSpec(
        "商店街清掃ボランティア",
        "朝日町商店街振興組合",
        K.VOLUNTEERING,
        "商店街の歩道のごみ拾いと花壇の水やり。終わったら組合事務所でお茶会。",
        "朝日町商店街（集合：組合事務所前）",
        "毎月第2・第4土曜 9:00〜10:00",
        6,
        Target.EVERYONE,
        "東中学校区",
        "軍手・トング・ごみ袋は組合が用意。雨天中止。途中参加・途中退出可。",
        "shakyo-csw",
        14,
    ),
    MenuSpec(
        "駄菓子の値札貼り",
        "駄菓子屋 まるや",
        K.ROLE,
        "入荷した駄菓子に値札を貼り、棚に並べる。子どもたちとの短い会話もある。",
        "駄菓子屋 まるや（北町）",
        "毎週水曜 14:00〜15:30（相談で調整可）",
        1,
        Target.WORKING_AGE,
        "北小学校区",
        "一人ずつの受け入れ。最初の2回は支援者が同行。謝礼として駄菓子。",
        "kurashi-worker",
        5,
    ),
    MenuSpec(
        "こども食堂の配膳・片付け",
        HIDAMARI,
        K.VOLUNTEERING,
        "こども食堂で配膳と片付けを担当。希望すれば学習支援の見守りも。",
        "ひだまりの家（南町）",
        "毎週金曜 16:30〜19:00",
        3,
        Target.EVERYONE,
        "南中学校区",
        "子どもと関わるため、初回に活動の約束事を説明。夕食あり。",
        "hidamari-worker",
        11,
    ),
    MenuSpec(
        "市民農園の草取り",
        "朝日町商店街振興組合",
        K.VOLUNTEERING,
        "商店街が借りている市民農園の草取りと収穫の手伝い。",
        "朝日町 市民農園",
        "不定期（夏季のみ）",
        4,
        Target.EVERYONE,
        "朝日町",
        "今年度は農園の契約終了のため休止中。",
        "shakyo-csw",
        20,
        active=False,
    ),
]


class _Loader:
    def __init__(self) -> None:
        self.today = timezone.localdate()
        self.created = 0
        self.hosts: dict[str, Host] = {}
        self.menus: dict[str, SupportMenu] = {}

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    @staticmethod
    def user(username: str) -> User:
        return User.objects.get(username=username)

    @staticmethod
    def agency(name: str) -> Agency:
        return Agency.objects.get(name=name)

    def load_directory(self) -> None:
        for name, contact, linked, registered_by, by in HOSTS:
            self.hosts[name] = services.host_create(
                actor=self.user(by),
                name=name,
                contact=contact,
                agency=self.agency(linked) if linked else None,
                registered_by=self.agency(registered_by),
            )
            self.created += 1
        areas = {a.name: a for a in Area.objects.all()}
        for spec in MENUS:
            actor = self.user(spec.by)
            menu = services.menu_create(
                actor=actor,
                title=spec.title,
                what=spec.what,
                host=self.hosts[spec.host],
                capacity=spec.capacity,
                kind=spec.kind,
                target=spec.target,
                where=spec.where,
                schedule=spec.schedule,
                conditions=spec.conditions,
                area=areas.get(spec.area) if spec.area else None,
                developed_on=self.day(-30 * spec.months_ago),
            )
            if not spec.active:
                menu = services.menu_update(
                    actor=actor, menu=menu, expected_version=menu.version, data={"is_active": False}
                )
            self.menus[spec.title] = menu
            self.created += 1

    def propose(
        self, household: str, given_name: str, menu: str, by: str, days_ago: int, note: str
    ) -> Matching | None:
        """A proposal, if the demo case exists and its consent lets `by` read it."""
        actor = self.user(by)
        case = (
            Case.objects.filter(household__name=household)
            .exclude(status=Case.Status.CLOSED)
            .order_by("pk")
            .first()
        )
        person = Person.objects.filter(
            memberships__household__name=household,
            memberships__ended_on__isnull=True,
            given_name=given_name,
        ).first()
        if case is None or person is None or not access.case_decision(actor, case).can_view:
            return None
        matching = services.matching_propose(
            actor=actor,
            case=case,
            person=person,
            menu=self.menus[menu],
            note=note,
            proposed_on=self.day(-days_ago),
        )
        self.created += 1
        return matching

    def move(self, matching: Matching, by: str, to: str, days_ago: int, **end) -> Matching:
        return services.matching_move(
            actor=self.user(by), matching=matching, to=to, on=self.day(-days_ago), **end
        )

    def follow_up(
        self, matching: Matching, by: str, about: str, days_ago: int, next_in: int, note: str
    ) -> None:
        services.follow_up_record(
            actor=self.user(by),
            matching=matching,
            about=about,
            note=note,
            done_on=self.day(-days_ago),
            next_on=self.day(next_in),
        )
        self.created += 1

    def load_matchings(self) -> None:
        bread = "パン作り（カフェ厨房での調理補助）"
        cleaning = "商店街清掃ボランティア"
        labels = "駄菓子の値札貼り"

        # 宮本 拓海: the 社協 (on the team, covered by consent) found him the café kitchen;
        # after a trial he takes part. His own follow-up is due (yesterday).
        miyamoto = self.propose(
            "宮本世帯", "拓海", bread, "shakyo-csw", 45, "本人が「パンが好き」と話していた。"
        )
        if miyamoto is not None:
            miyamoto = self.move(miyamoto, "shakyo-csw", Matching.Status.TRIAL, 35)
            miyamoto = self.move(miyamoto, "shakyo-csw", Matching.Status.ACTIVE, 21)
            self.follow_up(
                miyamoto,
                "shakyo-csw",
                FollowUp.About.PERSON,
                15,
                -1,
                "本人と面談。朝起きるのがつらい日もあるが、火曜は休まず通えている。成形が上手と"
                "褒められたことが嬉しかった様子。",
            )
            self.follow_up(
                miyamoto,
                "shakyo-csw",
                FollowUp.About.HOST,
                7,
                21,
                "店長に電話。作業は丁寧。指示は一つずつ、紙に書いて渡すとよいとのこと。",
            )

        # 大西 健司: on a trial at the shopping street clean-up.
        onishi = self.propose(
            "大西世帯", "健司", cleaning, "kurashi-worker", 20, "まずは月2回、短時間から。"
        )
        if onishi is not None:
            onishi = self.move(onishi, "kurashi-worker", Matching.Status.TRIAL, 10)
            self.follow_up(
                onishi,
                "kurashi-worker",
                FollowUp.About.PERSON,
                9,
                5,
                "初回参加。挨拶はできた。お茶会は遠慮して先に帰ったが、次回も行くと言っている。",
            )

        # 佐々木 健太: a first step out of the house, proposed this week.
        self.propose(
            "佐々木世帯",
            "健太",
            labels,
            "sogo-worker",
            3,
            "人の少ない時間帯の作業なら行けるかもしれない、と本人。",
        )

        # 田村 修: proposed, then declined (he found a part-time job instead).
        tamura = self.propose("田村世帯", "修", bread, "sogo-worker", 60, "就労準備として提案。")
        if tamura is not None:
            self.move(
                tamura,
                "sogo-worker",
                Matching.Status.ENDED,
                50,
                outcome=Matching.Outcome.STEPPED_UP,
                reason="見学前に、知人の紹介で倉庫のパート就労が決まったため。",
            )


@transaction.atomic
def load_participation() -> int:
    """Create the demo hosts, menus, matchings and follow-ups once. Returns how many
    records it created (0 when already loaded)."""
    load_cases()
    if Host.objects.filter(name=MARKER_HOST).exists():
        return 0
    loader = _Loader()
    loader.load_directory()
    loader.load_matchings()
    return loader.created


# --- a year of 参加支援 (after cases.demo.year) ---------------------------------------------

# Menus developed over the previous fiscal year and this one, and matchings for the year's
# open cases: proposed in every season, most tried, many taking part for months (so that
# retention at 3 and 6 months can be read), some ended with an outcome. Proposed by the
# case's own worker, who reads it (docs/demo.md).
YEAR_HOST = "あさひ野市立図書館 友の会"
# title, host, kind, area, by, developed (months after the previous fiscal year began)
YEAR_MENUS = [
    ("図書館の本の修理・配架", YEAR_HOST, K.VOLUNTEERING, "朝日小学校区", "shakyo-csw", 1),
    (
        "農家の収穫手伝い",
        "あさひ野みどり農園",
        K.WORK_EXPERIENCE,
        "緑小学校区",
        "kurashi-worker",
        3,
    ),
    ("サロンの受付・お茶出し", YEAR_HOST, K.ROLE, "西小学校区", "shakyo-csw", 5),
    (
        "農産物直売所の袋詰め",
        "あさひ野みどり農園",
        K.WORK_EXPERIENCE,
        "南中学校区",
        "kurashi-worker",
        8,
    ),
    ("こども食堂の買い出し同行", HIDAMARI, K.VOLUNTEERING, "南小学校区", "hidamari-worker", 10),
    ("図書館のおはなし会の準備", YEAR_HOST, K.ROLE, "北小学校区", "shakyo-csw", 14),
    ("直売所のポップ書き", "あさひ野みどり農園", K.ROLE, "緑小学校区", "kurashi-worker", 17),
]
YEAR_HOSTS = [
    (YEAR_HOST, "事務局 0561-00-5678（火〜日 10時〜17時）", SHAKYO, "shakyo-csw"),
    ("あさひ野みどり農園", "園主 0561-00-6789", KURASHI, "kurashi-worker"),
]
ENDINGS = (
    (Matching.Outcome.SETTLED, "本人が自分で通えるようになり、定着支援を終えた。"),
    (Matching.Outcome.STEPPED_UP, "アルバイトが決まり、次の場へ移った。"),
    (Matching.Outcome.DECLINED_PERSON, "体調がすぐれず、本人が休止を希望した。"),
    (Matching.Outcome.NOT_SUITED, "作業が本人に合わず、別のメニューを探すことにした。"),
)


def _year_cases(first: dt.date) -> list[Case]:
    """Open cases opened from `first` on (not the self-neglect ones), oldest first."""
    return list(
        Case.objects.filter(opened_on__gte=first, opened_on__lt=timezone.localdate())
        .exclude(status=Case.Status.CLOSED)
        .exclude(title__startswith="セルフネグレクト")
        .select_related("household", "worker")
        .order_by("opened_on", "pk")
    )


def _at(day: dt.date, hour: int = 16):
    return demo_clock(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))))


@transaction.atomic
def load_year() -> int:
    """Create the year's menus and matchings once (after the year's cases). Returns how
    many records it created."""
    from cases.demo.year import load_year as load_year_cases

    load_year_cases()
    if Host.objects.filter(name=YEAR_HOST).exists():
        return 0
    loader = _Loader()
    today = loader.today
    current = fiscal_year(today)
    first, _ = fiscal_year_bounds(current - 1)
    rng = random.Random(f"あさひ野市 参加支援 {current}")  # noqa: S311 - seeded, made up
    start = timezone.make_aware(dt.datetime.combine(first - dt.timedelta(days=20), dt.time(10)))
    with demo_clock(start):
        for name, contact, registered_by, by in YEAR_HOSTS:
            loader.hosts[name] = services.host_create(
                actor=loader.user(by),
                name=name,
                contact=contact,
                registered_by=loader.agency(registered_by),
            )
            loader.created += 1
    loader.hosts[HIDAMARI] = Host.objects.get(name=HIDAMARI)
    areas = {a.name: a for a in Area.objects.all()}
    menus: list[tuple[dt.date, SupportMenu]] = []
    for title, host, kind, area, by, months in YEAR_MENUS:
        developed = (first + dt.timedelta(days=30 * months + 5)).replace(day=12)
        if developed >= today:
            continue
        with _at(developed):
            menu = services.menu_create(
                actor=loader.user(by),
                title=title,
                what=f"{title}。スタッフと一緒に、できることから少しずつ。",
                host=loader.hosts[host],
                capacity=8,
                kind=kind,
                target=Target.EVERYONE,
                where=loader.hosts[host].name,
                schedule="週1回 2時間程度（相談で調整）",
                area=areas[area],
                developed_on=developed,
            )
        menus.append((developed, menu))
        loader.created += 1
    for case in _year_cases(first):
        if rng.random() > 0.4:
            continue
        offered = [
            m
            for developed, m in menus
            if developed <= case.opened_on + dt.timedelta(30) and taken_places(m) < m.capacity
        ]
        if not offered:
            continue
        person = (
            Person.objects.filter(
                memberships__household=case.household, memberships__ended_on__isnull=True
            )
            .order_by("pk")
            .first()
        )
        proposed = case.opened_on + dt.timedelta(days=rng.randint(20, 60))
        if proposed >= today:
            continue
        loader.created += _matching(loader, rng, case, person, rng.choice(offered), proposed)
    return loader.created


def _matching(loader, rng, case: Case, person: Person, menu: SupportMenu, proposed) -> int:
    """Proposed; then perhaps a trial after one to three weeks, taking part after two to
    four more, and ended (with an outcome) months later, or still going."""
    today = loader.today
    actor = case.worker
    with _at(proposed):
        matching = services.matching_propose(
            actor=actor,
            case=case,
            person=person,
            menu=menu,
            note="本人の関心と体力に合わせて提案した。",
            proposed_on=proposed,
        )
    steps = [
        (Matching.Status.TRIAL, rng.randint(7, 21), {}),
        (Matching.Status.ACTIVE, rng.randint(14, 28), {}),
    ]
    roll = rng.random()
    if roll < 0.15:
        steps = [steps[0]]
        ending = (Matching.Outcome.NOT_SUITED, "見学と体験のあと、本人が別の場を希望した。")
        steps.append(
            (
                Matching.Status.ENDED,
                rng.randint(10, 30),
                dict(zip(("outcome", "reason"), ending, strict=True)),
            )
        )
    elif roll < 0.45:
        outcome, reason = rng.choice(ENDINGS)
        steps.append(
            (Matching.Status.ENDED, rng.randint(60, 260), {"outcome": outcome, "reason": reason})
        )
    on = proposed
    for status, after, end in steps:
        on = on + dt.timedelta(days=after)
        if on >= today:
            break
        with _at(on):
            matching = loader.move(matching, actor.username, status, (today - on).days, **end)
    return 1
