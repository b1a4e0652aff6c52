"""The demo stories of 南中学校区 (南町, 港町, 緑ヶ丘); see cases.demo."""

from cases.demo.loader import (
    FEMALE,
    INQUIRY,
    MALE,
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
def morita(d: Loader) -> None:
    """Hoarding, long-running; the consent has expired and has not been renewed yet."""
    c, (kiyoshi,) = d.intake(
        "森田世帯",
        by="sogo-worker",
        area="港町",
        address="あさひ野市港町5-3-7",
        members=[member("森田 清", "もりた きよし", 68, MALE, REL.HEAD)],
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


@story
def da_silva(d: Loader) -> None:
    """A foreign-resident family (ポルトガル語): job loss, rent arrears, school letters."""
    c, (marcos, _, _, julia) = d.intake(
        "ダ・シルバ世帯",
        by="shakyo-csw",
        area="南町",
        address="あさひ野市南町2-6-1 南町団地3-402",
        members=[
            member(
                "ダ・シルバ マルコス",
                "だ・しるば まるこす",
                41,
                MALE,
                REL.HEAD,
                preferred_language="ポルトガル語",
            ),
            member(
                "ダ・シルバ アナ",
                "だ・しるば あな",
                38,
                FEMALE,
                REL.SPOUSE,
                preferred_language="ポルトガル語",
            ),
            member(
                "ダ・シルバ ルーカス",
                "だ・しるば るーかす",
                12,
                MALE,
                REL.CHILD,
                preferred_language="日本語・ポルトガル語",
            ),
            member("ダ・シルバ ジュリア", "だ・しるば じゅりあ", 7, FEMALE, REL.CHILD),
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


@story
def takagi(d: Loader) -> None:
    """DV: 住所秘匿, an agency-internal record of where they live, consent only for 生活福祉課."""
    c, (miho, himari) = d.intake(
        "高木世帯",
        by="kodomo-worker",
        area="緑ヶ丘",
        address="あさひ野市緑ヶ丘1-1 緑ヶ丘市営住宅",
        members=[
            member("高木 美穂", "たかぎ みほ", 34, FEMALE, REL.HEAD, address_confidential=True),
            member("高木 ひまり", "たかぎ ひまり", 6, FEMALE, REL.CHILD, address_confidential=True),
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


@story
def matsui(d: Loader) -> None:
    """School non-attendance; a referral to ひだまりの家 waits for an answer."""
    c, (kaori, ren) = d.intake(
        "松井世帯",
        by="sogo-worker",
        area="南小学校区",
        address="あさひ野市南町7-3-2",
        members=[
            member("松井 香織", "まつい かおり", 43, FEMALE, REL.HEAD),
            member("松井 蓮", "まつい れん", 14, MALE, REL.CHILD),
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


@story
def fujii(d: Loader) -> None:
    """8050 on public assistance; consent for the 保健センター only, expiring soon."""
    c, (kiyo, takashi) = d.intake(
        "藤井世帯",
        by="seikatsu-worker",
        area="南町",
        address="あさひ野市南町9-1-6",
        members=[
            member("藤井 キヨ", "ふじい きよ", 82, FEMALE, REL.HEAD),
            member("藤井 隆", "ふじい たかし", 55, MALE, REL.CHILD),
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


@story
def onishi(d: Loader) -> None:
    """Participation support: a young man finds a place in the 社協's café kitchen."""
    c, (_, kenji) = d.intake(
        "大西世帯",
        by="kurashi-worker",
        area="港町",
        address="あさひ野市港町2-30-4",
        members=[
            member("大西 洋子", "おおにし ようこ", 52, FEMALE, REL.HEAD),
            member("大西 健司", "おおにし けんじ", 24, MALE, REL.CHILD),
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


@story
def ando(d: Loader) -> None:
    """Found at the こども食堂; one referral returned with a reason, another accepted."""
    c, (miki, tsubasa) = d.intake(
        "安藤世帯",
        by="hidamari-worker",
        area="緑ヶ丘",
        address="あさひ野市緑ヶ丘4-9-1",
        members=[
            member("安藤 美紀", "あんどう みき", 36, FEMALE, REL.HEAD),
            member("安藤 翼", "あんどう つばさ", 10, MALE, REL.CHILD),
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


@story
def maeda(d: Loader) -> None:
    """Support declined: closed, with the 民生委員 keeping an eye."""
    c, (susumu,) = d.intake(
        "前田世帯",
        by="sogo-worker2",
        area="緑ヶ丘",
        address="あさひ野市緑ヶ丘2-14-6",
        members=[member("前田 進", "まえだ すすむ", 70, MALE, REL.HEAD)],
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


@story
def kaneko(d: Loader) -> None:
    """A widowed woman finds the neighbourhood salon (地域づくり)."""
    c, (toshiko,) = d.intake(
        "金子世帯",
        by="shakyo-csw",
        area="南町",
        address="あさひ野市南町4-6-2",
        members=[member("金子 とし子", "かねこ としこ", 80, FEMALE, REL.HEAD)],
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
