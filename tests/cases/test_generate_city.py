"""`manage.py generate_city --preset small`: the benchmark city, built once for this module
(inside a transaction rolled back at the end) on whichever database the suite runs on, so
CI exercises the COPY path on PostgreSQL and the fallback on SQLite."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Max, Q

from agencies.models import Agency, Area, Membership, User
from cases.city import generate as city
from cases.management.commands.generate_city import NOT_EMPTY, Command
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    Consent,
    Consultation,
    Household,
    LeadAssignment,
    Person,
    Referral,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SMALL = city.PRESETS["small"]


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        command = Command(stdout=StringIO())
        call_command(command, preset="small", seed=7)
        yield command.report
        transaction.set_rollback(True)


def test_the_small_preset_creates_one_household_per_case(generated):
    assert Case.objects.count() == SMALL.cases
    assert Household.objects.count() == SMALL.cases
    assert not Household.objects.annotate(n=Count("cases")).exclude(n=1).exists()


def test_the_small_preset_creates_the_agencies_staff_and_areas_it_was_asked_for(generated):
    assert Agency.objects.count() == SMALL.agencies
    assert Agency.objects.filter(is_hub=True).get().name.endswith("福祉総合相談課")
    assert User.objects.exclude(username__startswith="bench-").count() == SMALL.staff
    assert Area.objects.filter(level=Area.Level.JUNIOR_HIGH).count() == SMALL.junior_high
    assert Area.objects.filter(parent__isnull=True).count() == SMALL.junior_high


def test_households_have_one_to_four_members_with_kana_and_birth_dates(generated):
    sizes = set(Household.objects.annotate(n=Count("memberships")).values_list("n", flat=True))
    assert sizes == {1, 2, 3, 4}
    assert not Person.objects.filter(Q(family_name_kana="") | Q(birth_date__isnull=True)).exists()


def test_the_report_counts_what_is_in_the_tables(generated):
    assert generated.counts["cases_case"] == Case.objects.count()
    assert generated.counts["cases_consultation"] == Consultation.objects.count()
    assert generated.counts["cases_casegroupobjectpermission"] == (
        CaseGroupObjectPermission.objects.count()
    )


def test_about_ten_consultations_per_case_plus_the_detail_case(generated):
    per_case = (Consultation.objects.count() - city.DETAIL_CONSULTATIONS) / (SMALL.cases - 1)
    assert 8 <= per_case <= 12


def test_the_detail_case_has_two_thousand_consultations(generated):
    detail = Case.objects.get(pk=generated.detail_case_id)
    assert detail.consultations.count() == city.DETAIL_CONSULTATIONS
    assert detail.is_open


def test_the_sampled_cases_have_exactly_the_rows_case_rows_computes(generated):
    assert generated.checked >= 200
    assert generated.mismatches == 0


def test_cases_outside_the_sample_match_case_rows_too(generated):
    cases = Case.objects.order_by("-pk").values_list("pk", flat=True)[:25]
    assert all(city.rows_match(pk) for pk in cases)


def test_the_hub_worker_sees_the_open_cases_the_plan_gave_the_hub(generated):
    seen = city.open_cases_seen(city.BENCH_HUB_WORKER)
    assert seen == generated.planned_open_visible[city.BENCH_HUB_WORKER]
    assert seen > SMALL.cases // 10


def test_the_hub_supervisor_sees_what_the_hub_worker_sees(generated):
    assert city.open_cases_seen(city.BENCH_HUB_SUPERVISOR) == city.open_cases_seen(
        city.BENCH_HUB_WORKER
    )


def test_the_small_agency_worker_sees_about_a_hundred_cases_far_fewer_than_the_hub(generated):
    seen = city.open_cases_seen(city.BENCH_SMALL_WORKER)
    assert seen == generated.planned_open_visible[city.BENCH_SMALL_WORKER]
    assert 0 < seen < city.open_cases_seen(city.BENCH_HUB_WORKER)
    assert abs(seen - city.SMALL_AGENCY_CASES) < 60


def test_the_bench_users_log_in_with_the_documented_password(generated):
    for username, role in (
        (city.BENCH_HUB_WORKER, Membership.Role.CASEWORKER),
        (city.BENCH_HUB_SUPERVISOR, Membership.Role.SUPERVISOR),
        (city.BENCH_SMALL_WORKER, Membership.Role.CASEWORKER),
    ):
        user = User.objects.get(username=username)
        assert user.check_password(city.BENCH_PASSWORD)
        assert user.memberships.get().role == role


def test_generated_staff_cannot_log_in(generated):
    assert not User.objects.get(username="ohira-000-001").has_usable_password()


def test_every_case_has_a_creation_history_row_attributed_to_its_worker(generated):
    history = Case.history.model.objects
    assert history.count() == Case.objects.count()
    assert set(history.values_list("history_type", flat=True)) == {"+"}
    assert not history.exclude(history_user_id=F("worker_id")).exists()
    assert history.filter(history_change_reason=city.HISTORY_REASON).count() == SMALL.cases


def test_consultations_and_consents_have_history_rows(generated):
    assert Consultation.history.count() == Consultation.objects.count()
    assert Consent.history.count() == Consent.objects.count()
    consent = Consent.objects.first()
    recorded = {row.agency_id for row in consent.history.get().agencies.all()}
    assert recorded == {a.pk for a in consent.agencies.all()}


def test_the_derived_list_columns_agree_with_the_records(generated):
    last = Case.objects.annotate(last=Max("consultations__occurred_at"))
    assert not last.exclude(last_contact_at=F("last")).exists()
    leads = LeadAssignment.objects.filter(ended_on__isnull=True)
    assert leads.count() == Case.objects.count()
    assert not leads.exclude(agency_id=F("case__lead_agency_id")).exists()
    assert not Case.objects.exclude(open_reminders=0).exists()


def test_the_city_has_closed_cases_and_consents_withdrawn_and_not_for_sharing(generated):
    assert 0 < Case.objects.filter(status=Case.Status.CLOSED).count() < SMALL.cases // 2
    assert Consent.objects.filter(withdrawn_at__isnull=False).exists()
    sharing = [c for c in Consent.objects.values_list("purposes", flat=True) if "sharing" in c]
    assert 0 < len(sharing) < Consent.objects.count()


def test_some_referrals_wait_for_an_answer(generated):
    assert Referral.objects.filter(status=Referral.Status.SENT).exists()


def test_a_few_consultations_are_agency_internal(generated):
    internal = Consultation.objects.filter(is_internal=True).count()
    assert 0 < internal < Consultation.objects.count() // 10


def test_new_records_after_the_load_get_fresh_ids(generated):
    newest = Area.objects.order_by("-pk").first()
    area = Area.objects.create(name="新しい区", level=Area.Level.JUNIOR_HIGH)
    assert area.pk > newest.pk


def test_a_second_run_refuses_a_database_that_has_cases(generated):
    with pytest.raises(CommandError, match=re.escape(str(NOT_EMPTY))):
        call_command("generate_city", preset="small", stdout=StringIO())
