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
from django.utils.translation import pgettext_lazy

# The menus of the header, in order. An entry names its group; a group with one entry the
# user may see is a plain link, a group with more opens as a menu, so the header stays on
# one row at 1366 px whatever the role.
GROUPS: dict[str, str | Promise] = {
    "cases": pgettext_lazy("navigation group", "Cases"),
    "meetings": pgettext_lazy("navigation group", "Meetings"),
    "community": pgettext_lazy("navigation group", "Community resources"),
    "admin": pgettext_lazy("navigation group", "Administration"),
}


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    visible: Callable[[AbstractUser], bool]
    order: int = 50
    section: str = "main"
    group: str = ""  # a key of GROUPS; "" for a link of its own (Home)


_ENTRIES: list[NavEntry] = [
    NavEntry(_("Home"), "home", lambda user: True, order=0),
    NavEntry(
        _("System administration"), "admin:index", lambda u: u.is_superuser, 95, "admin", "admin"
    ),
]


def register(*entries: NavEntry) -> None:
    for entry in entries:
        if entry not in _ENTRIES:
            _ENTRIES.append(entry)
    _ENTRIES.sort(key=lambda e: e.order)


def entries_for(user: AbstractUser, current_path: str) -> list[dict]:
    """The header's items: links of their own, and groups (`items` set) in GROUPS order. A
    group whose user sees one entry comes as that entry's link. The active link is the one
    whose URL is the longest prefix of the current path; its group is active too."""
    links = [
        {"label": e.label, "url": reverse(e.url_name), "section": e.section, "group": e.group}
        for e in _ENTRIES
        if e.visible(user)
    ]
    matches = [i["url"] for i in links if i["url"] != "/" and current_path.startswith(i["url"])]
    active = max(matches, key=len) if matches else ("/" if current_path == "/" else None)
    for link in links:
        link["active"] = link["url"] == active
    items: list[dict] = [link for link in links if not link["group"]]
    for key, label in GROUPS.items():
        members = [link for link in links if link["group"] == key]
        if len(members) == 1:
            items.append(members[0])
        elif members:
            active_member = any(m["active"] for m in members)
            items.append({"label": label, "items": members, "active": active_member, "key": key})
    return items
