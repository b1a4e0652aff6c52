"""Demo cases for the fictional city あさひ野市 (see agencies/demo.py).

About thirty households of the kinds the municipalities describe (8050, ダブルケア,
ヤングケアラー, ひきこもり, セルフネグレクト, 外国籍世帯, ごみ屋敷, DV, 多重債務, 不登校…),
spread over the demo agencies and the four 中学校区. Everything is written through
cases.services, acting as the demo staff, so history names who did what; and between them
the stories show every access rule: consent active, missing, withdrawn and expired;
referrals waiting, accepted and returned; leads handed over; 住所秘匿; agency-internal
records; closures approved, sent back and pending; a reopened case.

The services date some records (opened_on, consultation times, assessments, consent
windows) but stamp the rest with today (team joins, lead changes, referrals, closures,
concerns), so those all read as happening on the day the demo was loaded.

All names, places and events are fictional; any likeness to real persons is chance."""

import datetime as dt
import zlib
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

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
from cases.services.cases import ActionData, ConsultationData
from cases.services.households import PersonData

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


def _person(name: str, kana: str, age: int, sex: str, relation: str, **extra) -> PersonData:
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


class _Loader:
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
            reason="demo: progress",
        )

    def projects(self, case: Case, codes: list[str], *, by: str | None = None) -> None:
        services.case_update(
            actor=self._by(case, by),
            case=case,
            expected_version=None,
            data={"projects": codes},
            reason="projects changed",
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


# === the stories =============================================================================


def _sasaki(d: _Loader) -> None:
    """8050: the hub takes it in, hands the lead to the 地域包括 once care is the centre."""
    c, (tomi, kenta) = d.intake(
        MARKER_HOUSEHOLD,
        by="sogo-worker",
        area="朝日町",
        address="あさひ野市朝日町2-14-5",
        members=[
            _person("佐々木 トミ", "ささき とみ", 84, FEMALE, REL.HEAD),
            _person("佐々木 健太", "ささき けんた", 53, MALE, REL.CHILD),
        ],
        days_ago=640,
        title="8050世帯：母の認知症の進行と長男の長期ひきこもり",
        source=S.FAMILY,
        projects=[P.CONSULTATION, P.OUTREACH],
        mode=M.PHONE,
        minutes=25,
        text=(
            "市外に住む長女より電話。母トミさん（84）の物忘れが進み、鍋を焦がすことが"
            "続いている。同居の兄・健太さん（53）は大学中退後ほとんど外出せず、母の年金で"
            "二人暮らし。兄に話しても返事がなく、どこに相談すればよいか分からないとのこと。"
            "来週、長女同席で訪問することを約束。"
        ),
    )
    d.log(
        c,
        633,
        M.HOME_VISIT,
        "長女同席で自宅訪問。トミさんは穏やかに応対されたが、日付の見当識があいまい。"
        "台所に賞味期限切れの食品が多数。健太さんは自室から出てこられず、襖越しに挨拶のみ。"
        "長女と今後の流れ（介護保険の申請、兄への関わり方）を確認。",
        minutes=90,
        projects=[P.CONSULTATION, P.OUTREACH],
        person=tomi,
    )
    d.concern(c, C.CARE, "物忘れ・火の不始末。介護保険は未申請。", person=tomi)
    d.concern(c, C.HIKIKOMORI, "大学中退後約30年、ほぼ自室で過ごす。通院歴なし。", person=kenta)
    d.concern(c, C.POVERTY, "母の年金（月約9万円）のみで二人の生活。")
    d.consent(c, tomi, from_ago=630, until_in=95, purposes=(SHARING, MEETING, PLAN))
    d.team(c, "hoken", "精神保健（長男）")
    referral = d.refer(
        c,
        "h_east",
        "母の要介護認定の申請とケアマネジャーの選定をお願いします。",
        "84歳女性、認知症の疑い。53歳の長男（長期ひきこもり）と二人暮らし。"
        "窓口は市外在住の長女。本人の同意（情報共有）あり。",
    )
    d.accept(referral, "houkatsu-east-worker", "今週中に訪問し、認定申請を代行します。")
    d.log(
        c,
        600,
        M.HOME_VISIT,
        "包括として初回訪問。要介護認定の申請を代行。主治医意見書は近所の内科に依頼。"
        "健太さんは台所でお茶を入れて出してくれたが、会話はなし。",
        by="houkatsu-east-worker",
        minutes=60,
        person=tomi,
    )
    d.assess(
        c,
        610,
        "母は認知症の疑いで日常生活に見守りが必要。長男は母の世話をしたい気持ちはあるが、"
        "外部との接触を避けている。家計は母の年金のみで、母の介護が始まると立ち行かない。",
        strengths="長女が月1回帰省し協力的。長男は家事の一部（ごみ出し）を担っている。",
        risks="火の不始末による火災。母の入院時に長男が孤立する。",
    )
    d.plan(
        c,
        "母が安全に在宅生活を続けられる。長男が家族以外の人と話せる関係をつくる。",
        -400,
        [
            ("h_east", "要介護認定申請とケアマネジャーの選定", -580),
            ("hub", "長男への手紙による働きかけ（月1回）", -450),
            ("hoken", "長男への精神保健福祉相談（訪問）への同行", -500),
        ],
        approved_at="重層的支援会議（第2回）",
    )
    d.status(c, Case.Status.SUPPORTING)
    d.lead(
        c,
        "h_east",
        "母の介護サービス利用が定着し、世帯の主な支援が介護分野になったため、"
        "地域包括支援センターへ主導役を引き継ぐ。福祉総合相談課は長男への関わりで"
        "引き続きチームに残る。",
        decided_at="重層的支援会議（第5回）",
    )
    d.log(
        c,
        200,
        M.PHONE,
        "ケアマネジャーより報告。デイサービス週2回が定着。帰宅後の様子も落ち着いている。",
        by="houkatsu-east-worker",
        minutes=10,
    )
    d.log(
        c,
        120,
        M.HOME_VISIT,
        "定期訪問。健太さんが初めて居間に出てきて、20分ほど話すことができた。"
        "『母のことは感謝している』『自分も何かしないといけないと思っている』と。",
        minutes=60,
        projects=[P.CONSULTATION, P.OUTREACH],
        person=kenta,
    )
    d.log(
        c,
        60,
        M.ACCOMPANY,
        "健太さんと保健センターの精神保健福祉相談へ同行。保健師と次回の約束ができた。",
        minutes=120,
        person=kenta,
    )
    d.projects(c, [P.CONSULTATION, P.OUTREACH, P.COLLABORATION])
    d.assess(
        c,
        90,
        "母は要介護1、デイサービスで生活リズムが整った。長男は外出の機会が少しずつ増え、"
        "保健師との面談を継続中。",
        strengths="長男が母の通所準備を手伝うようになった。",
        risks="母の状態悪化時の長男の負担。長男の収入がない。",
        by="houkatsu-east-worker",
    )
    d.plan(
        c,
        "母の在宅生活の継続と、長男の社会参加の第一歩。",
        60,
        [
            ("h_east", "デイサービス週2回の継続とケアプランの見直し", 30),
            ("hub", "長男との月1回の面談、参加支援メニューの提案", 45),
            ("hoken", "長男の精神科受診の必要性の評価", 20),
        ],
        approved_at="重層的支援会議（第9回）",
        by="houkatsu-east-worker",
    )


def _nakajima(d: _Loader) -> None:
    """Double care; the こども家庭センター accepted a referral but consent does not cover it."""
    c, (_hiroki, yuka, kazuko, _hina, ao) = d.intake(
        "中島世帯",
        by="sogo-worker2",
        area="西町",
        address="あさひ野市西町4-2-11",
        members=[
            _person("中島 大樹", "なかじま だいき", 44, MALE, REL.HEAD),
            _person("中島 由香", "なかじま ゆか", 42, FEMALE, REL.SPOUSE),
            _person("中島 和子", "なかじま かずこ", 76, FEMALE, REL.PARENT),
            _person("中島 陽菜", "なかじま ひな", 4, FEMALE, REL.CHILD),
            _person("中島 蒼", "なかじま あお", 1, MALE, REL.CHILD),
        ],
        days_ago=75,
        title="ダブルケア：義母の介護と乳幼児の育児が重なり、妻が疲弊",
        source=S.SELF,
        projects=[P.CONSULTATION, P.COLLABORATION],
        mode=M.ONLINE,
        minutes=50,
        person=1,
        text=(
            "市ホームページの予約フォームからオンライン相談。義母（76）が昨年脳梗塞で倒れ、"
            "右半身に麻痺が残る。夫は長時間勤務で平日はほぼ不在。4歳と1歳の子の育児もあり、"
            "夜間も義母のトイレ介助で眠れない。『誰にも頼れない』と涙ぐまれる。"
        ),
    )
    d.log(
        c,
        68,
        M.VISIT,
        "由香さんが蒼くんを連れて来所。介護保険は要介護2の認定済みだが、サービスは"
        "デイサービス週1回のみ。ショートステイや一時預かりの制度を説明。",
        minutes=60,
        person=yuka,
    )
    d.concern(c, C.CARE, "義母の介護を一人で担う（ダブルケア）。", person=yuka)
    d.concern(c, C.MENTAL_HEALTH, "睡眠不足、抑うつ気分の訴え。", person=yuka)
    d.concern(c, C.CARE, "要介護2、右片麻痺。夜間のトイレ介助が必要。", person=kazuko)
    d.concern(c, C.CHILD_REARING, "一時預かりの利用希望。", person=ao)
    d.team(c, "h_west", "介護（義母）")
    d.consent(c, yuka, from_ago=66, until_in=299, agencies=["h_west"])
    d.consent(c, kazuko, from_ago=66, until_in=299, agencies=["h_west"])
    referral = d.refer(
        c,
        "kodomo",
        "一時預かり・ファミリーサポートの利用調整と、母親の育児負担の評価をお願いします。",
        "4歳・1歳の子を育てながら義母（76・要介護2）を介護。母親に睡眠不足と抑うつ気分。",
    )
    d.accept(referral, "kodomo-worker", "担当保健師と調整します。同意書は次回の面談で取得予定。")
    d.log(
        c,
        40,
        M.PHONE,
        "由香さんより電話。義母のショートステイ初回利用（2泊）で久しぶりに眠れたとのこと。",
        minutes=15,
        person=yuka,
    )
    d.log(
        c,
        30,
        M.HOME_VISIT,
        "ケアマネジャーと訪問。夜間のトイレ対策としてポータブルトイレと福祉用具を提案。",
        by="houkatsu-west-worker",
        minutes=45,
        person=kazuko,
    )
    d.assess(
        c,
        50,
        "義母の介護と乳幼児2人の育児が妻一人に集中している。夫は協力的だが勤務が長い。",
        strengths="妻が自ら相談できた。夫の両親の近所付き合いが残っている。",
        risks="妻の心身の不調。夜間の転倒。",
    )
    d.plan(
        c,
        "由香さんが夜に眠れ、一人で抱え込まずに介護と育児を続けられる。",
        40,
        [
            ("h_west", "義母のショートステイ導入（月1回）", 14),
            ("kodomo", "一時預かりの登録と利用", 21),
            ("hub", "由香さんとの月2回の面談", 30),
        ],
        approved_at="重層的支援会議（第10回）",
    )
    d.status(c, Case.Status.PLANNING)


def _ishikawa(d: _Loader) -> None:
    """Young carer found by the school; overdue plan review."""
    c, (mayumi, sakura, yuto) = d.intake(
        "石川世帯",
        by="kodomo-worker",
        area="東山町",
        address="あさひ野市東山町1-8-3 東山ハイツ203",
        members=[
            _person("石川 真由美", "いしかわ まゆみ", 45, FEMALE, REL.HEAD),
            _person("石川 さくら", "いしかわ さくら", 15, FEMALE, REL.CHILD),
            _person("石川 悠斗", "いしかわ ゆうと", 8, MALE, REL.CHILD),
        ],
        days_ago=200,
        title="ヤングケアラー：精神疾患のある母と弟の世話を中学3年の長女が担う",
        source=S.SCHOOL,
        projects=[P.CONSULTATION, P.COLLABORATION],
        mode=M.PHONE,
        text=(
            "東中学校のスクールソーシャルワーカーより電話。3年のさくらさんの遅刻・欠席が"
            "増え、担任に『母の具合が悪い日は弟の送り迎えと家事をしている』と話した。"
            "母は統合失調症で通院中。本人は『大丈夫』と言うが、受験期でもあり心配とのこと。"
        ),
    )
    d.log(
        c,
        190,
        M.HOME_VISIT,
        "SSWと家庭訪問。真由美さんは服薬が不規則になっており、日中も横になっている。"
        "『娘に頼ってしまって申し訳ない』。ヘルパー利用について前向き。",
        minutes=60,
        person=mayumi,
    )
    d.log(
        c,
        185,
        M.VISIT,
        "学校の相談室でさくらさんと面談。毎朝弟を学校へ送り、夕食も作っている。"
        "『お母さんのことは誰にも言わないで』と最初は話したが、支援の説明に納得。",
        minutes=45,
        person=sakura,
    )
    d.concern(c, C.YOUNG_CARER, "母の服薬管理、弟の送迎、家事全般を担う。", person=sakura)
    d.concern(c, C.SCHOOL_REFUSAL, "遅刻・欠席が月8日程度。", person=sakura)
    d.concern(c, C.MENTAL_HEALTH, "統合失調症。服薬が不規則になると家事ができない。", person=mayumi)
    d.concern(c, C.CHILD_REARING, "学童保育を利用していない。", person=yuto)
    d.consent(c, mayumi, from_ago=185, until_in=180, purposes=(SHARING, MEETING, PLAN))
    referral = d.refer(
        c,
        "aozora",
        "母の計画相談支援と居宅介護（家事援助）の導入をお願いします。",
        "45歳女性、統合失調症で通院中。中3の長女が家事と弟の世話を担っている。",
    )
    d.accept(referral, "aozora-worker", "来週、母と面談します。")
    d.team(c, "shogai", "障がい福祉サービスの支給決定")
    d.assess(
        c,
        170,
        "母の病状の波により家事と育児が滞り、長女がその穴を埋めている。長女は受験期。",
        strengths="母に治療の意思がある。長女と弟の仲がよい。",
        risks="長女の進学断念。母の再入院時に子どもだけが残る。",
    )
    d.plan(
        c,
        "さくらさんが受験と学校生活に集中できる。母が必要な支援を受けて家事を続けられる。",
        -10,
        [
            ("aozora", "母の居宅介護（家事援助）週2回の導入", -150),
            ("shogai", "居宅介護の支給決定", -160),
            ("kodomo", "さくらさんの進路相談（学校と連携）", -60),
            ("kodomo", "悠斗さんの学童保育の利用", -120),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)
    d.log(
        c,
        100,
        M.HOME_VISIT,
        "ヘルパー導入から2か月。台所が片付き、母も『朝起きられる日が増えた』。",
        by="aozora-worker",
        person=mayumi,
    )
    d.log(
        c,
        30,
        M.ACCOMPANY,
        "さくらさんと高校の学校説明会に同行。帰り道、『行きたい高校が決まった』と笑顔。",
        minutes=150,
        person=sakura,
    )


def _onodera(d: _Loader) -> None:
    """Self-neglect found by a 民生委員; outreach, no consent yet (the 民生委員 sees the card)."""
    c, (shigeru,) = d.intake(
        "小野寺世帯",
        by="houkatsu-east-worker",
        area="丘の上",
        address="あさひ野市丘の上3-21",
        members=[_person("小野寺 茂", "おのでら しげる", 79, MALE, REL.HEAD)],
        days_ago=110,
        title="セルフネグレクトの疑い：独居高齢男性が支援を拒否",
        source=S.WELFARE_COMMISSIONER,
        projects=[P.OUTREACH],
        mode=M.PHONE,
        minutes=15,
        text=(
            "丘の上地区の民生委員より電話。小野寺さん宅の郵便受けに新聞がたまり、庭の草が"
            "伸び放題。声をかけたが『放っておいてくれ』と玄関を閉められた。ここ数か月で"
            "かなり痩せたように見えるとのこと。"
        ),
    )
    d.log(
        c,
        105,
        M.HOME_VISIT,
        "民生委員と訪問。玄関先で5分ほど会話。室内は物が多く異臭あり。"
        "『医者は嫌いだ』。名刺を置いてくる。",
        projects=[P.OUTREACH],
        person=shigeru,
    )
    d.log(c, 80, M.HOME_VISIT, "不在。体調を気遣うメモを投函。", minutes=10, projects=[P.OUTREACH])
    d.log(
        c,
        60,
        M.HOME_VISIT,
        "在宅。前回のメモを読んでいた。亡くなった妻の話を15分ほど。食事はパンと牛乳のみ。"
        "次回、血圧を測らせてもらう約束ができた。",
        minutes=40,
        projects=[P.OUTREACH],
        person=shigeru,
    )
    d.log(
        c,
        20,
        M.PHONE,
        "民生委員より：最近は新聞を取り込んでいる。近所の人が野菜を届けると受け取った。",
        minutes=10,
        projects=[P.OUTREACH],
    )
    d.concern(c, C.ISOLATION, "親族と20年以上音信不通。近所付き合いもない。", person=shigeru)
    d.concern(c, C.OTHER, "セルフネグレクト：受診拒否、食事が不規則、体重減少。", person=shigeru)
    d.concern(c, C.HOARDING, "室内に物が多く異臭がある。")
    d.team(c, "minsei", "見守り・情報提供")


def _morita(d: _Loader) -> None:
    """Hoarding, long-running; the consent has expired and has not been renewed yet."""
    c, (kiyoshi,) = d.intake(
        "森田世帯",
        by="sogo-worker",
        area="港町",
        address="あさひ野市港町5-3-7",
        members=[_person("森田 清", "もりた きよし", 68, MALE, REL.HEAD)],
        days_ago=420,
        title="ごみ屋敷：独居男性宅のごみの堆積と近隣からの苦情",
        source=S.NEIGHBOURHOOD_HEAD,
        projects=[P.CONSULTATION, P.OUTREACH],
        mode=M.VISIT,
        minutes=40,
        text=(
            "港町自治区長が来所。森田さん宅の庭と玄関前にごみ袋が積まれ、夏場は悪臭と虫で"
            "近所から苦情が出ている。区長が声をかけると『全部使うものだ』と言う。"
            "奥さんを亡くしてから急に様子が変わったとのこと。"
        ),
    )
    d.log(
        c,
        410,
        M.HOME_VISIT,
        "区長の紹介で訪問。玄関まで物があふれ室内には入れず。奥さんの遺品は捨てられない。",
        projects=[P.OUTREACH],
        person=kiyoshi,
    )
    d.log(
        c,
        380,
        M.HOME_VISIT,
        "3回目の訪問。庭のごみについて『近所に迷惑をかけているのは分かっている』。"
        "社協のボランティアによる片付けに同意。情報共有について口頭で同意を得る。",
        minutes=50,
        projects=[P.OUTREACH],
        person=kiyoshi,
    )
    d.concern(c, C.HOARDING, "庭・玄関・居間にごみが堆積。遺品は残したい意向。", person=kiyoshi)
    d.concern(c, C.ISOLATION, "妻の死後、地域との交流が途絶えた。", person=kiyoshi)
    d.concern(c, C.MENTAL_HEALTH, "喪失体験後の抑うつの可能性。", person=kiyoshi)
    d.team(c, "shakyo", "片付けボランティアの調整")
    d.team(c, "h_west", "介護予防・見守り")
    d.consent(c, kiyoshi, from_ago=380, until_in=-15, method=Consent.Method.ORAL)
    d.projects(c, [P.CONSULTATION, P.COLLABORATION])
    d.assess(
        c,
        370,
        "妻の死をきっかけに生活の管理が難しくなった。片付けの意思はある。",
        strengths="区長が気にかけている。本人は穏やかで話好き。",
        risks="火災、害虫。近隣との関係悪化。",
    )
    d.plan(
        c,
        "庭と玄関が片付き、近所と挨拶ができる関係に戻る。",
        -200,
        [
            ("shakyo", "片付けボランティア（3回）", -300),
            ("h_west", "介護予防教室への参加の声かけ", -250),
            ("hub", "月1回の訪問", -200),
        ],
    )
    d.log(
        c,
        330,
        M.ACCOMPANY,
        "社協CSW・ボランティア6名と片付け1回目。軽トラック2台分。遺品は本人と一緒に仕分け。",
        minutes=240,
        projects=[P.COLLABORATION, P.COMMUNITY],
    )
    d.status(c, Case.Status.MONITORING)
    d.log(c, 200, M.HOME_VISIT, "庭はきれいな状態を維持。居間に新聞がたまり始めている。")
    d.log(
        c,
        45,
        M.HOME_VISIT,
        "定期訪問。同意書の有効期限が近いことを説明。更新は次回訪問時に行うことになった。",
        person=kiyoshi,
    )


def _da_silva(d: _Loader) -> None:
    """A foreign-resident family (ポルトガル語): job loss, rent arrears, school letters."""
    c, (marcos, _ana, _lucas, julia) = d.intake(
        "ダ・シルバ世帯",
        by="shakyo-csw",
        area="南町",
        address="あさひ野市南町2-6-1 南町団地3-402",
        members=[
            _person(
                "ダ・シルバ マルコス",
                "だ・しるば まるこす",
                41,
                MALE,
                REL.HEAD,
                preferred_language="ポルトガル語",
            ),
            _person(
                "ダ・シルバ アナ",
                "だ・しるば あな",
                38,
                FEMALE,
                REL.SPOUSE,
                preferred_language="ポルトガル語",
            ),
            _person(
                "ダ・シルバ ルーカス",
                "だ・しるば るーかす",
                12,
                MALE,
                REL.CHILD,
                preferred_language="日本語・ポルトガル語",
            ),
            _person("ダ・シルバ ジュリア", "だ・しるば じゅりあ", 7, FEMALE, REL.CHILD),
        ],
        days_ago=95,
        title="外国籍世帯：父の雇止めによる家賃滞納と、子の学校との連絡の支援",
        source=S.AGENCY,
        projects=[P.CONSULTATION],
        mode=M.VISIT,
        minutes=70,
        person=0,
        text=(
            "国際交流協会のポルトガル語通訳と来所。マルコスさんが派遣先の自動車部品工場の"
            "減産で雇止め。家賃2か月分を滞納し、管理会社から督促状。日本語の書類が読めず、"
            "ジュリアさんの学校からの手紙も分からないことがある。"
        ),
    )
    d.concern(
        c, C.EMPLOYMENT, "派遣の雇止め。日本語の読み書きが難しく求職の幅が狭い。", person=marcos
    )
    d.concern(c, C.HOUSING, "家賃2か月滞納。管理会社から督促。")
    d.concern(c, C.POVERTY, "失業給付の手続きが未了で収入がない。")
    d.concern(c, C.OTHER, "学校からの配布物を保護者が理解できていない。", person=julia)
    d.consent(
        c,
        marcos,
        from_ago=88,
        until_in=277,
        purposes=(SHARING, INQUIRY, PLAN),
    )
    referral = d.refer(
        c,
        "kurashi",
        "住居確保給付金の申請支援と就労支援をお願いします（ポルトガル語通訳が必要）。",
        "41歳男性、ブラジル国籍。雇止めで家賃2か月滞納。妻と子2人。日本語の読み書きは困難。",
    )
    d.accept(referral, "kurashi-worker", "通訳の手配を含め、来週面談します。")
    d.log(
        c,
        88,
        M.ACCOMPANY,
        "通訳とハローワークへ同行。失業給付の手続き完了。ポルトガル語の求人情報を紹介された。",
        minutes=180,
        person=marcos,
    )
    d.log(
        c,
        70,
        M.VISIT,
        "通訳同席で面談。住居確保給付金を申請。家計の状況を夫婦で確認した。",
        by="kurashi-worker",
        minutes=90,
        person=marcos,
    )
    d.team(c, "kodomo", "就学・子育て情報（通訳付き）")
    d.assess(
        c,
        70,
        "失職による収入減で住まいを失う恐れ。言葉の壁で制度や学校の情報が届いていない。",
        strengths="夫婦とも働く意欲が高い。ルーカスさんが通訳役になれるが、負担に注意。",
        risks="退去。子どもが親の通訳を担い続けること。",
    )
    d.plan(
        c,
        "住まいを守り、マルコスさんが再就職する。学校との連絡を親が自分でできる。",
        20,
        [
            ("kurashi", "住居確保給付金の申請（受給決定まで）", -50),
            ("kurashi", "通訳付き就労支援（ハローワーク同行）", 30),
            ("shakyo", "緊急小口資金の相談", -80),
            ("kodomo", "学校との連絡方法の調整（やさしい日本語・翻訳アプリ）", 14),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)


def _takagi(d: _Loader) -> None:
    """DV: 住所秘匿, an agency-internal record of where they live, consent only for 生活福祉課."""
    c, (miho, himari) = d.intake(
        "高木世帯",
        by="kodomo-worker",
        area="緑ヶ丘",
        address="あさひ野市緑ヶ丘1-1 緑ヶ丘市営住宅",
        members=[
            _person("高木 美穂", "たかぎ みほ", 34, FEMALE, REL.HEAD, address_confidential=True),
            _person(
                "高木 ひまり", "たかぎ ひまり", 6, FEMALE, REL.CHILD, address_confidential=True
            ),
        ],
        days_ago=60,
        title="DV被害からの避難後の生活再建と子の安全確保",
        source=S.POLICE_FIRE,
        projects=[P.CONSULTATION, P.COLLABORATION],
        mode=M.PHONE,
        minutes=20,
        text=(
            "警察署生活安全課より連絡。夫からの暴力で母子が一時保護され、退所後あさひ野市で"
            "生活を始める予定。母子とも住所の秘匿が必要。"
        ),
    )
    d.log(
        c,
        55,
        M.VISIT,
        "美穂さんが来所（ひまりさんは保育スタッフが別室で見守り）。結婚後まもなく暴力が"
        "始まり、昨年からは子どもの前でも。『もう戻らない』と明言。",
        minutes=90,
        person=miho,
    )
    d.log(
        c,
        52,
        M.HOME_VISIT,
        "【機関内限定】一時保護施設を退所し、緑ヶ丘の市営住宅（号棟・部屋番号は住民記録の"
        "支援措置により秘匿）へ入居。夫は転居先を知らない。住民票の写し等の交付制限"
        "（DV等支援措置）を申出済み。訪問時は公用車を団地から離れた場所に停めること。",
        minutes=60,
        person=miho,
        internal=True,
    )
    d.concern(c, C.DV, "夫からの身体的・精神的暴力。保護命令の申立てを検討中。", person=miho)
    d.concern(c, C.POVERTY, "所持金わずか。就労経験はパートのみ。", person=miho)
    d.concern(c, C.CHILD_REARING, "転校手続き。面前DVによる心理的影響。", person=himari)
    d.team(c, "seikatsu", "生活保護の申請・受給")
    d.team(c, "hidamari", "子どもの居場所（放課後）")
    d.consent(c, miho, from_ago=50, until_in=315, agencies=["seikatsu"], purposes=(SHARING,))
    d.log(
        c,
        45,
        M.VISIT,
        "生活保護の申請を受理。家具什器費と転居費用について説明。",
        by="seikatsu-worker",
        minutes=60,
        person=miho,
    )
    d.assess(
        c,
        40,
        "母子は安全な住まいを得たが、収入がなく、夫からの追跡の不安が強い。",
        strengths="母の決意が固い。実家の母が電話で支えている。",
        risks="夫による所在の探索。子の学校からの情報漏れ。",
    )
    d.plan(
        c,
        "母子が安全に暮らし、生活を立て直す。",
        50,
        [
            ("seikatsu", "生活保護の開始と家計の安定", -20),
            ("kodomo", "転校先小学校との安全確保の取り決め", -35),
            ("kodomo", "保護命令の申立て支援（法テラスへの同行）", 10),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)


def _harada(d: _Loader) -> None:
    """Debt; the 生活福祉課 returns a referral with its reason."""
    c, (makoto,) = d.intake(
        "原田世帯",
        by="kurashi-worker",
        area="川端町",
        address="あさひ野市川端町6-12 コーポ川端105",
        members=[_person("原田 誠", "はらだ まこと", 48, MALE, REL.HEAD)],
        days_ago=150,
        title="多重債務と失職による家賃・税の滞納",
        source=S.CITY_DIVISION,
        projects=[P.CONSULTATION],
        mode=M.VISIT,
        minutes=60,
        text=(
            "税務課の納税相談から紹介され来所。昨年春に勤務先の飲食店が閉店し失職。"
            "消費者金融4社とクレジットカードで約280万円の借入。住民税・国保税も滞納。"
            "『もうどうにもならない』と話す。"
        ),
    )
    d.log(
        c,
        143,
        M.VISIT,
        "家計表を一緒に作成。月の収支は約4万円の赤字。借入先と残高を整理した。",
        minutes=90,
        person=makoto,
    )
    d.concern(c, C.DEBT, "消費者金融4社・カード1社、計約280万円。", person=makoto)
    d.concern(c, C.EMPLOYMENT, "飲食店の閉店で失職。調理師の経験あり。", person=makoto)
    d.concern(c, C.HOUSING, "家賃1か月滞納。", person=makoto)
    d.consent(c, makoto, from_ago=143, until_in=222, purposes=(SHARING, INQUIRY, PLAN))
    referral = d.refer(
        c,
        "seikatsu",
        "生活保護の要否の判定をお願いします。",
        "48歳男性、単身。失職、多重債務（約280万円）。家賃・税の滞納あり。",
    )
    d.send_back_referral(
        referral,
        "seikatsu-worker",
        "現時点で預貯金（約20万円）と稼働能力があり、直ちに保護の要件には該当しません。"
        "家計改善支援と債務整理を優先し、手持ち金が尽きる見込みになった時点で改めて"
        "ご相談ください。",
    )
    d.log(
        c,
        120,
        M.ACCOMPANY,
        "法テラスへ同行。弁護士から自己破産の手続きについて説明。本人も申立てを決意。",
        minutes=150,
        person=makoto,
    )
    d.team(c, "shakyo", "家計改善支援・フードバンク")
    d.assess(
        c,
        130,
        "失職をきっかけに借入が増え、返済のための借入を繰り返した。",
        strengths="調理師の経験。相談に自ら来られた。",
        risks="住まいの喪失。自死をほのめかす発言が初回にあった。",
    )
    d.plan(
        c,
        "債務を整理し、住まいを維持したまま再就職する。",
        30,
        [
            ("kurashi", "法テラスを通じた債務整理（自己破産の申立て）", 60),
            ("kurashi", "就労支援（週1回の面談）", 30),
            ("shakyo", "フードバンクによる食料支援", -100),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)
    d.log(
        c,
        60,
        M.PHONE,
        "本人より電話。飲食店の厨房でアルバイトが決まった。表情が明るい声。",
        minutes=10,
        person=makoto,
    )


def _matsui(d: _Loader) -> None:
    """School non-attendance; a referral to ひだまりの家 waits for an answer."""
    c, (kaori, ren) = d.intake(
        "松井世帯",
        by="sogo-worker",
        area="南小学校区",
        address="あさひ野市南町7-3-2",
        members=[
            _person("松井 香織", "まつい かおり", 43, FEMALE, REL.HEAD),
            _person("松井 蓮", "まつい れん", 14, MALE, REL.CHILD),
        ],
        days_ago=45,
        title="不登校：中学2年の長男が小6から登校できず、母も体調不良",
        source=S.SCHOOL,
        projects=[P.CONSULTATION],
        mode=M.PHONE,
        minutes=20,
        text=(
            "南中学校の教頭より電話。2年の蓮さんが小学6年の秋からほぼ登校していない。"
            "母は夜勤のある仕事で学校からの連絡がつきにくい。家庭訪問でも会えず、"
            "学校だけでは対応が難しいとのこと。"
        ),
    )
    d.log(
        c,
        38,
        M.HOME_VISIT,
        "母と面談（蓮さんは在宅だが会えず）。母はうつ病で通院中。『私が働かないと"
        "生活できない』。蓮さんは夜中にオンラインゲームをしている。",
        minutes=60,
        person=kaori,
    )
    d.log(
        c,
        25,
        M.ONLINE,
        "蓮さんとオンラインで初めて話す（カメラはオフ）。好きなゲームの話で15分。"
        "『人が多いところは無理』。",
        minutes=20,
        person=ren,
    )
    d.concern(c, C.SCHOOL_REFUSAL, "小6の秋から不登校。昼夜逆転。", person=ren)
    d.concern(c, C.MENTAL_HEALTH, "うつ病で通院。夜勤の仕事を続けている。", person=kaori)
    d.concern(c, C.ISOLATION, "親族は県外。母に相談相手がいない。")
    d.team(c, "kodomo", "学校・教育委員会との連携")
    d.consent(c, kaori, from_ago=38, until_in=327, agencies=["kodomo"])
    d.refer(
        c,
        "hidamari",
        "居場所（ひだまりの家の中高生タイム）への受け入れをご検討ください。",
        "中学2年男子、不登校。ゲームが好きで、人の多い場所は苦手。まずは見学から。",
    )
    d.status(c, Case.Status.ASSESSMENT)


def _yoshimura(d: _Loader) -> None:
    """Hikikomori in his thirties; the mother withdrew her consent."""
    c, (_tadashi, ryoko, daisuke) = d.intake(
        "吉村世帯",
        by="shogai-worker",
        area="若葉台",
        address="あさひ野市若葉台2-5-9",
        members=[
            _person("吉村 正", "よしむら ただし", 70, MALE, REL.HEAD),
            _person("吉村 良子", "よしむら りょうこ", 67, FEMALE, REL.SPOUSE),
            _person("吉村 大輔", "よしむら だいすけ", 36, MALE, REL.CHILD),
        ],
        days_ago=260,
        title="ひきこもり：発達障がいの疑いがある長男（36）と高齢の両親",
        source=S.FAMILY,
        projects=[P.CONSULTATION, P.OUTREACH],
        mode=M.VISIT,
        minutes=60,
        person=1,
        text=(
            "母が来所。長男は大学を中退してから15年ほど自宅にこもりがち。最近、夜中に大声を"
            "出して壁を叩くことがあり怖い。夫は『放っておけ』と言う。親が亡くなった後の"
            "ことを考えると眠れないとのこと。"
        ),
    )
    d.log(
        c,
        250,
        M.HOME_VISIT,
        "母の同意のもと訪問。大輔さんは部屋から出ず。父は『家のことに口を出さないで"
        "ほしい』と不機嫌。母とは台所で30分話す。",
        projects=[P.OUTREACH],
        person=ryoko,
    )
    d.concern(c, C.HIKIKOMORI, "大学中退後15年、ほとんど外出しない。", person=daisuke)
    d.concern(c, C.DISABILITY, "発達障がい（ASD）の疑い。未診断。", person=daisuke)
    d.concern(c, C.MENTAL_HEALTH, "不眠。長男への不安。", person=ryoko)
    d.concern(c, C.OTHER, "親亡き後の生活の見通しがない。")
    d.team(c, "aozora", "計画相談")
    d.team(c, "hoken", "精神保健福祉相談")
    consent = d.consent(c, ryoko, from_ago=250, until_in=115)
    d.log(
        c,
        230,
        M.PHONE,
        "母より電話。大輔さんが福祉の人が来たことを知り、激しく怒ったとのこと。",
        minutes=25,
        person=ryoko,
    )
    d.withdraw(
        consent,
        "長男が情報共有に強く反対し、母から撤回の申出があった。当面は障がい福祉課のみで"
        "母の相談を継続し、長男本人の同意が得られた時点で改めて確認する。",
    )
    d.assess(
        c,
        240,
        "長男は長期のひきこもりで、発達特性による生きづらさがうかがえる。両親は高齢。",
        strengths="母が相談を続ける意思を持っている。",
        risks="家庭内での暴力への発展。母の心身の疲弊。",
    )
    d.status(c, Case.Status.ASSESSMENT)
    d.log(
        c,
        40,
        M.PHONE,
        "母より電話。大輔さんが夜に散歩に出るようになった。母の家族教室への参加を案内。",
        minutes=20,
        person=ryoko,
    )


def _okamoto(d: _Loader) -> None:
    """A single-parent household in hardship; closed with the goals met."""
    c, (satomi, riku, _yui) = d.intake(
        "岡本世帯",
        by="sogo-worker2",
        area="本町",
        address="あさひ野市本町1-9-14",
        members=[
            _person("岡本 里美", "おかもと さとみ", 38, FEMALE, REL.HEAD),
            _person("岡本 陸", "おかもと りく", 10, MALE, REL.CHILD),
            _person("岡本 結衣", "おかもと ゆい", 7, FEMALE, REL.CHILD),
        ],
        days_ago=330,
        title="ひとり親世帯の家計困窮と養育費の未払い",
        source=S.SELF,
        projects=[P.CONSULTATION, P.PARTICIPATION],
        mode=M.PHONE,
        person=0,
        text=(
            "本人より電話。離婚後、元夫からの養育費が半年前から途絶えた。パート収入だけでは"
            "家賃と給食費が払えない。子どもに習い事をさせてあげられないのがつらい。"
        ),
    )
    d.log(
        c, 320, M.VISIT, "来所。児童扶養手当と就学援助の申請を案内、その場で手続き。", person=satomi
    )
    d.log(
        c,
        290,
        M.ACCOMPANY,
        "家庭裁判所へ養育費調停の申立てに同行。",
        minutes=120,
        person=satomi,
    )
    d.concern(c, C.POVERTY, "パート収入月12万円。養育費の未払い。", person=satomi)
    d.concern(c, C.EMPLOYMENT, "週3日のパート。正社員を希望。", person=satomi)
    d.concern(c, C.CHILD_REARING, "学習支援を希望。", person=riku)
    d.team(c, "kurashi", "家計改善支援・就労支援")
    d.team(c, "shakyo", "学習支援教室")
    d.consent(c, satomi, from_ago=320, until_in=45)
    d.assess(
        c,
        310,
        "養育費の途絶とパート収入の不足で家計が赤字。母は就労意欲が高い。",
        strengths="母の就労意欲。子どもたちが元気に通学している。",
        risks="家賃滞納。母の過労。",
    )
    d.plan(
        c,
        "家計が黒字になり、子どもが学習支援に通える。",
        -60,
        [
            ("kurashi", "正社員就職に向けた就労支援", -150),
            ("shakyo", "陸さんの学習支援教室への参加", -250),
            ("hub", "養育費調停の支援", -200),
        ],
    )
    d.status(c, Case.Status.MONITORING)
    d.log(c, 90, M.VISIT, "正社員として就職して3か月。養育費も調停で合意し入金が続いている。")
    d.close(
        c,
        Closure.Reason.GOALS_MET,
        "正社員として就職し3か月定着。養育費の入金も続いており、家計は黒字。",
        "家計が安定し、子どもたちも学習支援教室に通い続けている。困ったときは本人から"
        "連絡できる関係ができたため終結とする。",
        supervisor="sogo-supervisor",
    )


def _murakami(d: _Loader) -> None:
    """Closed once when care services were in place, reopened after a fall."""
    c, (haru,) = d.intake(
        "村上世帯",
        by="houkatsu-east-worker",
        area="桜台",
        address="あさひ野市桜台4-17-2",
        members=[_person("村上 ハル", "むらかみ はる", 88, FEMALE, REL.HEAD)],
        days_ago=540,
        title="独居高齢女性の生活支援と介護サービスの導入",
        source=S.NEIGHBOUR,
        projects=[P.CONSULTATION],
        mode=M.PHONE,
        minutes=15,
        text=(
            "隣人より電話。村上さんが最近、同じものを何度も買ってくる。冷蔵庫に卵が"
            "4パック入っていた。身寄りは遠方の姪だけ。"
        ),
    )
    d.log(c, 530, M.HOME_VISIT, "訪問。物忘れの自覚あり。介護保険の申請に同意。", person=haru)
    d.log(
        c,
        500,
        M.ACCOMPANY,
        "かかりつけ医の受診に同行。アルツハイマー型認知症の初期との診断。",
        minutes=150,
        person=haru,
    )
    d.concern(c, C.CARE, "認知症（初期）。買い物と服薬の管理が難しい。", person=haru)
    d.concern(c, C.ISOLATION, "身寄りは遠方の姪のみ。", person=haru)
    d.consent(c, haru, from_ago=530, until_in=200)
    d.team(c, "shakyo", "配食サービス・サロン")
    d.assess(
        c,
        520,
        "認知症の初期。独居だが近所との関係は良好。",
        strengths="隣人の見守り。本人の穏やかな性格。",
        risks="服薬忘れ、消費者被害。",
    )
    d.plan(
        c,
        "介護サービスと地域の見守りで独居生活を続ける。",
        -300,
        [
            ("h_east", "要介護認定と訪問介護の導入", -480),
            ("shakyo", "配食サービスの開始", -490),
        ],
    )
    d.status(c, Case.Status.MONITORING)
    c = d.close(
        c,
        Closure.Reason.HANDED_OVER,
        "ケアマネジャーによる介護サービスが定着し、包括としての個別支援は終了。",
        "訪問介護と配食で生活が安定し、服薬もヘルパーが確認している。以後はケアマネジャーと"
        "地域の見守りに引き継ぐ。",
        supervisor="houkatsu-east-supervisor",
    )
    c = d.reopen(
        c,
        "自宅で転倒し入院。退院後の生活（独居の継続か施設入所か）についてケアマネジャーから"
        "相談があったため再開。",
        [P.CONSULTATION, P.COLLABORATION],
    )
    d.concern(c, C.CARE, "自宅で転倒し大腿骨を骨折、入院中。", person=haru)
    d.log(
        c,
        10,
        M.PHONE,
        "ケアマネジャーより：手術は成功、リハビリ中。本人は『家に帰りたい』と話している。",
        minutes=15,
    )
    d.log(
        c,
        3,
        M.ACCOMPANY,
        "病院の退院前カンファレンスに姪と出席。住宅改修と訪問リハビリを検討することに。",
        minutes=90,
        projects=[P.COLLABORATION],
        person=haru,
    )


def _nishikawa(d: _Loader) -> None:
    """Postpartum depression; the 保健センター refers to the こども家庭センター."""
    c, (_sho, aya, minato) = d.intake(
        "西川世帯",
        by="hoken-worker",
        area="北町",
        address="あさひ野市北町3-4-18",
        members=[
            _person("西川 翔", "にしかわ しょう", 33, MALE, REL.HEAD),
            _person("西川 彩", "にしかわ あや", 31, FEMALE, REL.SPOUSE),
            _person("西川 湊", "にしかわ みなと", 1, MALE, REL.CHILD),
        ],
        days_ago=120,
        title="産後うつの母と乳児の養育支援",
        source=S.MEDICAL,
        projects=[P.CONSULTATION],
        mode=M.PHONE,
        minutes=15,
        text=(
            "産婦人科の助産師より連絡。1か月健診でEPDS14点。『赤ちゃんがかわいいと思えない』"
            "との発言あり。夫は育休を取っていない。"
        ),
    )
    d.log(
        c,
        115,
        M.HOME_VISIT,
        "新生児訪問。湊くんの体重増加は順調。彩さんは涙ぐみながら、夜眠れないこと、"
        "実家が遠く頼れないことを話された。",
        minutes=75,
        person=aya,
    )
    d.concern(c, C.MENTAL_HEALTH, "産後うつの疑い（EPDS14点）。", person=aya)
    d.concern(c, C.CHILD_REARING, "授乳と夜泣きへの対応で母が疲弊。", person=minato)
    d.concern(c, C.OTHER, "夫が職場に育休を言い出せない。")
    d.consent(c, aya, from_ago=115, until_in=250)
    referral = d.refer(
        c,
        "kodomo",
        "産後ケア事業の利用調整と、家庭での育児支援をお願いします。",
        "31歳女性、生後1か月児の母。産後うつの疑い（EPDS14点）。夫は日中不在。",
    )
    d.accept(referral, "kodomo-worker", "産後ケア（デイ型）の利用を調整します。")
    d.log(c, 90, M.HOME_VISIT, "2回目の訪問。精神科の受診につながった。", person=aya)
    d.log(
        c,
        50,
        M.HOME_VISIT,
        "産後ケア（デイ型）の初回利用後の訪問。『久しぶりにゆっくり眠れた』。",
        by="kodomo-worker",
        person=aya,
    )
    d.plan(
        c,
        "彩さんが休息をとりながら育児を続けられる。",
        20,
        [
            ("kodomo", "産後ケア（デイ型）月2回", 30),
            ("hoken", "保健師の月1回の訪問", 30),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)
    d.log(c, 15, M.PHONE, "夫が来月から育休を取ることになったと彩さんから報告。", minutes=10)


def _fujii(d: _Loader) -> None:
    """8050 on public assistance; consent for the 保健センター only, expiring soon."""
    c, (kiyo, takashi) = d.intake(
        "藤井世帯",
        by="seikatsu-worker",
        area="南町",
        address="あさひ野市南町9-1-6",
        members=[
            _person("藤井 キヨ", "ふじい きよ", 82, FEMALE, REL.HEAD),
            _person("藤井 隆", "ふじい たかし", 55, MALE, REL.CHILD),
        ],
        days_ago=720,
        title="8050世帯：長男のアルコール依存と高齢の母の介護（生活保護受給中）",
        source=S.CITY_DIVISION,
        projects=[P.CONSULTATION, P.COLLABORATION],
        mode=M.HOME_VISIT,
        minutes=45,
        text=(
            "定期訪問時、キヨさんから『息子が昼からお酒を飲んで怒鳴る』と相談。"
            "隆さんは酒の臭いがし、ケースワーカーの問いかけにも答えない。"
        ),
    )
    d.log(
        c,
        700,
        M.HOME_VISIT,
        "隆さんと面談。『酒はやめられない』。断酒会の案内を渡す。",
        person=takashi,
    )
    d.concern(c, C.MENTAL_HEALTH, "アルコール依存症。断酒と再飲酒を繰り返す。", person=takashi)
    d.concern(c, C.ABUSE, "飲酒時の母への暴言（高齢者虐待の疑いとして包括と共有）。", person=kiyo)
    d.concern(c, C.CARE, "要支援2。膝の痛みで外出が少ない。", person=kiyo)
    d.team(c, "h_west", "介護・高齢者虐待対応")
    d.team(c, "hoken", "アルコール相談・専門医療機関へのつなぎ")
    d.consent(c, takashi, from_ago=400, until_in=20, agencies=["hoken"])
    d.assess(
        c,
        690,
        "長男の飲酒が母の生活と安全を脅かしている。",
        strengths="母は長男を大切に思っている。長男は過去に半年断酒した経験がある。",
        risks="母への暴力。長男の肝機能の悪化。",
    )
    d.plan(
        c,
        "長男が専門医療につながり、母が安心して暮らせる。",
        -400,
        [
            ("hoken", "専門医療機関への受診同行", -600),
            ("h_west", "母のデイサービス利用", -550),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)
    d.log(
        c,
        600,
        M.ACCOMPANY,
        "保健師と隆さんの専門外来受診に同行。入院は拒否、通院で開始。",
        minutes=180,
        person=takashi,
    )
    d.log(c, 420, M.PHONE, "病院より：通院が3か月途絶えている。", minutes=10)
    d.log(
        c,
        300,
        M.HOME_VISIT,
        "再飲酒。母は包括の勧めでショートステイを利用中。隆さんは『申し訳ない』と涙。",
        person=takashi,
    )
    d.assess(
        c,
        300,
        "長男は再飲酒。母はショートステイで安全を確保。長男に治療再開の意思あり。",
        strengths="長男が自ら後悔を口にした。断酒会の仲間が声をかけている。",
        risks="母の在宅復帰後の暴言の再発。",
    )
    d.plan(
        c,
        "長男が通院と断酒会を続け、母が在宅に戻れる。",
        -30,
        [
            ("hoken", "隆さんの通院と断酒会参加の確認（月1回）", -30),
            ("h_west", "キヨさんの在宅復帰に向けたケアプランの調整", -60),
            ("seikatsu", "世帯分離の要否の検討", -15),
        ],
    )
    d.log(
        c,
        150,
        M.VISIT,
        "隆さんが来所し、断酒3か月の報告。表情が明るい。",
        person=takashi,
    )
    d.log(
        c,
        40,
        M.HOME_VISIT,
        "保健師と訪問。断酒6か月。同意の更新時期が近いことを伝える。",
        by="hoken-worker",
        person=takashi,
    )


def _hasegawa(d: _Loader) -> None:
    """親亡き後: the あおぞら refers to the hub, which takes over the lead."""
    c, (setsuko, satoru) = d.intake(
        "長谷川世帯",
        by="aozora-worker",
        area="西町",
        address="あさひ野市西町1-22-3",
        members=[
            _person("長谷川 節子", "はせがわ せつこ", 60, FEMALE, REL.HEAD),
            _person("長谷川 悟", "はせがわ さとる", 28, MALE, REL.CHILD),
        ],
        days_ago=190,
        title="親亡き後への備え：がん治療中の母と知的障がいのある長男",
        source=S.FAMILY,
        projects=[P.CONSULTATION, P.COLLABORATION],
        mode=M.VISIT,
        minutes=60,
        person=0,
        text=(
            "母が来所。乳がんが再発し、来月から抗がん剤治療。入院した時に悟さんの生活を"
            "支える人がいない。悟さんは就労継続支援B型に通所中で、身の回りのことは一部"
            "できる。"
        ),
    )
    d.concern(c, C.OTHER, "乳がん再発、通院治療中。", person=setsuko)
    d.concern(c, C.DISABILITY, "知的障がい（療育手帳B）。B型事業所に通所。", person=satoru)
    d.concern(c, C.OTHER, "母の入院時に長男の生活を支える人がいない。")
    d.consent(c, setsuko, from_ago=185, until_in=180, purposes=(SHARING, MEETING, PLAN))
    d.consent(
        c,
        satoru,
        from_ago=185,
        until_in=180,
        purposes=(SHARING, MEETING, PLAN),
        method=Consent.Method.ORAL,
    )
    referral = d.refer(
        c,
        "hub",
        "母の治療・長男の住まい・成年後見など複数分野にわたるため、多機関協働事業としての"
        "調整をお願いします。",
        "60歳の母（がん治療中）と28歳の長男（知的障がい）の二人世帯。親亡き後の備えが必要。",
    )
    d.accept(referral, "sogo-worker2", "次回の重層的支援会議で検討します。")
    d.lead(
        c,
        "hub",
        "母の治療、長男の住まい（グループホーム）、成年後見など複数分野の調整が必要なため、"
        "重層的支援会議で福祉総合相談課を主導役とした。あおぞらは計画相談で継続。",
        decided_at="重層的支援会議（第7回）",
    )
    d.team(c, "shogai", "グループホーム体験利用の支給決定", by="sogo-worker2")
    d.assess(
        c,
        150,
        "母の病状により、近い将来長男の生活の場を確保する必要がある。",
        strengths="長男は日中活動が定着し、B型事業所の職員との関係がよい。",
        risks="母の急な入院。長男の金銭管理。",
        by="sogo-worker2",
    )
    d.plan(
        c,
        "母が治療に専念でき、長男が安心して暮らせる場所と支える人を確保する。",
        30,
        [
            ("shogai", "グループホームの体験利用", 20),
            ("aozora", "サービス等利用計画の変更", 30),
            ("hub", "成年後見制度（保佐）の申立ての検討", 60),
        ],
        approved_at="重層的支援会議（第8回）",
        by="sogo-worker2",
    )
    d.status(c, Case.Status.SUPPORTING, by="sogo-worker2")
    d.log(
        c,
        100,
        M.ACCOMPANY,
        "悟さんとグループホームを見学。『ここでごはんを作りたい』。",
        by="sogo-worker2",
        minutes=120,
        person=satoru,
    )
    d.log(c, 35, M.PHONE, "母より：治療は順調。体験利用の日程が決まった。", minutes=10)


def _onishi(d: _Loader) -> None:
    """Participation support: a young man finds a place in the 社協's café kitchen."""
    c, (_yoko, kenji) = d.intake(
        "大西世帯",
        by="kurashi-worker",
        area="港町",
        address="あさひ野市港町2-30-4",
        members=[
            _person("大西 洋子", "おおにし ようこ", 52, FEMALE, REL.HEAD),
            _person("大西 健司", "おおにし けんじ", 24, MALE, REL.CHILD),
        ],
        days_ago=170,
        title="高校卒業後の未就労と社会参加への不安",
        source=S.FAMILY,
        projects=[P.CONSULTATION, P.PARTICIPATION],
        mode=M.VISIT,
        person=0,
        text=(
            "母が来所。健司さんは高校卒業後、アルバイトを2週間で辞めてから6年間働いていない。"
            "家ではゲームと料理をしている。本人も『このままではまずい』と言っている。"
        ),
    )
    d.log(c, 160, M.VISIT, "健司さん本人が来所。料理が得意。人前で話すのは苦手。", person=kenji)
    d.concern(c, C.EMPLOYMENT, "6年間未就労。就労経験はアルバイト2週間のみ。", person=kenji)
    d.concern(c, C.ISOLATION, "高校卒業後、友人との交流がない。", person=kenji)
    d.consent(c, kenji, from_ago=160, until_in=200)
    d.team(c, "shakyo", "参加支援（カフェ厨房でのパン作り）")
    d.log(
        c,
        130,
        M.ACCOMPANY,
        "社協のコミュニティカフェを見学。厨房のパン作りに興味を示す。",
        minutes=90,
        projects=[P.PARTICIPATION],
        person=kenji,
    )
    d.log(
        c,
        80,
        M.VISIT,
        "カフェ厨房での体験3回目。成形が上手と褒められ、次回も来たいと本人から。",
        by="shakyo-csw",
        projects=[P.PARTICIPATION],
        person=kenji,
    )
    d.plan(
        c,
        "健司さんがカフェ厨房での活動を続け、一般就労に挑戦する。",
        25,
        [
            ("shakyo", "カフェ厨房でのパン作り（週2回）の定着支援", 30),
            ("kurashi", "就労準備支援（履歴書・面接練習）", 45),
        ],
    )
    d.status(c, Case.Status.MONITORING)
    d.log(
        c, 15, M.VISIT, "週2回の活動が3か月続く。パン屋のアルバイト求人に応募したい。", person=kenji
    )


def _ueda(d: _Loader) -> None:
    """老老介護 found by a 民生委員, whose referral to the 地域包括 awaits an answer."""
    c, (isamu, fumi) = d.intake(
        "上田世帯",
        by="minsei-member",
        area="山手町",
        address="あさひ野市山手町5-8",
        members=[
            _person("上田 勇", "うえだ いさむ", 86, MALE, REL.HEAD),
            _person("上田 フミ", "うえだ ふみ", 83, FEMALE, REL.SPOUSE),
        ],
        days_ago=5,
        title="老老介護：認知症の妻を介護する夫の体力が限界",
        source=S.WELFARE_COMMISSIONER,
        projects=[P.OUTREACH],
        mode=M.HOME_VISIT,
        text=(
            "定例の見守り訪問。フミさんが夜中に何度も起きて外に出ようとし、勇さんが一人で"
            "対応している。勇さんも腰を痛めて『もう限界だ』。包括への相談を勧め、了承を得た。"
        ),
    )
    d.concern(c, C.CARE, "認知症の疑い。夜間の不穏。", person=fumi)
    d.concern(c, C.CARE, "介護者の夫も腰痛で介護が困難。", person=isamu)
    d.refer(
        c,
        "h_east",
        "要介護認定の申請と介護サービスの相談をお願いします。ご夫婦とも包括への相談に"
        "口頭で同意されています。",
        "86歳の夫が83歳の妻（認知症の疑い）を介護。夫も腰痛で限界。子は県外。",
    )


def _kudo(d: _Loader) -> None:
    """Long-running (30 months); an old consent expired and was renewed; a closure proposal
    was sent back by the supervisor."""
    c, (koji, manami) = d.intake(
        "工藤世帯",
        by="sogo-worker2",
        area="丘の上",
        address="あさひ野市丘の上1-5-2 丘の上ハイツ102",
        members=[
            _person("工藤 浩二", "くどう こうじ", 58, MALE, REL.HEAD),
            _person("工藤 愛美", "くどう まなみ", 27, FEMALE, REL.CHILD),
        ],
        days_ago=900,
        title="精神疾患のある父と知的障がいのある長女の生活全般の立て直し",
        source=S.CITY_DIVISION,
        projects=[P.CONSULTATION, P.COLLABORATION],
        mode=M.VISIT,
        minutes=60,
        text=(
            "障がい福祉課から紹介され、父が来所。家賃を3か月滞納し退去を求められている。"
            "部屋にごみがたまり、大家から苦情。娘はB型事業所に通っているが、工賃は月1万円。"
        ),
    )
    d.log(c, 880, M.HOME_VISIT, "訪問。台所と居間にごみ袋が約30袋。", person=koji)
    d.concern(c, C.MENTAL_HEALTH, "双極性障がい。障害年金2級。", person=koji)
    d.concern(c, C.DISABILITY, "軽度知的障がい。就労継続支援B型に通所。", person=manami)
    d.concern(c, C.HOARDING, "台所と居間にごみが堆積（片付け後も再発）。")
    d.concern(c, C.DEBT, "家賃滞納（3か月）と携帯電話料金の未払い。")
    d.team(c, "shogai", "障害年金・福祉サービス")
    d.team(c, "aozora", "計画相談（父・長女）")
    d.team(c, "kurashi", "家計改善支援")
    d.consent(c, koji, from_ago=880, until_in=-500)
    d.assess(
        c,
        870,
        "父の病状の波に合わせて家事と家計が崩れる。長女は父の世話をしようとするが難しい。",
        strengths="大家が支援に協力的。長女は通所を休まない。",
        risks="退去。父の病状悪化時の長女の孤立。",
    )
    d.plan(
        c,
        "住まいを失わず、ごみのない部屋で親子が暮らし続ける。",
        -700,
        [
            ("kurashi", "家賃滞納分の分割返済の調整", -800),
            ("aozora", "父の居宅介護（家事援助）の導入", -780),
        ],
    )
    d.consent(c, koji, from_ago=490, until_in=240)
    d.consent(c, manami, from_ago=490, until_in=240, method=Consent.Method.ORAL)
    d.status(c, Case.Status.SUPPORTING)
    d.log(c, 800, M.ACCOMPANY, "大家との面談に同行。分割での返済に合意。", minutes=90, person=koji)
    d.log(c, 700, M.PHONE, "B型事業所より：愛美さんの欠席が続いている。", minutes=10)
    d.log(c, 600, M.HOME_VISIT, "父が入院中。愛美さんは一人で過ごしている。", person=manami)
    d.assess(
        c,
        480,
        "父の入院を機に、長女が一人でも暮らせる力をつける必要が見えた。",
        strengths="父の退院後、服薬が安定。長女が買い物をできるようになった。",
        risks="ごみの再堆積。",
    )
    d.plan(
        c,
        "父の服薬が続き、長女が家事の一部を担える。",
        -200,
        [
            ("aozora", "長女の家事援助と生活訓練", -300),
            ("shogai", "長女の就労移行支援の検討", -250),
        ],
    )
    d.log(c, 300, M.HOME_VISIT, "ごみの再堆積なし。家賃の滞納も解消。", by="aozora-worker")
    d.log(c, 120, M.HOME_VISIT, "愛美さんが就労継続支援A型の面接に合格。", person=manami)
    d.assess(
        c,
        100,
        "家賃滞納は解消し、ごみの再堆積もない。長女はA型事業所へ移る。",
        strengths="親子ともサービスの利用が定着。",
        risks="長女の就労先変更に伴う生活リズムの乱れ。",
    )
    d.plan(
        c,
        "長女がA型事業所で働き続け、親子の生活が安定する。",
        60,
        [
            ("aozora", "長女のA型事業所への定着支援", 30),
            ("hub", "3か月後の終結の再検討", 75),
        ],
    )
    d.status(c, Case.Status.MONITORING)
    d.log(c, 45, M.ACCOMPANY, "愛美さんのA型事業所初出勤に同行。", minutes=120, person=manami)
    closure = d.propose_closure(
        c,
        Closure.Reason.GOALS_MET,
        "家賃滞納は解消し、ごみの再堆積もない。長女はA型事業所で働き始めた。",
    )
    d.send_back_closure(
        closure,
        "sogo-supervisor",
        "長女の就労先変更から1か月で、生活リズムが安定したとは言えない。"
        "3か月後の重層的支援会議で終結を再検討すること。",
    )
    d.log(c, 12, M.PHONE, "愛美さんより：仕事は疲れるけれど楽しい。", minutes=10, person=manami)


def _ando(d: _Loader) -> None:
    """Found at the こども食堂; one referral returned with a reason, another accepted."""
    c, (miki, tsubasa) = d.intake(
        "安藤世帯",
        by="hidamari-worker",
        area="緑ヶ丘",
        address="あさひ野市緑ヶ丘4-9-1",
        members=[
            _person("安藤 美紀", "あんどう みき", 36, FEMALE, REL.HEAD),
            _person("安藤 翼", "あんどう つばさ", 10, MALE, REL.CHILD),
        ],
        days_ago=85,
        title="こども食堂で把握した子どもの食の困窮と、ひとり親の長時間労働",
        source=S.OTHER,
        projects=[P.CONSULTATION, P.COMMUNITY],
        mode=M.VISIT,
        person=1,
        text=(
            "こども食堂に毎回一番に来て、おかわりを3回する翼くん。スタッフに『夜ごはんは"
            "いつもカップ麺』と話した。母はダブルワークで帰宅は夜9時過ぎとのこと。"
        ),
    )
    d.log(
        c,
        80,
        M.HOME_VISIT,
        "母の帰宅後（夜8時）に訪問。母は『食べさせたいけれど時間もお金もない』と涙。",
        minutes=45,
        person=miki,
    )
    d.concern(c, C.CHILD_REARING, "平日夜は一人で過ごす。夕食が不十分。", person=tsubasa)
    d.concern(c, C.POVERTY, "ダブルワークで手取り月16万円。", person=miki)
    d.consent(c, miki, from_ago=80, until_in=285)
    referral = d.refer(
        c,
        "kodomo",
        "ネグレクトの可能性について評価をお願いします。",
        "10歳男子。平日夜は一人で、夕食はカップ麺が多い。母はダブルワーク。",
    )
    d.send_back_referral(
        referral,
        "kodomo-worker",
        "母が子の状況を把握し改善の意思もあることから、現時点で要保護児童としての対応は"
        "要しないと判断しました。ひだまりでの見守りを継続し、状況が変わったら改めて"
        "ご連絡ください。",
    )
    referral = d.refer(
        c,
        "kurashi",
        "母の家計改善と、より条件のよい仕事への転職支援をお願いします。",
        "36歳女性、ひとり親。ダブルワークで手取り月16万円。子は10歳。",
    )
    d.accept(referral, "kurashi-worker", "来週の土曜日に面談します。")
    d.plan(
        c,
        "翼くんが平日の夜に温かい食事をとれ、母の働き方に無理がなくなる。",
        40,
        [
            ("hidamari", "こども食堂と学習支援（週3回）", 30),
            ("kurashi", "家計相談と転職支援", 30),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)
    d.log(c, 20, M.PHONE, "母より：転職の面接を受けた。結果待ち。", minutes=10, person=miki)


def _sakamoto(d: _Loader) -> None:
    """Dementia suspected; money management and a doorstep sales contract."""
    c, (shoichi,) = d.intake(
        "坂本世帯",
        by="houkatsu-west-worker",
        area="若葉台",
        address="あさひ野市若葉台5-2-20",
        members=[_person("坂本 正一", "さかもと しょういち", 81, MALE, REL.HEAD)],
        days_ago=35,
        title="認知症の疑いのある独居高齢者の金銭管理と消費者被害",
        source=S.FAMILY,
        projects=[P.CONSULTATION],
        mode=M.PHONE,
        text=(
            "東京在住の長男より電話。父の通帳から訪問業者への高額な支払い（屋根工事120万円）"
            "が見つかった。父は契約したことを覚えていない。"
        ),
    )
    d.log(c, 30, M.HOME_VISIT, "訪問。契約書を確認。日付や曜日があいまい。", person=shoichi)
    d.log(
        c,
        20,
        M.ACCOMPANY,
        "消費生活センターへ同行。契約の取消しについて相談。",
        minutes=120,
        person=shoichi,
    )
    d.concern(c, C.CARE, "認知症の疑い（未受診）。", person=shoichi)
    d.concern(c, C.OTHER, "訪問販売による高額契約。", person=shoichi)
    d.consent(c, shoichi, from_ago=30, until_in=335, purposes=(SHARING, INQUIRY))
    d.team(c, "shakyo", "日常生活自立支援事業（金銭管理）")
    d.log(
        c,
        15,
        M.HOME_VISIT,
        "日常生活自立支援事業の説明。本人は『通帳を預けるのは心配』。次回長男同席で再説明。",
        by="shakyo-csw",
        person=shoichi,
    )
    d.status(c, Case.Status.ASSESSMENT)


def _noguchi(d: _Loader) -> None:
    """Self-harm; the daughter's consent covers the あおぞら only."""
    c, (keiko, misato) = d.intake(
        "野口世帯",
        by="hoken-worker",
        area="東山町",
        address="あさひ野市東山町6-3-11",
        members=[
            _person("野口 恵子", "のぐち けいこ", 56, FEMALE, REL.HEAD),
            _person("野口 美里", "のぐち みさと", 29, FEMALE, REL.CHILD),
        ],
        days_ago=180,
        title="自傷を繰り返す娘と、支える母の疲弊",
        source=S.MEDICAL,
        projects=[P.CONSULTATION, P.COLLABORATION],
        mode=M.PHONE,
        minutes=20,
        text=(
            "市民病院の医療ソーシャルワーカーより。美里さんが過量服薬で救急搬送され、本日"
            "退院。母が疲れ切っており、地域での継続的な支援を依頼したいとのこと。"
        ),
    )
    d.log(c, 175, M.HOME_VISIT, "退院後の訪問。美里さんは自室で少し話せた。", person=misato)
    d.concern(c, C.MENTAL_HEALTH, "自傷行為と過量服薬を繰り返す。精神科通院中。", person=misato)
    d.concern(c, C.MENTAL_HEALTH, "娘への対応で疲弊、不眠。", person=keiko)
    d.consent(c, misato, from_ago=170, until_in=195, agencies=["aozora"])
    d.team(c, "aozora", "障がい福祉サービス（自立訓練）の利用調整")
    d.assess(
        c,
        160,
        "娘の不安定さに母一人で対応してきた。",
        strengths="美里さんはイラストが得意。主治医との関係は良好。",
        risks="自傷の再発。母の燃え尽き。",
    )
    d.plan(
        c,
        "美里さんが日中の居場所を持ち、母が一人で抱え込まない。",
        15,
        [
            ("hoken", "保健師の定期面談（月2回）", 14),
            ("aozora", "自立訓練（生活訓練）の体験利用", 30),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)
    d.log(c, 70, M.VISIT, "美里さんと面談。自立訓練の見学日を決めた。", by="aozora-worker")
    d.log(
        c,
        30,
        M.ONLINE,
        "美里さんの希望でオンライン面談。自立訓練に週2回通えている。",
        minutes=40,
        person=misato,
    )


def _uchida(d: _Loader) -> None:
    """A high-school young carer caring for his grandmother."""
    c, (hiroshi, mitsu, shota) = d.intake(
        "内田世帯",
        by="sogo-worker",
        area="川端町",
        address="あさひ野市川端町2-7-15",
        members=[
            _person("内田 弘", "うちだ ひろし", 50, MALE, REL.HEAD),
            _person("内田 ミツ", "うちだ みつ", 85, FEMALE, REL.PARENT),
            _person("内田 翔太", "うちだ しょうた", 17, MALE, REL.CHILD),
        ],
        days_ago=50,
        title="ヤングケアラー：高校生の孫が認知症の祖母の介護を担う",
        source=S.SCHOOL,
        projects=[P.CONSULTATION, P.COLLABORATION],
        mode=M.PHONE,
        text=(
            "県立高校の養護教諭より電話。2年の翔太さんが授業中に居眠りすることが多い。"
            "話を聞くと、夜中に祖母が家を出ようとするので眠れないという。父は長距離"
            "トラックの運転手で、週の半分は家にいない。"
        ),
    )
    d.log(
        c,
        45,
        M.HOME_VISIT,
        "父と翔太さんに会う。父は『息子がそこまで大変だとは知らなかった』。祖母は要介護"
        "認定を受けていない。",
        minutes=70,
        person=hiroshi,
    )
    d.log(
        c,
        35,
        M.VISIT,
        "翔太さんが一人で来所。部活をやめたこと、大学に行きたいことを話してくれた。",
        minutes=50,
        person=shota,
    )
    d.concern(c, C.YOUNG_CARER, "夜間の祖母の見守り、食事の支度。部活を退部。", person=shota)
    d.concern(c, C.CARE, "認知症、夜間に外へ出ようとする。要介護認定は未申請。", person=mitsu)
    d.concern(c, C.OTHER, "父は長距離運転手で週の半分は不在。", person=hiroshi)
    d.consent(c, hiroshi, from_ago=45, until_in=320)
    d.consent(c, mitsu, from_ago=45, until_in=320)
    d.consent(
        c,
        shota,
        from_ago=45,
        until_in=320,
        representative=Consent.Representative.PARENT,
        representative_name="内田 弘",
    )
    d.team(c, "h_west", "介護保険サービス（祖母）")
    d.team(c, "kodomo", "ヤングケアラー支援（翔太さん）")
    d.log(
        c,
        30,
        M.HOME_VISIT,
        "要介護認定の訪問調査に立ち会う。",
        by="houkatsu-west-worker",
        person=mitsu,
    )
    d.assess(
        c,
        30,
        "祖母の介護が高校生の孫に集中。父は介護の実態を知らなかった。",
        strengths="父が協力的になった。翔太さんに進学の目標がある。",
        risks="翔太さんの学業・進路への影響。祖母の夜間の徘徊。",
    )
    d.plan(
        c,
        "翔太さんが夜に眠れ、勉強と進路に時間を使える。",
        45,
        [
            ("h_west", "祖母のショートステイと夜間対応型訪問介護の導入", 20),
            ("kodomo", "ヤングケアラー相談とピアサポートの紹介", 30),
            ("hub", "父との月1回の面談（働き方の相談を含む）", 30),
        ],
        approved_at="重層的支援会議（第10回）",
    )
    d.status(c, Case.Status.PLANNING)


def _miyamoto(d: _Loader) -> None:
    """After a special-needs school: participation support through the 社協."""
    c, (junko, takumi) = d.intake(
        "宮本世帯",
        by="aozora-worker",
        area="北小学校区",
        address="あさひ野市北町8-2-5",
        members=[
            _person("宮本 純子", "みやもと じゅんこ", 47, FEMALE, REL.HEAD),
            _person("宮本 拓海", "みやもと たくみ", 19, MALE, REL.CHILD),
        ],
        days_ago=90,
        title="特別支援学校卒業後の居場所と就労に向けた参加支援",
        source=S.SCHOOL,
        projects=[P.CONSULTATION, P.PARTICIPATION],
        mode=M.VISIT,
        text=(
            "特別支援学校の進路指導担当と母が来所。拓海さんは卒業後の進路が決まらず自宅に"
            "いる。大きな音が苦手で、見学した事業所には通えなかった。"
        ),
    )
    d.log(
        c,
        80,
        M.ACCOMPANY,
        "就労継続支援B型の見学に同行。静かな作業室は気に入った様子。",
        minutes=120,
        person=takumi,
    )
    d.concern(c, C.DISABILITY, "自閉スペクトラム症。大きな音が苦手。", person=takumi)
    d.concern(c, C.EMPLOYMENT, "卒業後の進路が未定。", person=takumi)
    d.consent(c, junko, from_ago=85, until_in=280)
    d.consent(c, takumi, from_ago=85, until_in=280)
    d.team(c, "shakyo", "参加支援（商店街清掃ボランティア）")
    d.log(
        c,
        40,
        M.ACCOMPANY,
        "商店街清掃ボランティアの初回参加に同行。黙々と取り組み、店主からお礼を言われた。",
        by="shakyo-coordinator",
        minutes=90,
        projects=[P.PARTICIPATION],
        person=takumi,
    )
    d.status(c, Case.Status.SUPPORTING)
    d.log(c, 30, M.ONLINE, "母とオンライン面談（仕事の昼休み）。", minutes=20)


def _kuwabara(d: _Loader) -> None:
    """Closed because he moved out of the city."""
    c, (naoki,) = d.intake(
        "桑原世帯",
        by="shogai-worker",
        area="朝日町",
        address="あさひ野市朝日町7-1-3",
        members=[_person("桑原 直樹", "くわばら なおき", 35, MALE, REL.HEAD)],
        days_ago=300,
        title="頸髄損傷による身体障がいのある男性の在宅生活と就労",
        source=S.SELF,
        projects=[P.CONSULTATION],
        mode=M.VISIT,
        minutes=60,
        text=(
            "本人が来所（電動車いす）。交通事故による頸髄損傷で退院して半年。一人暮らしを"
            "続けたいが、夜間の体位交換と就労が課題。"
        ),
    )
    d.log(c, 280, M.HOME_VISIT, "自宅の環境を確認。重度訪問介護の利用を検討。", person=naoki)
    d.concern(c, C.DISABILITY, "頸髄損傷（身体障害者手帳1級）。", person=naoki)
    d.concern(c, C.EMPLOYMENT, "事故前は営業職。在宅勤務を希望。", person=naoki)
    d.consent(c, naoki, from_ago=290, until_in=75)
    d.team(c, "aozora", "計画相談")
    d.status(c, Case.Status.SUPPORTING)
    d.log(
        c,
        60,
        M.PHONE,
        "本人より：長野県の実家近くのバリアフリー住宅に転居することに決めた。",
        minutes=15,
        person=naoki,
    )
    d.close(
        c,
        Closure.Reason.MOVED_AWAY,
        "長野県へ転出。転出先の相談支援事業所へ本人の同意のうえ引き継いだ。",
        "重度訪問介護の利用で一人暮らしを1年続けられた。転出先でも在宅勤務を続ける予定。",
        supervisor="shogai-supervisor",
    )


def _watabe(d: _Loader) -> None:
    """Hoarding in an 8050 household on public assistance; consent covers the 包括 only
    and expires within days; the 社協 is on the team without consent."""
    c, (akira, tsuyoshi) = d.intake(
        "渡部世帯",
        by="seikatsu-worker",
        area="山手町",
        address="あさひ野市山手町2-11-4",
        members=[
            _person("渡部 昭", "わたべ あきら", 77, MALE, REL.HEAD),
            _person("渡部 剛", "わたべ つよし", 49, MALE, REL.CHILD),
        ],
        days_ago=400,
        title="ごみ屋敷と8050：生活保護受給中の父子世帯の住環境",
        source=S.CITY_DIVISION,
        projects=[P.CONSULTATION, P.OUTREACH],
        mode=M.HOME_VISIT,
        text=(
            "環境政策課から、近隣からのごみ・悪臭の苦情について情報提供。定期訪問で確認すると"
            "玄関から廊下まで物があふれ、父は奥の部屋で寝起きしている。"
        ),
    )
    d.log(
        c,
        370,
        M.HOME_VISIT,
        "剛さんと話す。『片付けたいが、どこから手をつけていいか分からない』。",
        person=tsuyoshi,
    )
    d.concern(c, C.HOARDING, "玄関から廊下まで物が堆積。近隣から苦情。")
    d.concern(c, C.EMPLOYMENT, "就労経験が乏しく、就労指導に応じていない。", person=tsuyoshi)
    d.concern(c, C.CARE, "腰痛で歩行が不安定。転倒の危険。", person=akira)
    d.team(c, "h_east", "介護（父）")
    d.team(c, "shakyo", "片付けボランティア")
    d.consent(c, akira, from_ago=360, until_in=5, agencies=["h_east"])
    d.assess(
        c,
        350,
        "父の腰痛で家事が滞り、息子は片付けの段取りができない。",
        strengths="息子に片付けの意思がある。",
        risks="父の転倒、火災。",
    )
    d.plan(
        c,
        "通路を確保し、父が安全に暮らせる。",
        -45,
        [
            ("shakyo", "片付けボランティアの実施（2回）", -200),
            ("h_east", "父の住宅改修（手すり）と訪問介護", -150),
            ("seikatsu", "息子の就労支援プログラムへの参加", -60),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)
    d.log(
        c,
        300,
        M.ACCOMPANY,
        "社協ボランティアと片付け。剛さんも一緒に作業し、通路を確保。",
        minutes=240,
        projects=[P.CONSULTATION, P.COMMUNITY],
    )
    d.log(
        c,
        200,
        M.HOME_VISIT,
        "通路は保たれている。父は手すりで歩行が安定。",
        by="houkatsu-east-worker",
    )
    d.log(c, 100, M.HOME_VISIT, "再び物が増え始めている。", person=tsuyoshi)
    d.log(c, 25, M.PHONE, "父より：同意書の更新は来週の訪問のときに。", minutes=5, person=akira)


def _imai(d: _Loader) -> None:
    """老老介護 with suspected elder abuse."""
    c, (masao, shizuko) = d.intake(
        "今井世帯",
        by="houkatsu-east-worker",
        area="本町",
        address="あさひ野市本町4-3-8",
        members=[
            _person("今井 正男", "いまい まさお", 90, MALE, REL.HEAD),
            _person("今井 静子", "いまい しずこ", 87, FEMALE, REL.SPOUSE),
        ],
        days_ago=25,
        title="老老介護と介護疲れによる高齢者虐待の疑い",
        source=S.AGENCY,
        projects=[P.CONSULTATION],
        mode=M.PHONE,
        text=(
            "居宅介護支援事業所のケアマネジャーより。デイサービスの入浴時、静子さんの両腕に"
            "あざ。静子さんは『転んだ』と言うが、夫が強くつかむところを職員が見たことがある。"
        ),
    )
    d.log(
        c,
        24,
        M.HOME_VISIT,
        "事実確認の訪問。正男さんは『言うことを聞かないからつい』と認め、涙ぐむ。"
        "夜間の排泄介助で眠れていない。",
        minutes=60,
        person=masao,
    )
    d.concern(c, C.ABUSE, "両腕のあざ（介護者の夫による身体的虐待の疑い）。", person=shizuko)
    d.concern(c, C.CARE, "要介護3。夜間の排泄介助が必要。", person=shizuko)
    d.concern(c, C.CARE, "介護疲れ、不眠の訴え。", person=masao)
    d.consent(c, masao, from_ago=24, until_in=340, method=Consent.Method.ORAL)
    d.team(c, "hoken", "介護者の健康相談")
    d.log(c, 18, M.VISIT, "正男さんが来所。ショートステイの利用に同意。", person=masao)
    d.assess(
        c,
        20,
        "90歳の夫が一人で要介護3の妻を介護。介護負担による不適切な関わり。",
        strengths="夫婦仲はよく、夫は反省している。",
        risks="虐待の再発。夫の健康悪化。",
    )
    d.status(c, Case.Status.ASSESSMENT)
    d.log(
        c, 10, M.PHONE, "ケアマネジャーより：ショートステイ初回利用。新たなあざなし。", minutes=10
    )


def _aoyama(d: _Loader) -> None:
    """Gambling debt; a referral to the 保健センター awaits an answer."""
    c, (hitomi,) = d.intake(
        "青山世帯",
        by="kurashi-worker",
        area="桜台",
        address="あさひ野市桜台1-3-9 サクラコート301",
        members=[_person("青山 瞳", "あおやま ひとみ", 33, FEMALE, REL.HEAD)],
        days_ago=20,
        title="オンラインギャンブルによる借金と孤立",
        source=S.SELF,
        projects=[P.CONSULTATION],
        mode=M.ONLINE,
        minutes=40,
        text=(
            "チャット相談からオンライン面談へ。在宅勤務の孤独からオンラインカジノにのめり込み、"
            "カードローンなど約150万円の借金。家族には知られたくない。"
        ),
    )
    d.log(
        c, 12, M.VISIT, "来所。借入の一覧を作成。債務整理について説明。", minutes=60, person=hitomi
    )
    d.concern(c, C.DEBT, "カードローン等、約150万円。", person=hitomi)
    d.concern(c, C.MENTAL_HEALTH, "ギャンブル等依存症の疑い。", person=hitomi)
    d.concern(c, C.ISOLATION, "在宅勤務で人と話さない日が続く。", person=hitomi)
    d.consent(c, hitomi, from_ago=12, until_in=353, method=Consent.Method.ELECTRONIC)
    d.refer(
        c,
        "hoken",
        "ギャンブル等依存症の相談（専門相談・自助グループの紹介）をお願いします。",
        "33歳女性、単身。オンラインカジノによる借金約150万円。本人に治療への関心あり。",
    )


def _maeda(d: _Loader) -> None:
    """Support declined: closed, with the 民生委員 keeping an eye."""
    c, (susumu,) = d.intake(
        "前田世帯",
        by="sogo-worker2",
        area="緑ヶ丘",
        address="あさひ野市緑ヶ丘2-14-6",
        members=[_person("前田 進", "まえだ すすむ", 70, MALE, REL.HEAD)],
        days_ago=260,
        title="地域から孤立した独居男性への見守りと支援の提案",
        source=S.NEIGHBOURHOOD_HEAD,
        projects=[P.OUTREACH],
        mode=M.PHONE,
        minutes=15,
        text=(
            "緑ヶ丘自治区長より。前田さんは自治会を退会し、回覧板も受け取らない。"
            "最近、夜遅くまで大きな音でテレビをつけていて、近所が心配している。"
        ),
    )
    d.log(
        c,
        255,
        M.HOME_VISIT,
        "訪問。インターホン越しに『用はない』。",
        minutes=10,
        projects=[P.OUTREACH],
    )
    d.log(
        c,
        220,
        M.HOME_VISIT,
        "玄関先で会えた。耳が遠くなっている。健康状態は良好と本人。",
        projects=[P.OUTREACH],
        person=susumu,
    )
    d.concern(c, C.ISOLATION, "自治会を退会。近所付き合いがない。", person=susumu)
    d.team(c, "minsei", "見守り")
    d.log(
        c,
        120,
        M.HOME_VISIT,
        "本人から支援は不要と明確に伝えられた。困ったときの連絡先を渡した。",
        projects=[P.OUTREACH],
        person=susumu,
    )
    d.close(
        c,
        Closure.Reason.DECLINED,
        "本人が支援を明確に断っている。生活に差し迫った危険はない。",
        "本人の意思を尊重して終結。民生委員の見守りを継続し、変化があれば再び相談を受ける"
        "体制を確認した。",
        supervisor="sogo-supervisor",
    )


def _kaneko(d: _Loader) -> None:
    """A widowed woman finds the neighbourhood salon (地域づくり)."""
    c, (toshiko,) = d.intake(
        "金子世帯",
        by="shakyo-csw",
        area="南町",
        address="あさひ野市南町4-6-2",
        members=[_person("金子 とし子", "かねこ としこ", 80, FEMALE, REL.HEAD)],
        days_ago=130,
        title="夫を亡くした独居女性の孤立予防と地域のサロンへの参加",
        source=S.NEIGHBOUR,
        projects=[P.CONSULTATION, P.COMMUNITY, P.PARTICIPATION],
        mode=M.HOME_VISIT,
        text=(
            "サロンの世話人から『最近見かけない』と連絡を受け訪問。3か月前に夫を亡くし、"
            "ほとんど家から出ていない。食欲もないとのこと。"
        ),
    )
    d.log(
        c,
        110,
        M.ACCOMPANY,
        "南町ふれあいサロンの初参加に同行。昔の知り合いに会い、笑顔が見られた。",
        minutes=120,
        projects=[P.COMMUNITY, P.PARTICIPATION],
        person=toshiko,
    )
    d.concern(c, C.ISOLATION, "夫の死後、外出がほとんどない。", person=toshiko)
    d.consent(c, toshiko, from_ago=110, until_in=255, method=Consent.Method.ORAL)
    d.team(c, "h_west", "介護予防")
    d.log(c, 70, M.PHONE, "サロンの世話人より：毎週欠かさず参加している。", minutes=5)
    d.log(
        c,
        60,
        M.VISIT,
        "介護予防教室の体力測定。結果は年齢相応。",
        by="houkatsu-west-worker",
        person=toshiko,
    )
    d.status(c, Case.Status.MONITORING)
    d.log(c, 30, M.HOME_VISIT, "サロンでお茶出しの係を引き受けたと嬉しそうに話す。", person=toshiko)


def _tamura(d: _Loader) -> None:
    """8050, seven months: the hub still leads; consent covers the くらしサポート only."""
    c, (sachiko, osamu) = d.intake(
        "田村世帯",
        by="sogo-worker",
        area="北町",
        address="あさひ野市北町6-1-19",
        members=[
            _person("田村 幸子", "たむら さちこ", 79, FEMALE, REL.HEAD),
            _person("田村 修", "たむら おさむ", 51, MALE, REL.CHILD),
        ],
        days_ago=215,
        title="8050世帯：失職した長男の就労と、母の年金のみの家計",
        source=S.SELF,
        projects=[P.CONSULTATION, P.COLLABORATION],
        mode=M.PHONE,
        person=1,
        text=(
            "修さん本人から電話。工場の閉鎖で失職して2年。母の年金で暮らしているが、"
            "貯金が底をつきそう。50代で仕事が見つからない。"
        ),
    )
    d.log(c, 205, M.VISIT, "修さんが来所。職歴の整理。夜勤の警備なら経験がある。", person=osamu)
    d.concern(c, C.EMPLOYMENT, "失職して2年。求職活動は中断。", person=osamu)
    d.concern(c, C.POVERTY, "母の年金（月約11万円）のみ。貯金が尽きそう。")
    d.concern(c, C.CARE, "膝の痛みで外出が減っている。", person=sachiko)
    referral = d.refer(
        c,
        "kurashi",
        "長男の就労支援と家計改善支援をお願いします。",
        "51歳男性、失職2年。79歳の母の年金で生活。貯金が底をつきそう。",
    )
    d.accept(referral, "kurashi-worker", "就労支援員と家計改善支援員の二人で担当します。")
    d.consent(c, osamu, from_ago=200, until_in=160, agencies=["kurashi"])
    d.team(c, "h_east", "母の介護予防")
    d.log(
        c,
        180,
        M.ACCOMPANY,
        "くらしサポートセンターの初回面談に同行。",
        minutes=90,
        projects=[P.COLLABORATION],
        person=osamu,
    )
    d.assess(
        c,
        190,
        "長男の失職で世帯の収入が母の年金だけになった。母は膝の痛みで外出が減っている。",
        strengths="長男に就労意欲がある。母子の関係は良好。",
        risks="貯金の枯渇。母の要介護化。",
    )
    d.plan(
        c,
        "長男が就職し、母が地域の活動を続けられる。",
        10,
        [
            ("kurashi", "就労支援（求人紹介・面接同行）", 30),
            ("kurashi", "家計改善支援", -60),
            ("h_east", "母の介護予防教室への参加", 45),
        ],
    )
    d.status(c, Case.Status.SUPPORTING)
    d.log(c, 120, M.VISIT, "修さん：面接を3社受けたが不採用。気落ちしている。", person=osamu)
    d.log(c, 70, M.PHONE, "修さんより：警備会社の試用期間が始まった。", minutes=10, person=osamu)
    d.log(c, 14, M.VISIT, "修さん：本採用になった。母も喜んでいる。", person=osamu)


def _hori(d: _Loader) -> None:
    """介護離職 avoided; a closure proposal waits for the supervisor."""
    c, (kazuhiko, yoshio) = d.intake(
        "堀世帯",
        by="sogo-worker",
        area="若葉小学校区",
        address="あさひ野市若葉台3-9-7",
        members=[
            _person("堀 和彦", "ほり かずひこ", 52, MALE, REL.HEAD),
            _person("堀 義男", "ほり よしお", 81, MALE, REL.PARENT),
        ],
        days_ago=70,
        title="父の介護のための離職の相談",
        source=S.SELF,
        projects=[P.CONSULTATION],
        mode=M.VISIT,
        person=0,
        text=(
            "和彦さんが来所。父が脳梗塞の後遺症で要介護2となり、仕事を辞めて介護するしか"
            "ないと考えている。会社には相談していない。"
        ),
    )
    d.concern(c, C.CARE, "要介護2。日中の見守りが必要。", person=yoshio)
    d.concern(c, C.EMPLOYMENT, "介護離職を考えている。", person=kazuhiko)
    d.consent(c, kazuhiko, from_ago=65, until_in=300)
    d.consent(c, yoshio, from_ago=65, until_in=300)
    d.team(c, "h_west", "介護保険サービス（父）")
    d.log(
        c,
        60,
        M.HOME_VISIT,
        "ケアマネジャーと訪問し、デイサービス週3回と訪問介護を組み合わせるプランを相談。",
        by="houkatsu-west-worker",
        person=yoshio,
    )
    d.log(
        c,
        40,
        M.PHONE,
        "和彦さんより：会社の介護休業制度を使い、時短勤務で働き続けられることになった。",
        minutes=15,
        person=kazuhiko,
    )
    d.status(c, Case.Status.MONITORING)
    d.propose_closure(
        c,
        Closure.Reason.GOALS_MET,
        "介護サービスの利用と介護休業制度で、離職せずに介護と仕事を両立できている。",
    )


def _ishikawa(d: _Loader) -> None:
    """Outreach that converts: found by the fire department, visited, consent obtained,
    moved into 多機関協働."""
    c, (isamu,) = d.intake(
        "石川世帯",
        by="sogo-worker",
        area="西町",
        address="あさひ野市西町4-2-11",
        members=[_person("石川 勇", "いしかわ いさむ", 72, MALE, REL.HEAD)],
        days_ago=75,
        title="救急搬送を繰り返す独居男性：消防からの情報提供",
        source=S.POLICE_FIRE,
        projects=[P.OUTREACH],
        mode=M.PHONE,
        minutes=15,
        text="消防署より情報提供。この3か月で2回救急搬送。自宅は物が多く、食事がとれていない様子。",
    )
    actor = d.user("sogo-worker")
    for days_ago, outcome, text in (
        (70, "absent", "訪問。不在。連絡先を書いた手紙を投函。"),
        (55, "refused", "在宅。『役所の世話にはならない』と玄関先で断られる。"),
        (
            40,
            "met",
            "在宅。玄関先で10分。足の痛みで買い物に行けないと話す。次回も来てよいとのこと。",
        ),
    ):
        services.outreach_contact(
            actor=actor,
            case=c,
            occurred_at=d.at(days_ago),
            mode=M.HOME_VISIT,
            outcome=outcome,
            narrative=text,
            minutes=20,
        )
    services.outreach_consent_obtained(
        actor=actor,
        case=Case.objects.get(pk=c.pk),
        person=isamu,
        purposes=[SHARING, PLAN],
        method="written",
        valid_from=d.day(-25),
        valid_until=d.day(340),
        all_team_agencies=True,
    )
    d.team(c, "h_west", "介護保険の申請・配食")


def _onodera_visits(d: _Loader) -> None:
    """The self-neglect case: the last visits, recorded with their outcome."""
    case = Case.objects.get(household__name="小野寺世帯")
    services.outreach_contact(
        actor=d.user("houkatsu-east-worker"),
        case=case,
        occurred_at=d.at(8),
        mode=M.HOME_VISIT,
        outcome="met",
        narrative="民生委員と訪問。血圧を測らせてもらえた（158/92）。受診はまだ拒否。",
        minutes=30,
    )


STORIES: tuple[Callable[[_Loader], None], ...] = (
    _sasaki,
    _nakajima,
    _ishikawa,
    _onodera,
    _morita,
    _da_silva,
    _takagi,
    _harada,
    _matsui,
    _yoshimura,
    _okamoto,
    _murakami,
    _nishikawa,
    _fujii,
    _hasegawa,
    _onishi,
    _ueda,
    _kudo,
    _ando,
    _sakamoto,
    _noguchi,
    _uchida,
    _miyamoto,
    _kuwabara,
    _watabe,
    _imai,
    _aoyama,
    _maeda,
    _kaneko,
    _tamura,
    _hori,
    _ishikawa,
    _onodera_visits,
)


def demo_cases_loaded() -> bool:
    return Household.objects.filter(name=MARKER_HOUSEHOLD, owner_agency__name=HUB_NAME).exists()


@transaction.atomic
def load_cases() -> int:
    """Create the demo households and their cases once (loading the demo city first if
    needed). Returns how many households it created: 0 when they were already there."""
    load_city()
    if demo_cases_loaded():
        return 0
    loader = _Loader()
    for story in STORIES:
        story(loader)
    return loader.households
