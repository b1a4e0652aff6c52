"""The household page's "Family and relatives" and its forms, as a permission story
(tests/cases/conftest.py): the hub holds the 山田 household; the east 地域包括 reads it by
the mother's consent (not the son's); the disability office is on the team without
consent; another agency never heard of it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from cases import family_reads, services
from cases.models import Person, PersonRelation
from cases.services.family import RELATION_TO_SELF, RelativeData

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


def said(text: str, **words) -> str:
    """A phrase as the page says it (in the page's language)."""
    with translation.override("ja"):
        return translation.gettext(text) % words


def page(client, story):
    return client.get(reverse("cases:household", args=[story.case.household_id]))


def family_section(response) -> str:
    html = response.content.decode()
    start = html.index('id="family"')
    return html[start : html.index("</section>", start)]


# --- the section --------------------------------------------------------------------------


def test_the_holder_reads_each_relation_from_both_persons(client, story):
    mother_of_son(story)
    client.force_login(story.owner_worker)
    section = family_section(page(client, story))
    assert said("%(a)s is the parent of %(b)s", a="山田 トメ", b="山田 一郎") in section
    assert said("%(a)s is the child of %(b)s", a="山田 一郎", b="山田 トメ") in section


def test_a_deceased_relative_is_listed_with_the_date_of_death(client, story):
    services.relative_add(
        actor=story.owner_worker,
        household=story.case.household,
        data=RelativeData(
            family_name="山田", given_name="源蔵", deceased=True, died_on=dt.date(2019, 6, 1)
        ),
    )
    client.force_login(story.owner_worker)
    section = family_section(page(client, story))
    assert "山田 源蔵" in section
    assert "令和元年6月1日" in section


def test_the_key_person_is_marked(client, story):
    _, son = members(story)
    services.key_person_set(actor=story.owner_worker, household=story.case.household, person=son)
    client.force_login(story.owner_worker)
    section = family_section(page(client, story))
    assert '<p class="key-person">' in section
    assert "<strong>山田 一郎</strong>" in section


def test_a_consent_reader_sees_the_covered_member_by_name_and_the_other_without(client, story):
    mother_of_son(story)
    client.force_login(story.team_worker)  # the mother's consent covers the east 地域包括
    section = family_section(page(client, story))
    with translation.override("ja"):
        member = translation.gettext("a member")
    assert said("%(a)s is the parent of %(b)s", a="山田 トメ", b=member) in section
    assert "一郎" not in section


def test_a_consent_reader_does_not_see_a_relatives_name(client, story):
    services.relative_add(
        actor=story.owner_worker,
        household=story.case.household,
        data=RelativeData(family_name="田中", given_name="キヨ"),
    )
    client.force_login(story.team_worker)
    assert "田中" not in family_section(page(client, story))


def test_only_those_who_may_change_the_household_are_offered_the_forms(client, story):
    client.force_login(story.team_worker)
    section = family_section(page(client, story))
    assert reverse("cases:relation_new", args=[story.case.household_id]) not in section
    client.force_login(story.owner_worker)
    section = family_section(page(client, story))
    assert reverse("cases:relation_new", args=[story.case.household_id]) in section


@pytest.mark.parametrize("size", [1, 8])
def test_the_household_page_costs_the_same_whatever_the_size_of_the_family(
    client, story, size, django_assert_max_num_queries
):
    mother, son = members(story)
    household = story.case.household
    for n in range(size):
        relative = services.relative_add(
            actor=story.owner_worker,
            household=household,
            data=RelativeData(family_name="親戚", given_name=f"{n}"),
            related_to=mother,
            kind="sibling",
        )
        services.relation_add(
            actor=story.owner_worker,
            household=household,
            person=relative,
            relative=son,
            kind="other",
            label="叔母",
        )
    client.force_login(story.owner_worker)
    with django_assert_max_num_queries(30):
        assert page(client, story).status_code == 200


def test_relations_with_persons_outside_the_circle_are_not_listed(story):
    assert list(family_reads.circle_relations(story.case.household)) == []


# --- the forms ----------------------------------------------------------------------------


def relation_post(client, story, **overrides):
    mother, son = members(story)
    body = {"person": mother.pk, "kind": "parent", "relative": son.pk, **overrides}
    return client.post(reverse("cases:relation_new", args=[story.case.household_id]), body)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("owner_worker", 302),
        ("team_worker", 403),
        ("uncovered_worker", 403),
        ("stranger", 404),
    ],
)
def test_only_the_holders_of_the_household_add_a_relation(client, story, persona, status):
    client.force_login(getattr(story, persona))
    assert relation_post(client, story).status_code == status
    assert PersonRelation.objects.exists() is (status == 302)


def test_an_anonymous_visitor_is_sent_to_log_in(client, story):
    response = relation_post(client, story)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_team_agency_without_consent_is_told_what_is_missing(client, story):
    client.force_login(story.uncovered_worker)
    response = relation_post(client, story)
    assert story.uncovered_agency.name in response.content.decode()


def test_a_relation_to_oneself_is_a_form_error(client, story):
    mother, _ = members(story)
    client.force_login(story.owner_worker)
    response = relation_post(client, story, relative=mother.pk)
    assert response.status_code == 200
    with translation.override("ja"):
        assert str(RELATION_TO_SELF) in response.content.decode()


def test_a_relation_is_changed_from_its_form(client, story):
    relation = mother_of_son(story)
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:relation_edit", args=[story.case.household_id, relation.pk]),
        {"kind": "other", "label": "養母", "version": relation.version},
    )
    assert response.status_code == 302
    relation.refresh_from_db()
    assert (relation.kind, relation.label) == ("other", "養母")


def test_a_relation_is_removed_after_confirming(client, story):
    relation = mother_of_son(story)
    client.force_login(story.owner_worker)
    path = reverse("cases:relation_remove", args=[story.case.household_id, relation.pk])
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert not PersonRelation.objects.exists()


def test_a_relation_of_another_household_is_not_found_here(client, story):
    relation = mother_of_son(story)
    other = services.household_create(actor=story.owner_worker, name="佐藤家", members=[])
    client.force_login(story.owner_worker)
    path = reverse("cases:relation_edit", args=[other.pk, relation.pk])
    assert client.get(path).status_code == 404


def test_a_relative_is_added_from_its_form(client, story):
    mother, _ = members(story)
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:relative_new", args=[story.case.household_id]),
        {
            "family_name": "田中",
            "given_name": "キヨ",
            "sex": "female",
            "deceased": "on",
            "died_on": "2020-05-01",
            "kind": "sibling",
            "related_to": mother.pk,
        },
    )
    assert response.status_code == 302
    relative = Person.objects.get(family_name="田中")
    assert (relative.recorded_with_id, relative.died_on) == (
        story.case.household_id,
        dt.date(2020, 5, 1),
    )


def test_the_key_person_is_set_from_its_form(client, story):
    _, son = members(story)
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:key_person", args=[story.case.household_id]),
        {"person": son.pk, "version": story.case.household.version},
    )
    assert response.status_code == 302
    story.case.household.refresh_from_db()
    assert story.case.household.key_person == son


def test_a_person_is_marked_deceased_from_the_edit_form(client, story):
    mother, _ = members(story)
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:person_edit", args=[story.case.household_id, mother.pk]),
        {
            "family_name": mother.family_name,
            "given_name": mother.given_name,
            "sex": mother.sex,
            "deceased": "on",
            "died_on": "2025-01-10",
            "version": mother.version,
        },
    )
    assert response.status_code == 302
    mother.refresh_from_db()
    assert (mother.deceased, mother.died_on) == (True, dt.date(2025, 1, 10))


def test_a_date_of_death_without_deceased_is_a_form_error(client, story):
    mother, _ = members(story)
    client.force_login(story.owner_worker)
    response = client.post(
        reverse("cases:person_edit", args=[story.case.household_id, mother.pk]),
        {
            "family_name": mother.family_name,
            "sex": mother.sex,
            "died_on": "2025-01-10",
            "version": mother.version,
        },
    )
    assert response.status_code == 200
    mother.refresh_from_db()
    assert mother.died_on is None


def test_a_consent_reader_may_not_open_the_person_form(client, story):
    mother, _ = members(story)
    client.force_login(story.team_worker)
    path = reverse("cases:person_edit", args=[story.case.household_id, mother.pk])
    assert client.get(path).status_code == 403


# --- the household's history --------------------------------------------------------------


def history_entries(client, story):
    response = client.get(reverse("cases:household_history", args=[story.case.household_id]))
    return response.context["rows"]


def test_the_household_history_lists_a_recorded_and_a_removed_relation(client, story):
    relation = mother_of_son(story)
    services.relation_remove(actor=story.owner_worker, relation=relation)
    client.force_login(story.owner_worker)
    kinds = [
        e.type
        for e in history_entries(client, story)
        if e.object_id == relation.pk and str(e.model) == str(PersonRelation._meta.verbose_name)
    ]
    assert sorted(kinds) == ["+", "-"]


def test_a_consent_reader_sees_no_relation_with_an_uncovered_member_in_history(client, story):
    relation = mother_of_son(story)
    client.force_login(story.team_worker)
    assert not [
        e
        for e in history_entries(client, story)
        if e.object_id == relation.pk and str(e.model) == str(PersonRelation._meta.verbose_name)
    ]


def test_a_consent_reader_does_not_see_an_uncovered_key_person_in_history(client, story):
    _, son = members(story)
    services.key_person_set(actor=story.owner_worker, household=story.case.household, person=son)
    client.force_login(story.team_worker)
    changed = [c.field for e in history_entries(client, story) for c in e.changes]
    assert "key_person" not in changed
