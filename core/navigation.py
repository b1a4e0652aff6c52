"""The navigation each role sees. Apps register their entries in AppConfig.ready(); an
entry is shown when `visible(user)` says so, so nobody is offered a page they would be
refused. core imports no other app of the project: agencies, cases and the later apps
register their own entries; core has only the home page and the system administration."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    visible: Callable[[AbstractUser], bool]
    order: int = 50
    section: str = "main"


_ENTRIES: list[NavEntry] = [
    NavEntry(_("Home"), "home", lambda user: True, order=0),
    NavEntry(_("System administration"), "admin:index", lambda u: u.is_superuser, 95, "admin"),
]


def register(*entries: NavEntry) -> None:
    for entry in entries:
        if entry not in _ENTRIES:
            _ENTRIES.append(entry)
    _ENTRIES.sort(key=lambda e: e.order)


def entries_for(user: AbstractUser, current_path: str) -> list[dict]:
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
