"""Reminders travel outside the case page (the reminders page, the home panel, the daily
e-mail), so they say only what kind of reminder, which case by its reference number, and
by when, with a link the case page gates. The case page shows a reader only the reminders
addressed to them or their agencies.

A month after the story's intake: the hub's caseworker has a no-contact reminder on the
Yamada case, and the consented team agency an overdue action of a 支援会議 on it."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from cases import services as case_services
from cases.models import AccessLog
from meetings import services as meeting_services
from reminders import services
from reminders.models import Reminder

pytestmark = pytest.mark.django_db

DESCRIPTION = "長男と面談する"
NAMES = ("山田家", "山田", "トメ", "一郎")


def later() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=31)


@pytest.fixture
def swept(kit, story) -> dict[str, Reminder]:
    meeting = kit.plan(invite=(story.team_worker,), cases=(story.case,))
    kit.publish(meeting)
    kit.hold(meeting)
    meeting_services.action_add(
        actor=kit.coordinator,
        meeting=meeting,
        item=meeting.items.get(),
        description=DESCRIPTION,
        agency=story.team_agency,
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    services.sweep(today=later(), kinds={Reminder.Kind.NO_CONTACT, Reminder.Kind.ACTION_OVERDUE})
    return {
        "quiet": Reminder.objects.get(kind=Reminder.Kind.NO_CONTACT),
        "action": Reminder.objects.get(kind=Reminder.Kind.ACTION_OVERDUE),
    }


def digest_of(user) -> str:
    assert services.send_digest(user_id=user.pk, today=later())
    [message] = mail.outbox
    return message.body


def label(kind: str) -> str:
    with translation.override("ja"):
        return str(Reminder.Kind(kind).label)


# --- the daily e-mail -------------------------------------------------------------------


def test_the_digest_names_no_household_or_person_and_no_case_title(story, swept):
    body = digest_of(story.owner_worker)
    assert not [name for name in NAMES if name in body]
    assert story.case.title not in body


def test_the_digest_of_the_assigned_agency_carries_no_action_description(story, swept):
    body = digest_of(story.team_worker)
    assert DESCRIPTION not in body
    assert "山田" not in body


def test_the_digest_gives_the_case_reference_and_a_link_to_the_case_page(story, swept, settings):
    settings.SITE_URL = "https://chouso.example.jp"
    body = digest_of(story.owner_worker)
    assert swept["quiet"].line in body
    assert f"https://chouso.example.jp/cases/{story.case.pk}/" in body


def test_free_text_a_rule_once_stored_in_a_reminder_is_never_mailed(story, swept):
    """Reminders written before this rule may carry a description or a name."""
    reminder = swept["quiet"]
    reminder.message = "山田トメさんの長男に連絡"
    reminder.save()
    assert "山田トメ" not in digest_of(story.owner_worker)


# --- pages ------------------------------------------------------------------------------


def test_the_reminders_page_shows_no_household_name(client, story, swept):
    client.force_login(story.owner_worker)
    text = client.get(reverse("reminders:list")).text
    assert "山田家" not in text
    assert story.case.reference in text


def test_the_reminders_page_shows_no_action_description(client, story, swept):
    client.force_login(story.team_worker)
    text = client.get(reverse("reminders:list")).text
    assert DESCRIPTION not in text
    assert label(Reminder.Kind.ACTION_OVERDUE) in text


def test_the_snooze_page_shows_no_stored_free_text(client, story, swept):
    reminder = swept["quiet"]
    reminder.message = "山田トメさんの長男に連絡"
    reminder.save()
    client.force_login(story.owner_worker)
    text = client.get(reverse("reminders:snooze", args=[reminder.pk])).text
    assert "山田トメ" not in text
    assert reminder.case_reference in text


def test_the_case_page_shows_a_team_agency_only_its_own_reminders(client, story, swept):
    client.force_login(story.team_worker)
    text = client.get(reverse("cases:detail", args=[story.case.pk])).text
    assert label(Reminder.Kind.ACTION_OVERDUE) in text
    assert label(Reminder.Kind.NO_CONTACT) not in text


def test_the_case_page_does_not_show_the_owner_another_agencys_reminder(client, story, swept):
    client.force_login(story.owner_worker)
    text = client.get(reverse("cases:detail", args=[story.case.pk])).text
    assert label(Reminder.Kind.NO_CONTACT) in text
    assert label(Reminder.Kind.ACTION_OVERDUE) not in text


# --- the read log -----------------------------------------------------------------------


def test_the_reminders_page_logs_the_cases_it_shows(client, story, swept):
    client.force_login(story.owner_worker)
    client.get(reverse("reminders:list"))
    entry = AccessLog.objects.get(user=story.owner_worker, action="reminders")
    assert (entry.kind, entry.object_id) == (AccessLog.Kind.CASE, story.case.pk)


def test_a_reminder_on_a_case_the_agency_may_not_read_is_not_logged_as_a_read(client, story):
    case_services.referral_send(
        actor=story.owner_worker,
        case=story.case,
        to_agency=story.other,
        reason="依頼",
        summary="要約",
    )
    services.sweep(today=later(), kinds={Reminder.Kind.REFERRAL_UNANSWERED})
    client.force_login(story.stranger)
    assert story.case.reference in client.get(reverse("reminders:list")).text
    assert not AccessLog.objects.filter(user=story.stranger, kind=AccessLog.Kind.CASE).exists()
