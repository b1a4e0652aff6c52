"""The navigation each role sees. Apps add entries here as their pages land; an entry is
shown when `visible(user)` says so, so nobody is offered a page they would be refused."""

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
    section: str = "main"


def _staff(user: User) -> bool:
    return bool(access.active_memberships(user)) or user.is_superuser


def _agency_admin(user: User) -> bool:
    return bool(access.managed_agencies(user)) and not user.is_superuser


NAV_ENTRIES: tuple[NavEntry, ...] = (
    NavEntry(_("Home"), "home", lambda user: True),
    NavEntry(_("Agencies and contacts"), "agencies:list", _staff),
    NavEntry(_("Areas"), "agencies:areas", _staff),
    NavEntry(_("Staff management"), "agencies:my_staff", _agency_admin, section="admin"),
    NavEntry(_("System administration"), "admin:index", lambda u: u.is_superuser, "admin"),
)


def entries_for(user: User, current_path: str) -> list[dict]:
    items = []
    for entry in NAV_ENTRIES:
        if not entry.visible(user):
            continue
        url = reverse(entry.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": entry.label, "url": url, "section": entry.section, "active": active})
    return items
