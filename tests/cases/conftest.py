"""The permission story every cases test is told with.

あさひ野's hub took in the Yamada household (owner). Two agencies are on the team: the
east 地域包括 (covered by the mother's consent, for sharing and for meetings) and the
disability office (on the team, but the consent does not name it). A third agency never
heard of the case (stranger)."""

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pytest

from agencies.models import Membership, User
from cases import services
from cases.models import Case, Consent
from cases.services.households import PersonData
from tests import shared
from tests.factories import AgencyFactory, StaffFactory, open_case, record_consent


@dataclass
class Story:
    people: object
    case: Case
    consent: Consent
    team_agency: object
    team_worker: User
    uncovered_agency: object
    uncovered_worker: User

    def __getattr__(self, name):
        return getattr(self.people, name)

    @property
    def owner_worker(self) -> User:
        return self.people.hub_worker

    @property
    def owner_supervisor(self) -> User:
        return self.people.hub_supervisor

    @property
    def stranger(self) -> User:
        return self.people.other_worker

    def refetch(self, people) -> "Story":
        """The same story told with `people`, every row read again from the database."""
        rows = {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if field.name != "people"
        }
        return dataclasses.replace(self, people=people, **shared.refetched(rows))


@pytest.fixture(scope="module")
def module_story(request, module_people, django_db_blocker):
    """The story made once for a module with the shared_fixtures marker (tests/shared.py),
    inside its people's module transaction; None for any other module."""
    if module_people is None:
        yield None
        return
    yield from shared.module_transaction(django_db_blocker, lambda: build_story(module_people))


@pytest.fixture
def story(module_story, people) -> Story:
    if module_story is not None:
        return module_story.refetch(people)
    return build_story(people)


def build_story(people) -> Story:
    team_agency = AgencyFactory(name="東部地域包括支援センター")
    uncovered_agency = AgencyFactory(name="障がい者相談支援事業所 あおぞら")
    team_worker = StaffFactory(agency=team_agency, role=Membership.Role.CASEWORKER)
    uncovered_worker = StaffFactory(agency=uncovered_agency, role=Membership.Role.CASEWORKER)
    case = open_case(worker=people.hub_worker)
    services.team_add(actor=people.hub_worker, case=case, agency=team_agency, role="介護")
    services.team_add(actor=people.hub_worker, case=case, agency=uncovered_agency, role="障がい")
    consent = record_consent(
        case=case,
        by=people.hub_worker,
        all_team_agencies=False,
        agencies=[team_agency],
        purposes=[Consent.Purpose.SHARING, Consent.Purpose.MEETING],
    )
    return Story(
        people=people,
        case=case,
        consent=consent,
        team_agency=team_agency,
        team_worker=team_worker,
        uncovered_agency=uncovered_agency,
        uncovered_worker=uncovered_worker,
    )


# 名寄せ (tests/cases/test_matching.py, test_api_matching.py).
MATCH_BIRTH = dt.date(1980, 5, 6)


@pytest.fixture
def match_record(people):
    """The other agency's household: 佐藤 花子, whom the requester may not read."""
    household = services.household_create(
        actor=people.other_worker,
        name="佐藤家",
        phone="0565-99-1234",
        members=[
            PersonData(
                family_name="佐藤",
                given_name="花子",
                family_name_kana="さとう",
                given_name_kana="はなこ",
                birth_date=MATCH_BIRTH,
                phone="080-9999-1234",
                relation="head",
            )
        ],
    )
    return household.memberships.get().person


@pytest.fixture
def match_requester():
    agency = AgencyFactory(name="こども家庭センター みどり")
    return StaffFactory(agency=agency, role=Membership.Role.CASEWORKER)
