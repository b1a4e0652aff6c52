"""地域づくり in the fictional demo city あさひ野市: groups across the four 中学校区, places to
belong, two platforms, a food-drive network with members and company donations, and
activities over the past months. Every name is invented; any likeness is chance.

Made through community.services by staff of the agencies that own the records (mostly the
社会福祉協議会), so the history reads as it would in real use. Idempotent."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from agencies import demo as city_demo
from agencies.models import Agency, Area, Membership, User
from community import services
from community.models import Group, Network, NetworkMember, Platform, Target
from core.demo import demo_clock
from core.wareki import fiscal_year, fiscal_year_bounds

SHAKYO = "あさひ野市社会福祉協議会"
HOUKATSU_EAST = "あさひ野市 東部地域包括支援センター"
HIDAMARI = "NPO法人 ひだまりの家"
KODOMO = "あさひ野市 こども家庭センター"
MINSEI = "あさひ野市 民生委員・児童委員協議会"
KURASHI = "くらしサポートセンターあさひ野"

PLATFORM_EAST = "あさひ野東 つながりづくりプラットフォーム"
PLATFORM_SOUTH = "みなみ地区 こどもの居場所プラットフォーム"
FOOD_DRIVE = "あさひ野フードドライブ・ネットワーク"

K = Group.Kind
T = Target

# name, kind, target, area (None = whole city), schedule, members, owner
GROUPS: list[tuple] = [
    ("本町いきいきサロン", K.SALON, T.ELDERLY, "本町", "毎月第2・第4水曜 10:00〜12:00", 25, SHAKYO),
    (
        "桜台みんなの食堂",
        K.CHILDRENS_CAFETERIA,
        T.CHILDREN,
        "桜台",
        "毎月第1・第3土曜 11:30〜14:00",
        18,
        SHAKYO,
    ),
    ("朝日町お助け隊", K.HELPERS, T.ELDERLY, "朝日町", "随時（社協へ電話で依頼）", 12, SHAKYO),
    (
        "東山オレンジカフェ",
        K.DEMENTIA_CAFE,
        T.ELDERLY,
        "東山町",
        "毎月第3金曜 13:30〜15:30",
        10,
        HOUKATSU_EAST,
    ),
    ("川端ふれあいサロン", K.SALON, T.ELDERLY, "川端町", "毎週火曜 13:30〜15:00", 20, SHAKYO),
    (
        "若葉台こども食堂 わかば",
        K.CHILDRENS_CAFETERIA,
        T.CHILDREN,
        "若葉台",
        "毎月第2土曜 11:00〜13:30",
        15,
        SHAKYO,
    ),
    (
        "西町フードパントリー",
        K.FOOD_PANTRY,
        T.EVERYONE,
        "西小学校区",
        "毎月最終日曜 10:00〜12:00",
        9,
        SHAKYO,
    ),
    (
        "ボランティアグループ にしかぜ",
        K.VOLUNTEERS,
        T.EVERYONE,
        "西中学校区",
        "月1回の定例会",
        30,
        SHAKYO,
    ),
    ("港町おしゃべりサロン", K.SALON, T.ELDERLY, "港町", "毎月第1木曜 10:00〜11:30", 16, SHAKYO),
    (
        "みなみ子ども食堂 ひだまり",
        K.CHILDRENS_CAFETERIA,
        T.CHILDREN,
        "南町",
        "毎週水曜 17:00〜19:00",
        14,
        HIDAMARI,
    ),
    ("緑ヶ丘お助け隊", K.HELPERS, T.ELDERLY, "緑ヶ丘", "随時（自治区長へ連絡）", 8, SHAKYO),
    (
        "南地区 ひきこもり家族の会",
        K.SUPPORT_GROUP,
        T.PARENTS,
        "南中学校区",
        "毎月第4日曜 14:00〜16:00",
        11,
        SHAKYO,
    ),
    ("丘の上サロン", K.SALON, T.ELDERLY, "丘の上", "毎月第2月曜 10:00〜12:00", 22, SHAKYO),
    (
        "山手認知症カフェ",
        K.DEMENTIA_CAFE,
        T.ELDERLY,
        "山手町",
        "毎月第1土曜 13:30〜15:30",
        9,
        HOUKATSU_EAST,
    ),
    (
        "北町フードパントリー",
        K.FOOD_PANTRY,
        T.EVERYONE,
        "北町",
        "毎月第3日曜 10:00〜12:00",
        7,
        SHAKYO,
    ),
    (
        "多文化交流の会 きたまち",
        K.OTHER,
        T.FOREIGN,
        "北小学校区",
        "毎月第2日曜 13:00〜15:00",
        13,
        SHAKYO,
    ),
    (
        "あさひ野ヤングケアラー交流会",
        K.SUPPORT_GROUP,
        T.YOUTH,
        None,
        "偶数月の第3土曜 14:00〜16:00",
        6,
        SHAKYO,
    ),
]

# name, area, target, opening hours, run by (group), owner
PLACES: list[tuple] = [
    ("朝日町ふれあいの家", "本町", T.EVERYONE, "平日 10:00〜16:00", "本町いきいきサロン", SHAKYO),
    ("桜台コミュニティハウス", "桜台", T.CHILDREN, "土曜 10:00〜15:00", "桜台みんなの食堂", SHAKYO),
    ("川端町 縁側カフェ", "川端町", T.ELDERLY, "火・金 13:00〜16:00", "川端ふれあいサロン", SHAKYO),
    ("若葉台 みんなのリビング", "若葉台", T.YOUTH, "水〜土 15:00〜19:00", None, SHAKYO),
    (
        "ひだまりの家 フリースペース",
        "南町",
        T.YOUTH,
        "月〜金 13:00〜18:00",
        "みなみ子ども食堂 ひだまり",
        HIDAMARI,
    ),
    ("丘の上 地域の茶の間", "丘の上", T.ELDERLY, "毎週月曜 10:00〜15:00", "丘の上サロン", SHAKYO),
    ("ボランティアセンター 交流スペース", None, T.EVERYONE, "平日 9:00〜17:00", None, SHAKYO),
]

PLATFORMS: list[tuple] = [
    (
        PLATFORM_EAST,
        "東中学校区",
        "東中学校区の住民・団体・企業・専門職が、地域の困りごとを持ち寄り、"
        "できることを組み合わせて解決につなげる場。年4回の全体会と随時の部会。",
        ["本町いきいきサロン", "桜台みんなの食堂", "朝日町お助け隊", "東山オレンジカフェ"],
        [SHAKYO, HOUKATSU_EAST, MINSEI],
        ["あさひ野中央信用金庫 東支店", "東山町商店会", "さくら台ストア"],
    ),
    (
        PLATFORM_SOUTH,
        "南中学校区",
        "南中学校区で、こどもと若者が安心して過ごせる居場所を増やし、"
        "学校・家庭以外の大人とつながるきっかけをつくる。",
        ["みなみ子ども食堂 ひだまり", "南地区 ひきこもり家族の会", "港町おしゃべりサロン"],
        [SHAKYO, KODOMO, HIDAMARI],
        ["株式会社ミナト食品", "みなみ町ドラッグ"],
    ),
]

# name, role, agency, group
FOOD_DRIVE_MEMBERS: list[tuple] = [
    (SHAKYO, NetworkMember.Role.COORDINATOR, SHAKYO, None),
    ("あさひ野市役所 本庁舎 市民ロビー", NetworkMember.Role.COLLECTION_POINT, None, None),
    ("スーパーあさひ 西町店", NetworkMember.Role.COLLECTION_POINT, None, None),
    ("あさひ野みどり農業協同組合 南支店", NetworkMember.Role.COLLECTION_POINT, None, None),
    ("株式会社ミナト食品", NetworkMember.Role.DONOR, None, None),
    ("あさひ野パン工房", NetworkMember.Role.DONOR, None, None),
    ("東山町商店会", NetworkMember.Role.DONOR, None, None),
    ("西町フードパントリー", NetworkMember.Role.DISTRIBUTOR, None, "西町フードパントリー"),
    ("北町フードパントリー", NetworkMember.Role.DISTRIBUTOR, None, "北町フードパントリー"),
    (
        "みなみ子ども食堂 ひだまり",
        NetworkMember.Role.DISTRIBUTOR,
        None,
        "みなみ子ども食堂 ひだまり",
    ),
    (KURASHI, NetworkMember.Role.DISTRIBUTOR, KURASHI, None),
    (
        "ボランティアグループ にしかぜ",
        NetworkMember.Role.VOLUNTEER,
        None,
        "ボランティアグループ にしかぜ",
    ),
]

# days ago, donor, what, quantity
DONATIONS: list[tuple] = [
    (150, "株式会社ミナト食品", "レトルトカレー・パックご飯", "120食分"),
    (120, "あさひ野パン工房", "食パン・菓子パン", "40個"),
    (95, "スーパーあさひ 西町店", "米", "10kg × 6袋"),
    (80, "東山町商店会", "缶詰・乾麺（歳末フードドライブ）", "段ボール8箱"),
    (60, "株式会社ミナト食品", "インスタントみそ汁", "300食分"),
    (40, "あさひ野みどり農業協同組合 南支店", "規格外野菜（じゃがいも・玉ねぎ）", "約50kg"),
    (21, "あさひ野パン工房", "食パン", "30斤"),
    (7, "スーパーあさひ 西町店", "レトルト食品・調味料", "段ボール3箱"),
]

# groups that meet monthly and log it: name -> (typical participants, activity title)
MONTHLY: dict[str, tuple[int, str]] = {
    "本町いきいきサロン": (22, "いきいきサロン（体操と茶話会）"),
    "桜台みんなの食堂": (35, "みんなの食堂"),
    "東山オレンジカフェ": (12, "オレンジカフェ（介護相談コーナーあり）"),
    "川端ふれあいサロン": (18, "ふれあいサロン"),
    "若葉台こども食堂 わかば": (28, "こども食堂 わかば"),
    "西町フードパントリー": (24, "フードパントリー配布日"),
    "港町おしゃべりサロン": (14, "おしゃべりサロン"),
    "みなみ子ども食堂 ひだまり": (30, "ひだまり食堂"),
    "丘の上サロン": (20, "丘の上サロン（脳トレ）"),
    "山手認知症カフェ": (10, "認知症カフェ"),
    "北町フードパントリー": (15, "フードパントリー配布日"),
    "多文化交流の会 きたまち": (16, "多文化交流会（日本語おしゃべり）"),
}
MONTHS_OF_ACTIVITY = 6


def _areas() -> dict[str, Area]:
    return {a.name: a for a in Area.objects.all()}


def _staff_of(agency: Agency) -> User:
    """The first staff member of `agency`, to act as."""
    membership = (
        Membership.objects.filter(agency=agency, is_active=True, user__kind=User.Kind.STAFF)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise LookupError(f"the demo agency {agency} has no staff")
    return membership.user


def _day(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


# The groups were registered one after another over the past three years (the first
# about three years ago, one every eight weeks), so that the 年度 figures count groups,
# places and platform members year on year; their places, the platforms and the food
# drive follow them (docs/demo.md).
GROUP_REGISTERED_DAYS_AGO = 1100
GROUP_REGISTERED_EVERY = 55
FIRST_FOOD_PANTRY = "西町フードパントリー"


def _registered(days_ago: int):
    """The demo clock at ten in the morning `days_ago` days ago."""
    moment = dt.datetime.combine(_day(days_ago), dt.time(10))
    return demo_clock(timezone.make_aware(moment))


@transaction.atomic
def load_community() -> int:
    """Create the demo community records once; returns how many were created (0 when they
    already exist)."""
    if Platform.objects.filter(name=PLATFORM_EAST).exists():
        return 0
    if not Agency.objects.filter(name=SHAKYO).exists():
        city_demo.load_city()
    agencies = {a.name: a for a in Agency.objects.all()}
    actors = {name: _staff_of(agencies[name]) for name in (SHAKYO, HOUKATSU_EAST, HIDAMARI)}
    areas = _areas()
    created = 0

    groups: dict[str, Group] = {}
    registered: dict[str, int] = {}
    for n, (name, kind, target, area, schedule, members, owner) in enumerate(GROUPS):
        registered[name] = GROUP_REGISTERED_DAYS_AGO - GROUP_REGISTERED_EVERY * n
        with _registered(registered[name]):
            groups[name] = services.group_create(
                actor=actors[owner],
                owner=agencies[owner],
                name=name,
                kind=kind,
                target=target,
                area=areas[area] if area else None,
                schedule=schedule,
                member_count=members,
                contact=f"{owner}（代表 0000-00-2000）",
                description=f"{name}は地域の住民ボランティアが運営しています。見学歓迎。",
            )
        created += 1

    places = {}
    for name, area, target, hours, run_by, owner in PLACES:
        # A place opens a fortnight after the group that runs it was registered.
        with _registered(registered[run_by] - 14 if run_by else GROUP_REGISTERED_DAYS_AGO):
            places[name] = services.place_create(
                actor=actors[owner],
                owner=agencies[owner],
                name=name,
                area=areas[area] if area else None,
                target=target,
                opening_hours=hours,
                run_by=groups[run_by] if run_by else None,
                address=f"{city_demo.CITY}{area or '中央'}1丁目",
                description="予約不要。ひとりで来ても、だれかと来ても大丈夫です。",
            )
        created += 1

    platforms = []
    for name, area, purpose, member_groups, member_agencies, companies in PLATFORMS:
        # Formed a month after the last of its member groups was registered.
        with _registered(min(registered[g] for g in member_groups) - 30):
            platform = services.platform_create(
                actor=actors[SHAKYO],
                owner=agencies[SHAKYO],
                name=name,
                area=areas[area],
                purpose=purpose,
                groups=[groups[g] for g in member_groups],
                agencies=[agencies[a] for a in member_agencies],
                companies="\n".join(companies),
            )
        platforms.append(platform)
        created += 1

    # The food drive began a week after the first food pantry was registered; a member
    # that is a group joined it a week after that group was registered, if later.
    network_days_ago = registered[FIRST_FOOD_PANTRY] - 7
    with _registered(network_days_ago):
        network = services.network_create(
            actor=actors[SHAKYO],
            owner=agencies[SHAKYO],
            name=FOOD_DRIVE,
            purpose="家庭や企業で余っている食品を集め、フードパントリーやこども食堂、"
            "生活に困っている世帯へ届ける。",
        )
    created += 1
    for name, role, agency, group in FOOD_DRIVE_MEMBERS:
        joined = min(network_days_ago, registered[group] - 7) if group else network_days_ago
        with _registered(joined):
            services.network_member_add(
                actor=actors[SHAKYO],
                network=network,
                name=name,
                role=role,
                agency=agencies[agency] if agency else None,
                group=groups[group] if group else None,
            )
        created += 1
    for days_ago, donor, what, quantity in DONATIONS:
        services.donation_record(
            actor=actors[SHAKYO],
            network=network,
            donor=donor,
            received_on=_day(days_ago),
            description=what,
            quantity=quantity,
        )
        created += 1

    created += _activities(groups, platforms, agencies, actors)
    return created


def _activities(groups, platforms, agencies, actors) -> int:
    """Monthly meetings of the groups over the past months, and the platforms' meetings."""
    created = 0
    for n, (name, (typical, title)) in enumerate(MONTHLY.items()):
        group = groups[name]
        owner = next(o for g, *_rest, o in GROUPS if g == name)
        place = group.places.first()
        for month in range(MONTHS_OF_ACTIVITY):
            services.activity_record(
                actor=actors[owner],
                owner=agencies[owner],
                title=title,
                held_on=_day(3 + n % 5 + 30 * month),
                participants=typical - 3 + (n + month * 2) % 7,
                group=group,
                place=place,
            )
            created += 1
    for platform in platforms:
        for quarter, note in enumerate(
            ("全体会：今年度の取り組み報告", "部会：見守りの担い手づくり")
        ):
            services.activity_record(
                actor=actors[SHAKYO],
                owner=agencies[SHAKYO],
                title=f"{platform.name} {note.split('：')[0]}",
                held_on=_day(20 + 90 * quarter),
                participants=18 + quarter * 4,
                platform=platform,
                note=note,
            )
            created += 1
    return created


# --- a year of donations and a new member (after load_community) ------------------------

# Company donations to the food drive month by month over the previous fiscal year and this
# one (before the ones above), and a group registered this year that joined the east
# platform: what the 年度 figures of 地域づくり count year on year (docs/demo.md).
YEAR_GROUP = "桜台 子育てひろば"
YEAR_DONORS = (
    ("株式会社ミナト食品", "レトルト食品", "80食分"),
    ("あさひ野パン工房", "食パン", "20斤"),
    ("スーパーあさひ 西町店", "米・調味料", "段ボール4箱"),
    ("東山町商店会", "缶詰・乾麺", "段ボール5箱"),
    ("あさひ野みどり農業協同組合 南支店", "規格外野菜", "約30kg"),
)
YEAR_DONATIONS_BEFORE = 160  # the donations above go back 150 days


@transaction.atomic
def load_year() -> int:
    """Create the year's donations and the new group once. Returns how many records."""
    load_community()
    if Group.objects.filter(name=YEAR_GROUP).exists():
        return 0
    today = timezone.localdate()
    first, _ = fiscal_year_bounds(fiscal_year(today) - 1)
    network = Network.objects.get(name=FOOD_DRIVE)
    shakyo = Agency.objects.get(name=SHAKYO)
    actor = _staff_of(shakyo)
    created = 0
    day = max(first, network.created_at.date() + dt.timedelta(days=7))
    n = 0
    while (today - day).days > YEAR_DONATIONS_BEFORE:
        donor, what, quantity = YEAR_DONORS[n % len(YEAR_DONORS)]
        with demo_clock(timezone.make_aware(dt.datetime.combine(day, dt.time(15)))):
            services.donation_record(
                actor=actor,
                network=network,
                donor=donor,
                received_on=day,
                description=what,
                quantity=quantity,
            )
        created += 1
        n += 1
        day += dt.timedelta(days=17 + n % 3 * 6)
    with _registered(100):
        group = services.group_create(
            actor=actor,
            owner=shakyo,
            name=YEAR_GROUP,
            kind=Group.Kind.SALON,
            target=Target.CHILDREN,
            area=_areas()["桜台"],
            schedule="毎週木曜 10:00〜12:00",
            member_count=9,
            contact=f"{SHAKYO}（代表 0000-00-2000）",
            description="乳幼児と保護者が気軽に集まれるひろば。子育ての先輩ママが運営。",
        )
        created += 1
    platform = Platform.objects.get(name=PLATFORM_EAST)
    with _registered(90):
        services.platform_update(
            actor=actor,
            platform=platform,
            expected_version=None,
            data={},
            groups=[*platform.groups.all(), group],
        )
    return created
