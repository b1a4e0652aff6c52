"""The team, the lead (主導役), closure and reopening over REST, as a permission story
(tests/cases/conftest.py). Each write changes who can see the case: only the intake or lead
agency makes it (a supervisor decides on a closure), and access follows at once."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import access, services
from cases.models import Case, CaseTeam, Closure, LeadAssignment
from cases.services.closure import CASE_NOT_CLOSED, CLOSURE_PENDING, SUPERVISOR_ONLY
from cases.services.team import LEAD_UNCHANGED, OWNER_STAYS, TEAM_NOT_MEMBER
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
from tests.factories import AgencyFactory, StaffFactory, close_case

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def share_refusal(story) -> str:
    return en(access.SHARE_NEEDS_OWNER) % {
        "basis": en(access.Basis.CONSENT.label),
        "lead": story.hub.name,
    }


# --- team -------------------------------------------------------------------------------

#                   list  add   leave
TEAM_MATRIX = {
    "owner_worker":     (200, 201, 200),
    "team_worker":      (200, 403, 403),
    "uncovered_worker": (403, 403, 403),
    "stranger":         (404, 404, 404),
    "anonymous":        (401, 401, 401),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_team_list_is_for_readers_of_the_case(story, persona):
    response = client_as(story, persona).get(url("case-team-list", story.case.pk))
    assert response.status_code == TEAM_MATRIX[persona][0]


def test_the_team_list_says_which_agencies_read_the_details(story):
    rows = client_as(story, "team_worker").get(url("case-team-list", story.case.pk)).json()
    consent = {row["agency"]["id"]: row["consent"] for row in rows["results"]}
    assert consent == {
        story.hub.pk: "owner",
        story.team_agency.pk: "covered",
        story.uncovered_agency.pk: "missing",
    }
    lead = [row["agency"]["id"] for row in rows["results"] if row["is_lead"]]
    assert lead == [story.hub.pk]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_adds_an_agency_to_the_team(story, persona):
    newcomer = AgencyFactory(name="社会福祉協議会")
    response = client_as(story, persona).post(
        url("case-team-list", story.case.pk),
        {"agency": newcomer.pk, "role": "家計"},
        format="json",
    )
    assert response.status_code == TEAM_MATRIX[persona][1]
    joined = story.case.team.filter(agency=newcomer, left_on__isnull=True).exists()
    assert joined is (response.status_code == 201)


def test_a_consent_reader_adding_to_the_team_is_told_to_ask_the_lead(story):
    response = client_as(story, "team_worker").post(
        url("case-team-list", story.case.pk), {"agency": AgencyFactory().pk}, format="json"
    )
    assert response.json()["detail"] == share_refusal(story)


def test_a_new_team_agency_sees_the_card_and_the_join_is_in_history(story):
    newcomer = AgencyFactory(name="社会福祉協議会")
    response = client_as(story, "owner_worker").post(
        url("case-team-list", story.case.pk), {"agency": newcomer.pk}, format="json"
    )
    assert response.json()["consent"] == "missing"
    member = CaseTeam.objects.get(pk=response.json()["id"])
    entry = CaseTeam.history.get(id=member.pk)
    assert (entry.history_user, entry.history_change_reason) == (
        story.owner_worker,
        "joined the team",
    )
    newcomer_worker = client_for(StaffFactory(agency=newcomer))
    refused = newcomer_worker.get(url("case-detail", story.case.pk))
    assert (refused.status_code, refused.json()["card"]["id"]) == (403, story.case.pk)


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "agency"), ({"agency": 999_999}, "agency"), ({"agency": "東部"}, "agency")],
)
def test_a_bad_team_agency_is_a_400_on_agency(story, body, field):
    response = client_as(story, "owner_worker").post(
        url("case-team-list", story.case.pk), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_adding_an_agency_already_on_the_team_is_a_400_on_agency(story):
    response = client_as(story, "owner_worker").post(
        url("case-team-list", story.case.pk), {"agency": story.team_agency.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["agency"] == [en(services.team.TEAM_ALREADY)]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_takes_an_agency_off_the_team(story, persona):
    response = client_as(story, persona).post(
        url("case-team-leave", story.case.pk, story.uncovered_agency.pk)
    )
    assert response.status_code == TEAM_MATRIX[persona][2]
    left = not story.case.team.filter(agency=story.uncovered_agency, left_on=None).exists()
    assert left is (response.status_code == 200)


def test_an_agency_that_left_the_team_no_longer_knows_the_case(story):
    client_as(story, "owner_worker").post(
        url("case-team-leave", story.case.pk, story.team_agency.pk)
    )
    team = client_as(story, "team_worker")
    assert team.get(url("case-detail", story.case.pk)).status_code == 404
    entry = CaseTeam.history.filter(agency=story.team_agency).latest("history_date")
    assert entry.history_change_reason == "left the team"


@pytest.mark.parametrize(
    ("agency", "message"),
    [("hub", OWNER_STAYS), ("other", TEAM_NOT_MEMBER)],
)
def test_the_intake_agency_or_a_non_member_cannot_leave_and_it_is_a_400_on_agency(
    story, agency, message
):
    response = client_as(story, "owner_worker").post(
        url("case-team-leave", story.case.pk, getattr(story, agency).pk)
    )
    assert response.status_code == 400
    assert response.json()["agency"] == [en(message)]


def test_leaving_for_an_unknown_agency_is_a_404(story):
    response = client_as(story, "owner_worker").post(url("case-team-leave", story.case.pk, 99999))
    assert response.status_code == 404


def test_a_stranger_gets_the_404_of_a_missing_case_for_the_team(story):
    same_as_missing(story, get, lambda pk: url("case-team-list", pk), story.case.pk)
    same_as_missing(
        story,
        post(),
        lambda pk: url("case-team-leave", pk, story.uncovered_agency.pk),
        story.case.pk,
    )


# --- lead -------------------------------------------------------------------------------

#                   list  change
LEAD_MATRIX = {
    "owner_worker":     (200, 201),
    "team_worker":      (200, 403),
    "uncovered_worker": (403, 403),
    "stranger":         (404, 404),
    "anonymous":        (401, 401),
}  # fmt: skip


def hand_lead(story, agency, by=None, reason="主な課題が介護に移ったため"):
    return services.lead_change(
        actor=by or story.owner_worker, case=story.case, agency=agency, reason=reason
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_lead_history_is_for_readers_of_the_case(story, persona):
    response = client_as(story, persona).get(url("case-lead-list", story.case.pk))
    assert response.status_code == LEAD_MATRIX[persona][0]


def test_the_lead_history_shows_the_current_lead_first_and_every_earlier_one(story):
    hand_lead(story, story.team_agency)
    rows = client_as(story, "team_worker").get(url("case-lead-list", story.case.pk)).json()
    assert [(r["agency"]["id"], r["is_current"]) for r in rows["results"]] == [
        (story.team_agency.pk, True),
        (story.hub.pk, False),
    ]
    assert rows["results"][0]["reason"] == "主な課題が介護に移ったため"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_hands_over_the_lead(story, persona):
    response = client_as(story, persona).post(
        url("case-lead-list", story.case.pk),
        {"agency": story.team_agency.pk, "reason": "介護が中心になった", "decided_at": "6月の会議"},
        format="json",
    )
    assert response.status_code == LEAD_MATRIX[persona][1]
    story.case.refresh_from_db()
    assert (story.case.lead_agency_id == story.team_agency.pk) is (response.status_code == 201)


def test_a_consent_reader_handing_over_the_lead_is_told_to_ask_the_lead(story):
    response = client_as(story, "team_worker").post(
        url("case-lead-list", story.case.pk),
        {"agency": story.team_agency.pk, "reason": "理由"},
        format="json",
    )
    assert response.json()["detail"] == share_refusal(story)


def test_the_new_lead_may_change_the_case_at_once_and_the_change_is_in_history(story):
    newcomer = AgencyFactory(name="社会福祉協議会")
    response = client_as(story, "owner_worker").post(
        url("case-lead-list", story.case.pk),
        {"agency": newcomer.pk, "reason": "家計支援が中心になった"},
        format="json",
    )
    assert response.status_code == 201
    lead_worker = client_for(StaffFactory(agency=newcomer))
    detail = lead_worker.get(url("case-detail", story.case.pk)).json()
    assert detail["access"]["can_change"] is True
    assert story.case.team.filter(agency=newcomer, left_on__isnull=True).exists()
    entry = LeadAssignment.history.get(id=response.json()["id"])
    assert (entry.history_user, entry.history_change_reason) == (
        story.owner_worker,
        "lead changed",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "理由"}, "agency"),
        ({"agency": 999_999, "reason": "理由"}, "agency"),
        ({"agency": "team"}, "reason"),
        ({"agency": "team", "reason": "   "}, "reason"),
        ({"agency": "team", "reason": "理由", "decided_at": "x" * 201}, "decided_at"),
    ],
)
def test_a_bad_lead_change_is_a_400_on_its_field(story, body, field):
    if body.get("agency") == "team":
        body = {**body, "agency": story.team_agency.pk}
    response = client_as(story, "owner_worker").post(
        url("case-lead-list", story.case.pk), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert story.case.leads.count() == 1


def test_handing_the_lead_to_the_current_lead_is_a_400_on_agency(story):
    response = client_as(story, "owner_worker").post(
        url("case-lead-list", story.case.pk),
        {"agency": story.hub.pk, "reason": "理由"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["agency"] == [en(LEAD_UNCHANGED)]


def test_a_stranger_gets_the_404_of_a_missing_case_for_the_lead(story):
    same_as_missing(story, get, lambda pk: url("case-lead-list", pk), story.case.pk)
    same_as_missing(
        story,
        post({"agency": story.team_agency.pk, "reason": "理由"}),
        lambda pk: url("case-lead-list", pk),
        story.case.pk,
    )


# --- closure ----------------------------------------------------------------------------

#                   list  propose
CLOSURE_MATRIX = {
    "owner_worker":     (200, 201),
    "team_worker":      (200, 403),
    "uncovered_worker": (403, 403),
    "stranger":         (404, 404),
    "anonymous":        (401, 401),
}  # fmt: skip
DECIDERS = ("owner_supervisor", *PERSONAS)
#                   approve / send back
DECISION_MATRIX = {
    "owner_supervisor": 200,
    "owner_worker":     403,
    "team_worker":      403,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


@pytest.fixture
def proposal(story) -> Closure:
    return services.closure_propose(actor=story.owner_worker, case=story.case, reason="goals_met")


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_closure_list_is_for_readers_of_the_case(story, proposal, persona):
    response = client_as(story, persona).get(url("case-closure-list", story.case.pk))
    assert response.status_code == CLOSURE_MATRIX[persona][0]
    if response.status_code == 200:
        assert listed_ids(response) == [proposal.pk]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_proposes_closure(story, persona):
    response = client_as(story, persona).post(
        url("case-closure-list", story.case.pk),
        {"reason": "handed_over", "evaluation": "介護保険サービスへ移行"},
        format="json",
    )
    assert response.status_code == CLOSURE_MATRIX[persona][1]
    assert story.case.closures.exists() is (response.status_code == 201)


def test_a_proposal_waits_for_a_supervisor_and_is_in_history(story):
    response = client_as(story, "owner_worker").post(
        url("case-closure-list", story.case.pk), {"reason": "goals_met"}, format="json"
    )
    assert response.json()["status"] == "proposed"
    entry = Closure.history.get(id=response.json()["id"])
    assert (entry.history_user, entry.history_change_reason) == (
        story.owner_worker,
        "closure proposed",
    )
    story.case.refresh_from_db()
    assert story.case.is_open


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "reason"), ({"reason": "bored"}, "reason"), ({"reason": 3}, "reason")],
)
def test_a_bad_closure_proposal_is_a_400_on_its_field(story, body, field):
    response = client_as(story, "owner_worker").post(
        url("case-closure-list", story.case.pk), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_a_second_proposal_while_one_waits_is_a_400(story, proposal):
    response = client_as(story, "owner_worker").post(
        url("case-closure-list", story.case.pk), {"reason": "other"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [en(CLOSURE_PENDING)]


@pytest.mark.parametrize("persona", DECIDERS)
def test_only_a_supervisor_of_the_holder_approves_a_closure(story, proposal, persona):
    response = client_as(story, persona).post(
        url("closure-approve", proposal.pk), {"evaluation": "母は介護保険サービスへ"}, format="json"
    )
    assert response.status_code == DECISION_MATRIX[persona]
    story.case.refresh_from_db()
    assert (story.case.status == Case.Status.CLOSED) is (response.status_code == 200)


@pytest.mark.parametrize("persona", DECIDERS)
def test_only_a_supervisor_of_the_holder_sends_a_closure_back(story, proposal, persona):
    response = client_as(story, persona).post(
        url("closure-send-back", proposal.pk), {"note": "長男の支援が残っている"}, format="json"
    )
    assert response.status_code == DECISION_MATRIX[persona]
    proposal.refresh_from_db()
    assert (proposal.status == Closure.Status.REJECTED) is (response.status_code == 200)


def test_a_caseworker_deciding_on_a_closure_is_told_a_supervisor_must(story, proposal):
    response = client_as(story, "owner_worker").post(
        url("closure-approve", proposal.pk), {"evaluation": "評価"}, format="json"
    )
    assert response.json()["detail"] == en(SUPERVISOR_ONLY)


def test_an_approved_closure_closes_the_case_and_is_in_history(story, proposal):
    response = client_as(story, "owner_supervisor").post(
        url("closure-approve", proposal.pk), {"evaluation": "母は介護保険サービスへ"}, format="json"
    )
    body = response.json()
    assert (body["status"], body["decision_note"]) == ("approved", "母は介護保険サービスへ")
    assert Closure.history.filter(id=proposal.pk, history_change_reason="closure approved").exists()
    assert Case.history.filter(id=story.case.pk, status=Case.Status.CLOSED).exists()


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("closure-approve", {}, "evaluation"),
        ("closure-approve", {"evaluation": "  "}, "evaluation"),
        ("closure-send-back", {}, "note"),
    ],
)
def test_a_decision_without_its_reason_is_a_400_and_the_proposal_waits(
    story, proposal, name, body, field
):
    response = client_as(story, "owner_supervisor").post(
        url(name, proposal.pk), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    proposal.refresh_from_db()
    assert proposal.status == Closure.Status.PROPOSED


def test_a_decided_closure_cannot_be_decided_again(story, proposal):
    supervisor = client_as(story, "owner_supervisor")
    supervisor.post(url("closure-send-back", proposal.pk), {"note": "継続"}, format="json")
    response = supervisor.post(url("closure-approve", proposal.pk), {"evaluation": "評価"})
    assert response.status_code == 400


def test_a_stranger_gets_the_404_of_a_missing_closure(story, proposal):
    same_as_missing(story, get, lambda pk: url("case-closure-list", pk), story.case.pk)
    for name in ("closure-approve", "closure-send-back"):
        same_as_missing(
            story,
            post({"evaluation": "評価", "note": "理由"}),
            lambda pk, name=name: url(name, pk),
            proposal.pk,
        )


# --- reopening --------------------------------------------------------------------------

REOPEN_MATRIX = {
    "owner_worker":     200,
    "team_worker":      403,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


@pytest.fixture
def closed(story) -> Case:
    return close_case(case=story.case, worker=story.owner_worker, supervisor=story.owner_supervisor)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_intake_or_lead_agency_reopens_a_case(story, closed, persona):
    response = client_as(story, persona).post(
        url("case-reopen", closed.pk), {"reason": "長男から再度の相談"}, format="json"
    )
    assert response.status_code == REOPEN_MATRIX[persona]
    closed.refresh_from_db()
    assert closed.is_open is (response.status_code == 200)


def test_a_reopened_case_starts_again_at_intake_and_keeps_its_history(story, closed):
    response = client_as(story, "owner_worker").post(
        url("case-reopen", closed.pk),
        {"reason": "長男から再度の相談", "projects": ["consultation", "outreach"]},
        format="json",
    )
    body = response.json()
    assert (body["status"], sorted(body["projects"])) == ("received", ["consultation", "outreach"])
    entry = Case.history.filter(id=closed.pk).latest("history_date")
    assert entry.history_change_reason == "reopened: 長男から再度の相談"
    assert closed.closures.get().status == Closure.Status.APPROVED


@pytest.mark.parametrize(
    ("body", "field"), [({}, "reason"), ({"reason": "再開", "projects": ["golf"]}, "projects")]
)
def test_a_bad_reopening_is_a_400_on_its_field(story, closed, body, field):
    response = client_as(story, "owner_worker").post(
        url("case-reopen", closed.pk), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_reopening_an_open_case_is_a_400(story):
    response = client_as(story, "owner_worker").post(
        url("case-reopen", story.case.pk), {"reason": "再開"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [en(CASE_NOT_CLOSED)]


def test_a_stranger_gets_the_404_of_a_missing_case_for_reopening(story, closed):
    same_as_missing(story, post({"reason": "再開"}), lambda pk: url("case-reopen", pk), closed.pk)


# --- query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("rows", [10, 50])
def test_the_team_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for _ in range(rows - 3):  # the hub and the story's two team agencies are on it
        services.team_add(actor=story.owner_worker, case=story.case, agency=AgencyFactory())
    client = client_as(story, "team_worker")
    # memberships, the case, the caller's permission rows for it, the access-log INSERT,
    # count, page (with agencies), the active consents, the agencies they name
    with django_assert_max_num_queries(8):
        assert len(listed_ids(client.get(url("case-team-list", story.case.pk)))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_lead_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    agencies = [story.team_agency, story.hub]
    for n in range(rows - 1):
        hand_lead(story, agencies[n % 2])
    client = client_as(story, "team_worker")
    # memberships, the case, the caller's permission rows for it, the access-log INSERT,
    # count, page (with agencies and who decided)
    with django_assert_max_num_queries(6):
        assert len(listed_ids(client.get(url("case-lead-list", story.case.pk)))) == rows


@pytest.mark.parametrize("rows", [10, 50])
def test_the_closure_list_runs_a_constant_number_of_queries(
    story, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        closure = services.closure_propose(
            actor=story.owner_worker, case=story.case, reason="goals_met"
        )
        services.closure_send_back(actor=story.owner_supervisor, closure=closure, note="継続")
    client = client_as(story, "team_worker")
    # memberships, the case, the caller's permission rows for it, the access-log INSERT,
    # count, page (with who proposed and who decided)
    with django_assert_max_num_queries(6):
        assert len(listed_ids(client.get(url("case-closure-list", story.case.pk)))) == rows


# --- a reader under a 支援会議 grant (art. 106-6) ----------------------------------------


def grant_meeting_reading(story) -> None:
    now = timezone.now()
    services.grant_meeting_access(
        case=story.case,
        user=story.stranger,
        agency=story.other,
        source="支援会議 2026-12-01",
        starts_at=now,
        ends_at=now + dt.timedelta(days=14),
        meeting_starts_at=now,
        granted_by=story.hub_coordinator,
    )


@pytest.mark.parametrize("name", ["case-team-list", "case-lead-list"])
def test_a_meeting_grant_reader_sees_the_team_and_the_lead_of_the_summary(story, name):
    grant_meeting_reading(story)
    assert client_as(story, "stranger").get(url(name, story.case.pk)).status_code == 200


def test_a_meeting_grant_reader_sees_the_current_lead_but_not_the_handovers(story):
    hand_lead(story, story.team_agency, reason="前の主導役への引継ぎの経緯")
    grant_meeting_reading(story)
    response = client_as(story, "stranger").get(url("case-lead-list", story.case.pk))
    rows = response.json()["results"]
    assert [row["agency"]["id"] for row in rows] == [story.team_agency.pk]
    assert all(row["is_current"] for row in rows)


@pytest.mark.parametrize(
    "name",
    ["case-concern-list", "case-assessment-list", "case-support-plan-list", "case-closure-list"],
)
def test_a_meeting_grant_reader_is_told_the_records_need_consent(story, name):
    grant_meeting_reading(story)
    response = client_as(story, "stranger").get(url(name, story.case.pk))
    assert response.status_code == 403
    assert response.json()["detail"] == en(access.GRANT_SUMMARY_ONLY)


def test_a_meeting_grant_reader_cannot_change_the_team(story):
    grant_meeting_reading(story)
    response = client_as(story, "stranger").post(
        url("case-team-list", story.case.pk), {"agency": story.other.pk}, format="json"
    )
    assert response.status_code == 403
    assert not story.case.team.filter(agency=story.other).exists()


# --- OpenAPI ----------------------------------------------------------------------------


def test_the_schema_documents_every_case_record_endpoint(story):
    response = client_for(story.owner_worker).get(reverse("api-schema"))
    assert response.status_code == 200
    for path in (
        "/api/v1/cases/{id}/concerns/",
        "/api/v1/cases/{id}/assessments/",
        "/api/v1/cases/{id}/support-plans/",
        "/api/v1/plan-actions/{id}/",
        "/api/v1/cases/{id}/team/",
        "/api/v1/cases/{id}/team/{agency_id}/leave/",
        "/api/v1/cases/{id}/leads/",
        "/api/v1/cases/{id}/closures/",
        "/api/v1/closures/{id}/approve/",
        "/api/v1/closures/{id}/send-back/",
        "/api/v1/cases/{id}/reopen/",
        "/api/v1/households/{id}/members/",
        "/api/v1/persons/{id}/move/",
    ):
        assert path.encode() in response.content, path
