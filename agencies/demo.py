"""The fictional demo city: あさひ野市 (Asahino City). Any likeness to a real city is chance.

Four 中学校区, twelve agencies of the kinds DOMAIN.md names (one hub), staff in every role,
a system administrator and one partner-system account."""

from dataclasses import dataclass, field

from django.db import transaction

from agencies import services
from agencies.models import Agency, Area, Membership, PartnerToken, ServiceField, User
from core.demo import DemoReport

CITY = "あさひ野市"
DEMO_PASSWORD = "asahino-demo-2026"  # noqa: S105 - printed for the demo on purpose
HUB_NAME = "あさひ野市 福祉総合相談課"

AREAS: dict[str, dict[str, list[str]]] = {
    "東中学校区": {"朝日小学校区": ["本町", "朝日町"], "東小学校区": ["東山町", "桜台"]},
    "西中学校区": {"西小学校区": ["西町", "川端町"], "若葉小学校区": ["若葉台"]},
    "南中学校区": {"南小学校区": ["南町", "港町"], "緑小学校区": ["緑ヶ丘"]},
    "北中学校区": {"北小学校区": ["北町", "丘の上"], "山手小学校区": ["山手町"]},
}

R = Membership.Role
F = ServiceField.Code
K = Agency.Kind

# name, kind, fields, areas (None = whole city), is_hub, staff [(username, name, kana, role)]
AGENCIES: list[tuple] = [
    (
        HUB_NAME,
        K.MUNICIPAL_DIVISION,
        list(F),
        None,
        True,
        [
            ("sogo-admin", "青木 健一", "あおき けんいち", R.AGENCY_ADMIN),
            ("sogo-coordinator", "山田 花子", "やまだ はなこ", R.COORDINATOR),
            ("sogo-supervisor", "佐藤 誠", "さとう まこと", R.SUPERVISOR),
            ("sogo-worker", "鈴木 美咲", "すずき みさき", R.CASEWORKER),
            ("sogo-worker2", "高橋 翔", "たかはし しょう", R.CASEWORKER),
            # Figures only, and the read log only: neither role opens a case.
            ("sogo-reports", "中村 由紀", "なかむら ゆき", R.REPORT_VIEWER),
            ("sogo-privacy", "小林 正人", "こばやし まさと", R.AUDITOR),
        ],
    ),
    (
        "あさひ野市 障がい福祉課",
        K.MUNICIPAL_DIVISION,
        [F.DISABILITY],
        None,
        False,
        [
            ("shogai-worker", "田中 直子", "たなか なおこ", R.CASEWORKER),
            ("shogai-supervisor", "伊藤 隆", "いとう たかし", R.SUPERVISOR),
        ],
    ),
    (
        "あさひ野市 こども家庭センター",
        K.CHILD_FAMILY_CENTER,
        [F.CHILDREN],
        None,
        False,
        [
            ("kodomo-worker", "渡辺 愛", "わたなべ あい", R.CASEWORKER),
            ("kodomo-admin", "中村 浩", "なかむら ひろし", R.AGENCY_ADMIN),
        ],
    ),
    (
        "あさひ野市 生活福祉課",
        K.MUNICIPAL_DIVISION,
        [F.POVERTY],
        None,
        False,
        [
            ("seikatsu-worker", "小林 大輔", "こばやし だいすけ", R.CASEWORKER),
        ],
    ),
    (
        "あさひ野市 東部地域包括支援センター",
        K.COMMUNITY_SUPPORT_CENTER,
        [F.ELDERLY],
        ["東中学校区", "北中学校区"],
        False,
        [
            ("houkatsu-east-worker", "加藤 恵", "かとう めぐみ", R.CASEWORKER),
            ("houkatsu-east-supervisor", "吉田 学", "よしだ まなぶ", R.SUPERVISOR),
            ("houkatsu-east-admin", "山本 由美", "やまもと ゆみ", R.AGENCY_ADMIN),
        ],
    ),
    (
        "あさひ野市 西部地域包括支援センター",
        K.COMMUNITY_SUPPORT_CENTER,
        [F.ELDERLY],
        ["西中学校区", "南中学校区"],
        False,
        [
            ("houkatsu-west-worker", "松本 亮", "まつもと りょう", R.CASEWORKER),
        ],
    ),
    (
        "障がい者相談支援事業所 あおぞら",
        K.DISABILITY_CONSULTATION,
        [F.DISABILITY],
        None,
        False,
        [
            ("aozora-worker", "井上 千尋", "いのうえ ちひろ", R.CASEWORKER),
            ("aozora-admin", "木村 正樹", "きむら まさき", R.AGENCY_ADMIN),
        ],
    ),
    (
        "くらしサポートセンターあさひ野",
        K.SELF_RELIANCE_SUPPORT,
        [F.POVERTY],
        None,
        False,
        [
            ("kurashi-worker", "林 優子", "はやし ゆうこ", R.CASEWORKER),
        ],
    ),
    (
        "あさひ野市社会福祉協議会",
        K.SOCIAL_WELFARE_COUNCIL,
        [F.COMMUNITY, F.POVERTY],
        None,
        False,
        [
            ("shakyo-csw", "清水 拓也", "しみず たくや", R.CASEWORKER),
            ("shakyo-coordinator", "山崎 里美", "やまざき さとみ", R.COORDINATOR),
        ],
    ),
    (
        "あさひ野市 保健センター",
        K.HEALTH_CENTER,
        [F.HEALTH],
        None,
        False,
        [
            ("hoken-worker", "森 由紀", "もり ゆき", R.CASEWORKER),
        ],
    ),
    (
        "あさひ野市 民生委員・児童委員協議会",
        K.WELFARE_COMMISSIONERS,
        [F.COMMUNITY],
        None,
        False,
        [
            ("minsei-member", "池田 和夫", "いけだ かずお", R.CASEWORKER),
        ],
    ),
    (
        "NPO法人 ひだまりの家",
        K.NPO,
        [F.CHILDREN, F.OTHER],
        ["南中学校区"],
        False,
        [
            ("hidamari-worker", "橋本 彩", "はしもと あや", R.CASEWORKER),
        ],
    ),
]

SERVICE_ACCOUNT = ("aozora-system", "あおぞら 相談記録システム", "障がい者相談支援事業所 あおぞら")
SUPERUSER = ("admin", "システム管理者")


@dataclass
class DemoCity:
    created: bool
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, agency, role
    service_token: str = ""


def _areas() -> dict[str, Area]:
    by_name: dict[str, Area] = {}
    for jh_name, elementaries in AREAS.items():
        jh = Area.objects.create(name=jh_name, level=Area.Level.JUNIOR_HIGH)
        by_name[jh_name] = jh
        for el_name, neighbourhoods in elementaries.items():
            el = Area.objects.create(name=el_name, level=Area.Level.ELEMENTARY, parent=jh)
            for nb_name in neighbourhoods:
                Area.objects.create(name=nb_name, level=Area.Level.NEIGHBOURHOOD, parent=el)
    return by_name


@transaction.atomic
def load_city() -> DemoCity:
    """Create the demo city once. Running it again changes nothing and reports the logins."""
    created = not Agency.objects.filter(name=HUB_NAME).exists()
    service_token = ""
    if created:
        areas = _areas()
        fields = {f.code: f for f in services.service_fields_ensure()}
        for n, (name, kind, codes, area_names, is_hub, staff) in enumerate(AGENCIES, start=1):
            agency = services.agency_create(
                actor=None,
                name=name,
                kind=kind,
                is_hub=is_hub,
                fields=[fields[c] for c in codes],
                areas_served=[areas[a] for a in area_names or []],
                phone=f"0000-00-{1000 + n}",
                email=f"agency{n}@example.jp",
                postal_code=f"999-{n:04d}",
                address=f"{CITY}中央{n}丁目{n}番地",
                contact_hours="平日 8:30〜17:15",
            )
            for username, full_name, kana, role in staff:
                services.staff_create(
                    actor=None,
                    agency=agency,
                    username=username,
                    full_name=full_name,
                    full_name_kana=kana,
                    email=f"{username}@example.jp",
                    role=role,
                    password=DEMO_PASSWORD,
                )
        username, name, agency_name = SERVICE_ACCOUNT
        # Only a digest of a partner token is stored: the demo can print it this once.
        _, service_token = services.service_account_create(
            actor=None,
            agency=Agency.objects.get(name=agency_name),
            username=username,
            full_name=name,
            role=R.CASEWORKER,
            token_name="demo token",  # noqa: S106 - a label, not a secret
            token_scope=PartnerToken.Scope.READ_WRITE,
        )
        User.objects.create_superuser(
            SUPERUSER[0], f"{SUPERUSER[0]}@example.jp", DEMO_PASSWORD, full_name=SUPERUSER[1]
        )

    city = DemoCity(created=created, service_token=service_token)
    for m in (
        Membership.objects.filter(is_active=True, user__kind=User.Kind.STAFF)
        .select_related("user", "agency")
        .order_by("agency__id", "id")
    ):
        city.logins.append((m.user.username, m.agency.name, str(m.get_role_display())))
    city.logins.append((SUPERUSER[0], "—", "superuser"))
    return city


def report(name: str, city: DemoCity) -> DemoReport:
    """What `manage.py load_demo` prints for the city: one line, then (after every loader
    has run) the logins and the partner system's token."""
    if city.created:
        line = f"Loaded the demo city {CITY}."
    else:
        line = f"The demo city {CITY} is already loaded."
    after = ["", f"Demo logins (password for all: {DEMO_PASSWORD})"]
    after += [f"  {username:<26} {role:<14} {agency}" for username, agency, role in city.logins]
    if city.service_token:
        after += [
            "",
            f"Partner system {SERVICE_ACCOUNT[0]} (this token is shown only now): "
            f"curl -H 'Authorization: Bearer {city.service_token}' "
            "http://127.0.0.1:8000/api/v1/me/",
        ]
    else:
        after += [
            "",
            f"Partner system {SERVICE_ACCOUNT[0]}: its token was shown when the demo was "
            "loaded; issue a new one on its agency's staff page (API tokens).",
        ]
    return DemoReport(city.created, line, tuple(after))
