"""A household's family over REST, as a permission story (tests/cases/conftest.py): the hub
holds the 山田 household (トメ, the mother, and 一郎, her son); the east 地域包括 reads it
by the mother's consent; the disability office is on the team without consent; another
agency never heard of it."""

import datetime as dt

import pytest
from django.utils import timezone

from cases import access, services
from cases.models import AccessLog, Household, Person, PersonRelation
from cases.services.family import DATES_ONLY_FOR_PARTNERS, RELATION_TO_SELF, RelativeData
from tests.cases.case_api import PERSONAS, client_as, same_as_missing, url
from tests.factories import record_consent

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def members(story) -> tuple[Person, Person]:
    household = story.case.household
    mother = household.memberships.get(person__given_name="トメ").person
    son = household.memberships.get(person__given_name="一郎").person
    return mother, son


def mother_of_son(story) -> PersonRelation:
    mother, son = members(story)
    return services.relation_add(
        actor=story.owner_worker,
        household=story.case.household,
        person=mother,
        relative=son,
        kind="parent",
    )


def relation_body(story, **overrides) -> dict:
    mother, son = members(story)
    return {"person": son.pk, "relative": mother.pk, "kind": "child", **overrides}


READ = {
    "owner_worker":     200,
    "team_worker":      200,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip
WRITE = {
    "owner_worker":     201,
    "team_worker":      403,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


# --- the list ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_relations_of_a_household_are_read_by_its_readers(story, persona):
    mother_of_son(story)
    response = client_as(story, persona).get(
        url("household-relation-list", story.case.household_id)
    )
    assert response.status_code == READ[persona]


def test_a_relation_is_listed_once_with_the_parent_first(story):
    mother, son = members(story)
    mother_of_son(story)
    response = client_as(story, "owner_worker").get(
        url("household-relation-list", story.case.household_id)
    )
    [row] = response.json()["results"]
    assert (row["person"]["id"], row["relative"]["id"], row["kind"]) == (
        mother.pk,
        son.pk,
        "parent",
    )
    assert row["relative"]["full_name"] == "山田 一郎"


def test_a_consent_reader_sees_no_name_its_consent_does_not_cover(story):
    mother_of_son(story)
    response = client_as(story, "team_worker").get(
        url("household-relation-list", story.case.household_id)
    )
    [row] = response.json()["results"]
    assert row["person"]["full_name"] == "山田 トメ"
    assert row["relative"] == {
        "id": row["relative"]["id"],
        "full_name": "",
        "withheld": True,
        "deceased": None,
    }


def test_a_team_agency_without_consent_gets_the_reason_and_the_card(story):
    response = client_as(story, "uncovered_worker").get(
        url("household-relation-list", story.case.household_id)
    )
    body = response.json()
    assert body["detail"] == str(access.MISSING_CONSENT % {"agency": story.uncovered_agency.name})
    assert body["card"]["id"] == story.case.pk


def test_a_stranger_gets_the_404_of_a_missing_household(story):
    same_as_missing(
        story,
        lambda client, path: client.get(path),
        lambda pk: url("household-relation-list", pk),
        story.case.household_id,
    )


def test_the_persons_named_in_the_list_are_logged_as_read(story):
    mother, _ = members(story)
    mother_of_son(story)
    client_as(story, "team_worker").get(url("household-relation-list", story.case.household_id))
    logged = set(
        AccessLog.objects.filter(user=story.team_worker, kind="person", channel="api").values_list(
            "object_id", flat=True
        )
    )
    assert logged == {mother.pk}


@pytest.mark.parametrize("size", [10, 50])
def test_the_list_runs_a_constant_number_of_queries(story, size, django_assert_max_num_queries):
    _, son = members(story)
    household = story.case.household
    for n in range(size):
        services.relative_add(
            actor=story.owner_worker,
            household=household,
            data=RelativeData(family_name="親戚", given_name=str(n)),
            related_to=son,
            kind="sibling",
        )
    client = client_as(story, "owner_worker")
    with django_assert_max_num_queries(14):
        response = client.get(url("household-relation-list", household.pk))
    assert len(response.json()["results"]) == size


# --- recording one ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_those_who_may_change_both_persons_record_a_relation(story, persona):
    response = client_as(story, persona).post(
        url("household-relation-list", story.case.household_id), relation_body(story), format="json"
    )
    assert response.status_code == WRITE[persona]
    assert PersonRelation.objects.exists() is (response.status_code == 201)


def test_a_child_relation_is_stored_as_the_parent_relation(story):
    mother, son = members(story)
    response = client_as(story, "owner_worker").post(
        url("household-relation-list", story.case.household_id), relation_body(story), format="json"
    )
    body = response.json()
    assert (body["person"]["id"], body["kind"], body["relative"]["id"]) == (
        mother.pk,
        "parent",
        son.pk,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"relative": "son"}, "relative", RELATION_TO_SELF),
        ({"kind": "parent", "married_on": "2000-01-01"}, "married_on", DATES_ONLY_FOR_PARTNERS),
        ({"relative": 999_999}, "relative", access.NOT_FOUND),
    ],
)
def test_a_bad_relation_is_a_400_on_its_field(story, overrides, field, message):
    _, son = members(story)
    if overrides.get("relative") == "son":
        overrides = {**overrides, "relative": son.pk}
    response = client_as(story, "owner_worker").post(
        url("household-relation-list", story.case.household_id),
        relation_body(story, **overrides),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()[field] == [str(message)]


@pytest.mark.parametrize(
    "body", [{"kind": "cousin"}, {"married_on": "2999-01-01", "kind": "partner"}]
)
def test_a_malformed_relation_is_a_400_and_nothing_is_stored(story, body):
    response = client_as(story, "owner_worker").post(
        url("household-relation-list", story.case.household_id),
        relation_body(story, **body),
        format="json",
    )
    assert response.status_code == 400
    assert not PersonRelation.objects.exists()


# --- one relation -----------------------------------------------------------------------


DETAIL = {
    "owner_worker":     200,
    "team_worker":      403,  # the son's consent does not cover it
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_relation_is_read_by_those_who_may_read_both_persons(story, persona):
    relation = mother_of_son(story)
    response = client_as(story, persona).get(url("relation-detail", relation.pk))
    assert response.status_code == DETAIL[persona]


def test_a_consent_reader_covered_for_both_persons_reads_the_relation(story):
    relation = mother_of_son(story)
    _, son = members(story)
    record_consent(
        case=story.case,
        by=story.owner_worker,
        person=son,
        all_team_agencies=False,
        agencies=[story.team_agency],
    )
    response = client_as(story, "team_worker").get(url("relation-detail", relation.pk))
    assert response.status_code == 200
    assert response.json()["relative"]["full_name"] == "山田 一郎"


def test_a_consent_reader_not_covered_for_one_person_is_told_whose_consent_is_missing(story):
    relation = mother_of_son(story)
    _, son = members(story)
    response = client_as(story, "team_worker").get(url("relation-detail", relation.pk))
    assert response.json()["detail"] == str(access.MEMBER_CONSENT_MISSING % {"person": son})


def test_a_team_agency_without_consent_is_told_the_consent_is_missing(story):
    relation = mother_of_son(story)
    response = client_as(story, "uncovered_worker").get(url("relation-detail", relation.pk))
    assert response.json()["detail"] == str(
        access.MISSING_CONSENT % {"agency": story.uncovered_agency.name}
    )


def test_a_stranger_gets_the_404_of_a_missing_relation(story):
    relation = mother_of_son(story)
    same_as_missing(
        story,
        lambda client, path: client.get(path),
        lambda pk: url("relation-detail", pk),
        relation.pk,
    )


def test_a_relation_is_changed_under_if_match(story):
    relation = mother_of_son(story)
    client = client_as(story, "owner_worker")
    etag = client.get(url("relation-detail", relation.pk))["ETag"]
    response = client.patch(
        url("relation-detail", relation.pk),
        {"kind": "other", "label": "養母"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200
    assert (response.json()["kind"], response.json()["label"]) == ("other", "養母")


def test_a_stale_if_match_is_a_412_and_nothing_changes(story):
    relation = mother_of_son(story)
    response = client_as(story, "owner_worker").patch(
        url("relation-detail", relation.pk),
        {"label": "養母"},
        format="json",
        HTTP_IF_MATCH='W/"99"',
    )
    assert response.status_code == 412
    relation.refresh_from_db()
    assert relation.label == ""


def test_a_change_without_a_version_is_a_428(story):
    relation = mother_of_son(story)
    response = client_as(story, "owner_worker").patch(
        url("relation-detail", relation.pk), {"label": "養母"}, format="json"
    )
    assert response.status_code == 428


CHANGE = {
    "owner_worker":     200,
    "team_worker":      403,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_those_who_may_change_both_persons_change_a_relation(story, persona):
    relation = mother_of_son(story)
    response = client_as(story, persona).patch(
        url("relation-detail", relation.pk), {"label": "養母"}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == CHANGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_those_who_may_change_both_persons_remove_a_relation(story, persona):
    relation = mother_of_son(story)
    response = client_as(story, persona).delete(url("relation-detail", relation.pk))
    expected = 204 if persona == "owner_worker" else CHANGE[persona]
    assert response.status_code == expected
    assert PersonRelation.objects.filter(pk=relation.pk).exists() is (expected != 204)


def test_a_removal_under_the_current_if_match_removes_the_relation(story):
    relation = mother_of_son(story)
    client = client_as(story, "owner_worker")
    etag = client.get(url("relation-detail", relation.pk))["ETag"]
    response = client.delete(url("relation-detail", relation.pk), HTTP_IF_MATCH=etag)
    assert response.status_code == 204
    assert not PersonRelation.objects.filter(pk=relation.pk).exists()


def test_a_removal_under_a_stale_if_match_is_a_412_and_the_relation_stays(story):
    relation = mother_of_son(story)
    client = client_as(story, "owner_worker")
    etag = client.get(url("relation-detail", relation.pk))["ETag"]
    services.relation_update(
        actor=story.owner_worker, relation=relation, expected_version=None, data={"label": "養母"}
    )
    response = client.delete(url("relation-detail", relation.pk), HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert PersonRelation.objects.filter(pk=relation.pk).exists()


def test_a_removal_with_a_malformed_if_match_is_a_400(story):
    relation = mother_of_son(story)
    response = client_as(story, "owner_worker").delete(
        url("relation-detail", relation.pk), HTTP_IF_MATCH="version three"
    )
    assert response.status_code == 400
    assert PersonRelation.objects.filter(pk=relation.pk).exists()


# --- relatives and the key person -------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_holders_of_the_household_record_a_relative(story, persona):
    response = client_as(story, persona).post(
        url("household-relative-add", story.case.household_id),
        {"family_name": "田中", "given_name": "キヨ", "deceased": True, "died_on": "2020-05-01"},
        format="json",
    )
    assert response.status_code == WRITE[persona]
    assert Person.objects.filter(family_name="田中").exists() is (response.status_code == 201)


def test_a_recorded_relative_lives_nowhere_and_is_read_through_the_household(story):
    mother, _ = members(story)
    response = client_as(story, "owner_worker").post(
        url("household-relative-add", story.case.household_id),
        {
            "family_name": "田中",
            "deceased": True,
            "died_on": "2020-05-01",
            "related_to": mother.pk,
            "kind": "sibling",
        },
        format="json",
    )
    body = response.json()
    assert (body["recorded_with"], body["household"], body["deceased"], body["died_on"]) == (
        story.case.household_id,
        None,
        True,
        "2020-05-01",
    )
    assert PersonRelation.objects.get().kind == "sibling"


def test_a_date_of_death_in_the_future_is_a_400(story):
    response = client_as(story, "owner_worker").post(
        url("household-relative-add", story.case.household_id),
        {
            "family_name": "田中",
            "deceased": True,
            "died_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "died_on" in response.json()


KEY = {
    "owner_worker":     200,
    "team_worker":      403,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_holders_of_the_household_set_the_key_person(story, persona):
    _, son = members(story)
    household = story.case.household
    response = client_as(story, persona).post(
        url("household-key-person", household.pk),
        {"person": son.pk, "version": household.version},
        format="json",
    )
    assert response.status_code == KEY[persona]
    assert (Household.objects.get(pk=household.pk).key_person_id == son.pk) is (
        response.status_code == 200
    )


def test_the_key_person_is_in_the_households_answer(story):
    _, son = members(story)
    household = story.case.household
    response = client_as(story, "owner_worker").post(
        url("household-key-person", household.pk),
        {"person": son.pk, "version": household.version},
        format="json",
    )
    assert response.json()["key_person"] == son.pk


def test_a_stale_version_of_the_household_is_a_409(story):
    _, son = members(story)
    household = story.case.household
    response = client_as(story, "owner_worker").post(
        url("household-key-person", household.pk),
        {"person": son.pk, "version": household.version + 5},
        format="json",
    )
    assert response.status_code == 409


def test_a_person_is_marked_deceased_over_the_person_endpoint(story):
    mother, _ = members(story)
    response = client_as(story, "owner_worker").patch(
        url("person-detail", mother.pk),
        {"deceased": True, "died_on": "2024-03-01", "version": mother.version},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["deceased"], response.json()["died_on"]) == (True, "2024-03-01")


def test_a_consent_reader_does_not_see_the_marriage_of_a_person_it_does_not_cover(story):
    mother, son = members(story)
    services.relation_add(
        actor=story.owner_worker,
        household=story.case.household,
        person=mother,
        relative=son,
        kind="partner",
        married_on=dt.date(1990, 4, 1),
    )
    response = client_as(story, "team_worker").get(
        url("household-relation-list", story.case.household_id)
    )
    [row] = response.json()["results"]
    assert row["married_on"] is None
