"""名寄せ over REST, as a permission story (tests/cases/conftest.py): the hub registered the
mother トメ twice in the Yamada household. Only an agency that may change both records
merges them; the record of the merge is its staff's; undoing is its supervisors'."""

import pytest

from cases import access, services
from cases.models import AccessLog, Person, PersonMerge
from cases.services import merge as merging
from cases.services.households import PersonData
from tests.cases.case_api import PERSONAS, client_as, client_for, en, same_as_missing, url

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

REASON = "生年月日と旧住所が一致"


def mother(story) -> Person:
    return story.consent.person


def duplicate(story) -> Person:
    return services.person_add(
        actor=story.owner_worker,
        household=story.case.household,
        data=PersonData(
            family_name="山田", given_name="とめ", given_name_kana="とめ", relation="other_relative"
        ),
    )


def merged(story) -> PersonMerge:
    return services.person_merge(
        actor=story.owner_worker, kept=mother(story), merged=duplicate(story), reason=REASON
    )


def merge_request(client, story, other: int, reason: str = REASON):
    return client.post(
        url("person-merge", mother(story).pk), {"other": other, "reason": reason}, format="json"
    )


# --- merging ----------------------------------------------------------------------------

MERGE_MATRIX = {
    "owner_worker":     201,
    "team_worker":      403,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_an_agency_that_holds_both_records_merges_them(story, persona):
    dup = duplicate(story)

    response = merge_request(client_as(story, persona), story, dup.pk)

    assert response.status_code == MERGE_MATRIX[persona], response.content
    done = Person.objects.get(pk=dup.pk).merged_into_id == mother(story).pk
    assert done is (response.status_code == 201)


def test_a_team_agency_without_consent_is_told_the_consent_is_missing(story):
    response = merge_request(client_as(story, "uncovered_worker"), story, duplicate(story).pk)

    assert response.status_code == 403
    assert response.json()["detail"] == en(
        access.MISSING_CONSENT % {"agency": story.uncovered_agency.name}
    )


def test_a_stranger_merging_gets_the_answer_for_a_missing_person(story):
    dup = duplicate(story)
    same_as_missing(
        story,
        lambda client, path: client.post(path, {"other": dup.pk, "reason": REASON}, format="json"),
        lambda pk: url("person-merge", pk),
        mother(story).pk,
    )


def test_a_merge_answers_with_what_moved(story):
    dup = duplicate(story)

    body = merge_request(client_as(story, "owner_worker"), story, dup.pk).json()

    assert (body["kept"]["id"], body["merged"]["id"]) == (mother(story).pk, dup.pk)
    assert body["agency"]["id"] == story.hub.pk
    assert body["reason"] == REASON and body["undone_at"] is None
    membership = dup.memberships.get()
    assert {
        "record": "cases.householdmembership",
        "id": membership.pk,
        "field": "person",
        "dropped": True,
    } in body["moved"]


def test_merging_a_person_into_itself_is_a_400_on_other(story):
    response = merge_request(client_as(story, "owner_worker"), story, mother(story).pk)

    assert response.status_code == 400
    assert response.json() == {"other": [en(merging.MERGE_ITSELF)]}


def test_merging_a_record_the_caller_cannot_know_of_is_a_400_like_a_missing_one(story):
    response = merge_request(client_as(story, "owner_worker"), story, 999_999)

    assert response.status_code == 400
    assert response.json() == {"other": [en(access.NOT_FOUND)]}


def test_a_merge_without_a_reason_is_a_400(story):
    response = merge_request(client_as(story, "owner_worker"), story, duplicate(story).pk, " ")

    assert response.status_code == 400
    assert set(response.json()) == {"reason"}


def test_merging_an_already_merged_record_again_is_a_400_naming_it(story):
    first = merged(story)

    response = merge_request(client_as(story, "owner_worker"), story, first.merged_id)

    assert response.status_code == 400
    assert response.json() == {
        "other": [en(merging.ALREADY_MERGED % {"person": first.merged.full_name})]
    }


# --- the record of a merge ----------------------------------------------------------------

READ_MATRIX = {
    "owner_worker":     200,
    "team_worker":      403,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_record_of_a_merge_is_read_by_the_merging_agencys_staff(story, persona):
    the_merge = merged(story)

    response = client_as(story, persona).get(url("merge-detail", the_merge.pk))

    assert response.status_code == READ_MATRIX[persona], response.content


def test_an_agency_that_knows_the_person_is_told_who_reads_the_merge(story):
    the_merge = merged(story)

    response = client_as(story, "team_worker").get(url("merge-detail", the_merge.pk))

    assert response.json()["detail"] == en(
        access.MERGE_RECORD_AGENCY_ONLY % {"agency": story.hub.name}
    )
    assert response.json()["agencies"] == [story.hub.pk]


def test_a_stranger_reading_a_merge_gets_the_answer_for_a_missing_one(story):
    the_merge = merged(story)
    same_as_missing(story, lambda c, p: c.get(p), lambda pk: url("merge-detail", pk), the_merge.pk)


def test_reading_a_merge_is_logged_for_both_persons(story):
    the_merge = merged(story)

    client_as(story, "owner_worker").get(url("merge-detail", the_merge.pk))

    logged = set(
        AccessLog.objects.filter(user=story.owner_worker, channel="api").values_list(
            "object_id", flat=True
        )
    )
    assert {the_merge.kept_id, the_merge.merged_id} <= logged


# --- undoing ----------------------------------------------------------------------------

UNDO_MATRIX = {
    "owner_worker":     403,
    "team_worker":      403,
    "uncovered_worker": 403,
    "stranger":         404,
    "anonymous":        401,
}  # fmt: skip


def undo_request(client, the_merge, reason: str = "別人と判明"):
    return client.post(url("merge-undo", the_merge.pk), {"reason": reason}, format="json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_a_supervisor_of_the_merging_agency_undoes_a_merge(story, persona):
    the_merge = merged(story)

    response = undo_request(client_as(story, persona), the_merge)

    assert response.status_code == UNDO_MATRIX[persona], response.content
    assert Person.objects.get(pk=the_merge.merged_id).merged_into_id == the_merge.kept_id


def test_a_caseworker_undoing_is_told_a_supervisor_may(story):
    response = undo_request(client_as(story, "owner_worker"), merged(story))

    assert response.json()["detail"] == en(
        access.UNDO_SUPERVISORS_ONLY % {"agency": story.hub.name}
    )


def test_the_supervisor_undoes_a_merge(story):
    the_merge = merged(story)

    response = undo_request(client_for(story.owner_supervisor), the_merge)

    assert response.status_code == 200, response.content
    assert response.json()["undone_by"]["id"] == story.owner_supervisor.pk
    assert Person.objects.get(pk=the_merge.merged_id).merged_into_id is None


def test_undoing_twice_is_a_400(story):
    the_merge = merged(story)
    undo_request(client_for(story.owner_supervisor), the_merge)

    response = undo_request(client_for(story.owner_supervisor), the_merge)

    assert response.status_code == 400
    assert response.json() == {"reason": [en(merging.ALREADY_UNDONE)]}


# --- a merged person in the persons API -----------------------------------------------------


def test_a_merged_person_names_the_record_it_was_merged_into(story):
    the_merge = merged(story)

    body = client_for(story.owner_worker).get(url("person-detail", the_merge.merged_id)).json()

    assert body["merged_into"] == the_merge.kept_id


def test_the_persons_list_leaves_merged_records_out(story):
    the_merge = merged(story)

    response = client_for(story.owner_worker).get(url("person-list"), {"page_size": 200})

    ids = [row["id"] for row in response.json()["results"]]
    assert the_merge.kept_id in ids and the_merge.merged_id not in ids


def test_the_households_members_leave_merged_records_out(story):
    the_merge = merged(story)

    body = client_for(story.owner_worker).get(url("household-detail", story.case.household_id))

    members = [m["person"]["id"] for m in body.json()["members"]]
    assert the_merge.merged_id not in members and the_merge.kept_id in members
