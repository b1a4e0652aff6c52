"""Every write to community records goes through here.

Services take keyword arguments, check that the actor belongs to the owning agency (through
community.access), validate with full_clean(), run in one transaction, and leave a history
row naming the actor and the reason. Updates refuse to overwrite a newer version."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, Area, User
from community import access
from community.models import Activity, Donation, Group, Network, NetworkMember, Place, Platform
from core.concurrency import lock_current
from core.history import attribute

GROUP_FIELDS = (
    "name",
    "kind",
    "target",
    "area",
    "description",
    "schedule",
    "contact",
    "member_count",
    "is_active",
)
PLACE_FIELDS = (
    "name",
    "address",
    "target",
    "area",
    "opening_hours",
    "description",
    "run_by",
    "is_active",
)
PLATFORM_FIELDS = ("name", "purpose", "area", "companies", "is_active")
NETWORK_FIELDS = ("name", "purpose", "area", "is_active")
ACTIVITY_FIELDS = ("title", "held_on", "participants", "group", "place", "platform", "area", "note")

FUTURE_ACTIVITY = _("An activity is recorded once it has been held: the date is in the future.")
FUTURE_DONATION = _("A donation is recorded once it has been received: the date is in the future.")
MEMBER_NAME_REQUIRED = _("Enter the member's name, or choose an agency or a group.")
MEMBER_OF_ANOTHER_NETWORK = _("This member belongs to another network.")


def _apply(instance: Any, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for name, value in data.items():
        if name not in allowed:
            raise ValueError(f"{name} is not an editable field of {type(instance).__name__}")
        setattr(instance, name, value)


def _check_not_future(day: dt.date | None, field: str, message) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: [ValidationError(message, code="future")]})


def _create(instance: Any, *, actor: User, reason: str) -> Any:
    access.require_owner_agency(actor, instance.owner)
    instance.full_clean()
    attribute(instance, actor, reason)
    instance.save()
    return instance


def _update(
    record: Any,
    *,
    actor: User,
    expected_version: int | None,
    data: dict[str, Any],
    allowed: tuple[str, ...],
    reason: str,
) -> Any:
    """Lock the current row, check the version, apply `data`, validate, save. Call inside
    transaction.atomic()."""
    access.require_edit(actor, record)
    current = lock_current(record, expected_version=expected_version)
    _apply(current, data, allowed)
    current.full_clean()
    attribute(current, actor, reason)
    current.save()
    return current


# --- groups and places --------------------------------------------------------------------


def group_create(*, actor: User, owner: Agency, name: str, kind: str, **data: Any) -> Group:
    """Register a community group (地域活動団体) owned by one of the actor's agencies."""
    group = Group(owner=owner, name=name, kind=kind)
    _apply(group, data, GROUP_FIELDS)
    with transaction.atomic():
        return _create(group, actor=actor, reason=gettext_noop("community group registered"))


def group_update(
    *, actor: User, group: Group, expected_version: int | None, data: dict[str, Any]
) -> Group:
    with transaction.atomic():
        return _update(
            group,
            actor=actor,
            expected_version=expected_version,
            data=data,
            allowed=GROUP_FIELDS,
            reason=gettext_noop("community group updated"),
        )


def place_create(*, actor: User, owner: Agency, name: str, **data: Any) -> Place:
    """Register a place to belong (居場所)."""
    place = Place(owner=owner, name=name)
    _apply(place, data, PLACE_FIELDS)
    with transaction.atomic():
        return _create(place, actor=actor, reason=gettext_noop("place registered"))


def place_update(
    *, actor: User, place: Place, expected_version: int | None, data: dict[str, Any]
) -> Place:
    with transaction.atomic():
        return _update(
            place,
            actor=actor,
            expected_version=expected_version,
            data=data,
            allowed=PLACE_FIELDS,
            reason=gettext_noop("place updated"),
        )


# --- platforms ---------------------------------------------------------------------------


def platform_create(
    *,
    actor: User,
    owner: Agency,
    name: str,
    groups: Iterable[Group] = (),
    agencies: Iterable[Agency] = (),
    **data: Any,
) -> Platform:
    """Register a つながりづくりプラットフォーム with its member groups and agencies."""
    platform = Platform(owner=owner, name=name)
    _apply(platform, data, PLATFORM_FIELDS)
    with transaction.atomic():
        _create(platform, actor=actor, reason=gettext_noop("platform registered"))
        platform.groups.set(groups)
        platform.agencies.set(agencies)
    return platform


def platform_update(
    *,
    actor: User,
    platform: Platform,
    expected_version: int | None,
    data: dict[str, Any],
    groups: Iterable[Group] | None = None,
    agencies: Iterable[Agency] | None = None,
) -> Platform:
    """Change a platform and, when given, replace its member groups and agencies."""
    with transaction.atomic():
        current = _update(
            platform,
            actor=actor,
            expected_version=expected_version,
            data=data,
            allowed=PLATFORM_FIELDS,
            reason=gettext_noop("platform updated"),
        )
        if groups is not None:
            current.groups.set(groups)
        if agencies is not None:
            current.agencies.set(agencies)
    return current


# --- networks ----------------------------------------------------------------------------


def network_create(*, actor: User, owner: Agency, name: str, **data: Any) -> Network:
    """Register a network such as a food drive (フードドライブ)."""
    network = Network(owner=owner, name=name)
    _apply(network, data, NETWORK_FIELDS)
    with transaction.atomic():
        return _create(network, actor=actor, reason=gettext_noop("network registered"))


def network_update(
    *, actor: User, network: Network, expected_version: int | None, data: dict[str, Any]
) -> Network:
    with transaction.atomic():
        return _update(
            network,
            actor=actor,
            expected_version=expected_version,
            data=data,
            allowed=NETWORK_FIELDS,
            reason=gettext_noop("network updated"),
        )


def network_member_add(
    *,
    actor: User,
    network: Network,
    role: str,
    name: str = "",
    agency: Agency | None = None,
    group: Group | None = None,
) -> NetworkMember:
    """Add a member (a company, group or agency) with its role. The name defaults to the
    linked agency's or group's name."""
    access.require_edit(actor, network)
    if not name:
        linked = agency or group
        if linked is None:
            raise ValidationError({"name": [ValidationError(MEMBER_NAME_REQUIRED, "required")]})
        name = linked.name
    member = NetworkMember(network=network, name=name, role=role, agency=agency, group=group)
    with transaction.atomic():
        member.full_clean()
        attribute(member, actor, gettext_noop("network member added"))
        member.save()
    return member


def network_member_remove(*, actor: User, network: Network, member: NetworkMember) -> None:
    access.require_edit(actor, network)
    if member.network_id != network.pk:
        raise ValidationError(MEMBER_OF_ANOTHER_NETWORK, code="other_network")
    with transaction.atomic():
        attribute(member, actor, gettext_noop("network member removed"))
        member.delete()


def donation_record(
    *,
    actor: User,
    network: Network,
    donor: str,
    received_on: dt.date,
    description: str,
    quantity: str = "",
) -> Donation:
    """Record a donation (e.g. from a company to a food drive)."""
    access.require_edit(actor, network)
    donation = Donation(
        network=network,
        donor=donor,
        received_on=received_on,
        description=description,
        quantity=quantity,
    )
    with transaction.atomic():
        donation.full_clean()
        _check_not_future(received_on, "received_on", FUTURE_DONATION)
        attribute(donation, actor, gettext_noop("donation recorded"))
        donation.save()
    return donation


def donation_remove(*, actor: User, network: Network, donation: Donation) -> None:
    """Take back a donation recorded by mistake (its history stays)."""
    access.require_edit(actor, network)
    if donation.network_id != network.pk:
        raise ValidationError(MEMBER_OF_ANOTHER_NETWORK, code="other_network")
    with transaction.atomic():
        attribute(donation, actor, gettext_noop("donation removed"))
        donation.delete()


# --- activities --------------------------------------------------------------------------


def _activity_area(activity: Activity) -> Area | None:
    """Where it happened: the given area, else the place's, the group's or the platform's."""
    if activity.area_id is not None:
        return activity.area
    for linked in (activity.place, activity.group, activity.platform):
        if linked is not None and linked.area_id is not None:
            return linked.area
    return None


def activity_record(
    *, actor: User, owner: Agency, title: str, held_on: dt.date, **data: Any
) -> Activity:
    """Record an activity or event that was held. Any staff member may record one about any
    group, place or platform; the activity belongs to the recording agency (`owner`), whose
    staff alone may correct it. An empty area takes the place's, group's or platform's."""
    activity = Activity(owner=owner, title=title, held_on=held_on, recorded_by=actor)
    _apply(activity, data, ACTIVITY_FIELDS)
    activity.area = _activity_area(activity)
    with transaction.atomic():
        access.require_owner_agency(actor, owner)
        activity.full_clean()
        _check_not_future(activity.held_on, "held_on", FUTURE_ACTIVITY)
        attribute(activity, actor, gettext_noop("activity recorded"))
        activity.save()
    return activity


def activity_update(
    *, actor: User, activity: Activity, expected_version: int | None, data: dict[str, Any]
) -> Activity:
    with transaction.atomic():
        access.require_edit(actor, activity)
        current = lock_current(activity, expected_version=expected_version)
        _apply(current, data, ACTIVITY_FIELDS)
        current.area = _activity_area(current)
        current.full_clean()
        _check_not_future(current.held_on, "held_on", FUTURE_ACTIVITY)
        attribute(current, actor, gettext_noop("activity updated"))
        current.save()
    return current
