"""The demo's planned contacts (planning/demo.py): the demo workers' coming visits and calls
and one overdue plan, each their agency's alone."""

import datetime as dt

import pytest
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from agencies.models import User
from cases import access as case_access
from core.demo import demo_clock
from planning.access import planned_for, visible_planned
from planning.demo import MARKER_PURPOSE, PLANS, _working_day, load_planning
from planning.models import PlannedContact
from reminders import services as reminder_services
from reminders.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo plans (and the stories under them) once for the module, rolled back
    afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_planning()
        transaction.set_rollback(True)


def _plans() -> list[PlannedContact]:
    return list(PlannedContact.objects.select_related("case", "worker", "agency", "person"))


def test_the_demo_plans_contacts_for_several_demo_workers(demo):
    assert demo == len(PLANS)
    assert {p.worker.username for p in _plans()} == {
        "sogo-worker",
        "houkatsu-east-worker",
        "shakyo-csw",
        "aozora-worker",
    }


def test_every_demo_plan_is_open_and_all_but_one_lie_ahead(demo):
    today = timezone.localdate()
    plans = _plans()
    assert {p.status for p in plans} == {PlannedContact.Status.PLANNED}
    past = [p for p in plans if timezone.localtime(p.starts_at).date() < today]
    assert [p.worker.username for p in past] == ["sogo-worker"]


def test_the_demo_plans_fall_on_working_days(demo):
    assert all(timezone.localtime(p.starts_at).weekday() < 5 for p in _plans())


def test_a_demo_plan_belongs_to_the_agency_of_its_worker(demo):
    for planned in _plans():
        assert planned.worker.memberships.filter(agency=planned.agency, is_active=True).exists()


def test_the_demo_plans_are_written_by_their_worker_in_history(demo):
    for planned in _plans():
        record = planned.history.get()
        assert record.history_user == planned.worker
        assert record.history_change_reason == "contact planned"


def test_the_overdue_demo_plan_was_planned_on_its_own_day(demo):
    today = timezone.localdate()
    overdue = next(p for p in _plans() if timezone.localtime(p.starts_at).date() < today)
    assert timezone.localdate(overdue.created_at) == timezone.localtime(overdue.starts_at).date()


def test_each_demo_plan_is_seen_by_its_worker(demo):
    for planned in _plans():
        assert visible_planned(planned.worker).filter(pk=planned.pk).exists()


def test_a_worker_of_another_agency_who_reads_the_case_does_not_see_the_demo_plan(demo):
    """佐々木世帯's team includes the 東部地域包括: its worker reads the case, not the hub's
    plan."""
    planned = PlannedContact.objects.get(purpose=MARKER_PURPOSE)
    other = User.objects.get(username="houkatsu-east-worker")
    assert case_access.visible_cases(other).filter(pk=planned.case_id).exists()
    assert not visible_planned(other).filter(pk=planned.pk).exists()
    with pytest.raises(Http404):
        planned_for(other, planned.pk)


def test_another_agencys_worker_gets_404_for_the_demo_plan_page(client, demo):
    planned = PlannedContact.objects.get(purpose=MARKER_PURPOSE)
    client.force_login(User.objects.get(username="houkatsu-east-worker"))
    response = client.get(reverse("planning:edit", args=[planned.pk]))
    assert response.status_code == 404


def test_the_sweep_reminds_the_worker_of_the_overdue_demo_plan(demo):
    reminder_services.sweep()
    reminders = Reminder.objects.filter(kind=Reminder.Kind.PLANNED_OVERDUE)
    assert [r.user.username for r in reminders] == ["sogo-worker"]


def test_the_overdue_demo_plan_is_first_on_the_workers_home_page(client, demo):
    worker = User.objects.get(username="sogo-worker")
    client.force_login(worker)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "愛美さんのB型事業所への通所の様子を父に聞く" in text
    assert text.index("愛美さんのB型事業所") < text.index(MARKER_PURPOSE)


def test_loading_the_demo_plans_twice_creates_nothing_more(demo):
    assert load_planning() == 0
    assert PlannedContact.objects.count() == len(PLANS)


def test_a_working_day_after_a_friday_is_the_next_monday():
    friday = timezone.make_aware(dt.datetime(2026, 12, 4, 9))
    with demo_clock(friday):
        assert _working_day(1) == dt.date(2026, 12, 7)
        assert _working_day(-1) == dt.date(2026, 12, 3)


def test_a_working_day_skips_a_public_holiday():
    # 2026-11-23 (Monday) is 勤労感謝の日.
    friday = timezone.make_aware(dt.datetime(2026, 11, 20, 9))
    with demo_clock(friday):
        assert _working_day(1) == dt.date(2026, 11, 24)
