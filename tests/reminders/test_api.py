"""Reminders, the caseload and case reviews over REST, as the permission story of
tests/cases/conftest.py: the same rules, refusals and read logging as their pages."""

import datetime as dt

import pytest
from django.utils import timezone

from cases import access
from cases.models import AccessLog
from reminders import access as reminder_access
from reminders import services
from reminders.models import CaseReview, Reminder
from tests.cases.case_api import (
    PERSONAS,
    client_as,
    client_for,
    en,
    get,
    listed_ids,
    post,
    same_as_missing,
    url,
)
from tests.factories import StaffFactory, open_case

pytestmark = pytest.mark.django_db


def make_reminder(case, agency, user=None, *, n: int = 0, kind=Reminder.Kind.LONG_RUNNING):
    return Reminder.objects.create(
        kind=kind,
        target=f"case:{case.pk}" if case else f"agency:{agency.pk}",
        period=f"p{n}",
        case=case,
        agency=agency,
        user=user,
        message="山田 トメ さんの長期化",  # what a rule might put in; never shown
        due_on=timezone.localdate() + dt.timedelta(days=n),
    )


@pytest.fixture
def reminder(story):
    return make_reminder(story.case, story.hub, story.owner_worker)


def future(days: int = 7) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def case_reads(user, case) -> list[AccessLog]:
    return list(AccessLog.objects.filter(user=user, kind=AccessLog.Kind.CASE, object_id=case.pk))


# --- the reminder list ------------------------------------------------------------------


def test_an_anonymous_caller_gets_a_401_for_the_reminders(story):
    assert client_as(story, "anonymous").get(url("reminder-list")).status_code == 401


def test_a_worker_lists_their_open_reminders(story, reminder):
    assert listed_ids(client_as(story, "owner_worker").get(url("reminder-list"))) == [reminder.pk]


def test_another_agency_does_not_list_the_hubs_reminders(story, reminder):
    for persona in ("team_worker", "uncovered_worker", "stranger"):
        assert listed_ids(client_as(story, persona).get(url("reminder-list"))) == []


def test_an_agency_reminder_without_a_worker_is_listed_for_its_staff(story):
    reminder = make_reminder(story.case, story.hub)
    assert listed_ids(client_as(story, "owner_supervisor").get(url("reminder-list"))) == [
        reminder.pk
    ]


def test_a_done_or_snoozed_reminder_is_not_listed(story, reminder):
    services.acknowledge(actor=story.owner_worker, reminder=reminder)
    assert listed_ids(client_as(story, "owner_worker").get(url("reminder-list"))) == []


def test_a_reminder_says_only_its_line_never_its_message_or_a_name(story, reminder):
    response = client_as(story, "owner_worker").get(url("reminder-list"))
    row = response.json()["results"][0]
    assert row["line"] == en(reminder.line)
    assert row["case"] == {"id": story.case.pk, "reference": story.case.reference}
    assert "message" not in row
    assert "山田" not in response.content.decode()


def test_listing_reminders_logs_the_cases_read_on_their_basis(story):
    make_reminder(story.case, story.team_agency, story.team_worker)
    client_as(story, "team_worker").get(url("reminder-list"))
    reads = case_reads(story.team_worker, story.case)
    assert [(r.basis, r.channel, r.action) for r in reads] == [
        ("consent", AccessLog.Channel.API, "reminders")
    ]


def test_a_reminder_about_a_case_the_agency_may_not_read_is_not_logged_as_read(story):
    make_reminder(story.case, story.uncovered_agency, story.uncovered_worker)
    response = client_as(story, "uncovered_worker").get(url("reminder-list"))
    assert len(listed_ids(response)) == 1
    assert case_reads(story.uncovered_worker, story.case) == []


@pytest.mark.parametrize("rows", [10, 50])
def test_the_reminder_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for n in range(rows):
        make_reminder(open_case(worker=story.owner_worker), story.hub, story.owner_worker, n=n)
    client = client_as(story, "owner_worker")
    # memberships, count, page (with cases and agencies), the bases of other agencies'
    # cases, the access-log INSERT
    with django_assert_max_num_queries(5):
        assert len(listed_ids(client.get(url("reminder-list")))) == rows


def test_a_bad_page_of_reminders_is_a_400(story, reminder):
    response = client_as(story, "owner_worker").get(url("reminder-list") + "?page=0")
    assert response.status_code == 400
    assert "page" in response.json()


# --- acknowledging and snoozing ---------------------------------------------------------

#                   acknowledge  snooze
REMINDER_MATRIX = {
    "owner_worker":     (200, 200),
    "team_worker":      (404, 404),
    "uncovered_worker": (404, 404),
    "stranger":         (404, 404),
    "anonymous":        (401, 401),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_reminders_agency_acknowledges_it(story, reminder, persona):
    response = client_as(story, persona).post(url("reminder-acknowledge", reminder.pk))
    assert response.status_code == REMINDER_MATRIX[persona][0]
    reminder.refresh_from_db()
    assert (reminder.status == Reminder.Status.DONE) is (response.status_code == 200)


def test_an_acknowledged_reminder_records_who_in_its_history(story, reminder):
    response = client_as(story, "owner_worker").post(url("reminder-acknowledge", reminder.pk))
    assert response.json()["status"] == "done"
    entry = reminder.history.latest()
    assert (entry.history_user, entry.history_change_reason) == (
        story.owner_worker,
        "acknowledged",
    )


def test_another_agencys_reminder_is_the_404_of_a_missing_one(story, reminder):
    same_as_missing(story, post(), lambda pk: url("reminder-acknowledge", pk), reminder.pk)
    same_as_missing(
        story,
        post({"until": future(), "reason": "入院中"}),
        lambda pk: url("reminder-snooze", pk),
        reminder.pk,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_reminders_agency_snoozes_it(story, reminder, persona):
    response = client_as(story, persona).post(
        url("reminder-snooze", reminder.pk), {"until": future(), "reason": "入院中"}, format="json"
    )
    assert response.status_code == REMINDER_MATRIX[persona][1]
    reminder.refresh_from_db()
    assert (reminder.status == Reminder.Status.SNOOZED) is (response.status_code == 200)


def test_a_snoozed_reminder_says_until_when(story, reminder):
    response = client_as(story, "owner_worker").post(
        url("reminder-snooze", reminder.pk), {"until": future(), "reason": "入院中"}, format="json"
    )
    assert (response.json()["status"], response.json()["snoozed_until"]) == ("snoozed", future())


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "入院中"}, "until"),
        ({"until": "来週", "reason": "入院中"}, "until"),
        ({"until": future()}, "reason"),
        ({"until": future(), "reason": "x" * 301}, "reason"),
    ],
)
def test_a_bad_snooze_is_a_400_on_its_field(story, reminder, body, field):
    response = client_as(story, "owner_worker").post(
        url("reminder-snooze", reminder.pk), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_snoozing_until_today_is_refused_in_the_services_words(story, reminder):
    response = client_as(story, "owner_worker").post(
        url("reminder-snooze", reminder.pk),
        {"until": timezone.localdate().isoformat(), "reason": "入院中"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["until"] == [en(services.SNOOZE_FUTURE)]


def test_a_blank_snooze_reason_is_refused_in_the_services_words(story, reminder):
    response = client_as(story, "owner_worker").post(
        url("reminder-snooze", reminder.pk), {"until": future(), "reason": "   "}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()


# --- the caseload -----------------------------------------------------------------------


def test_an_anonymous_caller_gets_a_401_for_the_caseload(story):
    assert client_as(story, "anonymous").get(url("caseload")).status_code == 401
    assert client_as(story, "anonymous").get(url("caseload-cases")).status_code == 401


@pytest.mark.parametrize("persona", ["owner_worker", "team_worker", "stranger"])
def test_a_caseworker_is_told_the_caseload_is_for_supervisors(story, persona):
    for name in ("caseload", "caseload-cases"):
        response = client_as(story, persona).get(url(name))
        assert response.status_code == 403
        assert response.json()["detail"] == en(reminder_access.SUPERVISORS_ONLY)


def test_a_supervisor_gets_the_caseload_figures(story):
    body = client_for(story.owner_supervisor).get(url("caseload")).json()
    assert body["totals"]["total"] == 1
    assert body["totals"]["buckets"]["0-3"] == 1
    assert [a["id"] for a in body["agencies"]] == [story.hub.pk]
    assert [b["key"] for b in body["buckets"]] == ["0-3", "3-6", "6-12", "12-24", "24+"]


def test_another_agencys_supervisor_does_not_count_the_hubs_cases(story):
    supervisor = StaffFactory(agency=story.other, role="supervisor")
    body = client_for(supervisor).get(url("caseload")).json()
    assert body["totals"]["total"] == 0


def test_a_coordinator_lists_the_cases_behind_a_figure(story):
    response = client_for(story.hub_coordinator).get(url("caseload-cases") + "?bucket=0-3")
    assert listed_ids(response) == [story.case.pk]


def test_the_cases_behind_a_figure_are_filtered_by_worker(story):
    client = client_for(story.owner_supervisor)
    assert listed_ids(client.get(url("caseload-cases") + "?worker=none")) == []
    mine = f"?worker={story.owner_worker.pk}"
    assert listed_ids(client.get(url("caseload-cases") + mine)) == [story.case.pk]


def test_the_cases_behind_a_figure_are_logged_as_read(story):
    client_for(story.owner_supervisor).get(url("caseload-cases"))
    reads = case_reads(story.owner_supervisor, story.case)
    assert [(r.basis, r.channel) for r in reads] == [("owner", AccessLog.Channel.API)]


@pytest.mark.parametrize(
    ("query", "field"),
    [("bucket=7-8", "bucket"), ("worker=山田", "worker"), ("flag=all", "flag")],
)
def test_a_bad_caseload_filter_is_a_400_on_its_field(story, query, field):
    response = client_for(story.owner_supervisor).get(url("caseload-cases") + "?" + query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("rows", [10, 50])
def test_the_caseload_cases_run_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for _ in range(rows - 1):
        open_case(worker=story.owner_worker)
    client = client_for(story.owner_supervisor)
    # memberships, the caller's permission rows, count, page (with households and
    # workers), the bases, the access-log INSERT
    with django_assert_max_num_queries(6):
        assert len(listed_ids(client.get(url("caseload-cases")))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_caseload_figures_run_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for n in range(rows - 1):
        open_case(worker=StaffFactory(agency=story.hub) if n % 2 else story.owner_worker)
    client = client_for(story.owner_supervisor)
    # memberships, the caller's permission rows, the figures (one grouped query)
    with django_assert_max_num_queries(3):
        assert client.get(url("caseload")).json()["totals"]["total"] == rows


# --- case reviews -----------------------------------------------------------------------

#                   list  record
REVIEW_MATRIX = {
    "owner_worker":     (200, 403),
    "team_worker":      (403, 403),
    "uncovered_worker": (403, 403),
    "stranger":         (404, 404),
    "anonymous":        (401, 401),
}  # fmt: skip

CONTINUE = {
    "goals_still_valid": True,
    "lead_is_right": True,
    "closure_possible": False,
    "decision": "continue",
    "note": "就労支援の結果を待つ",
}


def continue_body() -> dict:
    return {**CONTINUE, "continue_until": future(90)}


def review(story) -> CaseReview:
    return services.review_record(
        actor=story.owner_supervisor,
        case=story.case,
        **{**CONTINUE, "continue_until": timezone.localdate() + dt.timedelta(days=90)},
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_reviews_are_the_intake_and_lead_agencies_own(story, persona):
    review(story)
    response = client_as(story, persona).get(url("case-review-list", story.case.pk))
    assert response.status_code == REVIEW_MATRIX[persona][0]


def test_a_supervisor_reads_the_reviews_with_their_notes(story):
    done = review(story)
    rows = client_for(story.owner_supervisor).get(url("case-review-list", story.case.pk)).json()
    assert [(r["id"], r["note"]) for r in rows["results"]] == [(done.pk, CONTINUE["note"])]


def test_a_consent_reader_is_told_its_basis_does_not_reach_the_reviews(story):
    response = client_as(story, "team_worker").get(url("case-review-list", story.case.pk))
    assert response.json()["detail"] == en(access.CHANGE_NEEDS_OWNER) % {
        "basis": en(access.Basis.CONSENT.label)
    }


def test_an_agency_on_the_team_without_consent_gets_the_card_for_the_reviews(story):
    response = client_as(story, "uncovered_worker").get(url("case-review-list", story.case.pk))
    assert response.json()["card"]["id"] == story.case.pk


def test_a_stranger_asking_for_the_reviews_gets_the_404_of_a_missing_case(story):
    same_as_missing(story, get, lambda pk: url("case-review-list", pk), story.case.pk)
    same_as_missing(
        story, post(continue_body()), lambda pk: url("case-review-list", pk), story.case.pk
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_a_supervisor_of_the_intake_or_lead_agency_records_a_review(story, persona):
    response = client_as(story, persona).post(
        url("case-review-list", story.case.pk), continue_body(), format="json"
    )
    assert response.status_code == REVIEW_MATRIX[persona][1]
    assert not CaseReview.objects.exists()


def test_a_caseworker_recording_a_review_is_told_who_reviews(story):
    response = client_as(story, "owner_worker").post(
        url("case-review-list", story.case.pk), continue_body(), format="json"
    )
    assert response.json()["detail"] == en(reminder_access.REVIEWER_ONLY)


def test_a_supervisor_records_a_review_and_the_long_running_reminder_waits(story):
    reminder = make_reminder(story.case, story.hub, story.owner_worker)
    response = client_for(story.owner_supervisor).post(
        url("case-review-list", story.case.pk), continue_body(), format="json"
    )
    assert response.status_code == 201
    assert response.json()["reviewer"]["id"] == story.owner_supervisor.pk
    reminder.refresh_from_db()
    assert (reminder.status, reminder.snoozed_until.isoformat()) == ("snoozed", future(90))


def test_a_review_changing_the_lead_hands_it_over(story):
    body = {**CONTINUE, "decision": "lead", "new_lead": story.team_agency.pk}
    response = client_for(story.owner_supervisor).post(
        url("case-review-list", story.case.pk), body, format="json"
    )
    assert response.json()["new_lead"]["id"] == story.team_agency.pk
    story.case.refresh_from_db()
    assert story.case.lead_agency_id == story.team_agency.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**CONTINUE, "decision": "maybe"}, "decision"),
        ({k: v for k, v in CONTINUE.items() if k != "lead_is_right"}, "lead_is_right"),
        ({**CONTINUE, "continue_until": "三か月後"}, "continue_until"),
        ({**CONTINUE, "decision": "lead", "new_lead": "東部"}, "new_lead"),
    ],
)
def test_a_bad_review_is_a_400_on_its_field(story, body, field):
    response = client_for(story.owner_supervisor).post(
        url("case-review-list", story.case.pk), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_continuing_without_a_date_is_refused_in_the_services_words(story):
    response = client_for(story.owner_supervisor).post(
        url("case-review-list", story.case.pk), CONTINUE, format="json"
    )
    assert response.status_code == 400
    assert response.json()["continue_until"] == [en(services.UNTIL_REQUIRED)]


def test_changing_the_lead_without_one_is_refused_in_the_services_words(story):
    response = client_for(story.owner_supervisor).post(
        url("case-review-list", story.case.pk), {**CONTINUE, "decision": "lead"}, format="json"
    )
    assert response.json()["new_lead"] == [en(services.LEAD_REQUIRED)]


def test_an_unknown_new_lead_is_worded_as_a_missing_record(story):
    body = {**CONTINUE, "decision": "lead", "new_lead": 999_999}
    response = client_for(story.owner_supervisor).post(
        url("case-review-list", story.case.pk), body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["new_lead"] == [en(access.NOT_FOUND)]


@pytest.mark.parametrize("rows", [10, 50])
def test_the_review_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        review(story)
    client = client_for(story.owner_supervisor)
    # memberships, the case, the caller's permission rows for it, the access-log INSERT,
    # count, page (with reviewers and new leads)
    with django_assert_max_num_queries(6):
        assert len(listed_ids(client.get(url("case-review-list", story.case.pk)))) == rows


def test_a_meeting_grant_reader_is_refused_the_reviews(story):
    now = timezone.now()
    from cases import services as case_services

    case_services.grant_meeting_access(
        case=story.case,
        user=story.stranger,
        agency=story.other,
        source="支援会議 2026-12-01",
        starts_at=now,
        ends_at=now + dt.timedelta(days=14),
        meeting_starts_at=now,
        granted_by=story.hub_coordinator,
    )
    response = client_as(story, "stranger").get(url("case-review-list", story.case.pk))
    assert response.status_code == 403
    assert response.json()["detail"] == en(access.CHANGE_NEEDS_OWNER) % {
        "basis": en(access.Basis.MEETING.label)
    }
