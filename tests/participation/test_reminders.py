"""Follow-up dates feed the reminders: a follow-up whose next date has come becomes one
reminder for the agency that recorded it, on the case, until the next follow-up of the same
kind is recorded. The sweep is told which day it is (`today=`)."""

import datetime as dt

import pytest
from django.utils import timezone

from participation.models import FollowUp
from reminders import services as reminder_services
from reminders.models import Reminder
from tests.factories import ServiceAccountFactory

pytestmark = pytest.mark.django_db

FOLLOW_UP = Reminder.Kind.FOLLOW_UP


def sweep(day: dt.date) -> int:
    return reminder_services.sweep(today=day, kinds={FOLLOW_UP}).created.get(FOLLOW_UP, 0)


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def test_a_follow_up_becomes_a_reminder_on_its_next_date_not_before(kit, story):
    matching = kit.trial(kit.propose(by=story.team_worker), by=story.team_worker)
    follow_up = kit.follow_up(matching, by=story.team_worker, next_in=14)

    assert sweep(in_days(13)) == 0
    assert sweep(in_days(14)) == 1

    reminder = Reminder.objects.get(kind=FOLLOW_UP)
    assert (reminder.target, reminder.period) == (
        f"follow_up:{follow_up.pk}",
        in_days(14).isoformat(),
    )
    assert (reminder.agency, reminder.user, reminder.case) == (
        story.team_agency,
        story.team_worker,
        story.case,
    )
    assert reminder.due_on == in_days(14)
    assert "パン作り" in reminder.message


def test_the_sweep_creates_the_reminder_once_however_often_it_runs(kit):
    kit.follow_up(kit.propose(), next_in=3)
    assert sweep(in_days(5)) == 1
    assert sweep(in_days(6)) == 0
    assert Reminder.objects.filter(kind=FOLLOW_UP).count() == 1


def test_the_next_follow_up_of_the_same_kind_settles_the_earlier_date(kit):
    matching = kit.propose()
    kit.follow_up(matching, next_in=3)
    later = kit.follow_up(matching, next_in=30)
    assert sweep(in_days(10)) == 0
    assert sweep(in_days(30)) == 1
    assert Reminder.objects.get(kind=FOLLOW_UP).target == f"follow_up:{later.pk}"


def test_follow_ups_of_the_person_and_of_the_host_are_due_separately(kit):
    matching = kit.propose()
    kit.follow_up(matching, about=FollowUp.About.PERSON, next_in=3)
    kit.follow_up(matching, about=FollowUp.About.HOST, next_in=5)
    assert sweep(in_days(5)) == 2


def test_no_reminder_without_a_next_date_or_after_the_matching_ended(kit):
    matching = kit.propose()
    kit.follow_up(matching, next_in=None)
    kit.follow_up(kit.propose(menu=kit.cleaning), next_in=2)
    kit.end(kit.cleaning.matchings.get())
    assert sweep(in_days(10)) == 0


def test_no_reminder_for_a_closed_case(kit, story):
    kit.follow_up(kit.propose(), next_in=2)
    story.case.status = "closed"
    story.case.save()
    assert sweep(in_days(10)) == 0


def test_a_partner_systems_follow_up_reminds_its_agency_as_a_whole(kit, story):
    system, _ = ServiceAccountFactory(agency=story.team_agency, username="team-system")
    kit.follow_up(kit.propose(), by=system, next_in=2)
    assert sweep(in_days(2)) == 1
    reminder = Reminder.objects.get(kind=FOLLOW_UP)
    assert (reminder.agency, reminder.user) == (story.team_agency, None)
