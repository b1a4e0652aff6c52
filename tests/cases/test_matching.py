"""名寄せ at intake without leaks (cases/access/matching.py, cases/services/matching.py): a
worker learns about an existing record of the person they register only what they may
read; of any other only that the hub can connect them; of a 住所秘匿 record of another
agency nothing at all. The hub's coordinators see which agencies hold a match, never the
records."""

import pytest
from django.urls import reverse

from cases import access
from cases.models import AccessLog, MatchRequest, Person
from cases.services import matching
from core import navigation
from tests.cases.conftest import MATCH_BIRTH as BIRTH

pytestmark = pytest.mark.django_db

# What the requester types: the kana and birth date of the record, another kanji.
TYPED = {
    "prefix": "person-0",
    "person-0-family_name": "佐藤",
    "person-0-given_name": "華子",
    "person-0-family_name_kana": "ｻﾄｳ",
    "person-0-given_name_kana": "ﾊﾅｺ",
    "person-0-birth_date": BIRTH.isoformat(),
    "phone": "",
}


@pytest.fixture
def record(match_record):
    """The other agency's 佐藤 花子 (tests/cases/conftest.py), whom the requester may not
    read."""
    return match_record


@pytest.fixture
def requester(match_requester):
    return match_requester


def check(client, user, data=TYPED):
    client.force_login(user)
    return client.post(reverse("cases:intake_matches"), data)


def leaks(html: str, person: Person) -> list[str]:
    household = person.memberships.get().household
    told = ["花子", "佐藤家", person.owner_agency.name, "0565-99-1234", "080-9999-1234"]
    told += [f"household={household.pk}", f"/households/{household.pk}/", f">{person.pk}<"]
    return [fact for fact in told if fact in html]


def test_the_holding_agency_is_offered_its_own_record_and_household(client, people, record):
    html = check(client, people.other_worker).content.decode()
    assert "佐藤 花子" in html
    assert f"?household={record.memberships.get().household_id}" in html


def test_a_match_the_worker_may_not_read_says_only_that_the_hub_can_connect(
    client, requester, record
):
    html = check(client, requester).content.decode()
    assert str(access.RECORD_ELSEWHERE)[:20] in html
    assert leaks(html, record) == []


def test_a_match_is_found_by_the_phone_in_full_width_digits(client, requester, record):
    data = {
        "prefix": "person-0",
        "person-0-family_name": "誰か",
        "phone": "０８０－９９９９－１２３４",
    }
    html = check(client, requester, data).content.decode()
    assert str(access.RECORD_ELSEWHERE)[:20] in html
    assert leaks(html, record) == []


def test_a_confidential_address_record_is_not_even_mentioned_to_another_agency(
    client, requester, record
):
    record.address_confidential = True
    record.save()
    html = check(client, requester).content.decode()
    assert str(access.RECORD_ELSEWHERE)[:20] not in html
    assert html.strip() == ""


def test_a_confidential_address_record_is_offered_to_its_own_agency(client, people, record):
    record.address_confidential = True
    record.save()
    assert "佐藤 花子" in check(client, people.other_worker).content.decode()


def test_a_merged_record_is_not_matched(client, people, record):
    kept = Person.objects.create(
        family_name="佐藤", given_name="花子", owner_agency=people.other, birth_date=BIRTH
    )
    record.merged_into = kept
    record.save()
    result = matching.possible_matches(
        user=people.other_worker,
        data=matching.MatchData(
            family_name_kana="さとう", given_name_kana="はなこ", birth_date=BIRTH
        ),
    )
    assert [m.person.pk for m in result.readable] == []


def test_every_match_shown_is_logged_as_a_read_with_its_basis(client, people, record):
    check(client, people.other_worker)
    row = AccessLog.objects.get(kind=AccessLog.Kind.PERSON, object_id=record.pk)
    assert (row.action, row.basis, row.agency_id) == ("match", "owner", people.other.pk)


def test_a_match_the_worker_may_not_read_is_not_logged_as_read(client, requester, record):
    check(client, requester)
    assert not AccessLog.objects.filter(object_id=record.pk, user=requester).exists()


def test_the_intake_check_refuses_an_anonymous_visitor(client):
    response = client.post(reverse("cases:intake_matches"), TYPED)
    assert response.status_code == 302


def test_the_intake_check_refuses_an_account_without_a_case_role(client, people, record):
    assert check(client, people.other_admin).status_code == 403


def test_one_click_sends_the_hub_the_candidates_without_showing_them(
    client, people, requester, record
):
    client.force_login(requester)
    response = client.post(reverse("cases:match_request_new"), TYPED)
    sent = MatchRequest.objects.get()
    assert (sent.hub, list(sent.candidates.all())) == (people.hub, [record])
    assert leaks(response.content.decode(), record) == []


def test_a_request_with_nothing_elsewhere_is_refused(client, people, record):
    client.force_login(people.other_worker)
    response = client.post(reverse("cases:match_request_new"), TYPED)
    assert str(matching.NOTHING_TO_CONNECT)[:20] in response.content.decode()
    assert not MatchRequest.objects.exists()


@pytest.fixture
def sent(requester, record):
    return matching.match_request_create(
        actor=requester,
        data=matching.MatchData(
            family_name="佐藤",
            family_name_kana="さとう",
            given_name_kana="はなこ",
            birth_date=BIRTH,
        ),
        note="母子で来所",
    )


def test_the_hub_sees_the_agencies_holding_a_match_but_not_the_records(
    client, people, sent, record
):
    client.force_login(people.hub_coordinator)
    html = client.get(reverse("cases:match_requests")).content.decode()
    assert people.other.name in html
    assert [f for f in leaks(html, record) if f != people.other.name] == []


def test_the_hub_queue_runs_a_constant_number_of_queries(
    client, people, sent, requester, django_assert_max_num_queries
):
    for _ in range(3):
        matching.match_request_create(
            actor=requester,
            data=matching.MatchData(
                family_name="佐藤",
                family_name_kana="さとう",
                given_name_kana="はなこ",
                birth_date=BIRTH,
            ),
        )
    client.force_login(people.hub_coordinator)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("cases:match_requests")).status_code == 200


def test_the_requester_does_not_see_the_agencies_holding_the_match(client, requester, sent, record):
    client.force_login(requester)
    html = client.get(reverse("cases:match_requests")).content.decode()
    assert leaks(html, record) == []


def test_connecting_answers_the_requester_with_history(client, people, requester, sent):
    client.force_login(people.hub_coordinator)
    url = reverse("cases:match_request_connect", args=[sent.pk])
    client.post(url, {"answer": "包括の担当に連絡しました"})
    sent.refresh_from_db()
    assert (sent.status, sent.handled_by) == (MatchRequest.Status.CONNECTED, people.hub_coordinator)
    assert sent.history.first().history_change_reason == "agencies connected"
    client.force_login(requester)
    assert (
        "包括の担当に連絡しました" in client.get(reverse("cases:match_requests")).content.decode()
    )


def test_connecting_grants_no_access(client, people, requester, sent, record):
    matching.match_request_connect(actor=people.hub_coordinator, request=sent, answer="連絡済み")
    assert not access.person_decision(requester, record).can_view


def test_no_match_needs_an_answer(client, people, sent):
    client.force_login(people.hub_coordinator)
    client.post(reverse("cases:match_request_no_match", args=[sent.pk]), {"answer": ""})
    sent.refresh_from_db()
    assert sent.status == MatchRequest.Status.OPEN


def test_the_requester_cannot_connect_its_own_request(client, requester, sent):
    client.force_login(requester)
    response = client.post(reverse("cases:match_request_connect", args=[sent.pk]), {"answer": "x"})
    assert response.status_code == 403


def test_another_agency_gets_the_404_of_a_missing_request(client, people, sent):
    client.force_login(people.other_worker)
    response = client.post(reverse("cases:match_request_connect", args=[sent.pk]), {"answer": "x"})
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, sent):
    response = client.post(reverse("cases:match_request_connect", args=[sent.pk]))
    assert response.status_code == 302


def test_the_requester_withdraws_its_request(client, requester, sent):
    client.force_login(requester)
    client.post(reverse("cases:match_request_withdraw", args=[sent.pk]))
    sent.refresh_from_db()
    assert sent.status == MatchRequest.Status.WITHDRAWN
    assert sent.history.first().history_change_reason == "match request withdrawn"


def test_the_hub_cannot_withdraw_a_request(client, people, sent):
    client.force_login(people.hub_coordinator)
    response = client.post(reverse("cases:match_request_withdraw", args=[sent.pk]))
    assert response.status_code == 403


def test_only_the_hubs_coordinators_are_offered_the_queue(people, requester):
    def offered(user):
        return any(
            item.get("url") == reverse("cases:match_requests")
            or any(i.get("url") == reverse("cases:match_requests") for i in item.get("items", []))
            for item in navigation.entries_for(user, "/")
        )

    assert offered(people.hub_coordinator) and offered(people.hub_supervisor)
    assert not offered(people.hub_worker) and not offered(requester)


def test_a_team_agency_without_the_persons_consent_is_told_only_that_the_hub_can_connect(
    client, story
):
    son = story.case.household.memberships.get(person__given_name="一郎").person
    data = {
        "prefix": "person-0",
        "person-0-family_name": "山田",
        "person-0-family_name_kana": "ﾔﾏﾀﾞ",
        "person-0-given_name_kana": "ｲﾁﾛｳ",
        "person-0-birth_date": son.birth_date.isoformat(),
        "phone": "",
    }
    html = check(client, story.uncovered_worker, data).content.decode()
    assert str(access.RECORD_ELSEWHERE)[:20] in html
    assert "一郎" not in html and "山田家" not in html
