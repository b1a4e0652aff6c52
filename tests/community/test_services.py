"""The rules every write follows: only the owning agency changes a record, input is
validated, stale versions are refused, and history names who did it and why."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agencies import services as agency_services
from community import access, services
from community.models import Activity, Group, NetworkMember
from core.concurrency import ConcurrentEditError
from tests.community.conftest import message, not_owner
from tests.factories import AgencyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_a_group_is_registered_with_its_history_naming_the_actor(people, areas):
    group = services.group_create(
        actor=people.hub_worker,
        owner=people.hub,
        name="桜台みんなの食堂",
        kind=Group.Kind.CHILDRENS_CAFETERIA,
        target="children",
        area=areas.sakura,
    )
    record = group.history.latest()
    assert record.history_user == people.hub_worker
    assert record.history_change_reason == "community group registered"


def test_staff_cannot_register_a_record_for_another_agency(people):
    with pytest.raises(PermissionDenied) as refusal:
        services.group_create(
            actor=people.other_worker, owner=people.hub, name="サロン", kind=Group.Kind.SALON
        )
    assert str(refusal.value) == str(access.NOT_YOUR_AGENCY)
    assert not Group.objects.exists()


def test_a_user_without_an_agency_cannot_register_anything(people):
    with pytest.raises(PermissionDenied) as refusal:
        services.network_create(actor=people.no_agency, owner=people.hub, name="ネットワーク")
    assert str(refusal.value) == str(access.NO_MEMBERSHIP)


def test_a_superuser_may_register_for_any_agency(people):
    group = services.group_create(
        actor=people.superuser, owner=people.other, name="サロン", kind=Group.Kind.SALON
    )
    assert group.owner == people.other


def test_bad_values_are_field_errors_and_nothing_is_saved(people):
    with pytest.raises(ValidationError) as error:
        services.group_create(
            actor=people.hub_worker, owner=people.hub, name="", kind="no-such-kind"
        )
    assert set(error.value.message_dict) == {"name", "kind"}
    assert not Group.objects.exists()


def test_the_owning_agency_updates_a_group_and_the_version_moves_on(community):
    group = services.group_update(
        actor=community.hub_admin,
        group=community.salon,
        expected_version=1,
        data={"schedule": "毎週水曜", "member_count": 30},
    )
    assert (group.schedule, group.member_count, group.version) == ("毎週水曜", 30, 2)
    assert group.history.latest().history_user == community.hub_admin


def test_another_agency_cannot_update_and_is_told_who_can(community):
    with pytest.raises(PermissionDenied) as refusal:
        services.group_update(
            actor=community.other_worker,
            group=community.salon,
            expected_version=1,
            data={"name": "乗っ取り"},
        )
    assert message(refusal.value) == not_owner(community.hub)
    community.salon.refresh_from_db()
    assert community.salon.name == "本町いきいきサロン"


def test_a_stale_version_is_refused(community):
    services.place_update(
        actor=community.hub_worker,
        place=community.place,
        expected_version=1,
        data={"opening_hours": "平日"},
    )
    with pytest.raises(ConcurrentEditError):
        services.place_update(
            actor=community.hub_admin,
            place=community.place,
            expected_version=1,
            data={"opening_hours": "土日"},
        )
    community.place.refresh_from_db()
    assert community.place.opening_hours == "平日"


def test_an_unknown_field_is_a_programming_error(community):
    with pytest.raises(ValueError):
        services.group_update(
            actor=community.hub_worker,
            group=community.salon,
            expected_version=1,
            data={"owner": community.other},
        )


def test_a_platforms_members_are_replaced_and_kept_in_history(community):
    group = services.group_create(
        actor=community.hub_worker, owner=community.hub, name="お助け隊", kind="helpers"
    )
    platform = services.platform_update(
        actor=community.hub_worker,
        platform=community.platform,
        expected_version=1,
        data={"companies": "さくら台ストア"},
        groups=[community.salon, group],
        agencies=[],
    )
    assert set(platform.groups.all()) == {community.salon, group}
    assert not platform.agencies.exists()
    assert platform.history.latest().history_user == community.hub_worker


def test_a_network_member_takes_the_linked_groups_name(community):
    member = services.network_member_add(
        actor=community.hub_worker,
        network=community.network,
        role="distributor",
        group=community.salon,
    )
    assert member.name == community.salon.name


def test_a_network_member_needs_a_name_or_a_link(community):
    with pytest.raises(ValidationError) as error:
        services.network_member_add(
            actor=community.hub_worker, network=community.network, role="donor"
        )
    assert error.value.message_dict["name"] == [str(services.MEMBER_NAME_REQUIRED)]


def test_another_agency_cannot_add_members_or_donations(community):
    with pytest.raises(PermissionDenied):
        services.network_member_add(
            actor=community.other_worker, network=community.network, name="x", role="donor"
        )
    with pytest.raises(PermissionDenied):
        services.donation_record(
            actor=community.other_worker,
            network=community.network,
            donor="x",
            received_on=timezone.localdate(),
            description="x",
        )
    assert community.network.members.count() == 1


def test_a_member_of_another_network_cannot_be_removed_through_this_one(community):
    other = services.network_create(actor=community.hub_worker, owner=community.hub, name="別")
    with pytest.raises(ValidationError):
        services.network_member_remove(
            actor=community.hub_worker, network=other, member=community.member
        )
    assert NetworkMember.objects.filter(pk=community.member.pk).exists()


def test_a_donation_cannot_be_received_in_the_future(community):
    with pytest.raises(ValidationError) as error:
        services.donation_record(
            actor=community.hub_worker,
            network=community.network,
            donor="あさひ野パン工房",
            received_on=timezone.localdate() + dt.timedelta(days=1),
            description="パン",
        )
    assert error.value.message_dict["received_on"] == [str(services.FUTURE_DONATION)]


def test_removing_a_donation_leaves_its_history(community):
    donation_pk = community.donation.pk
    services.donation_remove(
        actor=community.hub_worker, network=community.network, donation=community.donation
    )
    last = community.donation.history.model.objects.filter(id=donation_pk).latest()
    assert last.history_type == "-"
    assert last.history_user == community.hub_worker


def test_an_activity_without_an_area_takes_its_groups_area(community):
    activity = services.activity_record(
        actor=community.hub_worker,
        owner=community.hub,
        title="サロン",
        held_on=timezone.localdate(),
        group=community.salon,
    )
    assert activity.area == community.areas.honmachi
    assert activity.recorded_by == community.hub_worker


def test_another_agency_may_record_its_own_activity_at_someone_elses_group(community):
    activity = services.activity_record(
        actor=community.other_worker,
        owner=community.other,
        title="出張相談会",
        held_on=timezone.localdate(),
        group=community.salon,
    )
    assert activity.owner == community.other
    with pytest.raises(PermissionDenied):
        services.activity_update(
            actor=community.hub_worker, activity=activity, expected_version=1, data={}
        )


def test_an_activity_cannot_be_recorded_before_it_is_held(community):
    with pytest.raises(ValidationError) as error:
        services.activity_record(
            actor=community.hub_worker,
            owner=community.hub,
            title="来月のサロン",
            held_on=timezone.localdate() + dt.timedelta(days=30),
        )
    assert error.value.message_dict["held_on"] == [str(services.FUTURE_ACTIVITY)]
    assert Activity.objects.count() == 1


def test_an_activity_update_checks_the_version(community):
    services.activity_update(
        actor=community.hub_worker,
        activity=community.activity,
        expected_version=1,
        data={"participants": 20},
    )
    with pytest.raises(ConcurrentEditError):
        services.activity_update(
            actor=community.hub_worker,
            activity=community.activity,
            expected_version=1,
            data={"participants": 25},
        )


def test_staff_of_a_second_agency_edit_that_agencys_records_too(community):
    both = StaffFactory(agency=AgencyFactory(name="第三の機関"))
    agency_services.membership_add(actor=None, agency=community.hub, user=both, role="caseworker")
    group = services.group_update(
        actor=both, group=community.salon, expected_version=1, data={"member_count": 3}
    )
    assert group.member_count == 3
