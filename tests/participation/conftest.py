"""The participation story, told on top of the cases story (tests/cases/conftest.py).

The team agency covered by consent (東部地域包括) developed the café kitchen menu and the
shopping-street clean-up, and registered their hosts; the hub (the case's owner) developed
nothing. The Yamada case's son 一郎 is the person matched. Areas: 東中学校区 ⊃ 朝日小学校区
⊃ 本町, and 西中学校区 elsewhere. `kit` does what a caseworker does, through the real
services, so a test only says what is particular to it."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from agencies.models import Area, User
from cases.models import Person
from participation import services
from participation.models import FollowUp, Host, Matching, SupportMenu, Target
from tests.factories import record_consent


@dataclass
class Areas:
    east: Area
    asahi: Area
    honmachi: Area
    west: Area


@pytest.fixture
def areas(db) -> Areas:
    east = Area.objects.create(name="東中学校区", level=Area.Level.JUNIOR_HIGH)
    asahi = Area.objects.create(name="朝日小学校区", level=Area.Level.ELEMENTARY, parent=east)
    honmachi = Area.objects.create(name="本町", level=Area.Level.NEIGHBOURHOOD, parent=asahi)
    west = Area.objects.create(name="西中学校区", level=Area.Level.JUNIOR_HIGH)
    return Areas(east, asahi, honmachi, west)


@dataclass
class Kit:
    story: object
    areas: Areas
    cafe: Host
    street: Host
    bread: SupportMenu
    cleaning: SupportMenu

    @property
    def developer(self) -> User:
        """A caseworker of the agency that developed the menus (the consented team agency)."""
        return self.story.team_worker

    @property
    def son(self) -> Person:
        return self.story.case.household.memberships.get(person__given_name="一郎").person

    @property
    def mother(self) -> Person:
        return self.story.case.household.memberships.get(person__given_name="トメ").person

    def opened_days_ago(self, days: int) -> None:
        """Date the story's case back, so that steps can be dated in the past."""
        case = self.story.case
        case.opened_on = timezone.localdate() - dt.timedelta(days=days)
        case.save()

    def menu(self, title: str = "駄菓子の値札貼り", **overrides) -> SupportMenu:
        values = {
            "title": title,
            "what": "入荷した駄菓子に値札を貼る",
            "host": self.cafe,
            "capacity": 1,
            "kind": SupportMenu.Kind.ROLE,
            "target": Target.WORKING_AGE,
        }
        values.update(overrides)
        return services.menu_create(actor=self.developer, **values)

    def propose(self, *, by: User | None = None, menu=None, person=None, **kwargs) -> Matching:
        return services.matching_propose(
            actor=by or self.story.owner_worker,
            case=self.story.case,
            person=person or self.son,
            menu=menu or self.bread,
            **kwargs,
        )

    def trial(self, matching: Matching, by: User | None = None) -> Matching:
        return services.matching_start_trial(actor=by or self.story.owner_worker, matching=matching)

    def activate(self, matching: Matching, by: User | None = None) -> Matching:
        return services.matching_activate(actor=by or self.story.owner_worker, matching=matching)

    def end(self, matching: Matching, by: User | None = None) -> Matching:
        return services.matching_end(
            actor=by or self.story.owner_worker,
            matching=matching,
            outcome=Matching.Outcome.NOT_SUITED,
            reason="朝が早すぎた",
        )

    def follow_up(
        self,
        matching: Matching,
        *,
        by: User | None = None,
        about: str = FollowUp.About.PERSON,
        done_days_ago: int = 0,
        next_in: int | None = 14,
    ) -> FollowUp:
        today = timezone.localdate()
        return services.follow_up_record(
            actor=by or self.story.owner_worker,
            matching=matching,
            about=about,
            note="本人と面談。休まず通えている。",
            done_on=today - dt.timedelta(days=done_days_ago),
            next_on=None if next_in is None else today + dt.timedelta(days=next_in),
        )


@pytest.fixture
def kit(story, areas) -> Kit:
    developer = story.team_worker
    # Participation support is about the son: his own consent covers the team agency.
    record_consent(
        case=story.case,
        by=story.owner_worker,
        person=story.case.household.memberships.get(person__given_name="一郎").person,
        all_team_agencies=False,
        agencies=[story.team_agency],
    )
    cafe = services.host_create(
        actor=developer, name="カフェ こもれび", contact="店長 0561-00-1234"
    )
    street = services.host_create(actor=developer, name="朝日町商店街振興組合")
    bread = services.menu_create(
        actor=developer,
        title="パン作り",
        what="カフェ厨房で生地の成形と袋詰め",
        where="カフェ こもれび 厨房",
        host=cafe,
        capacity=2,
        kind=SupportMenu.Kind.WORK_EXPERIENCE,
        target=Target.YOUTH,
        area=areas.asahi,
        schedule="毎週火・木 10:00〜13:00",
        conditions="検便あり",
    )
    cleaning = services.menu_create(
        actor=developer,
        title="商店街清掃",
        what="歩道のごみ拾いと花壇の水やり",
        host=street,
        capacity=6,
        kind=SupportMenu.Kind.VOLUNTEERING,
        target=Target.EVERYONE,
        area=areas.east,
    )
    return Kit(story, areas, cafe, street, bread, cleaning)
