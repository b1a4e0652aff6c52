"""A small city with known answers for fiscal year 2024 (令和6年度: 2024-04-01 to
2025-03-31), every record made through the real services on the day it happened.

Areas: 北中学校区 (小学校区 北小, with the 自治区 北一区, and 西小) and 南中学校区 (南小).
Agencies: the hub, 東部包括 (east) and あおば (aoba). Cases:

- c1  hub,  opened 2025-03-31 (FY2024), 家族, 北小; concerns care + hikikomori (compound);
       a second consultation 2025-04-01 00:30 JST (FY2025); referred to east 2025-03-31
       12:00, accepted 2025-04-02 12:00 (2 days); plan 2025-02-… no: plan made 2025-03-31,
       approved; discussed at a case conference held 2025-03-31 15:00 (FY2024).
- c2  hub,  opened 2025-04-01 (FY2025), 本人, 南小; a plan made 2025-04-10 (FY2025).
- c3  east, opened 2024-04-01 (FY2024), 民生委員, 北一区; concern poverty; a matching
       active 2024-05-01, ended 2024-06-01 (declined); closed goals_met on 2024-10-01
       (183 days: the 6–12 months bucket, 6.0 months).
- c4  east, opened 2024-05-10 (FY2024) in outreach, 本人, 西小; contacts absent
       (05-20) and met (06-01); consent 2024-06-05; referred to the hub 2024-06-01, returned
       2024-06-11 (10 days); a plan made 2024-06-20, not approved.
- c5  aoba, opened 2023-06-01 (FY2023), 学校, 南小, open: 669 days at 2025-03-31 (1–2
       years); referred to the hub 2024-08-01, accepted 2024-08-05 (4 days); a matching
       active 2024-07-01, still taking part.

Community (hub): a salon in 南小 registered 2023-05-01, a children's cafeteria of the whole
北中学校区 registered 2024-05-01; a food drive with donations on 2024-12-01 and 2025-04-01.
A 包括的支援推進会議 held 2024-11-01. The clock stops at 2025-06-15 for the tests."""

import dataclasses
import datetime as dt
import io
from dataclasses import dataclass

import openpyxl
import pytest
import time_machine
from django.utils import timezone

from agencies.models import Agency, Area, Membership, User
from cases import services as case_services
from cases.models import Case, Concern, Consent, HouseholdMembership, Project
from cases.services.consultations import ConsultationData
from cases.services.households import PersonData
from community import services as community_services
from community.models import Group
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from participation.models import Matching, SupportMenu
from participation.services import directory as participation_directory
from participation.services import people as participation_people
from reports.exports import caselist
from tests import shared
from tests.factories import AgencyFactory, StaffFactory, UserFactory

TODAY = dt.date(2025, 6, 15)
FY = 2024


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def on(day: dt.date, hour: int = 10, minute: int = 0):
    return time_machine.travel(at(day, hour, minute), tick=False)


@dataclass
class City:
    hub: Agency
    east: Agency
    aoba: Agency
    north_jh: Area
    south_jh: Area
    north_es: Area
    west_es: Area
    south_es: Area
    hub_worker: User
    hub_supervisor: User
    hub_coordinator: User
    hub_admin: User
    hub_viewer: User
    east_worker: User
    east_supervisor: User
    east_viewer: User
    aoba_worker: User
    aoba_supervisor: User
    no_agency: User
    cases: dict[str, Case]


def _members(name: str) -> list[PersonData]:
    return [
        PersonData(
            family_name=name,
            given_name="花子",
            family_name_kana="てすと",
            given_name_kana="はなこ",
            birth_date=dt.date(1950, 1, 1),
            relation=HouseholdMembership.Relation.HEAD,
        )
    ]


def _intake(worker: User, day: dt.date, name: str, source: str, area: Area, **kw) -> Case:
    with on(day):
        return case_services.intake(
            actor=worker,
            household_name=f"{name}家",
            members=_members(name),
            area=area,
            title=f"{name}家の相談",
            referral_source=source,
            projects=kw.pop("projects", [Project.CONSULTATION]),
            consultation=ConsultationData(
                occurred_at=at(day, 9), mode=kw.pop("mode", "phone"), narrative="相談"
            ),
            opened_on=day,
            **kw,
        )


def _person(case: Case):
    return case.household.memberships.first().person


def build_city() -> City:
    hub = AgencyFactory(name="福祉総合相談課", kana="ふくし", is_hub=True)
    east = AgencyFactory(name="東部地域包括支援センター", kana="とうぶ")
    aoba = AgencyFactory(name="相談支援事業所あおば", kana="あおば")
    R = Membership.Role
    staff = {
        "hub_worker": StaffFactory(agency=hub, role=R.CASEWORKER),
        "hub_supervisor": StaffFactory(agency=hub, role=R.SUPERVISOR),
        "hub_coordinator": StaffFactory(agency=hub, role=R.COORDINATOR),
        "hub_admin": StaffFactory(agency=hub, role=R.AGENCY_ADMIN),
        "hub_viewer": StaffFactory(agency=hub, role=R.REPORT_VIEWER),
        "east_worker": StaffFactory(agency=east, role=R.CASEWORKER),
        "east_supervisor": StaffFactory(agency=east, role=R.SUPERVISOR),
        "east_viewer": StaffFactory(agency=east, role=R.REPORT_VIEWER),
        "aoba_worker": StaffFactory(agency=aoba, role=R.CASEWORKER),
        "aoba_supervisor": StaffFactory(agency=aoba, role=R.SUPERVISOR),
    }
    L = Area.Level
    north_jh = Area.objects.create(name="北中学校区", kana="きた", level=L.JUNIOR_HIGH)
    south_jh = Area.objects.create(name="南中学校区", kana="みなみ", level=L.JUNIOR_HIGH)
    north_es = Area.objects.create(
        name="北小学校区", kana="きたしょう", level=L.ELEMENTARY, parent=north_jh
    )
    west_es = Area.objects.create(
        name="西小学校区", kana="にし", level=L.ELEMENTARY, parent=north_jh
    )
    south_es = Area.objects.create(
        name="南小学校区", kana="みなみしょう", level=L.ELEMENTARY, parent=south_jh
    )
    hood = Area.objects.create(
        name="北一区", kana="きたいち", level=L.NEIGHBOURHOOD, parent=north_es
    )

    S = Case.Source
    hw, ew, aw = staff["hub_worker"], staff["east_worker"], staff["aoba_worker"]
    hc = staff["hub_coordinator"]

    # c5 (FY2023) first: it is referred and matched during FY2024.
    c5 = _intake(aw, dt.date(2023, 6, 1), "五木", S.SCHOOL, south_es)
    c3 = _intake(ew, dt.date(2024, 4, 1), "三宅", S.WELFARE_COMMISSIONER, hood)
    with on(dt.date(2024, 4, 1)):
        case_services.concern_add(actor=ew, case=c3, category=Concern.Category.POVERTY)

    # c4: outreach, found 2024-05-10.
    with on(dt.date(2024, 5, 10)):
        household = case_services.household_create(
            actor=ew,
            agency=east,
            name="四谷家",
            members=_members("四谷"),
            area=west_es,
            started_on=dt.date(2024, 5, 10),
        )
        c4 = case_services.outreach_open(
            actor=ew,
            household=household,
            title="ひきこもりの疑い",
            referral_source=S.SELF,
            opened_on=dt.date(2024, 5, 10),
        )
    for day, outcome in ((dt.date(2024, 5, 20), "absent"), (dt.date(2024, 6, 1), "met")):
        with on(day):
            case_services.outreach_contact(
                actor=ew,
                case=c4,
                occurred_at=at(day),
                mode="home_visit",
                outcome=outcome,
                narrative="訪問",
            )

    # Participation: a menu of the hub's, two matchings.
    with on(dt.date(2024, 4, 5)):
        host = participation_directory.host_create(actor=hw, name="喫茶ひだまり")
        menu = participation_directory.menu_create(
            actor=hw,
            title="喫茶の手伝い",
            what="皿洗い",
            host=host,
            capacity=5,
            kind=SupportMenu.Kind.WORK_EXPERIENCE,
            developed_on=dt.date(2024, 4, 5),
        )
    with on(dt.date(2024, 6, 1), 15):
        ended = participation_people.matching_propose(
            actor=ew, case=c3, person=_person(c3), menu=menu, proposed_on=dt.date(2024, 4, 10)
        )
        participation_people.matching_start_trial(actor=ew, matching=ended, on=dt.date(2024, 4, 15))
        participation_people.matching_activate(actor=ew, matching=ended, on=dt.date(2024, 5, 1))
        participation_people.matching_end(
            actor=ew,
            matching=ended,
            outcome=Matching.Outcome.DECLINED_PERSON,
            reason="本人の希望",
            on=dt.date(2024, 6, 1),
        )
    with on(dt.date(2024, 7, 1)):
        kept = participation_people.matching_propose(
            actor=aw, case=c5, person=_person(c5), menu=menu, proposed_on=dt.date(2024, 6, 1)
        )
        participation_people.matching_start_trial(actor=aw, matching=kept, on=dt.date(2024, 6, 5))
        participation_people.matching_activate(actor=aw, matching=kept, on=dt.date(2024, 7, 1))

    # c4's referral to the hub, returned after 10 days; its consent; its plan.
    with on(dt.date(2024, 6, 1)):
        r4 = case_services.referral_send(
            actor=ew, case=c4, to_agency=hub, reason="多機関協働を", summary="ひきこもりの疑い"
        )
    with on(dt.date(2024, 6, 11)):
        case_services.referral_return(actor=hw, referral=r4, reason="包括で継続を")
    with on(dt.date(2024, 6, 5)):
        case_services.outreach_consent_obtained(
            actor=ew,
            case=c4,
            person=_person(c4),
            purposes=[Consent.Purpose.SHARING],
            method=Consent.Method.WRITTEN,
            valid_from=dt.date(2024, 6, 5),
        )
    with on(dt.date(2024, 6, 20)):
        case_services.plan_create(
            actor=ew, case=c4, goals="外出", review_on=dt.date(2024, 9, 20), actions=[]
        )

    # c5's referral to the hub, accepted after 4 days.
    with on(dt.date(2024, 8, 1)):
        r5 = case_services.referral_send(
            actor=aw, case=c5, to_agency=hub, reason="世帯全体の支援を", summary="学校から"
        )
    with on(dt.date(2024, 8, 5)):
        case_services.referral_accept(actor=hw, referral=r5)

    # c3 closes on 2024-10-01.
    with on(dt.date(2024, 10, 1)):
        closure = case_services.closure_propose(actor=ew, case=c3, reason="goals_met")
        case_services.closure_approve(
            actor=staff["east_supervisor"], closure=closure, evaluation="生活が安定した"
        )

    # A 包括的支援推進会議 of the hub, held 2024-11-01.
    with on(dt.date(2024, 11, 1), 15):
        promotion = meeting_services.meeting_create(
            actor=hc,
            kind=Meeting.Kind.PROMOTION,
            title="推進会議",
            starts_at=at(dt.date(2024, 11, 1), 14),
        )
        meeting_services.agenda_add(
            actor=hc, meeting=promotion, purpose=AgendaItem.Purpose.RESOURCES, topic="資源開発"
        )
        meeting_services.meeting_publish(actor=hc, meeting=promotion)
        meeting_services.meeting_hold(actor=hc, meeting=promotion)

    # c1 on the last day of FY2024.
    last = dt.date(2025, 3, 31)
    c1 = _intake(hw, last, "一条", S.FAMILY, north_es)
    with on(last, 11):
        case_services.concern_add(actor=hw, case=c1, category=Concern.Category.CARE)
        case_services.concern_add(actor=hw, case=c1, category=Concern.Category.HIKIKOMORI)
        plan = case_services.plan_create(
            actor=hw, case=c1, goals="介護サービス", review_on=dt.date(2025, 6, 30), actions=[]
        )
        case_services.plan_approve(actor=hw, plan=plan, decided_at="重層的支援会議 3月31日")
    with on(last, 12):
        r1 = case_services.referral_send(
            actor=hw, case=c1, to_agency=east, reason="介護の相談", summary="母の介護"
        )
    with on(last, 16):
        conference = meeting_services.meeting_create(
            actor=hc, kind=Meeting.Kind.CONFERENCE, title="ケース会議", starts_at=at(last, 15)
        )
        meeting_services.agenda_add(
            actor=hc, meeting=conference, purpose=AgendaItem.Purpose.ROLES, case=c1
        )
        meeting_services.meeting_publish(actor=hc, meeting=conference)
        meeting_services.meeting_hold(actor=hc, meeting=conference)
    with on(dt.date(2025, 4, 1), 0, 30):
        case_services.consultation_log(
            actor=hw,
            case=c1,
            data=ConsultationData(
                occurred_at=at(dt.date(2025, 4, 1), 0, 30), mode="visit", narrative="来所"
            ),
        )
    with on(dt.date(2025, 4, 2), 12):
        case_services.referral_accept(actor=StaffFactory(agency=east), referral=r1)

    c2 = _intake(hw, dt.date(2025, 4, 1), "二宮", S.SELF, south_es)
    with on(dt.date(2025, 4, 10)):
        case_services.plan_create(
            actor=hw, case=c2, goals="就労", review_on=dt.date(2025, 7, 10), actions=[]
        )

    # Community.
    with on(dt.date(2023, 5, 1)):
        community_services.group_create(
            actor=hw, owner=hub, name="南サロン", kind=Group.Kind.SALON, area=south_es
        )
    with on(dt.date(2024, 5, 1)):
        community_services.group_create(
            actor=hw,
            owner=hub,
            name="北こども食堂",
            kind=Group.Kind.CHILDRENS_CAFETERIA,
            area=north_jh,
        )
        network = community_services.network_create(actor=hw, owner=hub, name="フードドライブ")
    for day in (dt.date(2024, 12, 1), dt.date(2025, 4, 1)):
        with on(day):
            community_services.donation_record(
                actor=hw, network=network, donor="スーパー", received_on=day, description="米"
            )

    return City(
        hub=hub,
        east=east,
        aoba=aoba,
        north_jh=north_jh,
        south_jh=south_jh,
        north_es=north_es,
        west_es=west_es,
        south_es=south_es,
        no_agency=UserFactory(),
        cases={"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5},
        **staff,
    )


@pytest.fixture(scope="module")
def module_city(request, django_db_setup, django_db_blocker):
    """The city made once for a module with the shared_fixtures marker (tests/shared.py)."""
    if not shared.opted_in(request.node):
        yield None
        return
    yield from shared.module_transaction(django_db_blocker, build_city)


@pytest.fixture
def city(module_city, db) -> City:
    if module_city is None:
        return build_city()
    rows = {f.name: getattr(module_city, f.name) for f in dataclasses.fields(module_city)}
    cases = shared.refetched(rows.pop("cases"))
    return City(**shared.refetched(rows), cases=cases)


@pytest.fixture
def today():
    with on(TODAY):
        yield TODAY


def more_cases(city: City, n: int) -> list[Case]:
    """`n` more cases of the hub opened in FY2024 in 南小, each with a concern, a
    consultation and a referral: more rows in every family the page counts."""
    made = []
    for i in range(n):
        day = dt.date(2024, 9, 1 + i)
        case = _intake(city.hub_worker, day, f"追加{i}", Case.Source.NEIGHBOUR, city.south_es)
        with on(day, 11):
            case_services.concern_add(
                actor=city.hub_worker, case=case, category=Concern.Category.ISOLATION
            )
            case_services.referral_send(
                actor=city.hub_worker, case=case, to_agency=city.aoba, reason="連携", summary="孤立"
            )
        made.append(case)
    return made


# --- exports: files in a temporary media root, the case list export's rows as a user gets
# them, and a workbook opened from a download ------------------------------------------

EVERY_CASE = "scope=all"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def export_rows(user, filters: str = EVERY_CASE) -> list[list]:
    """The case list export's rows for `user`, filtered as the case list page's query
    string says."""
    params = caselist.clean(user, {"filters": filters})
    [table] = caselist.build(user, params)
    return [list(row) for row in table.rows]


def row_of(rows: list[list], case) -> list | None:
    return next((row for row in rows if row[0] == case.reference), None)


def workbook_of(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def real_worker(require_redis):
    """A Celery worker consuming from Redis in a thread (as tests/core/test_celery_worker.py
    starts one): tasks are no longer run eagerly while it lives."""
    from celery.contrib.testing.worker import start_worker

    from config.celery_app import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10.0
        ) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = previous
