"""The sweep resolves the open reminders whose condition has ended (one UPDATE per rule,
and one for closed cases), exactly those, with a history row that says why; and it stays
set-based: the same handful of queries for one case as for many."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services as case_services
from reminders import services
from reminders.models import CaseReview, Reminder
from tests.factories import close_case, log_contact
from tests.reminders.conftest import OPENED, at, case_opened_on, keys, on, open_keys, reminders

Kind = Reminder.Kind
SIX_MONTHS = dt.date(2025, 7, 15)
QUIET = OPENED + dt.timedelta(days=30)  # the no-contact reminder is due


@pytest.fixture
def two_quiet_cases(people) -> list:
    """Two cases without contact for 30 days, each with its no-contact reminder."""
    cases = [case_opened_on(OPENED, worker=people.hub_worker, name=n) for n in ("甲", "乙")]
    services.sweep(today=QUIET, kinds={Kind.NO_CONTACT})
    return cases


def contact(people, case, day: dt.date) -> None:
    contact_by(people.hub_worker, case, day)


def contact_by(worker, case, day: dt.date) -> None:
    with on(day):
        log_contact(case=case, by=worker, occurred_at=at(day))


def test_a_contact_resolves_the_no_contact_reminder_of_that_case(people, two_quiet_cases):
    first, _ = two_quiet_cases
    contact(people, first, QUIET + dt.timedelta(days=1))

    result = services.sweep(today=QUIET + dt.timedelta(days=2), kinds={Kind.NO_CONTACT})

    assert result.resolved == {Kind.NO_CONTACT: 1}
    reminder = reminders(Kind.NO_CONTACT).get(case=first)
    assert (reminder.status, reminder.resolution, reminder.acknowledged_by) == (
        Reminder.Status.RESOLVED,
        Reminder.Resolution.ENDED,
        None,
    )
    assert reminder.resolved_at is not None


def test_a_contact_leaves_the_other_cases_no_contact_reminder_open(people, two_quiet_cases):
    first, second = two_quiet_cases
    contact(people, first, QUIET + dt.timedelta(days=1))

    services.sweep(today=QUIET + dt.timedelta(days=2), kinds={Kind.NO_CONTACT})

    assert open_keys(Kind.NO_CONTACT) == {(f"case:{second.pk}", "since:2025-01-15")}


def test_a_resolved_reminder_says_why_in_its_history(people, two_quiet_cases):
    first, _ = two_quiet_cases
    contact(people, first, QUIET + dt.timedelta(days=1))

    services.sweep(today=QUIET + dt.timedelta(days=2), kinds={Kind.NO_CONTACT})

    latest = reminders(Kind.NO_CONTACT).get(case=first).history.latest()
    assert (latest.history_type, latest.history_change_reason) == (
        "~",
        str(services.NO_LONGER_DUE),
    )


def test_a_second_sweep_resolves_nothing(people, two_quiet_cases):
    first, _ = two_quiet_cases
    contact(people, first, QUIET + dt.timedelta(days=1))
    services.sweep(today=QUIET + dt.timedelta(days=2), kinds={Kind.NO_CONTACT})

    again = services.sweep(today=QUIET + dt.timedelta(days=2), kinds={Kind.NO_CONTACT})

    assert (again.resolved, again.closed, again.total) == ({Kind.NO_CONTACT: 0}, 0, 0)


def test_closing_a_case_resolves_its_open_reminders(people, two_quiet_cases):
    first, _ = two_quiet_cases
    close_case(case=first, worker=people.hub_worker, supervisor=people.hub_supervisor)

    result = services.sweep(today=QUIET + dt.timedelta(days=1), kinds={Kind.NO_CONTACT})

    assert result.closed == 1
    latest = reminders(Kind.NO_CONTACT).get(case=first).history.latest()
    assert latest.history_change_reason == str(services.CASE_CLOSED)


HANDOVER = OPENED + dt.timedelta(days=10)


@pytest.fixture
def hub_took_back(people):
    """A case the hub handed over and took back: its hub-still-lead reminder is open."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(HANDOVER):
        case_services.lead_change(
            actor=people.hub_worker, case=case, agency=people.other, reason="介護が中心"
        )
    with on(HANDOVER + dt.timedelta(days=5)):
        case_services.lead_change(
            actor=people.other_worker, case=case, agency=people.hub, reason="受入困難"
        )
    services.sweep(today=HANDOVER + dt.timedelta(days=90), kinds={Kind.HUB_LINGERING})
    assert open_keys(Kind.HUB_LINGERING)
    return case


def test_the_lead_really_changing_resolves_the_hub_still_lead_reminder(people, hub_took_back):
    """A new handover is a new period: the old reminder ends, and the new lead records the
    contacts, so no new one is due."""
    later = HANDOVER + dt.timedelta(days=91)
    with on(later):
        case_services.lead_change(
            actor=people.hub_worker, case=hub_took_back, agency=people.other, reason="再調整"
        )
    contact_by(people.other_worker, hub_took_back, later)

    result = services.sweep(today=later + dt.timedelta(days=1), kinds={Kind.HUB_LINGERING})

    assert result.resolved == {Kind.HUB_LINGERING: 1}
    assert not open_keys(Kind.HUB_LINGERING)


def test_the_new_lead_taking_over_the_contacts_resolves_the_hub_still_lead_reminder(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(HANDOVER):
        case_services.lead_change(
            actor=people.hub_worker, case=case, agency=people.other, reason="介護が中心"
        )
    contact_by(people.hub_worker, case, HANDOVER + dt.timedelta(days=30))
    services.sweep(today=HANDOVER + dt.timedelta(days=90), kinds={Kind.HUB_LINGERING})
    assert open_keys(Kind.HUB_LINGERING)
    contact_by(people.other_worker, case, HANDOVER + dt.timedelta(days=91))

    result = services.sweep(today=HANDOVER + dt.timedelta(days=92), kinds={Kind.HUB_LINGERING})

    assert result.resolved == {Kind.HUB_LINGERING: 1}


def test_an_answer_resolves_the_referral_reminder(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    sent = dt.date(2025, 3, 2)
    with on(sent):
        referral = case_services.referral_send(
            actor=people.hub_worker,
            case=case,
            to_agency=people.other,
            reason="介護保険の申請支援",
            summary="母の介護認定申請が必要。",
        )
    services.sweep(today=sent + dt.timedelta(days=7), kinds={Kind.REFERRAL_UNANSWERED})
    with on(sent + dt.timedelta(days=8)):
        case_services.referral_accept(actor=people.other_worker, referral=referral)

    result = services.sweep(today=sent + dt.timedelta(days=9), kinds={Kind.REFERRAL_UNANSWERED})

    assert result.resolved == {Kind.REFERRAL_UNANSWERED: 1}


def test_the_next_long_running_period_resolves_the_previous_one(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    services.sweep(today=SIX_MONTHS, kinds={Kind.LONG_RUNNING})

    services.sweep(today=dt.date(2025, 10, 15), kinds={Kind.LONG_RUNNING})

    assert open_keys(Kind.LONG_RUNNING) == {(f"case:{case.pk}", "p1")}
    assert keys(Kind.LONG_RUNNING) == {(f"case:{case.pk}", "p0"), (f"case:{case.pk}", "p1")}


def test_a_reminder_snoozed_by_a_supervisors_review_is_not_resolved(people):
    """Continuing until a date holds the long-running rule back; the snoozed reminder
    waits for its date instead of being resolved."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    services.sweep(today=SIX_MONTHS, kinds={Kind.LONG_RUNNING})
    services.review_record(
        actor=people.hub_supervisor,
        case=case,
        decision=CaseReview.Decision.CONTINUE,
        goals_still_valid=True,
        lead_is_right=True,
        closure_possible=False,
        continue_until=dt.date.today() + dt.timedelta(days=90),
    )

    services.sweep(kinds={Kind.LONG_RUNNING})

    assert reminders(Kind.LONG_RUNNING).get().status == Reminder.Status.SNOOZED


def test_each_created_reminder_has_one_history_row_from_the_sweep(people, two_quiet_cases):
    rows = Reminder.history.filter(history_type="+")

    assert sorted(rows.values_list("case_id", flat=True)) == sorted(c.pk for c in two_quiet_cases)
    assert set(rows.values_list("history_change_reason", flat=True)) == {str(services.SWEPT)}


# --- set-based: the number of queries does not grow with the number of cases -------------


def sweep_queries(day: dt.date) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.sweep(today=day)
    return len(queries)


def test_sweeping_many_cases_takes_no_more_queries_than_sweeping_one(people):
    case_opened_on(OPENED, worker=people.hub_worker, name="一")
    one = sweep_queries(SIX_MONTHS)
    for n in range(6):
        case_opened_on(OPENED + dt.timedelta(days=1), worker=people.hub_worker, name=f"多{n}")

    many = sweep_queries(SIX_MONTHS + dt.timedelta(days=1))

    assert many <= one


def test_the_sweep_issues_a_bounded_number_of_queries(people, django_assert_max_num_queries):
    """Per rule: its bounds; per chunk: the INSERT … SELECT and, if it inserted, the history
    INSERT, the lock and the recount of the cases (and the chunk's savepoint); the resolving
    UPDATE (and its history and recount); one UPDATE for closed cases. Whatever the number of
    cases in a chunk."""
    for n in range(8):
        case_opened_on(OPENED, worker=people.hub_worker, name=f"世帯{n}")

    with django_assert_max_num_queries(70):
        services.sweep(today=SIX_MONTHS)

    assert reminders().count() == 16  # long-running and no contact, for each case
