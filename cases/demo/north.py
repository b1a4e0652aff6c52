"""The demo stories of 北中学校区 (北町, 丘の上, 山手町); see cases.demo."""

from cases import services
from cases.demo.loader import (
    FEMALE,
    MALE,
    REL,
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
def onodera(d: Loader) -> None:
    """Self-neglect found by a 民生委員; outreach, no consent yet (the 民生委員 sees the card)."""
    c, (shigeru,) = d.intake(
        "小野寺世帯",
        by="houkatsu-east-worker",
        area="丘の上",
        address="あさひ野市丘の上3-21",
        members=[member("小野寺 茂", "おのでら しげる", 79, MALE, REL.HEAD)],
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


@story
def nishikawa(d: Loader) -> None:
    """Postpartum depression; the 保健センター refers to the こども家庭センター."""
    c, (_, aya, minato) = d.intake(
        "西川世帯",
        by="hoken-worker",
        area="北町",
        address="あさひ野市北町3-4-18",
        members=[
            member("西川 翔", "にしかわ しょう", 33, MALE, REL.HEAD),
            member("西川 彩", "にしかわ あや", 31, FEMALE, REL.SPOUSE),
            member("西川 湊", "にしかわ みなと", 1, MALE, REL.CHILD),
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


@story
def ueda(d: Loader) -> None:
    """老老介護 found by a 民生委員, whose referral to the 地域包括 awaits an answer."""
    c, (isamu, fumi) = d.intake(
        "上田世帯",
        by="minsei-member",
        area="山手町",
        address="あさひ野市山手町5-8",
        members=[
            member("上田 勇", "うえだ いさむ", 86, MALE, REL.HEAD),
            member("上田 フミ", "うえだ ふみ", 83, FEMALE, REL.SPOUSE),
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


@story
def kudo(d: Loader) -> None:
    """Long-running (30 months); an old consent expired and was renewed; a closure proposal
    was sent back by the supervisor."""
    c, (koji, manami) = d.intake(
        "工藤世帯",
        by="sogo-worker2",
        area="丘の上",
        address="あさひ野市丘の上1-5-2 丘の上ハイツ102",
        members=[
            member("工藤 浩二", "くどう こうじ", 58, MALE, REL.HEAD),
            member("工藤 愛美", "くどう まなみ", 27, FEMALE, REL.CHILD),
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


@story
def miyamoto(d: Loader) -> None:
    """After a special-needs school: participation support through the 社協."""
    c, (junko, takumi) = d.intake(
        "宮本世帯",
        by="aozora-worker",
        area="北小学校区",
        address="あさひ野市北町8-2-5",
        members=[
            member("宮本 純子", "みやもと じゅんこ", 47, FEMALE, REL.HEAD),
            member("宮本 拓海", "みやもと たくみ", 19, MALE, REL.CHILD),
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


@story
def watabe(d: Loader) -> None:
    """Hoarding in an 8050 household on public assistance; consent covers the 包括 only
    and expires within days; the 社協 is on the team without consent."""
    c, (akira, tsuyoshi) = d.intake(
        "渡部世帯",
        by="seikatsu-worker",
        area="山手町",
        address="あさひ野市山手町2-11-4",
        members=[
            member("渡部 昭", "わたべ あきら", 77, MALE, REL.HEAD),
            member("渡部 剛", "わたべ つよし", 49, MALE, REL.CHILD),
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


@story
def tamura(d: Loader) -> None:
    """8050, seven months: the hub still leads; consent covers the くらしサポート only."""
    c, (sachiko, osamu) = d.intake(
        "田村世帯",
        by="sogo-worker",
        area="北町",
        address="あさひ野市北町6-1-19",
        members=[
            member("田村 幸子", "たむら さちこ", 79, FEMALE, REL.HEAD),
            member("田村 修", "たむら おさむ", 51, MALE, REL.CHILD),
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


@story
def onodera_visits(d: Loader) -> None:
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
