""" "Who read this case" on the case page: shown to the supervisors of the intake and lead
agencies only, computed for nobody else."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from agencies import services as agency_services
from agencies.models import Membership
from cases import access, services
from cases.models import AccessLog
from reports import audit, views_audit
from tests.factories import StaffFactory
from tests.reports.audit_story import auditor_at, both_read, read_case_page

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

PANEL = "reports/_case_readers.html"


def case_page(client, user, case):
    client.force_login(user)
    return client.get(reverse("cases:detail", args=[case.pk]))


def panel_of(response) -> dict | None:
    return next((p for p in response.context["panels"] if p["template"] == PANEL), None)


def test_the_intake_supervisor_sees_who_read_the_case_by_user_and_agency(client, story):
    both_read(client, story)
    read_case_page(client, story.team_worker, story.case)
    panel = panel_of(case_page(client, story.owner_supervisor, story.case))
    lines = {(r.username, r.agency, r.reads) for r in panel["readers"]}
    assert (story.team_worker.username, story.team_agency.name, 2) in lines
    assert (story.owner_worker.username, story.hub.name, 1) in lines


def test_the_panel_names_the_basis_and_channel_in_words(client, story):
    read_case_page(client, story.team_worker, story.case)
    panel = panel_of(case_page(client, story.owner_supervisor, story.case))
    line = next(r for r in panel["readers"] if r.username == story.team_worker.username)
    assert line.basis == str(access.Basis.CONSENT.label)
    assert line.channel == str(AccessLog.Channel.WEB.label)


def test_the_lead_agencys_supervisor_sees_who_read_the_case(client, story):
    services.lead_change(
        actor=story.owner_worker, case=story.case, agency=story.team_agency, reason="介護中心"
    )
    lead_supervisor = StaffFactory(agency=story.team_agency, role=Membership.Role.SUPERVISOR)
    response = case_page(client, lead_supervisor, story.case)
    assert response.status_code == 200
    assert panel_of(response) is not None


@pytest.mark.parametrize("persona", ["owner_worker", "hub_coordinator", "team_worker"])
def test_nobody_but_those_supervisors_sees_the_panel(client, story, persona):
    response = case_page(client, getattr(story, persona), story.case)
    assert response.status_code == 200
    assert panel_of(response) is None


def test_a_team_agencys_supervisor_does_not_see_the_panel(client, story):
    team_supervisor = StaffFactory(agency=story.team_agency, role=Membership.Role.SUPERVISOR)
    response = case_page(client, team_supervisor, story.case)
    assert response.status_code == 200
    assert panel_of(response) is None


def test_another_agencys_staff_still_get_the_404_of_the_case_page(client, story):
    other_supervisor = StaffFactory(agency=story.other, role=Membership.Role.SUPERVISOR)
    assert case_page(client, other_supervisor, story.case).status_code == 404


def test_the_readers_are_not_computed_for_anyone_else(client, story, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("computed for a reader who may not see it")

    monkeypatch.setattr(audit, "case_readers", refuse)
    assert case_page(client, story.owner_worker, story.case).status_code == 200


def test_the_panel_links_to_the_read_log_only_for_a_supervisor_who_is_a_privacy_officer(
    client, story
):
    supervisor = story.owner_supervisor
    assert panel_of(case_page(client, supervisor, story.case))["viewer"] == ""
    agency_services.membership_add(
        actor=None, agency=story.uncovered_agency, user=supervisor, role=Membership.Role.AUDITOR
    )
    viewer = panel_of(case_page(client, supervisor, story.case))["viewer"]
    assert viewer == f"{reverse('reports:audit')}?{urlencode({'case': story.case.reference})}"


def test_the_privacy_officers_review_is_left_out_of_the_panel(client, story):
    officer = auditor_at(story.hub)
    client.force_login(officer)
    assert client.get(reverse("reports:audit"), {"case": story.case.reference}).status_code == 200
    panel = panel_of(case_page(client, story.owner_supervisor, story.case))
    assert officer.username not in {r.username for r in panel["readers"]}


@pytest.mark.parametrize("readers", [10, 50])
def test_the_panel_costs_one_query_whatever_the_number_of_readers(
    rf, story, readers, django_assert_num_queries
):
    for _ in range(readers):
        access.log_reads(StaffFactory(agency=story.hub), [story.case])
    request = rf.get("/")
    request.user = story.owner_supervisor
    access.case_memberships(request.user)  # read once per request, by the page already
    with django_assert_num_queries(1):  # the aggregate of the case's reads
        panel = views_audit.case_panel(request, story.case)
    assert len(panel["readers"]) == min(readers, audit.CASE_READERS_MAX)
