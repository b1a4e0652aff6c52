"""The demo city's 地域づくり: loads through the services and is idempotent."""

import pytest
from django.utils import timezone

from agencies.models import Area
from community import demo, selectors
from community.models import Activity, Donation, Group, Network, NetworkMember, Place, Platform

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once for the module (the city and its community take a few seconds)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            created = demo.load_community()
            yield created
            transaction.set_rollback(True)


def test_the_demo_creates_records(loaded):
    assert loaded > 100
    assert loaded == (
        Group.objects.count()
        + Place.objects.count()
        + Platform.objects.count()
        + Network.objects.count()
        + NetworkMember.objects.count()
        + Donation.objects.count()
        + Activity.objects.count()
    )


def test_every_junior_high_district_has_groups_of_the_main_kinds(loaded):
    for row in selectors.district_overview():
        if row.area is not None:
            assert row.counts.groups >= 3, row.area
            assert row.counts.activities > 0, row.area
    kinds = set(Group.objects.values_list("kind", flat=True))
    assert {"salon", "kodomo_shokudo", "food_pantry", "helpers", "dementia_cafe"} <= kinds


def test_there_are_two_platforms_with_members(loaded):
    platforms = Platform.objects.all()
    assert platforms.count() == 2
    assert demo.PLATFORM_EAST in {p.name for p in platforms}
    for platform in platforms:
        assert platform.groups.exists()
        assert platform.agencies.exists()
        assert platform.companies


def test_the_food_drive_has_members_in_every_role_and_company_donations(loaded):
    network = Network.objects.get(name=demo.FOOD_DRIVE)
    roles = set(network.members.values_list("role", flat=True))
    assert roles == set(NetworkMember.Role.values)
    assert network.donations.count() >= 5


def test_activities_span_past_months_and_none_is_in_the_future(loaded):
    dates = list(Activity.objects.values_list("held_on", flat=True))
    assert len({(d.year, d.month) for d in dates}) >= 4
    assert max(dates) <= timezone.localdate()


def test_the_social_welfare_council_owns_most_records_and_history_names_its_staff(loaded):
    group = Group.objects.get(name="本町いきいきサロン")
    assert group.owner.name == demo.SHAKYO
    assert group.history.latest().history_user.memberships.filter(agency=group.owner).exists()


def test_demo_names_refer_to_the_demo_citys_areas(loaded):
    assert Group.objects.filter(area__level=Area.Level.NEIGHBOURHOOD).exists()
    assert Group.objects.filter(area__isnull=True).exists()  # a city-wide group


def test_loading_again_creates_nothing(loaded):
    before = Activity.objects.count()
    assert demo.load_community() == 0
    assert Activity.objects.count() == before
