"""Rule 2 in every members list (cases.family_reads.named, the genogram's rule): a reader
by consent sees by name — with kana, birth date, age, sex and phone — only the members
the consent covers; every other member is "a member" with their relation to the head. The
owning agency sees everyone. Told with the permission story (tests/cases/conftest.py):
the mother's consent covers the east 地域包括 (team_worker); the household also has her
son 一郎 and, here, a lodger 鈴木 健太, whom no consent covers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import AccessLog, Consultation
from cases.services.households import PersonData
from tests.cases.case_api import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

LODGER = PersonData(
    family_name="鈴木",
    given_name="健太",
    family_name_kana="すずき",
    given_name_kana="けんた",
    birth_date=dt.date(1990, 11, 23),
    sex="male",
    phone="090-7777-3333",
    relation="lodger",
)
# What must not reach a consent reader of the mother: the lodger's and the son's names.
UNCOVERED = ("鈴木", "健太", "すずき", "けんた", "090-7777-3333", "一郎", "いちろう")
MOTHER = "山田 トメ"
PRINTS = ["consultation", "assessment", "plan"]  # 相談受付票, アセスメントシート, 支援プラン


@pytest.fixture
def household(story):
    services.person_add(actor=story.owner_worker, household=story.case.household, data=LODGER)
    return story.case.household


def html(client, user, name: str, *args: int) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


def assert_uncovered_not_named(text: str) -> None:
    for word in UNCOVERED:
        assert word not in text, word


def assert_everyone_named(text: str) -> None:
    for word in (MOTHER, "鈴木 健太", "すずき けんた", "山田 一郎"):
        assert word in text, word


# --- the household page ---------------------------------------------------------------


def test_a_consent_reader_sees_only_the_consenting_member_by_name_on_the_household_page(
    client, story, household
):
    text = html(client, story.team_worker, "cases:household", household.pk)
    assert MOTHER in text
    assert_uncovered_not_named(text)


def test_a_consent_reader_sees_the_other_members_as_a_member_with_their_relation(
    client, story, household
):
    client.force_login(story.team_worker)
    response = client.get(reverse("cases:household", args=[household.pk]))
    withheld = [row for row in response.context["members"] if row.withheld]
    assert [str(row.named.name) for row in withheld] == ["世帯員", "世帯員"]
    assert {row.membership.relation for row in withheld} == {"child", "lodger"}
    assert all(row.person is None for row in withheld)
    assert "<td>世帯員</td>\n    <td>同居人</td>" in response.content.decode()


def test_the_owning_agency_sees_every_member_by_name_on_the_household_page(
    client, story, household
):
    assert_everyone_named(html(client, story.owner_worker, "cases:household", household.pk))


def test_a_consent_reader_is_not_shown_a_concern_about_an_uncovered_member(
    client, story, household
):
    lodger = household.memberships.get(relation="lodger").person
    services.concern_add(
        actor=story.owner_worker, case=story.case, category="employment", person=lodger
    )
    client.force_login(story.team_worker)
    response = client.get(reverse("cases:household", args=[household.pk]))
    assert [c.person for c in response.context["concerns"]] == []
    assert_uncovered_not_named(response.content.decode())


def test_the_household_page_logs_only_the_members_it_names(client, story, household):
    html(client, story.team_worker, "cases:household", household.pk)
    persons = AccessLog.objects.filter(user=story.team_worker, kind="person")
    assert list(persons.values_list("object_id", flat=True)) == [story.consent.person_id]


# --- the case page ----------------------------------------------------------------------


def test_a_consent_reader_sees_only_the_consenting_member_by_name_on_the_case_page(
    client, story, household
):
    text = html(client, story.team_worker, "cases:detail", story.case.pk)
    assert MOTHER in text
    assert_uncovered_not_named(text)


def test_the_owning_agency_sees_every_member_by_name_on_the_case_page(client, story, household):
    assert_everyone_named(html(client, story.owner_worker, "cases:detail", story.case.pk))


# --- the printed forms (相談受付票, アセスメントシート, 支援プラン) -------------------------


def print_text(client, user, form: str, story) -> str:
    if form == "consultation":
        consultation = Consultation.objects.filter(case=story.case).first()
        return html(client, user, "cases:consultation_print", story.case.pk, consultation.pk)
    if form == "plan":
        services.plan_create(
            actor=story.owner_worker,
            case=story.case,
            goals="母の介護サービス利用を始める。",
            review_on=timezone.localdate() + dt.timedelta(days=90),
            actions=[],
        )
    return html(client, user, f"cases:{form}_print", story.case.pk)


@pytest.mark.parametrize("form", PRINTS)
def test_a_consent_reader_prints_only_the_consenting_member_by_name(client, story, household, form):
    text = print_text(client, story.team_worker, form, story)
    assert MOTHER in text
    assert_uncovered_not_named(text)


@pytest.mark.parametrize("form", PRINTS)
def test_the_owning_agency_prints_every_member_by_name(client, story, household, form):
    assert_everyone_named(print_text(client, story.owner_worker, form, story))


def test_a_print_logs_only_the_members_it_names(client, story, household):
    print_text(client, story.team_worker, "assessment", story)
    persons = AccessLog.objects.filter(user=story.team_worker, kind="person", action="print")
    assert set(persons.values_list("object_id", flat=True)) == {story.consent.person_id}


# --- the eco-map's centre ----------------------------------------------------------------


def test_a_consent_reader_sees_only_the_consenting_member_by_name_on_the_ecomap(
    client, story, household
):
    text = html(client, story.team_worker, "cases:household_ecomap", household.pk)
    assert MOTHER in text
    assert_uncovered_not_named(text)


# --- the API ----------------------------------------------------------------------------


def api_members(user, household, *, listed: bool) -> list[dict]:
    client = client_for(user)
    if listed:
        response = client.get(reverse("api:household-list"))
        assert response.status_code == 200, response.content
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        return next(h for h in rows if h["id"] == household.pk)["members"]
    response = client.get(reverse("api:household-detail", args=[household.pk]))
    assert response.status_code == 200, response.content
    return response.json()["members"]


@pytest.mark.parametrize("listed", [False, True], ids=["detail", "list"])
def test_a_consent_reader_reads_only_the_consenting_member_by_name_over_the_api(
    story, household, listed
):
    members = api_members(story.team_worker, household, listed=listed)
    named = [m["person"]["full_name"] for m in members if not m["person"]["withheld"]]
    assert named == [MOTHER]
    withheld = [m for m in members if m["person"]["withheld"]]
    assert {m["relation"] for m in withheld} == {"child", "lodger"}
    assert all(m["person"]["full_name"] == m["person"]["full_name_kana"] == "" for m in withheld)
    assert_uncovered_not_named(str(members))


@pytest.mark.parametrize("listed", [False, True], ids=["detail", "list"])
def test_the_owning_agency_reads_every_member_by_name_over_the_api(story, household, listed):
    members = api_members(story.owner_worker, household, listed=listed)
    assert not any(m["person"]["withheld"] for m in members)
    assert_everyone_named(str(members))


# --- the household history --------------------------------------------------------------


def test_a_consent_reader_does_not_read_who_an_uncovered_membership_is_in_history(
    client, story, household
):
    text = html(client, story.team_worker, "cases:household_history", household.pk)
    assert "同居人" in text  # the lodger's membership, without who
    assert_uncovered_not_named(text)


def test_the_owning_agency_reads_every_membership_in_history(client, story, household):
    text = html(client, story.owner_worker, "cases:household_history", household.pk)
    assert "鈴木 健太" in text and "山田 一郎" in text
