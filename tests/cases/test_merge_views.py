"""名寄せ pages as a permission story (tests/cases/conftest.py): the hub registered the
mother トメ twice in the Yamada household; from her page its caseworker chooses the
duplicate, compares both and merges with a reason; its supervisor may undo it."""

import pytest
from django.urls import reverse

from cases import access, services
from cases.models import Person, PersonMerge
from cases.services.households import PersonData

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

REASON = "生年月日と旧住所が一致"


def mother(story) -> Person:
    return story.consent.person


def duplicate(story) -> Person:
    return services.person_add(
        actor=story.owner_worker,
        household=story.case.household,
        data=PersonData(
            family_name="山田",
            given_name="トメ",
            family_name_kana="やまだ",
            given_name_kana="とめ",
            birth_date=mother(story).birth_date,
            relation="other_relative",
        ),
    )


def merged(story) -> PersonMerge:
    return services.person_merge(
        actor=story.owner_worker, kept=mother(story), merged=duplicate(story), reason=REASON
    )


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


PEOPLE = {
    "owner_worker": "owner_worker",
    "team_with_consent": "team_worker",
    "team_without_consent": "uncovered_worker",
    "stranger": "stranger",
    "anonymous": None,
}
CHOOSE = {
    "owner_worker": 200,
    "team_with_consent": 403,
    "team_without_consent": 403,
    "stranger": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_only_an_agency_that_may_change_the_record_opens_the_merge_page(story, client, who):
    user = getattr(story, PEOPLE[who]) if PEOPLE[who] else None

    response = as_(client, user).get(reverse("cases:person_merge", args=[mother(story).pk]))

    assert response.status_code == CHOOSE[who]


def test_a_team_agency_without_consent_is_told_what_is_missing(story, client):
    response = as_(client, story.uncovered_worker).get(
        reverse("cases:person_merge", args=[mother(story).pk])
    )

    assert str(access.MISSING_CONSENT % {"agency": story.uncovered_agency.name}) in (
        response.content.decode()
    )


def test_the_merge_page_offers_the_likely_duplicate(story, client):
    dup = duplicate(story)

    response = as_(client, story.owner_worker).get(
        reverse("cases:person_merge", args=[mother(story).pk])
    )

    assert [p.pk for p in response.context["candidates"]] == [dup.pk]
    assert reverse("cases:person_merge_confirm", args=[mother(story).pk, dup.pk]) in (
        response.content.decode()
    )


def test_a_search_on_the_merge_page_finds_only_records_of_the_users_agency(story, client):
    theirs = services.household_create(
        actor=story.stranger,
        name="山田家",
        members=[PersonData(family_name="山田", given_name="トメ", relation="head")],
    ).memberships.get()
    dup = duplicate(story)

    response = as_(client, story.owner_worker).get(
        reverse("cases:person_merge", args=[mother(story).pk]), {"q": "山田"}
    )

    found = {p.pk for p in response.context["candidates"]}
    assert dup.pk in found and theirs.person_id not in found
    assert mother(story).pk not in found


def test_the_confirm_page_shows_both_records_side_by_side(story, client):
    dup = duplicate(story)

    response = as_(client, story.owner_worker).get(
        reverse("cases:person_merge_confirm", args=[mother(story).pk, dup.pk])
    )

    assert response.status_code == 200
    assert response.context["kept"]["person"] == mother(story)
    assert response.context["merged"]["person"] == dup


def test_confirming_with_a_reason_merges_and_shows_the_merge(story, client):
    dup = duplicate(story)

    response = as_(client, story.owner_worker).post(
        reverse("cases:person_merge_confirm", args=[mother(story).pk, dup.pk]),
        {"reason": REASON},
    )

    merge = PersonMerge.objects.get(merged=dup)
    assert response.status_code == 302
    assert response.url == reverse("cases:merge", args=[merge.pk])
    assert Person.objects.get(pk=dup.pk).merged_into_id == mother(story).pk


def test_confirming_without_a_reason_is_a_form_error(story, client):
    dup = duplicate(story)

    response = as_(client, story.owner_worker).post(
        reverse("cases:person_merge_confirm", args=[mother(story).pk, dup.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Person.objects.get(pk=dup.pk).merged_into_id is None


def test_merging_a_record_into_itself_is_a_form_error(story, client):
    response = as_(client, story.owner_worker).post(
        reverse("cases:person_merge_confirm", args=[mother(story).pk, mother(story).pk]),
        {"reason": REASON},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_a_stranger_cannot_open_the_confirm_page(story, client):
    dup = duplicate(story)

    response = as_(client, story.stranger).post(
        reverse("cases:person_merge_confirm", args=[mother(story).pk, dup.pk]),
        {"reason": REASON},
    )

    assert response.status_code == 404
    assert Person.objects.get(pk=dup.pk).merged_into_id is None


def test_the_merged_records_page_says_where_it_was_merged_with_a_link(story, client):
    merge = merged(story)

    response = as_(client, story.owner_worker).get(
        reverse("cases:person_history", args=[merge.merged_id])
    )

    page = response.content.decode()
    assert reverse("cases:person_history", args=[merge.kept_id]) in page
    assert reverse("cases:merge", args=[merge.pk]) in page
    assert not response.context["may_merge"]


def test_the_person_page_offers_the_merge_to_those_who_may(story, client):
    response = as_(client, story.owner_worker).get(
        reverse("cases:person_history", args=[mother(story).pk])
    )

    assert reverse("cases:person_merge", args=[mother(story).pk]) in response.content.decode()


def test_the_person_page_offers_no_merge_to_a_consent_reader(story, client):
    response = as_(client, story.team_worker).get(
        reverse("cases:person_history", args=[mother(story).pk])
    )

    assert response.status_code == 200
    assert reverse("cases:person_merge", args=[mother(story).pk]) not in (response.content.decode())


def test_the_household_page_lists_a_merged_record_no_more(story, client):
    merge = merged(story)

    response = as_(client, story.owner_worker).get(
        reverse("cases:household", args=[story.case.household_id])
    )

    persons = [row.membership.person_id for row in response.context["members"]]
    assert merge.kept_id in persons and merge.merged_id not in persons


# --- the record of a merge, and undoing it --------------------------------------------------

READ = {
    "owner_worker": 200,
    "team_with_consent": 403,
    "team_without_consent": 403,
    "stranger": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_merge_page_is_for_the_merging_agencys_staff(story, client, who):
    merge = merged(story)
    user = getattr(story, PEOPLE[who]) if PEOPLE[who] else None

    response = as_(client, user).get(reverse("cases:merge", args=[merge.pk]))

    assert response.status_code == READ[who]


def test_the_supervisor_sees_the_undo_and_the_caseworker_does_not(story, client):
    merge = merged(story)
    path = reverse("cases:merge", args=[merge.pk])

    supervisor = as_(client, story.owner_supervisor).get(path)
    worker = as_(client, story.owner_worker).get(path)

    assert supervisor.context["undo_form"] is not None
    assert worker.context["undo_form"] is None


def test_the_supervisor_undoes_the_merge_with_a_reason(story, client):
    merge = merged(story)

    response = as_(client, story.owner_supervisor).post(
        reverse("cases:merge_undo", args=[merge.pk]), {"reason": "別人と判明"}
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=merge.merged_id).merged_into_id is None
    assert PersonMerge.objects.get(pk=merge.pk).undone_by == story.owner_supervisor


def test_a_caseworker_undoing_is_refused_with_the_reason(story, client):
    merge = merged(story)

    response = as_(client, story.owner_worker).post(
        reverse("cases:merge_undo", args=[merge.pk]), {"reason": "別人と判明"}
    )

    assert response.status_code == 403
    assert str(access.UNDO_SUPERVISORS_ONLY % {"agency": story.hub.name}) in (
        response.content.decode()
    )
    assert Person.objects.get(pk=merge.merged_id).merged_into_id == merge.kept_id


def test_undoing_without_a_reason_is_a_form_error(story, client):
    merge = merged(story)

    response = as_(client, story.owner_supervisor).post(
        reverse("cases:merge_undo", args=[merge.pk]), {"reason": ""}
    )

    assert response.status_code == 400
    assert "reason" in response.context["undo_form"].errors


@pytest.mark.parametrize("rows", [3, 20])
def test_the_merge_page_runs_a_constant_number_of_queries(
    story, client, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        duplicate(story)
    as_(client, story.owner_worker)
    # session, user, memberships; the person, its decision (its households and their cases'
    # rows), the merge decision (current households, 住所秘匿), the read-log row; the
    # candidates, their memberships of readable households, the read-log bases and insert;
    # the session save
    with django_assert_max_num_queries(24):
        response = client.get(reverse("cases:person_merge", args=[mother(story).pk]))
    assert len(response.context["candidates"]) == rows
