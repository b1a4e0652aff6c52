"""The demo stories of 西中学校区 (西町, 川端町, 若葉台); see cases.demo."""

from cases import services
from cases.demo.loader import (
    FEMALE,
    INQUIRY,
    MALE,
    MEETING,
    PLAN,
    REL,
    SHARING,
    C,
    Loader,
    M,
    P,
    S,
    member,
    story,
)
from cases.models import Case, Closure, Consent


@story
def nakajima(d: Loader) -> None:
    """Double care; the こども家庭センター accepted a referral but consent does not cover it."""
    c, (_, yuka, kazuko, _, ao) = d.intake(
        "中島世帯",
        by="sogo-worker2",
        area="西町",
        address="あさひ野市西町4-2-11",
        members=[
            member("中島 大樹", "なかじま だいき", 44, MALE, REL.HEAD),
            member("中島 由香", "なかじま ゆか", 42, FEMALE, REL.SPOUSE),
            member("中島 和子", "なかじま かずこ", 76, FEMALE, REL.PARENT),
            member("中島 陽菜", "なかじま ひな", 4, FEMALE, REL.CHILD),
            member("中島 蒼", "なかじま あお", 1, MALE, REL.CHILD),
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


@story
def harada(d: Loader) -> None:
    """Debt; the 生活福祉課 returns a referral with its reason."""
    c, (makoto,) = d.intake(
        "原田世帯",
        by="kurashi-worker",
        area="川端町",
        address="あさひ野市川端町6-12 コーポ川端105",
        members=[member("原田 誠", "はらだ まこと", 48, MALE, REL.HEAD)],
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


@story
def yoshimura(d: Loader) -> None:
    """Hikikomori in his thirties; the mother withdrew her consent."""
    c, (_, ryoko, daisuke) = d.intake(
        "吉村世帯",
        by="shogai-worker",
        area="若葉台",
        address="あさひ野市若葉台2-5-9",
        members=[
            member("吉村 正", "よしむら ただし", 70, MALE, REL.HEAD),
            member("吉村 良子", "よしむら りょうこ", 67, FEMALE, REL.SPOUSE),
            member("吉村 大輔", "よしむら だいすけ", 36, MALE, REL.CHILD),
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


@story
def hasegawa(d: Loader) -> None:
    """親亡き後: the あおぞら refers to the hub, which takes over the lead."""
    c, (setsuko, satoru) = d.intake(
        "長谷川世帯",
        by="aozora-worker",
        area="西町",
        address="あさひ野市西町1-22-3",
        members=[
            member("長谷川 節子", "はせがわ せつこ", 60, FEMALE, REL.HEAD),
            member("長谷川 悟", "はせがわ さとる", 28, MALE, REL.CHILD),
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


@story
def sakamoto(d: Loader) -> None:
    """Dementia suspected; money management and a doorstep sales contract."""
    c, (shoichi,) = d.intake(
        "坂本世帯",
        by="houkatsu-west-worker",
        area="若葉台",
        address="あさひ野市若葉台5-2-20",
        members=[member("坂本 正一", "さかもと しょういち", 81, MALE, REL.HEAD)],
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


@story
def uchida(d: Loader) -> None:
    """A high-school young carer caring for his grandmother."""
    c, (hiroshi, mitsu, shota) = d.intake(
        "内田世帯",
        by="sogo-worker",
        area="川端町",
        address="あさひ野市川端町2-7-15",
        members=[
            member("内田 弘", "うちだ ひろし", 50, MALE, REL.HEAD),
            member("内田 ミツ", "うちだ みつ", 85, FEMALE, REL.PARENT),
            member("内田 翔太", "うちだ しょうた", 17, MALE, REL.CHILD),
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


@story
def hori(d: Loader) -> None:
    """介護離職 avoided; a closure proposal waits for the supervisor."""
    c, (kazuhiko, yoshio) = d.intake(
        "堀世帯",
        by="sogo-worker",
        area="若葉小学校区",
        address="あさひ野市若葉台3-9-7",
        members=[
            member("堀 和彦", "ほり かずひこ", 52, MALE, REL.HEAD),
            member("堀 義男", "ほり よしお", 81, MALE, REL.PARENT),
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


@story
def ishikawa_outreach(d: Loader) -> None:
    """Outreach that converts: found by the fire department, visited, consent obtained,
    moved into 多機関協働."""
    c, (isamu,) = d.intake(
        "石川世帯",
        by="sogo-worker",
        area="西町",
        address="あさひ野市西町4-2-11",
        members=[member("石川 勇", "いしかわ いさむ", 72, MALE, REL.HEAD)],
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
