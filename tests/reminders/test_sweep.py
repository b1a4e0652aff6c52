"""The sweep is idempotent: twice, concurrently, after a crash mid-way or after a day
without a run, each reminder exists exactly once."""

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from agencies.models import Agency
from reminders import rules, services
from reminders.models import Reminder
from tests.factories import record_consent
from tests.reminders.conftest import OPENED, case_opened_on, keys, on, reminders

Kind = Reminder.Kind
SIX_MONTHS = dt.date(2025, 7, 15)  # six months after OPENED


@pytest.fixture
def five_cases(people) -> list:
    return [case_opened_on(OPENED, worker=people.hub_worker, name=f"世帯{n}") for n in range(5)]


@pytest.fixture
def busy_case(people):
    """A case with something due under several rules at SIX_MONTHS."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(OPENED):
        record_consent(case=case, by=people.hub_worker, valid_from=OPENED, valid_until=SIX_MONTHS)
    return case


def test_sweeping_twice_creates_nothing_the_second_time(busy_case):
    first = services.sweep(today=SIX_MONTHS)
    before = keys()

    second = services.sweep(today=SIX_MONTHS)

    assert {kind: n for kind, n in first.created.items() if n} == {
        Kind.LONG_RUNNING: 1,
        Kind.NO_CONTACT: 1,
        Kind.CONSENT_EXPIRING: 1,
    }
    assert second.total == 0
    assert keys() == before
    assert reminders().count() == 3


def test_a_sweep_reads_a_rule_in_several_chunks(small_chunks, five_cases):
    result = services.sweep(today=SIX_MONTHS, kinds={Kind.LONG_RUNNING})

    assert result.chunks == 3
    assert result.created == {Kind.LONG_RUNNING: 5}
    assert keys(Kind.LONG_RUNNING) == {(f"case:{c.pk}", "p0") for c in five_cases}


def test_a_sweep_limited_to_some_kinds_creates_only_those(busy_case):
    services.sweep(today=SIX_MONTHS, kinds={Kind.NO_CONTACT})

    assert set(reminders().values_list("kind", flat=True)) == {Kind.NO_CONTACT}


@pytest.fixture
def crash_on_second_chunk(monkeypatch):
    """The worker dies while inserting the second chunk."""
    real = services._insert_missing
    calls = []

    def insert_then_die(due):
        calls.append(len(due))
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real(due)

    monkeypatch.setattr(services, "_insert_missing", insert_then_die)
    return calls


def test_a_sweep_that_crashes_mid_way_keeps_the_chunks_it_finished(
    small_chunks, five_cases, crash_on_second_chunk
):
    with pytest.raises(RuntimeError):
        services.sweep(today=SIX_MONTHS, kinds={Kind.LONG_RUNNING})

    assert keys(Kind.LONG_RUNNING) == {(f"case:{c.pk}", "p0") for c in five_cases[:2]}


def test_the_sweep_after_a_crash_completes_without_duplicates(
    small_chunks, five_cases, crash_on_second_chunk, monkeypatch
):
    with pytest.raises(RuntimeError):
        services.sweep(today=SIX_MONTHS, kinds={Kind.LONG_RUNNING})
    monkeypatch.undo()  # the worker is back

    result = services.sweep(today=SIX_MONTHS, kinds={Kind.LONG_RUNNING})

    assert result.created == {Kind.LONG_RUNNING: 3}
    assert reminders(Kind.LONG_RUNNING).count() == 5
    assert keys(Kind.LONG_RUNNING) == {(f"case:{c.pk}", "p0") for c in five_cases}


def test_a_day_without_a_sweep_is_caught_up_by_the_next_run(people):
    first = case_opened_on(OPENED, worker=people.hub_worker, name="一日目")
    second = case_opened_on(OPENED + dt.timedelta(days=1), worker=people.hub_worker, name="二日目")
    with on(SIX_MONTHS - dt.timedelta(days=1)):
        services.sweep(kinds={Kind.LONG_RUNNING})
    # 15 July: the broker was down, no sweep ran.

    with on(SIX_MONTHS + dt.timedelta(days=1)):
        result = services.sweep(kinds={Kind.LONG_RUNNING})

    assert result.created == {Kind.LONG_RUNNING: 2}
    assert keys(Kind.LONG_RUNNING) == {(f"case:{first.pk}", "p0"), (f"case:{second.pk}", "p0")}


def test_a_chunk_with_more_than_a_thousand_new_reminders_is_saved(people, monkeypatch):
    def many_overdue(today, lo, hi):
        for n in range(1200):
            yield rules.Due(
                Kind.ACTION_OVERDUE, f"action:{n}", "2025-07-01", people.hub.pk, "期限超過", today
            )

    monkeypatch.setattr(rules, "_RULES", [rules.Rule(Kind.ACTION_OVERDUE, Agency, many_overdue)])

    result = services.sweep(today=SIX_MONTHS)

    assert result.chunks == 1
    assert reminders(Kind.ACTION_OVERDUE).count() == 1200


def test_the_command_sweeps_and_reports_what_it_created(busy_case):
    out = StringIO()
    with on(SIX_MONTHS):
        call_command("run_reminder_sweep", stdout=out)

    assert reminders().count() == 3
    assert "created 3 reminders" in out.getvalue()


# --- concurrent sweeps (PostgreSQL: SQLite serialises writers) ---------------------------


def run_concurrently(target, n: int = 2) -> list:
    """Run `target` in n threads that start together; return their results."""
    barrier = threading.Barrier(n, timeout=30)
    results: list = [None] * n
    errors: list = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = target()
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def both_insert_at_once(monkeypatch):
    """Both sweeps have looked for existing reminders (and found none) before either
    inserts: the unique constraint alone has to settle it."""
    real = services._bulk_insert
    barrier = threading.Barrier(2, timeout=30)
    seen = threading.local()

    def insert_together(*args, **kwargs):
        if not getattr(seen, "waited", False):
            seen.waited = True
            barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_bulk_insert", insert_together)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_started_together_create_each_reminder_once(
    require_postgres, small_chunks, five_cases
):
    run_concurrently(lambda: services.sweep(today=SIX_MONTHS))

    assert reminders(Kind.LONG_RUNNING).count() == 5
    assert reminders(Kind.NO_CONTACT).count() == 5
    assert reminders().count() == len(keys())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_inserting_the_same_reminders_at_once_create_each_once(
    require_postgres, small_chunks, five_cases, both_insert_at_once
):
    run_concurrently(lambda: services.sweep(today=SIX_MONTHS, kinds={Kind.LONG_RUNNING}))

    assert reminders(Kind.LONG_RUNNING).count() == 5
    assert keys(Kind.LONG_RUNNING) == {(f"case:{c.pk}", "p0") for c in five_cases}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_inserting_at_once_report_each_reminder_once(
    require_postgres, small_chunks, five_cases, both_insert_at_once
):
    results = run_concurrently(lambda: services.sweep(today=SIX_MONTHS, kinds={Kind.LONG_RUNNING}))

    assert sum(r.created[Kind.LONG_RUNNING] for r in results) == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_inserting_at_once_record_each_creation_once_in_history(
    require_postgres, small_chunks, five_cases, both_insert_at_once
):
    run_concurrently(lambda: services.sweep(today=SIX_MONTHS, kinds={Kind.LONG_RUNNING}))

    assert Reminder.history.filter(history_type="+").count() == 5
