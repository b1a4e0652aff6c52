"""Hosts and menus: the directory of participation support (no personal data).

Any caseworker, coordinator or supervisor registers one for an agency they belong to; only
staff of that agency (the host's registering agency, the menu's developing agency) change it
afterwards (participation/access.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases.services.common import acting_agency
from community.models import Group
from core.concurrency import lock_current
from core.dates import not_in_future
from core.history import save_with_history
from participation import access
from participation.models import (
    Host,
    Matching,
    SupportMenu,
)

HOST_ONE_LINK = _("Link the host to an agency or to a community group, not both.")
HOST_INACTIVE = _("This host no longer takes people in.")
MENU_INACTIVE = _("This menu is no longer offered.")
MENU_FULL = _(
    "All %(capacity)s places of this menu are taken. Wait until a place is free, or choose "
    "another menu."
)
CAPACITY_BELOW_TAKEN = _("%(taken)s people take part now: there cannot be fewer places.")

HOST_FIELDS = ("name", "agency", "group", "contact", "is_active")
MENU_FIELDS = (
    "title",
    "what",
    "where",
    "host",
    "capacity",
    "schedule",
    "conditions",
    "target",
    "area",
    "kind",
    "developed_on",
    "is_active",
)


# --- hosts -------------------------------------------------------------------------------


def _check_host_links(agency: Agency | None, group: Group | None) -> None:
    if agency is not None and group is not None:
        raise ValidationError({"group": HOST_ONE_LINK})


def host_create(
    *,
    actor: User,
    name: str,
    agency: Agency | None = None,
    group: Group | None = None,
    contact: str = "",
    registered_by: Agency | None = None,
) -> Host:
    registered_by = acting_agency(actor, registered_by)
    _check_host_links(agency, group)
    host = Host(name=name, agency=agency, group=group, contact=contact, registered_by=registered_by)
    with transaction.atomic():
        return save_with_history(host, actor, gettext_noop("host registered"))


def host_update(
    *, actor: User, host: Host, expected_version: int | None, data: dict[str, Any]
) -> Host:
    access.require_edit_host(actor, host)
    with transaction.atomic():
        host = lock_current(host, expected_version=expected_version)
        for field in HOST_FIELDS:
            if field in data:
                setattr(host, field, data[field])
        _check_host_links(host.agency, host.group)
        return save_with_history(host, actor, gettext_noop("host updated"))


# --- menus -------------------------------------------------------------------------------


def taken_places(menu: SupportMenu) -> int:
    return menu.matchings.filter(status__in=Matching.HOLDS_A_PLACE).count()


def menu_create(
    *,
    actor: User,
    title: str,
    what: str,
    host: Host,
    capacity: int,
    kind: str,
    target: str = "everyone",
    where: str = "",
    schedule: str = "",
    conditions: str = "",
    area=None,
    developed_by: Agency | None = None,
    developed_on: dt.date | None = None,
) -> SupportMenu:
    """Register a menu developed by one of the actor's agencies (資源開発, counted by
    `developed_by` and `developed_on`)."""
    developed_by = acting_agency(actor, developed_by)
    developed_on = developed_on or timezone.localdate()
    not_in_future("developed_on", developed_on)
    if not host.is_active:
        raise ValidationError({"host": HOST_INACTIVE})
    menu = SupportMenu(
        title=title,
        what=what,
        where=where,
        host=host,
        capacity=capacity,
        schedule=schedule,
        conditions=conditions,
        target=target,
        area=area,
        kind=kind,
        developed_by=developed_by,
        developed_on=developed_on,
    )
    with transaction.atomic():
        return save_with_history(menu, actor, gettext_noop("menu developed"))


def menu_update(
    *, actor: User, menu: SupportMenu, expected_version: int | None, data: dict[str, Any]
) -> SupportMenu:
    access.require_edit_menu(actor, menu)
    with transaction.atomic():
        menu = lock_current(menu, expected_version=expected_version)
        old_host = menu.host_id
        for field in MENU_FIELDS:
            if field in data:
                setattr(menu, field, data[field])
        not_in_future("developed_on", menu.developed_on)
        if menu.host_id != old_host and not menu.host.is_active:
            raise ValidationError({"host": HOST_INACTIVE})
        taken = taken_places(menu)
        if menu.capacity is not None and menu.capacity < taken:
            raise ValidationError({"capacity": CAPACITY_BELOW_TAKEN % {"taken": taken}})
        return save_with_history(menu, actor, gettext_noop("menu updated"))
