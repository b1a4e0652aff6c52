"""What workers do with a reminder (acknowledge, snooze), when it comes back or goes to the
supervisor, and the daily e-mail digest."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from reminders import access, selectors, services, tasks
from reminders.models import DigestSent, Reminder
from tests.factories import StaffFactory
from tests.reminders.conftest import OPENED, case_opened_on, on, reminders

SIX_MONTHS = dt.date(2025, 7, 15)


def long_running_reminder(worker) -> Reminder:
    """The six-month reminder of a case `worker` took in, created on 15 July 2025 at 10:00."""
    case_opened_on(OPENED, worker=worker)
    with on(SIX_MONTHS):
        services.sweep(kinds={Reminder.Kind.LONG_RUNNING})
    return reminders(Reminder.Kind.LONG_RUNNING).get(user=worker)


@pytest.fixture
def reminder(people) -> Reminder:
    return long_running_reminder(people.hub_worker)


def in_a_week() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=7)


# --- acknowledge -------------------------------------------------------------------------


def test_the_worker_acknowledges_a_reminder(people, reminder):
    services.acknowledge(actor=people.hub_worker, reminder=reminder)

    reminder.refresh_from_db()
    assert (reminder.status, reminder.acknowledged_by) == (Reminder.Status.DONE, people.hub_worker)
    assert not selectors.open_for(people.hub_worker).exists()


def test_another_agency_may_not_acknowledge_a_reminder(people, reminder):
    with pytest.raises(PermissionDenied, match=str(access.NOT_YOURS)):
        services.acknowledge(actor=people.other_worker, reminder=reminder)

    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.OPEN


def test_the_page_hides_another_agencys_reminder_as_missing(client, people, reminder):
    client.force_login(people.other_worker)

    response = client.post(reverse("reminders:acknowledge", args=[reminder.pk]))

    assert response.status_code == 404
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.OPEN


def test_the_worker_acknowledges_a_reminder_from_the_page(client, people, reminder):
    client.force_login(people.hub_worker)

    response = client.post(reverse("reminders:acknowledge", args=[reminder.pk]))

    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.DONE


def test_the_reminders_page_lists_the_workers_open_reminders(client, people, reminder):
    client.force_login(people.hub_worker)

    response = client.get(reverse("reminders:list"))

    assert response.status_code == 200
    assert reverse("cases:detail", args=[reminder.case_id]) in response.content.decode()


# --- snooze ------------------------------------------------------------------------------


def test_the_worker_snoozes_a_reminder_until_a_date_with_a_reason(people, reminder):
    services.snooze(actor=people.hub_worker, reminder=reminder, until=in_a_week(), reason="入院中")

    reminder.refresh_from_db()
    assert (reminder.status, reminder.snoozed_until, reminder.snooze_reason) == (
        Reminder.Status.SNOOZED,
        in_a_week(),
        "入院中",
    )
    assert not selectors.open_for(people.hub_worker).exists()


def test_snoozing_needs_a_reason(people, reminder):
    with pytest.raises(ValidationError) as error:
        services.snooze(actor=people.hub_worker, reminder=reminder, until=in_a_week(), reason=" ")

    assert error.value.message_dict == {"reason": [str(services.SNOOZE_REASON)]}


def test_snoozing_needs_a_future_date(people, reminder):
    with pytest.raises(ValidationError) as error:
        services.snooze(
            actor=people.hub_worker, reminder=reminder, until=timezone.localdate(), reason="入院中"
        )

    assert error.value.message_dict == {"until": [str(services.SNOOZE_FUTURE)]}


def test_another_agency_may_not_snooze_a_reminder(people, reminder):
    with pytest.raises(PermissionDenied, match=str(access.NOT_YOURS)):
        services.snooze(
            actor=people.other_worker, reminder=reminder, until=in_a_week(), reason="入院中"
        )


def test_a_snoozed_reminder_stays_asleep_until_its_date(people, reminder):
    services.snooze(actor=people.hub_worker, reminder=reminder, until=in_a_week(), reason="入院中")

    woken = services.wake_snoozed(today=in_a_week() - dt.timedelta(days=1))

    reminder.refresh_from_db()
    assert (woken, reminder.status) == (0, Reminder.Status.SNOOZED)


def test_a_snoozed_reminder_is_open_again_on_its_date(people, reminder):
    services.snooze(actor=people.hub_worker, reminder=reminder, until=in_a_week(), reason="入院中")

    woken = services.wake_snoozed(today=in_a_week())

    reminder.refresh_from_db()
    assert (woken, reminder.status) == (1, Reminder.Status.OPEN)


# --- escalation --------------------------------------------------------------------------


def test_a_reminder_ignored_for_seven_days_is_escalated(reminder):
    count = services.escalate(today=SIX_MONTHS + dt.timedelta(days=7))

    reminder.refresh_from_db()
    assert count == 1
    assert reminder.escalated_at is not None


def test_a_reminder_open_for_six_days_is_not_escalated(reminder):
    count = services.escalate(today=SIX_MONTHS + dt.timedelta(days=6))

    reminder.refresh_from_db()
    assert (count, reminder.escalated_at) == (0, None)


def test_an_acknowledged_reminder_is_not_escalated(people, reminder):
    services.acknowledge(actor=people.hub_worker, reminder=reminder)

    assert services.escalate(today=SIX_MONTHS + dt.timedelta(days=30)) == 0


def test_the_escalation_delay_is_a_setting(settings, reminder):
    settings.REMINDERS = {**settings.REMINDERS, "ESCALATE_AFTER_DAYS": 3}

    assert services.escalate(today=SIX_MONTHS + dt.timedelta(days=3)) == 1


def test_a_reminder_woken_from_a_snooze_is_not_escalated_the_same_day(people, reminder):
    with on(SIX_MONTHS + dt.timedelta(days=1)):
        services.snooze(
            actor=people.hub_worker,
            reminder=reminder,
            until=SIX_MONTHS + dt.timedelta(days=30),
            reason="入院中：退院後に訪問",
        )

    with on(SIX_MONTHS + dt.timedelta(days=30), 6):
        tasks.sweep_reminders.apply()

    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.OPEN
    assert reminder.escalated_at is None


def test_a_reminder_is_escalated_only_once(reminder):
    services.escalate(today=SIX_MONTHS + dt.timedelta(days=7))

    assert services.escalate(today=SIX_MONTHS + dt.timedelta(days=8)) == 0


# --- the daily digest --------------------------------------------------------------------

DAY = dt.date(2025, 7, 16)


def test_the_digest_mails_the_worker_their_open_reminders(people, reminder):
    sent = services.send_digest(user_id=people.hub_worker.pk, today=DAY)

    assert sent
    [message] = mail.outbox
    assert message.to == [people.hub_worker.email]
    assert reminder.line in message.body


def test_the_digest_goes_out_once_a_day_however_often_it_is_sent(people, reminder):
    services.send_digest(user_id=people.hub_worker.pk, today=DAY)

    sent_again = services.send_digest(user_id=people.hub_worker.pk, today=DAY)

    assert not sent_again
    assert len(mail.outbox) == 1
    assert DigestSent.objects.filter(user=people.hub_worker, day=DAY).count() == 1


def test_the_next_day_brings_the_next_digest(people, reminder):
    services.send_digest(user_id=people.hub_worker.pk, today=DAY)

    services.send_digest(user_id=people.hub_worker.pk, today=DAY + dt.timedelta(days=1))

    assert len(mail.outbox) == 2


def test_a_digest_marks_its_reminders_notified(people, reminder):
    services.send_digest(user_id=people.hub_worker.pk, today=DAY)

    reminder.refresh_from_db()
    assert reminder.notified_at is not None


def test_the_digest_leaves_out_acknowledged_reminders(people, reminder):
    services.acknowledge(actor=people.hub_worker, reminder=reminder)

    assert not services.send_digest(user_id=people.hub_worker.pk, today=DAY)
    assert mail.outbox == []


def test_a_supervisors_digest_lists_the_escalated_reminders_of_their_agency(people, reminder):
    services.escalate(today=SIX_MONTHS + dt.timedelta(days=7))

    services.send_digest(user_id=people.hub_supervisor.pk, today=DAY)

    [message] = mail.outbox
    assert message.to == [people.hub_supervisor.email]
    assert reminder.line in message.body
    assert people.hub.name in message.body


def test_a_supervisor_gets_no_digest_for_reminders_not_yet_escalated(people, reminder):
    assert not services.send_digest(user_id=people.hub_supervisor.pk, today=DAY)
    assert mail.outbox == []


def test_a_user_without_an_e_mail_address_gets_no_digest(people):
    worker = StaffFactory(agency=people.hub, role=Membership.Role.CASEWORKER, email="")
    long_running_reminder(worker)

    assert not services.send_digest(user_id=worker.pk, today=DAY)
    assert mail.outbox == []


def test_a_digest_that_failed_to_go_out_is_sent_when_the_task_retries(
    people, reminder, monkeypatch
):
    real_send_mail = services.send_mail
    attempts = []

    def mail_server_down_once(**kwargs):
        attempts.append(kwargs)
        if len(attempts) == 1:
            raise ConnectionRefusedError("SMTP server not answering")
        return real_send_mail(**kwargs)

    monkeypatch.setattr(services, "send_mail", mail_server_down_once)
    with pytest.raises(OSError):  # send_digest_to retries on OSError (autoretry_for)
        services.send_digest(user_id=people.hub_worker.pk, today=DAY)

    services.send_digest(user_id=people.hub_worker.pk, today=DAY)  # the retry

    assert [m.to for m in mail.outbox] == [[people.hub_worker.email]]


def test_the_daily_task_mails_each_worker_once_even_when_run_twice(
    people, reminder, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.send_digests()

    assert [m.to for m in mail.outbox] == [[people.hub_worker.email]]
