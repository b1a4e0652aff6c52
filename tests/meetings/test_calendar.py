"""The month calendar of meetings and the upcoming meetings on the home page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.wareki import short_wareki

pytestmark = pytest.mark.django_db


def _month_of(meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%Y-%m")


def test_the_calendar_shows_the_meeting_on_its_day(client, kit):
    meeting = kit.plan()
    client.force_login(kit.coordinator)

    response = client.get(reverse("meetings:calendar"), {"month": _month_of(meeting)})

    assert response.status_code == 200
    days = [d for week in response.context["weeks"] for d in week if d.meetings]
    assert [d.day for d in days] == [timezone.localtime(meeting.starts_at).date()]
    assert meeting.title in response.text


def test_the_calendar_marks_national_holidays(client, kit):
    client.force_login(kit.coordinator)

    response = client.get(reverse("meetings:calendar"), {"month": "2027-01"})

    assert "元日" in response.text


def test_the_calendar_heading_names_the_month_in_wareki(client, kit):
    client.force_login(kit.coordinator)

    response = client.get(reverse("meetings:calendar"), {"month": "2019-05"})

    assert "令和元年5月" in response.text


def test_a_meeting_the_user_is_not_in_is_not_on_their_calendar(client, kit):
    meeting = kit.plan()
    client.force_login(kit.other_coordinator)

    response = client.get(reverse("meetings:calendar"), {"month": _month_of(meeting)})

    assert meeting.title not in response.text


def test_a_bad_month_shows_this_month(client, kit):
    client.force_login(kit.coordinator)

    response = client.get(reverse("meetings:calendar"), {"month": "2026-13"})

    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("meetings:calendar"))

    assert response.status_code == 302


def test_an_account_without_an_agency_is_refused(client, story):
    client.force_login(story.no_agency)

    assert client.get(reverse("meetings:calendar")).status_code == 403


def test_the_calendar_runs_a_constant_number_of_queries(client, kit, django_assert_max_num_queries):
    for n in range(6):
        kit.plan(starts_at=timezone.now() + dt.timedelta(days=n + 1))
    client.force_login(kit.coordinator)

    # session, user, memberships, the meetings of the weeks shown, session save
    with django_assert_max_num_queries(10):
        client.get(reverse("meetings:calendar"))


def test_the_coordinators_home_lists_the_upcoming_meetings(client, kit):
    meeting = kit.plan()
    client.force_login(kit.coordinator)

    home = client.get(reverse("home")).text

    assert meeting.title in home
    assert short_wareki(timezone.localtime(meeting.starts_at)) in home


def test_a_meeting_a_month_ahead_is_not_yet_upcoming(client, kit):
    meeting = kit.plan(starts_at=timezone.now() + dt.timedelta(days=30))
    client.force_login(kit.coordinator)

    assert meeting.title not in client.get(reverse("home")).text


def test_short_wareki_dates_name_the_era_by_its_initial():
    assert short_wareki(dt.date(2026, 12, 2)) == "R8.12.2"
    assert short_wareki(dt.date(2019, 4, 30)) == "H31.4.30"
    assert short_wareki(dt.date(1989, 1, 7)) == "S64.1.7"
