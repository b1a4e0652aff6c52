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
