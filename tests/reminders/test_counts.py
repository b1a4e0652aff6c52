"""Case.open_reminders is the number of the case's open reminders (snoozed and done ones do
not count) after a sweep, an acknowledgement, a snooze, a wake-up and a resolution; and
after any sequence of them (a property). The reminders app recounts it on demand."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case
from reminders import services
from reminders.models import Reminder
from tests.factories import log_contact
from tests.reminders.conftest import OPENED, at, case_opened_on, on, wrong_counts

SIX_MONTHS = dt.date(2025, 7, 15)


def count_of(case: Case) -> int:
    return Case.objects.values_list("open_reminders", flat=True).get(pk=case.pk)


@pytest.fixture
def swept_case(people) -> Case:
    """Six months open and quiet: long-running and no-contact reminders, both open."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    services.sweep(today=SIX_MONTHS)
    return case


def a_reminder_of(case: Case) -> Reminder:
    return case.reminders.filter(status=Reminder.Status.OPEN).order_by("pk").first()


def test_the_sweep_counts_the_open_reminders_it_created(swept_case):
    assert count_of(swept_case) == 2


def test_acknowledging_a_reminder_takes_it_off_the_count(people, swept_case):
    services.acknowledge(actor=people.hub_worker, reminder=a_reminder_of(swept_case))

    assert count_of(swept_case) == 1


def test_snoozing_a_reminder_takes_it_off_the_count(people, swept_case):
    until = timezone.localdate() + dt.timedelta(days=7)

    services.snooze(
        actor=people.hub_worker, reminder=a_reminder_of(swept_case), until=until, reason="入院中"
    )

    assert count_of(swept_case) == 1


def test_a_snoozed_reminder_that_wakes_counts_again(people, swept_case):
    until = timezone.localdate() + dt.timedelta(days=7)
    services.snooze(
        actor=people.hub_worker, reminder=a_reminder_of(swept_case), until=until, reason="入院中"
    )

    services.wake_snoozed(today=until)

    assert count_of(swept_case) == 2


def test_a_resolved_reminder_is_taken_off_the_count(people, swept_case):
    day = SIX_MONTHS + dt.timedelta(days=1)
    with on(day):
        log_contact(case=swept_case, by=people.hub_worker, occurred_at=at(day))

    services.sweep(today=day + dt.timedelta(days=1))

    assert count_of(swept_case) == 1  # the long-running one


def test_the_recount_command_repairs_a_wrong_count(swept_case):
    Case.objects.filter(pk=swept_case.pk).update(open_reminders=7)
    out = StringIO()

    call_command("rebuild_reminder_counts", stdout=out)

    assert count_of(swept_case) == 2
    assert not wrong_counts()


def test_the_cases_app_never_imports_reminders():
    """rebuild_case_columns leaves open_reminders to rebuild_reminder_counts."""
    sources = Path(__file__).resolve().parents[2].joinpath("cases").rglob("*.py")

    importing = [
        str(path)
        for path in sources
        if "import reminders" in (text := path.read_text()) or "from reminders" in text
    ]

    assert importing == []


# --- the property ------------------------------------------------------------------------

DAYS = st.integers(min_value=0, max_value=400)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("sweep"), DAYS),
        st.tuples(st.just("acknowledge"), st.integers(0, 5)),
        st.tuples(st.just("snooze"), st.integers(0, 5)),
        st.tuples(st.just("wake"), st.integers(1, 30)),
        st.tuples(st.just("contact"), st.integers(0, 1), DAYS),
    ),
    max_size=8,
)


def step(people, cases: list[Case], action: tuple) -> None:
    name, *args = action
    open_reminders = list(Reminder.objects.filter(status=Reminder.Status.OPEN).order_by("pk"))
    if name == "sweep":
        services.sweep(today=OPENED + dt.timedelta(days=args[0]))
    elif name in {"acknowledge", "snooze"} and open_reminders:
        reminder = open_reminders[args[0] % len(open_reminders)]
        if name == "acknowledge":
            services.acknowledge(actor=people.hub_worker, reminder=reminder)
        else:
            until = timezone.localdate() + dt.timedelta(days=3)
            services.snooze(actor=people.hub_worker, reminder=reminder, until=until, reason="待機")
    elif name == "wake":
        services.wake_snoozed(today=timezone.localdate() + dt.timedelta(days=args[0]))
    elif name == "contact":
        day = OPENED + dt.timedelta(days=args[1])
        with on(day):
            log_contact(case=cases[args[0]], by=people.hub_worker, occurred_at=at(day))


@pytest.fixture
def two_cases(people) -> list[Case]:
    return [case_opened_on(OPENED, worker=people.hub_worker, name=n) for n in ("甲", "乙")]


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_open_reminders_is_the_count_after_any_sequence_of_actions(people, two_cases, steps):
    with transaction.atomic():  # each example starts from the same two cases
        for action in steps:
            step(people, two_cases, action)
            assert wrong_counts() == {}, action
        transaction.set_rollback(True)
