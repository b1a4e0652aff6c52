"""A supervisor's review of a long-running case, and what its decision does."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Closure
from reminders import access, services
from reminders.models import CaseReview, Reminder
from tests.reminders.conftest import OPENED, case_opened_on, on, reminders

SIX_MONTHS = dt.date(2025, 7, 15)
Decision = CaseReview.Decision


@pytest.fixture
def case(people):
    """Open six months, with its long-running reminder."""
    case = case_opened_on(OPENED, worker=people.hub_worker)
    services.sweep(today=SIX_MONTHS, kinds={Reminder.Kind.LONG_RUNNING})
    return case


def review(actor, case, decision, **kwargs):
    values = {"goals_still_valid": True, "lead_is_right": True, "closure_possible": False}
    return services.review_record(actor=actor, case=case, decision=decision, **values | kwargs)


def later() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=90)


def test_continuing_until_a_date_snoozes_the_long_running_reminder_until_then(people, case):
    review(people.hub_supervisor, case, Decision.CONTINUE, continue_until=later())

    reminder = reminders(Reminder.Kind.LONG_RUNNING).get()
    assert (reminder.status, reminder.snoozed_until) == (Reminder.Status.SNOOZED, later())
    assert case.reviews.get().decision == Decision.CONTINUE


def test_proposing_closure_creates_a_closure_proposal(people, case):
    review(people.hub_supervisor, case, Decision.PROPOSE_CLOSURE, note="就労が安定した")

    closure = case.closures.get()
    assert (closure.status, closure.proposed_by) == (Closure.Status.PROPOSED, people.hub_supervisor)
    assert reminders(Reminder.Kind.LONG_RUNNING).get().status == Reminder.Status.DONE


def test_changing_the_lead_hands_the_case_to_the_new_lead(people, case):
    review(people.hub_supervisor, case, Decision.CHANGE_LEAD, new_lead=people.other)

    assert case.leads.get(ended_on__isnull=True).agency == people.other


def test_a_caseworker_may_not_review_a_case(people, case):
    with pytest.raises(PermissionDenied, match=str(access.REVIEWER_ONLY)):
        review(people.hub_worker, case, Decision.CONTINUE, continue_until=later())

    assert not case.reviews.exists()


def test_continuing_needs_a_date(people, case):
    with pytest.raises(ValidationError) as error:
        review(people.hub_supervisor, case, Decision.CONTINUE)

    assert error.value.message_dict == {"continue_until": [str(services.UNTIL_REQUIRED)]}


def test_continuing_needs_a_future_date(people, case):
    with pytest.raises(ValidationError) as error:
        review(people.hub_supervisor, case, Decision.CONTINUE, continue_until=timezone.localdate())

    assert error.value.message_dict == {"continue_until": [str(services.UNTIL_FUTURE)]}


def test_changing_the_lead_needs_the_new_lead(people, case):
    with pytest.raises(ValidationError) as error:
        review(people.hub_supervisor, case, Decision.CHANGE_LEAD)

    assert error.value.message_dict == {"new_lead": [str(services.LEAD_REQUIRED)]}
    assert not case.reviews.exists()


def test_the_supervisor_records_a_review_from_the_page(client, people, case):
    client.force_login(people.hub_supervisor)

    response = client.post(
        reverse("reminders:review", args=[case.pk]),
        {
            "goals_still_valid": "on",
            "lead_is_right": "on",
            "decision": Decision.CONTINUE,
            "continue_until": later().isoformat(),
        },
    )

    assert response.status_code == 302
    assert case.reviews.get().continue_until == later()


def test_a_case_continued_until_a_date_gets_no_new_long_running_reminder_before_then(people):
    case = case_opened_on(OPENED, worker=people.hub_worker)
    services.sweep(today=SIX_MONTHS, kinds={Reminder.Kind.LONG_RUNNING})
    with on(SIX_MONTHS + dt.timedelta(days=1)):
        review(people.hub_supervisor, case, Decision.CONTINUE, continue_until=dt.date(2026, 1, 31))

    services.sweep(today=dt.date(2025, 10, 15), kinds={Reminder.Kind.LONG_RUNNING})

    assert not reminders(Reminder.Kind.LONG_RUNNING).filter(period="p1").exists()


# --- who reads a review's note -------------------------------------------------------------

NOTE = "本人の飲酒が再発。長男への暴言あり"


@pytest.fixture
def reviewed(story):
    """The story's case, reviewed by the hub's supervisor with a note (support continues)."""
    review(story.owner_supervisor, story.case, Decision.CONTINUE, note=NOTE, continue_until=later())
    return story.case


def test_a_consent_reading_team_agency_does_not_see_the_review_notes(client, story, reviewed):
    client.force_login(story.team_worker)
    response = client.get(reverse("reminders:review", args=[reviewed.pk]))
    assert response.status_code == 403
    assert NOTE not in response.content.decode()


def test_the_case_page_shows_a_team_agency_no_review_note(client, story, reviewed):
    client.force_login(story.team_worker)
    assert NOTE not in client.get(reverse("cases:detail", args=[reviewed.pk])).text


def test_the_intake_agency_reads_the_review_notes(client, story, reviewed):
    client.force_login(story.owner_worker)
    response = client.get(reverse("reminders:review", args=[reviewed.pk]))
    assert response.status_code == 200
    assert NOTE in response.text


def test_a_review_proposing_closure_keeps_its_note_off_the_case_timeline(client, story):
    review(story.owner_supervisor, story.case, Decision.PROPOSE_CLOSURE, note=NOTE)
    client.force_login(story.team_worker)
    assert NOTE not in client.get(reverse("cases:detail", args=[story.case.pk])).text


def test_a_review_changing_the_lead_keeps_its_note_off_the_case_timeline(client, story):
    review(
        story.owner_supervisor, story.case, Decision.CHANGE_LEAD, note=NOTE, new_lead=story.other
    )
    client.force_login(story.team_worker)
    assert NOTE not in client.get(reverse("cases:detail", args=[story.case.pk])).text
