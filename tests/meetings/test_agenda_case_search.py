"""A coordinator finds any case it may read and puts it on the agenda; the service's
consent and 106-6 rules still decide."""

import pytest
from django.urls import reverse

from cases.models import AccessLog
from tests.factories import open_case

pytestmark = pytest.mark.django_db


def _search(client, user, meeting, q, **headers):
    client.force_login(user)
    return client.get(
        reverse("meetings:agenda_case_search", args=[meeting.pk]), {"q": q}, **headers
    )


def test_a_new_case_not_among_the_suggestions_is_found_by_household_name(client, kit, story):
    meeting = kit.plan()
    new_case = open_case(worker=story.hub_worker, name="ササキ家")

    response = _search(client, kit.coordinator, meeting, "ｻｻｷ", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert new_case.reference in response.text


def test_the_case_is_found_by_its_number(client, kit, story):
    meeting = kit.plan()

    response = _search(client, kit.coordinator, meeting, story.case.reference)

    assert story.case.reference in response.text


def test_the_search_names_only_cases_the_coordinator_may_read(client, kit, story):
    meeting = kit.plan()
    hidden = open_case(worker=story.other_worker, name="佐々木家")

    response = _search(client, kit.coordinator, meeting, "佐々木")

    assert hidden.reference not in response.text


def test_a_found_case_is_logged_as_read(client, kit, story):
    meeting = kit.plan()

    _search(client, kit.coordinator, meeting, story.case.reference)

    assert AccessLog.objects.filter(
        user=kit.coordinator, kind="case", object_id=story.case.pk, action="search"
    ).exists()


def test_a_case_found_by_search_goes_on_the_agenda(client, kit, story):
    meeting = kit.plan()
    new_case = open_case(worker=story.hub_worker, name="佐々木家")
    client.force_login(kit.coordinator)

    client.post(
        reverse("meetings:agenda_add_case", args=[meeting.pk]),
        {"case": new_case.pk, "purpose": "plan"},
    )

    assert meeting.items.filter(case=new_case).exists()


def test_another_agencys_coordinator_gets_a_404(client, kit):
    meeting = kit.plan()

    assert _search(client, kit.other_coordinator, meeting, "山田").status_code == 404


def test_a_caseworker_who_does_not_run_the_meeting_is_refused(client, kit, story):
    meeting = kit.plan(invite=(story.team_worker,))

    assert _search(client, story.team_worker, meeting, "山田").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, kit):
    meeting = kit.plan()

    response = client.get(reverse("meetings:agenda_case_search", args=[meeting.pk]), {"q": "山"})

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
