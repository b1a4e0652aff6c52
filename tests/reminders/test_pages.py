"""The reminder and caseload pages, told as permission stories."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders import services
from reminders.models import Reminder
from tests.factories import consultation_data, open_case

pytestmark = pytest.mark.django_db

LONG_AGO = 250  # days: in the 6–12 month bucket


@pytest.fixture
def long_case(story):
    case = open_case(
        worker=story.owner_worker,
        name="長期世帯",
        title="長期化しているケース",
        opened_on=timezone.localdate() - dt.timedelta(days=LONG_AGO),
        consultation=consultation_data(occurred_at=timezone.now() - dt.timedelta(days=LONG_AGO)),
    )
    services.sweep()
    return case


def test_the_worker_sees_the_reminders_of_their_case_on_the_home_page(client, story, long_case):
    client.force_login(story.owner_worker)
    text = client.get(reverse("home")).text
    assert "長期化しているケース" in text
    assert Reminder.objects.filter(case=long_case, user=story.owner_worker).exists()


def test_the_case_page_shows_its_reminders(client, story, long_case):
    client.force_login(story.owner_worker)
    response = client.get(reverse("cases:detail", args=[long_case.pk]))
    assert 'id="case-reminders-h"' in response.text


@pytest.mark.parametrize(("who", "status"), [("owner_worker", 302), ("stranger", 404)])
def test_only_the_responsible_agency_acknowledges_a_reminder(client, story, long_case, who, status):
    reminder = Reminder.objects.filter(case=long_case).first()
    client.force_login(getattr(story, who))
    response = client.post(reverse("reminders:acknowledge", args=[reminder.pk]))
    assert response.status_code == status
    reminder.refresh_from_db()
    assert (reminder.status == "done") is (status == 302)


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_acknowledging_a_reminder_never_follows_next_to_another_site(
    client, story, long_case, next_url
):
    reminder = Reminder.objects.filter(case=long_case).first()
    client.force_login(story.owner_worker)
    response = client.post(reverse("reminders:acknowledge", args=[reminder.pk]), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("reminders:list")


def test_acknowledging_a_reminder_returns_to_the_page_it_was_acknowledged_on(
    client, story, long_case
):
    reminder = Reminder.objects.filter(case=long_case).first()
    client.force_login(story.owner_worker)
    home = reverse("home")
    response = client.post(reverse("reminders:acknowledge", args=[reminder.pk]), {"next": home})
    assert response["Location"] == home


def test_anonymous_visitors_are_sent_to_login_from_reminder_pages(client, long_case):
    for url in (reverse("reminders:list"), reverse("reminders:dashboard")):
        assert client.get(url).status_code == 302


def test_snoozing_needs_a_reason_and_a_future_date(client, story, long_case):
    reminder = Reminder.objects.filter(case=long_case).first()
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("reminders:snooze", args=[reminder.pk]), {"until": "2000-01-01", "reason": ""}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reason", "until"}
    reminder.refresh_from_db()
    assert reminder.status == "open"


def test_the_supervisor_sees_the_caseload_by_age_and_drills_down(client, story, long_case):
    client.force_login(story.owner_supervisor)
    dashboard = client.get(reverse("reminders:dashboard"))
    assert dashboard.status_code == 200
    assert "<svg" in dashboard.text
    cases = client.get(reverse("reminders:drill_down"), {"bucket": "6-12"})
    assert "長期化しているケース" in cases.text
    assert story.case.title not in cases.text  # opened today: 0–3 months


def test_a_caseworker_is_refused_the_caseload_dashboard_with_a_reason(client, story, long_case):
    client.force_login(story.owner_worker)
    assert client.get(reverse("reminders:dashboard")).status_code == 403


def test_another_agencys_supervisor_does_not_see_these_cases(client, story, long_case):
    from agencies.models import Membership
    from tests.factories import StaffFactory

    other_supervisor = StaffFactory(agency=story.other, role=Membership.Role.SUPERVISOR)
    client.force_login(other_supervisor)
    cases = client.get(reverse("reminders:drill_down"), {"bucket": "6-12"})
    assert "長期化しているケース" not in cases.text


def test_a_review_that_proposes_closure_creates_the_proposal(client, story, long_case):
    client.force_login(story.owner_supervisor)
    response = client.post(
        reverse("reminders:review", args=[long_case.pk]),
        {
            "goals_still_valid": "on",
            "closure_possible": "on",
            "decision": "closure",
            "note": "安定",
        },
    )
    assert response.status_code == 302
    assert long_case.closures.filter(status="proposed").exists()


def test_a_review_is_refused_to_a_team_agency(client, story, long_case):
    client.force_login(story.stranger)
    assert client.get(reverse("reminders:review", args=[long_case.pk])).status_code == 404


@pytest.mark.parametrize("rows", [5, 25])
def test_the_dashboard_runs_a_constant_number_of_queries(
    client, story, rows, django_assert_max_num_queries
):
    for n in range(rows):
        open_case(worker=story.owner_worker, name=f"世帯{n}")
    client.force_login(story.owner_supervisor)
    # session, user, memberships, the per-worker aggregate, session save (3)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reminders:dashboard")).status_code == 200
