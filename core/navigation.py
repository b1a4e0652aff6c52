"""The navigation each role sees. Apps register their entries in AppConfig.ready(); an
entry is shown when `visible(user)` says so, so nobody is offered a page they would be
refused. core imports no app above agencies: cases and later apps register themselves."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.models import User


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    visible: Callable[[User], bool]
    order: int = 50
    section: str = "main"


def _staff(user: User) -> bool:
    return bool(access.active_memberships(user)) or user.is_superuser


def _agency_admin(user: User) -> bool:
    return bool(access.managed_agencies(user)) and not user.is_superuser


_ENTRIES: list[NavEntry] = [
    NavEntry(_("Home"), "home", lambda user: True, order=0),
    NavEntry(_("Agencies and contacts"), "agencies:list", _staff, order=80),
    NavEntry(_("Areas"), "agencies:areas", _staff, order=85),
    NavEntry(_("Staff management"), "agencies:my_staff", _agency_admin, 90, "admin"),
    NavEntry(_("System administration"), "admin:index", lambda u: u.is_superuser, 95, "admin"),
]


def register(*entries: NavEntry) -> None:
    for entry in entries:
        if entry not in _ENTRIES:
            _ENTRIES.append(entry)
    _ENTRIES.sort(key=lambda e: e.order)


def entries_for(user: User, current_path: str) -> list[dict]:
    items = [
        {"label": e.label, "url": reverse(e.url_name), "section": e.section}
        for e in _ENTRIES
        if e.visible(user)
    ]
    matches = [i["url"] for i in items if i["url"] != "/" and current_path.startswith(i["url"])]
    active = max(matches, key=len) if matches else ("/" if current_path == "/" else None)
    for item in items:
        item["active"] = item["url"] == active
    return items
