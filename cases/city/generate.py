"""Build the city, phase by phase, timing each; then check a sample of cases' permission
rows against `case_rows(case)` (the rule read back from the database)."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, Area, Membership, ServiceField, User
from cases import access
from cases.access.base import CARD, CHANGE, VIEW
from cases.access.materialise import rows_for
from cases.city import households as hh
from cases.city import rows
from cases.city.cases import CasePlan, Planner
from cases.city.ids import Ids
from cases.city.load import Sink
from cases.city.town import JST, AgencyPlan, Town, agency_rows, plan_town
from cases.models import (
    AccessGrant,
    Case,
    CaseGroupObjectPermission,
    CaseProject,
    CaseTeam,
    CaseUserObjectPermission,
    Consent,
    ConsentExtension,
    Consultation,
    Household,
    HouseholdMembership,
    LeadAssignment,
    Person,
    Referral,
)

BENCH_PASSWORD = "ohira-bench-2026"  # noqa: S105 - documented for the benchmark on purpose
BENCH_HUB_WORKER = "bench-hub-worker"
BENCH_HUB_SUPERVISOR = "bench-hub-supervisor"
BENCH_SMALL_WORKER = "bench-small-worker"
SMALL_AGENCY_CASES = 100  # what the small agency's worker should see, about
DETAIL_CONSULTATIONS = 2000
HISTORY_REASON = gettext_noop("generated city (benchmark data)")
SAMPLE = 200


@dataclass(frozen=True)
class Size:
    cases: int
    consultations_per_case: float
    agencies: int
    staff: int
    junior_high: int = 30  # 30 中学校区 × 2 小学校区 × 35 自治区 = 2,190 areas
    elementary_per_district: int = 2
    neighbourhoods_per_school: int = 35


PRESETS = {
    "full": Size(cases=300_000, consultations_per_case=10, agencies=500, staff=5000),
    "small": Size(
        cases=2000,
        consultations_per_case=10,
        agencies=20,
        staff=100,
        junior_high=4,
        neighbourhoods_per_school=5,
    ),
}


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    phases: list[tuple[str, float]] = field(default_factory=list)
    seconds: float = 0.0
    checked: int = 0
    mismatches: int = 0
    planned_open_visible: dict[str, int] = field(default_factory=dict)  # username -> cases
    detail_case_id: int = 0
    small_agency: str = ""


class CityNotEmpty(Exception):
    pass


@contextmanager
def _phase(report: Report, label: str, say: Callable[[str], None]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    report.phases.append((label, seconds))
    say(_("%(phase)s: %(seconds).1f s") % {"phase": label, "seconds": seconds})


def generate(size: Size, *, seed: int, say: Callable[[str], None] = print) -> Report:
    if Case.objects.exists():
        raise CityNotEmpty
    started = time.perf_counter()
    report = Report()
    rng = random.Random(seed)  # noqa: S311 - made-up data, reproducible by seed
    ids = Ids(connection)
    ids.prepare([*rows.COLUMNS, "cases_household", "cases_person", "cases_householdmembership"])
    sink = Sink(connection, HISTORY_REASON)
    today = timezone.localdate()
    created = dt.datetime.combine(today - dt.timedelta(days=3700), dt.time(9), JST)

    with _phase(report, _("areas, agencies and staff"), say):
        town = plan_town(
            rng,
            ids,
            agencies=size.agencies,
            staff=size.staff,
            junior_high=size.junior_high,
            elementary_per_district=size.elementary_per_district,
            neighbourhoods_per_school=size.neighbourhoods_per_school,
            created_at=created,
            unusable_password="!" + get_random_string(40),
        )
        _write_town(sink, town, ids)

    with _phase(report, _("planning the cases"), say):
        planner = Planner(rng, town, ids, today)
        mean = size.consultations_per_case
        plans = [planner.plan(detail=True, consultations=mean)]
        plans += [planner.plan(consultations=mean) for _ in range(size.cases - 1)]
        report.detail_case_id = plans[0].id

    with _phase(report, _("households and persons"), say):
        sink.rows("cases_household", hh.HOUSEHOLD_COLUMNS, rows.households(plans))
        sink.rows("cases_person", hh.PERSON_COLUMNS, rows.persons(plans))
        sink.rows("cases_householdmembership", hh.MEMBERSHIP_COLUMNS, rows.memberships(plans, ids))

    with _phase(report, _("cases, teams, leads, consents, referrals"), say):
        for table, generated in (
            ("cases_case", rows.cases(plans)),
            ("cases_caseproject", rows.projects(plans, ids)),
            ("cases_caseteam", rows.team(plans, ids)),
            ("cases_leadassignment", rows.leads(plans, ids)),
            ("cases_consent", rows.consents(plans)),
            ("cases_consent_agencies", rows.consent_agencies(plans, ids)),
            ("cases_consentextension", rows.consent_extensions(plans, ids)),
            ("cases_referral", rows.referrals(plans)),
            ("cases_accessgrant", rows.grants(plans, _coordinator(town))),
        ):
            sink.rows(table, rows.COLUMNS[table], generated)

    with _phase(report, _("consultations"), say):
        table = "cases_consultation"
        sink.rows(table, rows.COLUMNS[table], rows.consultations(plans, ids, rng))

    with _phase(report, _("permission rows"), say):
        visible = _write_permissions(sink, plans, town, ids, today)

    with _phase(report, _("bench users"), say):
        report.small_agency = _write_bench_users(sink, town, ids, visible, report)

    with _phase(report, _("history"), say):
        _write_history(sink)

    with _phase(report, _("sequences and statistics"), say):
        sink.finish()

    with _phase(report, _("verification"), say):
        sample = [plans[0].id, *(p.id for p in rng.sample(plans, min(SAMPLE, len(plans))))]
        report.checked = len(set(sample))
        report.mismatches = sum(1 for pk in set(sample) if not rows_match(pk))

    report.counts = dict(sink.counts)
    report.seconds = time.perf_counter() - started
    return report


def _coordinator(town: Town) -> int:
    return (town.hub.with_role(Membership.Role.COORDINATOR) or town.hub.caseworkers)[0]


def _write_town(sink: Sink, town: Town, ids: Ids) -> None:
    sink.rows("agencies_area", rows.COLUMNS["agencies_area"], town.areas)
    field_ids = {f.code: f.pk for f in ServiceField.objects.all()}
    if len(field_ids) < len(ServiceField.Code):
        from agencies.services import service_fields_ensure

        field_ids = {f.code: f.pk for f in service_fields_ensure()}
    for table, generated in agency_rows(town, field_ids, ids).items():
        sink.rows(table, rows.COLUMNS[table], generated)
    sink.rows("agencies_user", rows.COLUMNS["agencies_user"], town.users)
    sink.rows("agencies_membership", rows.COLUMNS["agencies_membership"], town.memberships)


def _write_permissions(
    sink: Sink, plans: list[CasePlan], town: Town, ids: Ids, today: dt.date
) -> dict[int, int]:
    """Every case's rows by the rule `recompute_case_permissions` follows; returns how many
    open cases each agency can read now (to place the small agency's bench worker)."""
    groups = {a.id: a.group_id for a in town.agencies}
    agency_of_group = {a.group_id: a.id for a in town.agencies}
    perms = dict(
        Permission.objects.filter(
            content_type__app_label="cases",
            content_type__model="case",
            codename__in=[CARD, VIEW, CHANGE],
        ).values_list("codename", "pk")
    )
    view, now = perms[VIEW], timezone.now()
    readers: dict[int, set[int]] = {}
    personal_rows: list[tuple] = []

    def group_rows() -> Iterator[tuple]:
        for plan in plans:
            mine, personal = rows_for(
                plan.facts(), today=today, groups=groups, permission_ids=perms
            )
            is_open = plan.closed is None
            for row in mine:
                if (
                    is_open
                    and row.permission_id == view
                    and (row.valid_from is None or row.valid_from <= now)
                    and (row.valid_until is None or now < row.valid_until)
                ):
                    readers.setdefault(agency_of_group[row.group_id], set()).add(plan.id)
                yield (ids.next("cases_casegroupobjectpermission"), *row)
            personal_rows.extend(
                (ids.next("cases_caseuserobjectpermission"), *row) for row in personal
            )

    table = "cases_casegroupobjectpermission"
    sink.rows(table, rows.COLUMNS[table], group_rows())
    table = "cases_caseuserobjectpermission"
    sink.rows(table, rows.COLUMNS[table], personal_rows)
    return {agency: len(cases) for agency, cases in readers.items()}


def _write_bench_users(
    sink: Sink, town: Town, ids: Ids, visible: dict[int, int], report: Report
) -> str:
    """Known logins for the benchmark: a caseworker and a supervisor of the hub, and a
    caseworker of the agency whose open caseload is nearest SMALL_AGENCY_CASES."""
    small: AgencyPlan = min(
        town.agencies[1:],
        key=lambda a: (abs(visible.get(a.id, 0) - SMALL_AGENCY_CASES), a.id),
    )
    password = make_password(BENCH_PASSWORD)
    R = Membership.Role
    users, memberships = [], []
    at = town.created_at
    for username, agency, role, name, kana in (
        (BENCH_HUB_WORKER, town.hub, R.CASEWORKER, "ベンチ 相談員", "べんち そうだんいん"),
        (BENCH_HUB_SUPERVISOR, town.hub, R.SUPERVISOR, "ベンチ 監督者", "べんち かんとくしゃ"),
        (BENCH_SMALL_WORKER, small, R.CASEWORKER, "ベンチ 小規模", "べんち しょうきぼ"),
    ):
        user_id = ids.next("agencies_user")
        users.append(
            (
                user_id,
                password,
                None,
                False,
                username,
                "",
                "",
                f"{username}@example.jp",
                False,
                True,
                at,
                User.Kind.STAFF,
                name,
                kana,
            )
        )
        memberships.append(
            (ids.next("agencies_membership"), at, at, 1, role, True, agency.id, user_id)
        )
        report.planned_open_visible[username] = visible.get(agency.id, 0)
    sink.rows("agencies_user", rows.COLUMNS["agencies_user"], users)
    sink.rows("agencies_membership", rows.COLUMNS["agencies_membership"], memberships)
    return small.name


def _write_history(sink: Sink) -> None:
    by_household = (
        "JOIN cases_householdmembership m ON m.person_id = src.id "
        "JOIN cases_household h ON h.id = m.household_id"
    )
    by_case = "JOIN cases_case c ON c.id = src.case_id"
    sink.history(Area, user=None)
    sink.history(Agency, user=None)
    sink.m2m_history(Agency, "fields")
    sink.m2m_history(Agency, "areas_served")
    sink.history(User, user=None)
    sink.history(Membership, user=None)
    sink.history(Household, user="src.created_by_id")
    sink.history(Person, user="h.created_by_id", joins=by_household)
    sink.history(
        HouseholdMembership,
        user="h.created_by_id",
        joins="JOIN cases_household h ON h.id = src.household_id",
    )
    sink.history(Case, user="src.worker_id")
    sink.history(CaseProject, user="c.worker_id", joins=by_case)
    sink.history(CaseTeam, user="c.worker_id", joins=by_case)
    sink.history(LeadAssignment, user="src.decided_by_id")
    sink.history(Consent, user="src.obtained_by_id")
    sink.m2m_history(Consent, "agencies")
    sink.history(ConsentExtension, user="src.extended_by_id")
    sink.history(Referral, user="src.sent_by_id")
    sink.history(AccessGrant, user="src.granted_by_id")
    sink.history(Consultation, user="src.staff_id")


def rows_match(case_id: int) -> bool:
    """The stored rows of the case are exactly what `case_rows(case)` computes now."""
    case = Case.objects.get(pk=case_id)
    groups, personal = access.case_rows(case)
    group_fields = ("group_id", "permission_id", "basis", "source", "valid_from", "valid_until")
    group_fields += ("person_id",)
    user_fields = ("user_id", "agency_id", "permission_id", "basis", "source", "valid_from")
    user_fields += ("valid_until",)
    stored_groups = set(
        CaseGroupObjectPermission.objects.filter(content_object_id=case_id).values_list(
            *group_fields
        )
    )
    stored_personal = set(
        CaseUserObjectPermission.objects.filter(content_object_id=case_id).values_list(*user_fields)
    )
    computed_groups = {tuple(getattr(r, f) for f in group_fields) for r in groups}
    computed_personal = {tuple(getattr(r, f) for f in user_fields) for r in personal}
    return stored_groups == computed_groups and stored_personal == computed_personal


def open_cases_seen(username: str) -> int:
    user = User.objects.get(username=username)
    return access.visible_cases(user).exclude(status=Case.Status.CLOSED).count()
