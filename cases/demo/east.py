"""The demo stories of 東中学校区 (本町, 朝日町, 東山町, 桜台); see cases.demo."""

from cases.demo.loader import (
    FEMALE,
    MALE,
    MARKER_HOUSEHOLD,
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
def sasaki(d: Loader) -> None:
    """8050: the hub takes it in, hands the lead to the 地域包括 once care is the centre."""
    c, (tomi, kenta) = d.intake(
        MARKER_HOUSEHOLD,
        by="sogo-worker",
        area="朝日町",
        address="あさひ野市朝日町2-14-5",
        members=[
            member("佐々木 トミ", "ささき とみ", 84, FEMALE, REL.HEAD),
            member("佐々木 健太", "ささき けんた", 53, MALE, REL.CHILD),
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


@story
def ishikawa(d: Loader) -> None:
    """Young carer found by the school; overdue plan review."""
    c, (mayumi, sakura, yuto) = d.intake(
        "石川世帯",
        by="kodomo-worker",
        area="東山町",
        address="あさひ野市東山町1-8-3 東山ハイツ203",
        members=[
            member("石川 真由美", "いしかわ まゆみ", 45, FEMALE, REL.HEAD),
            member("石川 さくら", "いしかわ さくら", 15, FEMALE, REL.CHILD),
            member("石川 悠斗", "いしかわ ゆうと", 8, MALE, REL.CHILD),
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


@story
def okamoto(d: Loader) -> None:
    """A single-parent household in hardship; closed with the goals met."""
    c, (satomi, riku, _) = d.intake(
        "岡本世帯",
        by="sogo-worker2",
        area="本町",
        address="あさひ野市本町1-9-14",
        members=[
            member("岡本 里美", "おかもと さとみ", 38, FEMALE, REL.HEAD),
            member("岡本 陸", "おかもと りく", 10, MALE, REL.CHILD),
            member("岡本 結衣", "おかもと ゆい", 7, FEMALE, REL.CHILD),
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


@story
def murakami(d: Loader) -> None:
    """Closed once when care services were in place, reopened after a fall."""
    c, (haru,) = d.intake(
        "村上世帯",
        by="houkatsu-east-worker",
        area="桜台",
        address="あさひ野市桜台4-17-2",
        members=[member("村上 ハル", "むらかみ はる", 88, FEMALE, REL.HEAD)],
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


@story
def noguchi(d: Loader) -> None:
    """Self-harm; the daughter's consent covers the あおぞら only."""
    c, (keiko, misato) = d.intake(
        "野口世帯",
        by="hoken-worker",
        area="東山町",
        address="あさひ野市東山町6-3-11",
        members=[
            member("野口 恵子", "のぐち けいこ", 56, FEMALE, REL.HEAD),
            member("野口 美里", "のぐち みさと", 29, FEMALE, REL.CHILD),
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


@story
def kuwabara(d: Loader) -> None:
    """Closed because he moved out of the city."""
    c, (naoki,) = d.intake(
        "桑原世帯",
        by="shogai-worker",
        area="朝日町",
        address="あさひ野市朝日町7-1-3",
        members=[member("桑原 直樹", "くわばら なおき", 35, MALE, REL.HEAD)],
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


@story
def imai(d: Loader) -> None:
    """老老介護 with suspected elder abuse."""
    c, (masao, shizuko) = d.intake(
        "今井世帯",
        by="houkatsu-east-worker",
        area="本町",
        address="あさひ野市本町4-3-8",
        members=[
            member("今井 正男", "いまい まさお", 90, MALE, REL.HEAD),
            member("今井 静子", "いまい しずこ", 87, FEMALE, REL.SPOUSE),
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


@story
def aoyama(d: Loader) -> None:
    """Gambling debt; a referral to the 保健センター awaits an answer."""
    c, (hitomi,) = d.intake(
        "青山世帯",
        by="kurashi-worker",
        area="桜台",
        address="あさひ野市桜台1-3-9 サクラコート301",
        members=[member("青山 瞳", "あおやま ひとみ", 33, FEMALE, REL.HEAD)],
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
