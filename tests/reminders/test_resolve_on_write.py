"""A write that ends a reminder's condition resolves it once its transaction commits, not
at the next morning's sweep: a closure, a change of lead, a contact, a new plan, a renewed
consent, an action done. A resolved reminder leaves the worker's list and the case's open
list, and the case's reminder history says when and why."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.services.plans import ActionData
from reminders import selectors, services
from reminders.models import Reminder
from tests.factories import close_case, log_contact, record_consent
from tests.reminders.conftest import OPENED, at, case_opened_on, on, reminders, wrong_counts

Kind = Reminder.Kind
Status = Reminder.Status
QUIET = OPENED + dt.timedelta(days=30)


@pytest.fixture
def quiet_case(people):
    """A case without contact for 30 days: its no-contact reminder is open."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    services.sweep(today=QUIET, kinds={Kind.NO_CONTACT})
    assert reminders(Kind.NO_CONTACT).get().status == Status.OPEN
    return case


def no_contact():
    return reminders(Kind.NO_CONTACT).get()


def test_closing_a_case_resolves_its_no_contact_reminder_at_once(
    people, quiet_case, django_capture_on_commit_callbacks
):
    with on(QUIET), django_capture_on_commit_callbacks(execute=True):
        close_case(case=quiet_case, worker=people.hub_worker, supervisor=people.hub_supervisor)

    reminder = no_contact()
    assert (reminder.status, reminder.resolution) == (Status.RESOLVED, Reminder.Resolution.CLOSED)


def test_a_closed_cases_resolved_reminder_says_the_case_was_closed(
    people, quiet_case, django_capture_on_commit_callbacks
):
    with on(QUIET), django_capture_on_commit_callbacks(execute=True):
        close_case(case=quiet_case, worker=people.hub_worker, supervisor=people.hub_supervisor)

    latest = no_contact().history.order_by("-history_id").first()
    assert latest.history_change_reason == str(services.CLOSED_NOW)
    assert no_contact().resolution_text == str(_("the case was closed"))


def test_closing_a_case_recounts_its_open_reminders(
    people, quiet_case, django_capture_on_commit_callbacks
):
    with on(QUIET), django_capture_on_commit_callbacks(execute=True):
        close_case(case=quiet_case, worker=people.hub_worker, supervisor=people.hub_supervisor)

    quiet_case.refresh_from_db()
    assert (quiet_case.open_reminders, wrong_counts()) == (0, {})


def test_a_resolved_reminder_leaves_the_workers_list(
    people, quiet_case, django_capture_on_commit_callbacks
):
    with on(QUIET), django_capture_on_commit_callbacks(execute=True):
        close_case(case=quiet_case, worker=people.hub_worker, supervisor=people.hub_supervisor)

    assert not selectors.open_for(people.hub_worker).exists()


def test_a_resolved_reminder_leaves_the_cases_open_list_for_its_history(
    people, quiet_case, django_capture_on_commit_callbacks
):
    with on(QUIET), django_capture_on_commit_callbacks(execute=True):
        close_case(case=quiet_case, worker=people.hub_worker, supervisor=people.hub_supervisor)

    assert selectors.for_case(people.hub_worker, quiet_case) == []
    assert selectors.history_for_case(people.hub_worker, quiet_case) == [no_contact()]


def test_a_contact_resolves_the_no_contact_reminder_at_once(
    people, quiet_case, django_capture_on_commit_callbacks
):
    day = QUIET + dt.timedelta(days=1)
    with on(day), django_capture_on_commit_callbacks(execute=True):
        log_contact(case=quiet_case, by=people.hub_worker, occurred_at=at(day))

    reminder = no_contact()
    assert (reminder.status, reminder.resolution) == (Status.RESOLVED, Reminder.Resolution.ENDED)
    latest = reminder.history.order_by("-history_id").first()
    assert latest.history_change_reason == str(services.RESOLVED_NOW)


def test_a_rolled_back_contact_resolves_nothing(
    people, quiet_case, django_capture_on_commit_callbacks
):
    day = QUIET + dt.timedelta(days=1)
    with (
        on(day),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        log_contact(case=quiet_case, by=people.hub_worker, occurred_at=at(day))
        raise RuntimeError("the request failed")

    assert no_contact().status == Status.OPEN


def test_a_write_that_leaves_the_condition_resolves_nothing(
    people, quiet_case, django_capture_on_commit_callbacks
):
    """A team member joining changes nothing of "no contact"."""
    with on(QUIET), django_capture_on_commit_callbacks(execute=True):
        case_services.team_add(
            actor=people.hub_worker, case=quiet_case, agency=people.other, role="介護"
        )

    assert no_contact().status == Status.OPEN


def test_a_change_of_lead_resolves_the_hub_still_lead_reminder_at_once(
    people, django_capture_on_commit_callbacks
):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    handover = OPENED + dt.timedelta(days=10)
    with on(handover):
        case_services.lead_change(
            actor=people.hub_worker, case=case, agency=people.other, reason="介護が中心"
        )
    with on(handover + dt.timedelta(days=5)):
        case_services.lead_change(
            actor=people.other_worker, case=case, agency=people.hub, reason="受入困難"
        )
    services.sweep(today=handover + dt.timedelta(days=90), kinds={Kind.HUB_LINGERING})

    with on(handover + dt.timedelta(days=91)), django_capture_on_commit_callbacks(execute=True):
        case_services.lead_change(
            actor=people.hub_worker, case=case, agency=people.other, reason="再調整"
        )

    assert reminders(Kind.HUB_LINGERING).get().status == Status.RESOLVED


REVIEW_ON = dt.date(2025, 4, 30)


@pytest.fixture
def overdue_plan(people):
    """A plan past its review date, with an action due on that date: both remind."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(dt.date(2025, 1, 31)):
        plan = case_services.plan_create(
            actor=people.hub_worker,
            case=case,
            goals="母の介護サービス利用",
            review_on=REVIEW_ON,
            actions=[ActionData("介護認定の申請に同行する", people.hub, REVIEW_ON)],
        )
    services.sweep(
        today=REVIEW_ON + dt.timedelta(days=1), kinds={Kind.PLAN_REVIEW, Kind.PLAN_ACTION}
    )
    assert reminders().filter(status=Status.OPEN).count() == 2
    return plan


def review(people, plan, django_capture_on_commit_callbacks) -> None:
    with on(REVIEW_ON + dt.timedelta(days=2)), django_capture_on_commit_callbacks(execute=True):
        case_services.plan_create(
            actor=people.hub_worker,
            case=plan.case,
            goals="就労準備",
            review_on=dt.date(2025, 10, 31),
            actions=[],
        )


def test_a_new_plan_resolves_the_plan_review_reminder_at_once(
    people, overdue_plan, django_capture_on_commit_callbacks
):
    review(people, overdue_plan, django_capture_on_commit_callbacks)

    assert reminders(Kind.PLAN_REVIEW).get().status == Status.RESOLVED


def test_a_new_plan_resolves_the_old_plans_action_reminder(
    people, overdue_plan, django_capture_on_commit_callbacks
):
    review(people, overdue_plan, django_capture_on_commit_callbacks)

    assert reminders(Kind.PLAN_ACTION).get().status == Status.RESOLVED


def test_an_action_done_resolves_its_reminder_at_once(
    people, overdue_plan, django_capture_on_commit_callbacks
):
    with on(REVIEW_ON + dt.timedelta(days=2)), django_capture_on_commit_callbacks(execute=True):
        case_services.plan_action_set_status(
            actor=people.hub_worker, action=overdue_plan.actions.get(), status="done"
        )

    assert reminders(Kind.PLAN_ACTION).get().status == Status.RESOLVED
    assert reminders(Kind.PLAN_REVIEW).get().status == Status.OPEN


def test_an_action_done_resolves_its_reminder_at_the_sweep(people, overdue_plan):
    with on(REVIEW_ON + dt.timedelta(days=2)):
        case_services.plan_action_set_status(
            actor=people.hub_worker, action=overdue_plan.actions.get(), status="done"
        )

    result = services.sweep(today=REVIEW_ON + dt.timedelta(days=3), kinds={Kind.PLAN_ACTION})

    assert result.resolved == {Kind.PLAN_ACTION: 1}


UNTIL = dt.date(2025, 12, 31)


@pytest.fixture
def expiring(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    with on(OPENED):
        consent = record_consent(
            case=case, by=people.hub_worker, valid_from=OPENED, valid_until=UNTIL
        )
    services.sweep(today=UNTIL - dt.timedelta(days=30), kinds={Kind.CONSENT_EXPIRING})
    return consent


def test_a_renewed_consent_resolves_the_expiring_reminder_at_once(
    people, expiring, django_capture_on_commit_callbacks
):
    day = UNTIL - dt.timedelta(days=20)
    with on(day), django_capture_on_commit_callbacks(execute=True):
        record_consent(
            case=expiring.case,
            by=people.hub_worker,
            valid_from=day,
            valid_until=UNTIL + dt.timedelta(days=365),
        )

    assert reminders(Kind.CONSENT_EXPIRING).get().status == Status.RESOLVED


def test_the_expired_reminder_supersedes_the_expiring_one(expiring):
    services.sweep(today=UNTIL + dt.timedelta(days=1), kinds={Kind.CONSENT_EXPIRING})

    statuses = dict(reminders(Kind.CONSENT_EXPIRING).values_list("period", "status"))
    assert statuses == {"expiring": Status.RESOLVED, "expired": Status.OPEN}


def test_resolving_many_reminders_of_a_case_takes_a_bounded_number_of_queries(
    people, overdue_plan, django_assert_max_num_queries
):
    """Two UPDATEs (closed, ended), each with its history INSERT and recount (and the
    lock on PostgreSQL), whatever the number of reminders and rules."""
    case_services.plan_action_set_status(
        actor=people.hub_worker, action=overdue_plan.actions.get(), status="done"
    )

    with on(REVIEW_ON + dt.timedelta(days=2)), django_assert_max_num_queries(10):
        services.resolve_for_cases([overdue_plan.case_id])

    assert reminders(Kind.PLAN_ACTION).get().status == Status.RESOLVED


def test_a_case_with_nothing_to_resolve_costs_two_statements(
    people, overdue_plan, django_assert_max_num_queries
):
    with on(REVIEW_ON + dt.timedelta(days=1)), django_assert_max_num_queries(4):
        assert services.resolve_for_cases([overdue_plan.case_id]) == 0
