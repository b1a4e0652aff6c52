"""Planned contacts (予定): planned ahead, seen by the planning agency only, turned into a
consultation record when they happen."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Consultation
from planning import services
from planning.models import PlannedContact
from planning.services import IN_THE_PAST, NOT_OPEN, PlanData

pytestmark = pytest.mark.django_db


def _next_week() -> dt.datetime:
    return (timezone.localtime() + dt.timedelta(days=7)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )


def _plan(story, user=None, **overrides) -> PlannedContact:
    data = PlanData(
        starts_at=_next_week(), mode="home_visit", place="自宅", purpose="母の受診同行の相談"
    )
    for name, value in overrides.items():
        setattr(data, name, value)
    return services.planned_contact_create(
        actor=user or story.owner_worker, case=story.case, data=data
    )


def _form(**overrides) -> dict:
    return {
        "starts_at": _next_week().strftime("%Y-%m-%dT%H:%M"),
        "minutes": "60",
        "mode": "home_visit",
        "place": "自宅",
        "purpose": "生活状況の確認",
        **overrides,
    }


def test_a_worker_plans_a_home_visit_next_week_from_the_case(client, story):
    client.force_login(story.owner_worker)

    response = client.post(reverse("planning:new", args=[story.case.pk]), _form())

    assert response.status_code == 302
    assert response["Location"].endswith("#tab-timeline")
    planned = PlannedContact.objects.get(case=story.case)
    assert planned.worker == story.owner_worker
    assert planned.agency == story.case.owner_agency
    assert planned.history.get().history_change_reason == "contact planned"


def test_a_time_in_the_past_is_a_form_error_and_nothing_is_saved(client, story):
    client.force_login(story.owner_worker)
    yesterday = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("planning:new", args=[story.case.pk]), _form(starts_at=yesterday)
    )

    assert response.status_code == 200
    assert str(IN_THE_PAST) in response.content.decode()
    assert not PlannedContact.objects.exists()


def test_another_agency_cannot_plan_on_a_case_it_does_not_know(client, story):
    client.force_login(story.stranger)
    assert client.get(reverse("planning:new", args=[story.case.pk])).status_code == 404
    assert client.post(reverse("planning:new", args=[story.case.pk]), _form()).status_code == 404


def test_a_team_agency_without_consent_is_refused_with_the_reason(client, story):
    client.force_login(story.uncovered_worker)

    response = client.post(reverse("planning:new", args=[story.case.pk]), _form())

    assert response.status_code == 403
    assert "同意" in response.content.decode()
    assert not PlannedContact.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, story):
    planned = _plan(story)
    for name, args in (("new", [story.case.pk]), ("done", [planned.pk]), ("calendar", [])):
        response = client.get(reverse(f"planning:{name}", args=args))
        assert response.status_code == 302
        assert "/login" in response["Location"] or "/accounts/" in response["Location"]


def test_a_covered_team_agency_plans_its_own_visit(client, story):
    client.force_login(story.team_worker)

    response = client.post(reverse("planning:new", args=[story.case.pk]), _form())

    assert response.status_code == 302
    assert PlannedContact.objects.get().agency == story.team_agency


def test_a_planned_contact_is_seen_only_by_the_agency_that_planned_it(client, story):
    planned = _plan(story)
    for outsider in (story.team_worker, story.stranger):
        client.force_login(outsider)
        assert client.get(reverse("planning:done", args=[planned.pk])).status_code == 404
        page = client.get(reverse("cases:detail", args=[story.case.pk]))
        assert "母の受診同行の相談" not in page.content.decode()


def test_the_plan_shows_on_the_case_page_the_home_page_and_the_calendar(client, story):
    planned = _plan(story)
    client.force_login(story.owner_worker)
    month = timezone.localtime(planned.starts_at).strftime("%Y-%m")

    case_page = client.get(reverse("cases:detail", args=[story.case.pk])).content.decode()
    home = client.get(reverse("home")).content.decode()
    calendar = client.get(reverse("planning:calendar"), {"month": month}).content.decode()

    assert "母の受診同行の相談" in case_page
    assert reverse("planning:done", args=[planned.pk]) in home
    assert reverse("planning:done", args=[planned.pk]) in calendar


def test_recording_the_plan_as_done_logs_the_consultation_and_closes_the_plan(client, story):
    planned = _plan(story)
    client.force_login(story.owner_worker)
    occurred = timezone.localtime().replace(second=0, microsecond=0)

    response = client.post(
        reverse("planning:done", args=[planned.pk]),
        {
            "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
            "mode": "home_visit",
            "minutes": "50",
            "narrative": "予定どおり訪問。母は受診に同意。",
            "projects": ["consultation"],
        },
    )

    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == PlannedContact.Status.DONE
    assert planned.consultation.narrative == "予定どおり訪問。母は受診に同意。"
    assert planned.consultation.agency == planned.agency


def test_a_plan_already_done_cannot_be_done_again(story):
    planned = _plan(story)
    from cases.services.consultations import ConsultationData

    record = ConsultationData(occurred_at=timezone.now(), mode="phone", narrative="電話で確認")
    services.planned_contact_done(actor=story.owner_worker, planned=planned, record=record)

    with pytest.raises(ValidationError) as refusal:
        services.planned_contact_done(actor=story.owner_worker, planned=planned, record=record)
    assert str(NOT_OPEN) in refusal.value.messages
    assert Consultation.objects.filter(narrative="電話で確認").count() == 1


def test_a_cancelled_plan_leaves_the_lists_with_its_reason_in_history(client, story):
    planned = _plan(story)
    client.force_login(story.owner_worker)

    response = client.post(
        reverse("planning:cancel", args=[planned.pk]),
        {"reason": "本人の体調不良", "version": planned.version},
    )

    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == PlannedContact.Status.CANCELLED
    assert "本人の体調不良" in planned.history.first().history_change_reason
    home = client.get(reverse("home")).content.decode()
    assert reverse("planning:done", args=[planned.pk]) not in home


def test_a_stale_change_does_not_overwrite_a_newer_one(client, story):
    planned = _plan(story)
    client.force_login(story.owner_worker)
    url = reverse("planning:edit", args=[planned.pk])
    client.post(url, _form(place="公民館", version=planned.version))

    response = client.post(url, _form(place="駅前", version=planned.version))

    assert response.status_code == 200
    planned.refresh_from_db()
    assert planned.place == "公民館"


def test_a_team_agency_whose_consent_was_withdrawn_is_refused_its_own_plan(client, story):
    planned = _plan(story, user=story.team_worker)
    case_services.consent_withdraw(
        actor=story.owner_worker, consent=story.consent, reason="本人の申し出"
    )
    client.force_login(story.team_worker)

    response = client.get(reverse("planning:done", args=[planned.pk]))

    assert response.status_code == 403


@pytest.mark.parametrize("size", [2, 12])
def test_the_calendar_runs_the_same_queries_whatever_the_number_of_plans(
    client, story, size, django_assert_max_num_queries
):
    start = _next_week()
    for i in range(size):
        _plan(story, starts_at=start + dt.timedelta(hours=i))
    client.force_login(story.owner_worker)
    client.get(reverse("planning:calendar"))  # warm the session and permission caches
    with django_assert_max_num_queries(14):
        response = client.get(reverse("planning:calendar"), {"month": start.strftime("%Y-%m")})
    assert response.content.decode().count("planned status-planned") >= size


def _sweep(day: dt.date) -> None:
    from reminders import services as reminder_services

    reminder_services.sweep(today=day, kinds={"planned"})


def test_a_plan_whose_day_passed_unrecorded_reminds_its_worker(story):
    from reminders.models import Reminder

    planned = _plan(story)
    day = timezone.localtime(planned.starts_at).date()

    _sweep(day)
    assert not Reminder.objects.filter(kind="planned").exists()
    _sweep(day + dt.timedelta(days=1))

    reminder = Reminder.objects.get(kind="planned")
    assert reminder.user == story.owner_worker
    assert reminder.agency == planned.agency
    assert reminder.due_on == day
    assert "母の受診同行" not in reminder.message


def test_recording_the_plan_resolves_its_reminder_at_the_next_sweep(story):
    from cases.services.consultations import ConsultationData
    from reminders.models import Reminder

    planned = _plan(story)
    day = timezone.localtime(planned.starts_at).date()
    _sweep(day + dt.timedelta(days=1))
    record = ConsultationData(occurred_at=timezone.now(), mode="phone", narrative="電話で確認")
    services.planned_contact_done(actor=story.owner_worker, planned=planned, record=record)

    _sweep(day + dt.timedelta(days=2))

    assert Reminder.objects.get(kind="planned").status == Reminder.Status.RESOLVED
