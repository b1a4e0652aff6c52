"""The community story: the hub (standing in for the 社会福祉協議会) registered a salon, a
place, a platform, a food-drive network and an activity in 東中学校区. Another agency's
staff may read all of it but change none of it; a user with no agency reads nothing.

Records are made through community.services, as staff would make them."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from agencies.models import Agency, Area
from community import access, services
from community.models import Activity, Donation, Group, Network, NetworkMember, Place, Platform


@dataclass
class Areas:
    east: Area  # 東中学校区
    asahi: Area  # 朝日小学校区 (in east)
    honmachi: Area  # 本町 (in asahi)
    sakura: Area  # 桜台 (another 自治区 of east, in 東小学校区)
    west: Area  # 西中学校区
    nishi: Area  # 西町 (in west)


def make_areas() -> Areas:
    east = Area.objects.create(name="東中学校区", level=Area.Level.JUNIOR_HIGH)
    asahi = Area.objects.create(name="朝日小学校区", level=Area.Level.ELEMENTARY, parent=east)
    higashi = Area.objects.create(name="東小学校区", level=Area.Level.ELEMENTARY, parent=east)
    west = Area.objects.create(name="西中学校区", level=Area.Level.JUNIOR_HIGH)
    nishi_el = Area.objects.create(name="西小学校区", level=Area.Level.ELEMENTARY, parent=west)
    return Areas(
        east=east,
        asahi=asahi,
        honmachi=Area.objects.create(name="本町", level=Area.Level.NEIGHBOURHOOD, parent=asahi),
        sakura=Area.objects.create(name="桜台", level=Area.Level.NEIGHBOURHOOD, parent=higashi),
        west=west,
        nishi=Area.objects.create(name="西町", level=Area.Level.NEIGHBOURHOOD, parent=nishi_el),
    )


@dataclass
class Story:
    people: object
    areas: Areas
    salon: Group
    place: Place
    platform: Platform
    network: Network
    member: NetworkMember
    donation: Donation
    activity: Activity

    def __getattr__(self, name):
        return getattr(self.people, name)

    @property
    def owner(self) -> Agency:
        return self.people.hub


@pytest.fixture
def areas(db) -> Areas:
    return make_areas()


@pytest.fixture
def community(people, areas) -> Story:
    worker, hub = people.hub_worker, people.hub
    salon = services.group_create(
        actor=worker,
        owner=hub,
        name="本町いきいきサロン",
        kind=Group.Kind.SALON,
        target="elderly",
        area=areas.honmachi,
        schedule="毎月第2水曜",
    )
    place = services.place_create(
        actor=worker, owner=hub, name="朝日町ふれあいの家", area=areas.asahi, run_by=salon
    )
    platform = services.platform_create(
        actor=worker,
        owner=hub,
        name="東つながりづくりプラットフォーム",
        area=areas.east,
        groups=[salon],
        agencies=[people.other],
        companies="東山町商店会\nさくら台ストア",
    )
    network = services.network_create(actor=worker, owner=hub, name="フードドライブ")
    member = services.network_member_add(
        actor=worker, network=network, name="株式会社ミナト食品", role="donor"
    )
    donation = services.donation_record(
        actor=worker,
        network=network,
        donor="株式会社ミナト食品",
        received_on=timezone.localdate() - dt.timedelta(days=3),
        description="レトルト食品",
        quantity="20食",
    )
    activity = services.activity_record(
        actor=worker,
        owner=hub,
        title="サロン定例会",
        held_on=timezone.localdate() - dt.timedelta(days=1),
        participants=18,
        group=salon,
    )
    return Story(
        people=people,
        areas=areas,
        salon=salon,
        place=place,
        platform=platform,
        network=network,
        member=member,
        donation=donation,
        activity=activity,
    )


def message(text) -> str:
    """A message constant as the Japanese-first UI shows it."""
    with override("ja"):
        return str(text)


def not_owner(agency: Agency) -> str:
    with override("ja"):
        return str(access.NOT_OWNER % {"agency": agency.name})


def in_page(text: str, response) -> bool:
    return escape(text) in response.text
