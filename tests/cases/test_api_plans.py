"""Concerns, assessments, support plans and their actions over REST, as a permission story
(tests/cases/conftest.py): the intake agency's caseworker, the team agency covered by the
mother's consent, the team agency the consent does not name, a stranger, anonymous."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from cases import access, services
from cases.models import Assessment, Concern, PlanAction, SupportPlan
from cases.services.plans import NOT_RESPONSIBLE, ActionData
from core.history import reason_text
from tests.cases.case_api import PERSONAS, client_as, en, get, listed_ids, same_as_missing, url
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def mother(story):
    return story.consent.person


def son(story):
    return story.case.household.memberships.exclude(person=story.consent.person).get().person


def make_plan(story, *, responsible=None) -> SupportPlan:
    return services.plan_create(
        actor=story.owner_worker,
        case=story.case,
        goals="母の介護サービス利用と長男の就労準備",
        review_on=timezone.localdate() + dt.timedelta(days=90),
        actions=[
            ActionData(description="介護認定の申請", responsible_agency=responsible or story.hub)
        ],
    )


# --- concerns ---------------------------------------------------------------------------

#                   list  create (household-level)
CONCERN_MATRIX = {
    "owner_worker":     (200, 201),
    "team_worker":      (200, 201),
    "uncovered_worker": (403, 403),
    "stranger":         (404, 404),
    "anonymous":        (401, 401),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_concern_list_is_for_readers_of_the_case(story, persona):
    response = client_as(story, persona).get(url("case-concern-list", story.case.pk))
    assert response.status_code == CONCERN_MATRIX[persona][0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_agency_that_reads_the_case_records_a_household_concern(story, persona):
    response = client_as(story, persona).post(
        url("case-concern-list", story.case.pk), {"category": "isolation"}, format="json"
    )
    assert response.status_code == CONCERN_MATRIX[persona][1]
    assert Concern.objects.filter(case=story.case).exists() is (response.status_code == 201)


def test_a_recorded_concern_is_in_history_under_the_caller(story):
    response = client_as(story, "team_worker").post(
        url("case-concern-list", story.case.pk),
        {"category": "care", "person": mother(story).pk, "note": "介護負担が大きい"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["person"]["id"] == mother(story).pk
    entry = Concern.history.get(id=response.json()["id"])
    assert (entry.history_user, entry.history_change_reason) == (
        story.team_worker,
        "concern recorded",
    )


def test_a_consent_reader_does_not_see_concerns_about_a_member_its_consent_does_not_cover(story):
    about_son = services.concern_add(
        actor=story.owner_worker, case=story.case, category="hikikomori", person=son(story)
    )
    household = services.concern_add(actor=story.owner_worker, case=story.case, category="poverty")
    team = listed_ids(client_as(story, "team_worker").get(url("case-concern-list", story.case.pk)))
    owner = listed_ids(
        client_as(story, "owner_worker").get(url("case-concern-list", story.case.pk))
    )
    assert team == [household.pk]
    assert sorted(owner) == sorted([household.pk, about_son.pk])


def test_a_consent_reader_recording_a_concern_about_an_uncovered_member_is_told_why(story):
    response = client_as(story, "team_worker").post(
        url("case-concern-list", story.case.pk),
        {"category": "hikikomori", "person": son(story).pk},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == en(access.MEMBER_NOT_COVERED) % {"person": son(story)}
    assert not Concern.objects.exists()


def test_a_team_agency_without_consent_gets_the_reason_and_the_card(story):
    body = client_as(story, "uncovered_worker").get(url("case-concern-list", story.case.pk)).json()
    assert body["detail"].startswith(f"{story.uncovered_agency.name} is on this case's team")
    assert body["card"]["id"] == story.case.pk


def test_a_stranger_gets_the_404_of_a_missing_case_for_concerns(story):
    same_as_missing(story, get, lambda pk: url("case-concern-list", pk), story.case.pk)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"category": "astrology"}, "category"),
        ({}, "category"),
        ({"category": "care", "person": 999_999}, "person"),
    ],
)
def test_a_bad_concern_is_a_400_on_its_field(story, body, field):
    response = client_as(story, "owner_worker").post(
        url("case-concern-list", story.case.pk), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_a_concern_about_someone_outside_the_household_is_a_400_on_person(story):
    outsider = services.household_create(
        actor=story.owner_worker,
        name="田中家",
        members=[services.households.PersonData(family_name="田中", relation="head")],
    )
    person = outsider.memberships.get().person
    response = client_as(story, "owner_worker").post(
        url("case-concern-list", story.case.pk),
        {"category": "care", "person": person.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "person" in response.json()


# --- assessments ------------------------------------------------------------------------

#                   list  create
ASSESSMENT_MATRIX = {
    "owner_worker":     (200, 201),
    "team_worker":      (200, 403),
    "uncovered_worker": (403, 403),
    "stranger":         (404, 404),
    "anonymous":        (401, 401),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_assessment_list_is_for_readers_of_the_case(story, persona):
    response = client_as(story, persona).get(url("case-assessment-list", story.case.pk))
    assert response.status_code == ASSESSMENT_MATRIX[persona][0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_records_an_assessment(story, persona):
    response = client_as(story, persona).post(
        url("case-assessment-list", story.case.pk),
        {"summary": "母の要介護度が上がり、長男は外出できていない。"},
        format="json",
    )
    assert response.status_code == ASSESSMENT_MATRIX[persona][1]
    assert Assessment.objects.exists() is (response.status_code == 201)


def test_a_reader_recording_an_assessment_is_told_who_may(story):
    response = client_as(story, "team_worker").post(
        url("case-assessment-list", story.case.pk), {"summary": "所見"}, format="json"
    )
    assert response.json()["detail"].startswith("Only the intake agency or the lead agency")
    assert "card" not in response.json()


def test_each_assessment_is_a_new_version_and_in_history(story):
    client = client_as(story, "owner_worker")
    first = client.post(url("case-assessment-list", story.case.pk), {"summary": "初回"})
    second = client.post(url("case-assessment-list", story.case.pk), {"summary": "再評価"})
    assert (first.json()["number"], second.json()["number"]) == (1, 2)
    listed = client.get(url("case-assessment-list", story.case.pk)).json()["results"]
    assert [row["number"] for row in listed] == [2, 1]
    assert Assessment.history.get(id=second.json()["id"]).history_user == story.owner_worker


def test_a_stranger_gets_the_404_of_a_missing_case_for_assessments(story):
    same_as_missing(story, get, lambda pk: url("case-assessment-list", pk), story.case.pk)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "summary"),
        ({"summary": "所見", "assessed_on": "2999-01-01"}, "assessed_on"),
        ({"summary": "所見", "assessed_on": "not a date"}, "assessed_on"),
    ],
)
def test_a_bad_assessment_is_a_400_on_its_field(story, body, field):
    response = client_as(story, "owner_worker").post(
        url("case-assessment-list", story.case.pk), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


# --- support plans ----------------------------------------------------------------------

#                   list  create
PLAN_MATRIX = {
    "owner_worker":     (200, 201),
    "team_worker":      (200, 403),
    "uncovered_worker": (403, 403),
    "stranger":         (404, 404),
    "anonymous":        (401, 401),
}  # fmt: skip


def plan_body(story, **overrides) -> dict:
    body = {
        "goals": "母の介護サービス利用",
        "review_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "actions": [
            {"description": "介護認定の申請", "responsible_agency": story.team_agency.pk},
            {
                "description": "就労準備支援の紹介",
                "responsible_agency": story.hub.pk,
                "due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            },
        ],
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_support_plan_list_is_for_readers_of_the_case(story, persona):
    response = client_as(story, persona).get(url("case-support-plan-list", story.case.pk))
    assert response.status_code == PLAN_MATRIX[persona][0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_makes_a_support_plan(story, persona):
    response = client_as(story, persona).post(
        url("case-support-plan-list", story.case.pk), plan_body(story), format="json"
    )
    assert response.status_code == PLAN_MATRIX[persona][1]
    assert SupportPlan.objects.exists() is (response.status_code == 201)


def test_a_new_plan_supersedes_the_one_in_effect_and_keeps_its_actions(story):
    earlier = make_plan(story)
    response = client_as(story, "owner_worker").post(
        url("case-support-plan-list", story.case.pk), plan_body(story), format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["status"]) == (2, "active")
    # in the model's order (by due date: where an undated action goes depends on the database)
    assert {(a["description"], a["responsible_agency"]["id"]) for a in body["actions"]} == {
        ("介護認定の申請", story.team_agency.pk),
        ("就労準備支援の紹介", story.hub.pk),
    }
    earlier.refresh_from_db()
    assert earlier.status == SupportPlan.Status.SUPERSEDED
    assert SupportPlan.history.filter(
        id=earlier.pk, history_change_reason="superseded by a new plan"
    ).exists()


def test_a_stranger_gets_the_404_of_a_missing_case_for_support_plans(story):
    same_as_missing(story, get, lambda pk: url("case-support-plan-list", pk), story.case.pk)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"goals": ""}, "goals"),
        ({"review_on": "someday"}, "review_on"),
        ({"actions": [{"description": "申請", "responsible_agency": 999_999}]}, "actions"),
        ({"actions": [{"responsible_agency": 1}]}, "actions"),
    ],
)
def test_a_bad_support_plan_is_a_400_on_its_field_and_nothing_is_saved(story, change, field):
    response = client_as(story, "owner_worker").post(
        url("case-support-plan-list", story.case.pk), plan_body(story, **change), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not SupportPlan.objects.exists()


def test_a_plan_with_more_actions_than_the_page_allows_is_a_400_on_actions(story):
    actions = [{"description": "申請", "responsible_agency": story.hub.pk}] * 21
    response = client_as(story, "owner_worker").post(
        url("case-support-plan-list", story.case.pk),
        plan_body(story, actions=actions),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["actions"] == ["A plan has at most 20 actions."]


# --- plan actions -----------------------------------------------------------------------

#   the team agency is responsible for the action; the hub (intake agency) holds the case
ACTION_MATRIX = {
    "owner_worker":     200,
    "team_worker":      200,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_responsible_agency_or_the_holder_reports_progress_on_an_action(story, persona):
    action = make_plan(story, responsible=story.team_agency).actions.get()
    response = client_as(story, persona).patch(
        url("plan-action-detail", action.pk), {"status": "doing"}, format="json"
    )
    assert response.status_code == ACTION_MATRIX[persona]
    action.refresh_from_db()
    assert (action.status == PlanAction.Status.DOING) is (response.status_code == 200)


def test_a_reader_not_responsible_for_the_action_is_told_who_may(story):
    action = make_plan(story, responsible=AgencyFactory()).actions.get()
    response = client_as(story, "team_worker").patch(
        url("plan-action-detail", action.pk), {"status": "done"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == en(NOT_RESPONSIBLE)


def test_a_status_change_is_in_history_under_the_caller(story):
    action = make_plan(story, responsible=story.team_agency).actions.get()
    response = client_as(story, "team_worker").patch(
        url("plan-action-detail", action.pk), {"status": "done"}, format="json"
    )
    assert response.json()["status"] == "done"
    entry = PlanAction.history.filter(id=action.pk).latest("history_date")
    assert (entry.history_user, entry.history_change_reason) == (
        story.team_worker,
        "action status: Done",
    )
    with translation.override("ja"):
        assert reason_text(entry.history_change_reason) == "取組の状況: 完了"


def test_a_stranger_gets_the_404_of_a_missing_action(story):
    action = make_plan(story).actions.get()
    same_as_missing(
        story,
        lambda client, path: client.patch(path, {"status": "done"}, format="json"),
        lambda pk: url("plan-action-detail", pk),
        action.pk,
    )


@pytest.mark.parametrize("body", [{"status": "finished"}, {}])
def test_an_unknown_action_status_is_a_400_on_status(story, body):
    action = make_plan(story).actions.get()
    response = client_as(story, "owner_worker").patch(
        url("plan-action-detail", action.pk), body, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()


# --- query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("rows", [10, 50])
def test_the_concern_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        services.concern_add(
            actor=story.owner_worker, case=story.case, category="care", person=mother(story)
        )
    client = client_as(story, "team_worker")
    # memberships, the case, the caller's permission rows for it (agency and personal, one
    # UNION), the access-log INSERT for the case, count, page (with persons)
    with django_assert_max_num_queries(6):
        assert len(listed_ids(client.get(url("case-concern-list", story.case.pk)))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_assessment_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for n in range(rows):
        services.assessment_record(actor=story.owner_worker, case=story.case, summary=f"第{n}版")
    client = client_as(story, "team_worker")
    # as for concerns: the page with agencies and authors
    with django_assert_max_num_queries(6):
        assert len(listed_ids(client.get(url("case-assessment-list", story.case.pk)))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_support_plan_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        make_plan(story, responsible=story.team_agency)
    client = client_as(story, "team_worker")
    # as for concerns, and the plans' actions with their responsible agencies
    with django_assert_max_num_queries(7):
        assert len(listed_ids(client.get(url("case-support-plan-list", story.case.pk)))) == rows
