"""Search and 名寄せ matching decide what the reader may see for all the rows they find at
once: the number of queries does not grow with the number of matching persons (issue 14,
docs/performance.md)."""

import datetime as dt

import pytest

from agencies.models import Membership
from cases import selectors, services
from cases.models import HouseholdMembership
from cases.services.households import PersonData
from cases.services.matching import MatchData, possible_matches
from tests.factories import AgencyFactory, StaffFactory, open_case, record_consent

pytestmark = pytest.mark.django_db

PHONE = "0565-11-2222"
BIRTH = dt.date(1950, 1, 2)


def member(given: str, relation: str) -> PersonData:
    return PersonData(
        family_name="山田",
        given_name=given,
        family_name_kana="やまだ",
        given_name_kana="はなこ",
        birth_date=BIRTH,
        phone=PHONE,
        relation=relation,
    )


@pytest.fixture
def team_reader(people):
    """A worker of a team agency that reads the hub's cases by a consent naming it."""
    team = AgencyFactory(name="東部地域包括支援センター")
    return team, StaffFactory(agency=team, role=Membership.Role.CASEWORKER)


def households_of_yamada(people, team, count: int) -> None:
    for n in range(count):
        case = open_case(
            worker=people.hub_worker,
            name=f"山田家{n}",
            members=[
                member("花子", HouseholdMembership.Relation.HEAD),
                member("一郎", HouseholdMembership.Relation.CHILD),
            ],
        )
        services.team_add(actor=people.hub_worker, case=case, agency=team, role="介護")
        record_consent(case=case, by=people.hub_worker, all_team_agencies=False, agencies=[team])


@pytest.mark.parametrize("count", [1, 6])
def test_search_runs_the_same_number_of_queries_whatever_the_number_found(
    people, team_reader, count, django_assert_max_num_queries
):
    team, reader = team_reader
    households_of_yamada(people, team, count)
    selectors.search(reader, text="やまだ")  # the permission ids, once a process
    with django_assert_max_num_queries(10):
        found = selectors.search(reader, text="やまだ")
    assert len(found["households"]) == count


@pytest.mark.parametrize("count", [1, 6])
def test_possible_matches_run_the_same_number_of_queries_whatever_the_number_found(
    people, team_reader, count, django_assert_max_num_queries
):
    team, reader = team_reader
    households_of_yamada(people, team, count)
    data = MatchData(family_name="山田", family_name_kana="ﾔﾏﾀﾞ", birth_date=BIRTH, phone=PHONE)
    possible_matches(user=reader, data=data)  # the permission ids, once a process
    with django_assert_max_num_queries(13):
        result = possible_matches(user=reader, data=data)
    assert len(result.readable) + len(result.withheld) == 2 * count


def found_by(user, text: str) -> tuple[list[int], list[int]]:
    result = selectors.search(user, text=text)
    return [p.pk for p in result["persons"]], [h.pk for h in result["households"]]


@pytest.mark.parametrize("probe", [2, 5, 40])
def test_a_wide_reader_finds_the_same_rows_through_the_probe_as_by_deciding_every_match(
    people, team_reader, monkeypatch, probe
):
    team, reader = team_reader
    households_of_yamada(people, team, 3)
    for n in range(3):  # households the reader may not see, between those they may
        open_case(worker=people.other_worker, name=f"山田家{n}b", members=[member("次郎", "head")])
    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 3)
    monkeypatch.setattr(selectors, "WIDE_READER", 10**9)
    every = found_by(reader, "やまだ")
    monkeypatch.setattr(selectors, "WIDE_READER", 1)
    monkeypatch.setattr(selectors, "SEARCH_PROBE", probe)
    assert found_by(reader, "やまだ") == every
    assert len(every[0]) == 3


def plans(monkeypatch, narrow: bool) -> None:
    """A reader of few households is searched from them (access.NARROW_READER), any other
    from the matches: set the bound so that every reader takes one plan."""
    from cases import access
    from cases.access import filters

    bound = 10**9 if narrow else 0
    monkeypatch.setattr(access, "NARROW_READER", bound)
    monkeypatch.setattr(filters, "NARROW_READER", bound)


@pytest.mark.parametrize("text", ["やまだ", "山田", "ﾊﾅｺ", "山田家1", "0565-11-2222"])
def test_a_narrow_reader_finds_the_same_rows_from_its_households_as_from_the_matches(
    people, team_reader, monkeypatch, text
):
    team, reader = team_reader
    households_of_yamada(people, team, 3)
    open_case(worker=people.other_worker, name="山田家9", members=[member("次郎", "head")])
    for user in (reader, people.hub_worker, people.other_worker):
        plans(monkeypatch, narrow=False)
        from_matches = found_by(user, text)
        plans(monkeypatch, narrow=True)
        assert found_by(user, text) == from_matches, user


def test_visible_among_answers_the_same_for_a_narrow_reader_either_way(
    people, team_reader, monkeypatch
):
    from cases import access
    from cases.models import Household, Person

    team, reader = team_reader
    households_of_yamada(people, team, 2)
    open_case(worker=people.other_worker, name="山田家9", members=[member("次郎", "head")])
    candidates = Person.objects.filter(family_name="山田")
    named = Household.objects.filter(name__startswith="山田")
    readable = access.readable_household_ids(reader, 100)
    assert readable is not None and len(readable) == 2
    narrow = access.visible_among(reader, candidates, named=named, readable_ids=readable)
    wide = access.visible_among(reader, candidates, named=named, from_matches=True)
    assert sorted(narrow[1]) == sorted(wide[1])
    assert set(narrow[0].values_list("pk", flat=True)) == set(wide[0].values_list("pk", flat=True))


def test_a_reader_of_more_households_than_the_bound_is_not_narrow(people, team_reader):
    from cases import access

    team, reader = team_reader
    households_of_yamada(people, team, 3)
    assert access.readable_household_ids(reader, 2) is None
    assert len(access.readable_household_ids(reader, 3)) == 3
