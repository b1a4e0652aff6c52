"""名寄せ over REST (cases/api/matching_views.py): the match check says of a record the caller
may not read only `elsewhere`, in the same leak-free shape as the intake page; the requests
to the hub are the requester's to send and withdraw and the hub coordinators' to answer."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import MatchRequest
from cases.services import matching
from tests.cases.conftest import MATCH_BIRTH

pytestmark = pytest.mark.django_db

TYPED = {
    "family_name": "佐藤",
    "given_name": "華子",
    "family_name_kana": "サトウ",
    "given_name_kana": "ハナコ",
    "birth_date": MATCH_BIRTH.isoformat(),
}


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def leaks(body: str, person) -> list[str]:
    """What the body tells of the record: its names, household, agency or phones."""
    told = ["花子", "佐藤家", person.owner_agency.name, "9999-1234", "99-1234"]
    return [fact for fact in told if fact in body]


def ids(body: object) -> set[int]:
    """Every id in the body (the record's or its household's must not be among them)."""
    if isinstance(body, dict):
        found = {body["id"]} if isinstance(body.get("id"), int) else set()
        return found.union(*(ids(v) for v in body.values()))
    if isinstance(body, list):
        return set().union(*(ids(v) for v in body))
    return set()


def own_ids(request: MatchRequest) -> set[int]:
    """The ids a request's row may name: its own, the requesting agency's and the hub's."""
    return {request.pk, request.agency_id, request.hub_id}


@pytest.fixture
def sent(match_requester, match_record):
    return matching.match_request_create(
        actor=match_requester, data=matching.MatchData(**{**TYPED, "birth_date": MATCH_BIRTH})
    )


def test_the_check_shows_the_holder_its_own_record(people, match_record):
    body = api(people.other_worker).post(reverse("api:match-check"), TYPED, format="json").json()
    assert [m["person"]["id"] for m in body["matches"]] == [match_record.pk]
    assert body["elsewhere"] is False


def test_the_check_says_only_elsewhere_of_a_record_the_caller_may_not_read(
    match_requester, match_record
):
    response = api(match_requester).post(reverse("api:match-check"), TYPED, format="json")
    body = response.json()
    assert (body["matches"], body["elsewhere"]) == ([], True)
    assert leaks(json.dumps(body, ensure_ascii=False), match_record) == []
    assert ids(body) == set()


def test_the_check_is_silent_about_another_agencys_confidential_record(
    match_requester, match_record
):
    match_record.address_confidential = True
    match_record.save()
    body = api(match_requester).post(reverse("api:match-check"), TYPED, format="json").json()
    assert body == {"matches": [], "elsewhere": False, "message": None}


def test_the_check_refuses_an_anonymous_caller():
    assert api().post(reverse("api:match-check"), TYPED, format="json").status_code == 401


def test_the_check_refuses_an_account_without_a_case_role(people):
    response = api(people.other_admin).post(reverse("api:match-check"), TYPED, format="json")
    assert response.status_code == 403


def test_a_bad_birth_date_is_a_400_on_the_field(people):
    data = {**TYPED, "birth_date": "R8.1.1"}
    response = api(people.other_worker).post(reverse("api:match-check"), data, format="json")
    assert response.status_code == 400
    assert "birth_date" in response.json()


def test_the_requester_sends_a_request_without_learning_the_candidates(
    people, match_requester, match_record
):
    response = api(match_requester).post(reverse("api:match-request-list"), TYPED, format="json")
    assert response.status_code == 201
    assert list(MatchRequest.objects.get().candidates.all()) == [match_record]
    assert response.json()["holding_agencies"] is None
    assert leaks(json.dumps(response.json(), ensure_ascii=False), match_record) == []
    assert ids(response.json()) <= own_ids(MatchRequest.objects.get())


def test_a_request_with_nothing_to_connect_is_a_400(people, match_record):
    response = api(people.other_worker).post(
        reverse("api:match-request-list"), TYPED, format="json"
    )
    assert response.status_code == 400


def test_the_requester_lists_its_requests_without_the_holders(match_requester, sent, match_record):
    body = api(match_requester).get(reverse("api:match-request-list")).json()
    assert [r["id"] for r in body["results"]] == [sent.pk]
    assert leaks(json.dumps(body, ensure_ascii=False), match_record) == []
    assert ids(body) <= own_ids(sent)


def test_the_hub_lists_the_holding_agencies_by_name_only(people, sent, match_record):
    body = api(people.hub_coordinator).get(reverse("api:match-request-list")).json()
    assert body["results"][0]["holding_agencies"] == [people.other.name]
    text = json.dumps(body, ensure_ascii=False)
    assert [f for f in leaks(text, match_record) if f != people.other.name] == []
    assert ids(body) <= own_ids(sent)


def test_another_agency_does_not_see_the_request(people, sent):
    assert api(people.other_worker).get(reverse("api:match-request-list")).json()["results"] == []


def test_the_hub_connects(people, sent):
    url = reverse("api:match-request-connect", args=[sent.pk])
    response = api(people.hub_coordinator).post(url, {"answer": "担当同士で連絡"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "connected")


def test_the_hub_answers_no_match(people, sent):
    url = reverse("api:match-request-no-match", args=[sent.pk])
    response = api(people.hub_supervisor).post(url, {"answer": "別人でした"}, format="json")
    assert response.json()["status"] == "no_match"


def test_the_requester_may_not_connect_its_own_request(match_requester, sent):
    url = reverse("api:match-request-connect", args=[sent.pk])
    response = api(match_requester).post(url, {"answer": "x"}, format="json")
    assert response.status_code == 403


def test_a_hub_caseworker_gets_the_404_of_a_missing_request(people, sent):
    url = reverse("api:match-request-connect", args=[sent.pk])
    assert api(people.hub_worker).post(url, {"answer": "x"}, format="json").status_code == 404


def test_another_agency_gets_the_404_of_a_missing_request(people, sent):
    url = reverse("api:match-request-withdraw", args=[sent.pk])
    assert api(people.other_worker).post(url).status_code == 404


def test_an_anonymous_caller_is_refused_the_connect(sent):
    url = reverse("api:match-request-connect", args=[sent.pk])
    assert api().post(url, {"answer": "x"}, format="json").status_code == 401


def test_the_requester_withdraws(match_requester, sent):
    response = api(match_requester).post(reverse("api:match-request-withdraw", args=[sent.pk]))
    assert response.json()["status"] == "withdrawn"


def test_the_hub_may_not_withdraw_a_request(people, sent):
    response = api(people.hub_coordinator).post(
        reverse("api:match-request-withdraw", args=[sent.pk])
    )
    assert response.status_code == 403


def test_an_answered_request_cannot_be_withdrawn(people, match_requester, sent):
    matching.match_request_connect(actor=people.hub_coordinator, request=sent, answer="済")
    response = api(match_requester).post(reverse("api:match-request-withdraw", args=[sent.pk]))
    assert response.status_code == 400


def test_the_request_list_runs_a_constant_number_of_queries(
    people, match_requester, sent, django_assert_max_num_queries
):
    for _ in range(3):
        matching.match_request_create(
            actor=match_requester, data=matching.MatchData(**{**TYPED, "birth_date": MATCH_BIRTH})
        )
    with django_assert_max_num_queries(12):
        assert api(people.hub_coordinator).get(reverse("api:match-request-list")).status_code == 200
