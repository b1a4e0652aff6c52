"""Search, the persons API and intake find a person or household whichever way the name was
typed: hiragana, katakana, half-width, full-width letters, with or without spaces."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases import selectors
from cases.models import Person
from cases.services.households import PersonData
from tests.factories import open_case

pytestmark = pytest.mark.django_db

SPELLINGS = ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "やま だ", "ヤマ　ダ"]


@pytest.fixture
def silva(people):
    member = PersonData(
        family_name="Silva",
        given_name="Maria",
        family_name_kana="シルバ",
        given_name_kana="マリア",
        phone="090-1111-2222",
        relation="head",
    )
    return open_case(worker=people.hub_worker, name="シルバ世帯", members=[member])


def households(user, text):
    return {h.name for h in selectors.search(user, text=text)["households"]}


@pytest.mark.parametrize("typed", SPELLINGS)
def test_the_search_finds_the_household_however_the_kana_is_typed(story, typed):
    assert households(story.owner_worker, typed) == {"山田家"}


@pytest.mark.parametrize("typed", SPELLINGS)
def test_intake_offers_the_same_household_however_the_kana_is_typed(story, typed):
    found = selectors.household_candidates(story.owner_worker, typed)
    assert [h.pk for h in found] == [story.case.household_id]


@pytest.mark.parametrize("typed", ["ｓｉｌｖａ", "SILVA", "silva ma", "しるば"])
def test_latin_names_match_in_any_width_and_case(silva, people, typed):
    names = {p.full_name for p in selectors.search(people.hub_worker, text=typed)["persons"]}
    assert names == {"Silva Maria"}


def test_a_phone_number_finds_the_person_in_any_width(silva, people):
    found = selectors.search(people.hub_worker, text="０９０－１１１１－２２２２")["persons"]
    assert [p.full_name for p in found] == ["Silva Maria"]


def test_a_phone_number_finds_nobody_for_a_stranger(silva, people):
    assert selectors.search(people.other_worker, text="090-1111-2222")["persons"] == []


def test_a_merged_record_is_not_offered(story):
    one, other = story.case.household.memberships.order_by("pk")
    other.person.merged_into = one.person
    other.person.save()
    names = {p.full_name for p in selectors.search(story.owner_worker, text="やまだ")["persons"]}
    assert names == {"山田 トメ"}


def test_the_persons_api_finds_half_width_kana(story):
    api = APIClient()
    api.force_authenticate(story.owner_worker)
    rows = api.get(reverse("api:person-list"), {"kana": "ﾔﾏﾀﾞ ｲﾁﾛｳ"}).json()["results"]
    assert [r["given_name"] for r in rows] == ["一郎"]


def test_the_households_api_finds_the_name_in_katakana(story):
    api = APIClient()
    api.force_authenticate(story.owner_worker)
    story.case.household.name = "やまだ家"
    story.case.household.save()
    rows = api.get(reverse("api:household-list"), {"name": "ヤマダ"}).json()["results"]
    assert [r["id"] for r in rows] == [story.case.household_id]


def test_the_case_list_finds_the_household_in_half_width_kana(story):
    story.case.household.name = "ヤマダ家"
    story.case.household.save()
    filters = selectors.CaseFilters(q="ﾔﾏﾀﾞ")
    assert [c.pk for c in selectors.case_list(story.owner_worker, filters=filters)] == [
        story.case.pk
    ]


def test_a_person_key_follows_the_record(story):
    person = Person.objects.get(given_name="一郎")
    assert (person.name_key, person.kana_key) == ("山田一郎", "ヤマダイチロウ")
