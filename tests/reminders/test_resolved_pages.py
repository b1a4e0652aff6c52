"""What users see of resolution: the case page's reminder history says "resolved", when
and why; texts are rendered in the reader's language; the caseload counts "hub still lead"
only where the lead was handed over and the hub kept the case."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from core.wareki import short_wareki
from reminders import selectors, services
from reminders.models import CaseReview, Reminder
from tests.factories import close_case, consultation_data, open_case

pytestmark = pytest.mark.django_db

QUIET = 40  # days without contact


@pytest.fixture
def quiet_case(story):
    """A case of the owner worker without contact for 40 days, its no-contact reminder
    resolved by the sweep after its closure."""
    case = open_case(
        worker=story.owner_worker,
        name="静か世帯",
        opened_on=timezone.localdate() - dt.timedelta(days=QUIET),
        consultation=consultation_data(occurred_at=timezone.now() - dt.timedelta(days=QUIET)),
    )
    services.sweep(kinds={Reminder.Kind.NO_CONTACT})
    close_case(case=case, worker=story.owner_worker, supervisor=story.owner_supervisor)
    services.sweep(kinds={Reminder.Kind.NO_CONTACT})
    return case


def case_page(client, user, case) -> str:
    client.force_login(user)
    return client.get(reverse("cases:detail", args=[case.pk])).text


def test_the_case_page_lists_a_resolved_reminder_in_its_history(client, story, quiet_case):
    text = case_page(client, story.owner_worker, quiet_case)

    history = text.split('data-reminders="ended"', 1)[1].split("</ul>", 1)[0]
    reminder = Reminder.objects.get(case=quiet_case)
    assert reminder.resolution_text in history
    resolved = timezone.localtime(reminder.resolved_at)
    assert f"{short_wareki(resolved)} {resolved:%H:%M}" in history


def test_the_case_page_no_longer_lists_a_resolved_reminder_as_open(client, story, quiet_case):
    text = case_page(client, story.owner_worker, quiet_case)

    open_list = text.split('data-reminders="open"', 1)[1].split("</ul>", 1)[0]
    assert Reminder.objects.get(case=quiet_case).label not in open_list


def test_a_stranger_agency_does_not_see_the_reminder_history_of_a_case(story, quiet_case):
    assert selectors.history_for_case(story.stranger, quiet_case) == []


def test_a_supervisors_review_shows_its_snooze_reason_in_the_readers_language(
    client, story, monkeypatch
):
    """The review stores a message id, translated when the page is drawn (the catalogue is
    stood in for here: the project's Japanese lives outside the locale files)."""
    case = open_case(
        worker=story.owner_worker,
        name="長期世帯",
        opened_on=timezone.localdate() - dt.timedelta(days=250),
        consultation=consultation_data(occurred_at=timezone.now() - dt.timedelta(days=1)),
    )
    services.sweep(kinds={Reminder.Kind.LONG_RUNNING})
    services.review_record(
        actor=story.owner_supervisor,
        case=case,
        decision=CaseReview.Decision.CONTINUE,
        goals_still_valid=True,
        lead_is_right=True,
        closure_possible=False,
        continue_until=timezone.localdate() + dt.timedelta(days=60),
    )
    japanese = {services.REVIEW_CONTINUES: "見直し済み：支援継続"}
    monkeypatch.setattr("core.history.gettext", lambda text: japanese.get(text, text))

    text = case_page(client, story.owner_worker, case)

    assert "見直し済み：支援継続" in text
    assert "reviewed: support continues" not in text


# --- the caseload's "hub still lead" ---------------------------------------------------


def hub_figure(story) -> int:
    return selectors.figures(story.hub_coordinator)["totals"].hub_lead


def test_the_caseload_does_not_count_a_hub_led_case_opened_today(story):
    """The story's case is led by the hub with other agencies on the team."""
    open_case(worker=story.owner_worker, name="今日の世帯")
    services.sweep()

    assert hub_figure(story) == 0


def test_the_caseload_counts_a_case_the_hub_took_back_after_a_handover(story):
    day = timezone.localdate() - dt.timedelta(days=120)
    lead = story.case.leads.get(ended_on__isnull=True)
    lead.started_on = day - dt.timedelta(days=10)
    lead.save()
    case_services.lead_change(
        actor=story.owner_worker, case=story.case, agency=story.team_agency, reason="介護が中心"
    )
    story.case.leads.filter(agency=story.team_agency).update(started_on=day)
    story.case.leads.filter(agency=lead.agency).update(ended_on=day)
    case_services.lead_change(
        actor=story.owner_worker, case=story.case, agency=lead.agency, reason="受入困難"
    )
    services.sweep(kinds={Reminder.Kind.HUB_LINGERING})

    assert hub_figure(story) == 1
    listed = selectors.drill_down(story.hub_coordinator, flag="hub")
    assert list(listed.values_list("pk", flat=True)) == [story.case.pk]
