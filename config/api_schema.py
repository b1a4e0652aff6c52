"""How the OpenAPI schema groups the endpoints: one tag per resource, in the order a partner
reads them. config names the apps' URLs, so the grouping lives here, not in core."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _


class Tag(NamedTuple):
    name: str
    description: Any  # a lazy translation
    patterns: tuple[str, ...]  # regular expressions for the path after /api/v1/


# First match wins.
TAGS: list[Tag] = [
    Tag("agencies", _("The agency directory and who you are (`me`)."), (r"agencies", r"me")),
    Tag(
        "attachments",
        _("Documents attached to consultation records and assessments."),
        (r"consultations/\{id\}/attachments", r"assessments", r"attachments"),
    ),
    Tag(
        "consultations",
        _("Consultations of a case."),
        (r"cases/\{id\}/consultations", r"consultations"),
    ),
    Tag(
        "consents",
        _("Consents of a case, and withdrawing one."),
        (r"cases/\{id\}/consents", r"consents"),
    ),
    Tag("referrals", _("Referrals sent and received, and answering them."), (r"referrals",)),
    Tag(
        "plans",
        _("Concerns, assessments, support plans and their actions."),
        (r"cases/\{id\}/(concerns|assessments|support-plans)", r"plan-actions"),
    ),
    Tag(
        "team",
        _("The team of a case, its lead agency, closure and reopening."),
        (r"cases/\{id\}/(team|leads|closures|reopen|join-request)", r"closures"),
    ),
    Tag("outreach", _("Outreach (アウトリーチ) cases."), (r"cases/\{id\}/outreach",)),
    Tag(
        "history",
        _("What changed on a case and who read it (its history and read log)."),
        (r"cases/\{id\}/(history|read-log)",),
    ),
    Tag(
        "reminders",
        _("Reminders, the supervisor's caseload and case reviews."),
        (r"reminders", r"caseload", r"cases/\{id\}/reviews"),
    ),
    Tag("cases", _("Cases: the list and one case."), (r"cases",)),
    Tag(
        "family",
        _("Relations between persons, relatives outside any household, the key person."),
        (r"households/\{id\}/(relations|relatives|key-person)", r"relations"),
    ),
    Tag(
        "households",
        _("Households and persons, moves between households."),
        (r"households", r"persons", r"merges", r"eco-links"),
    ),
    Tag(
        "matching",
        _(
            "名寄せ: possible existing records of a person being registered, and requests to "
            "the hub to connect the agencies."
        ),
        (r"match-check", r"match-requests"),
    ),
    Tag(
        "meetings",
        _("支援会議 and 重層的支援会議: meetings, agenda items, participants, decisions, actions."),
        (r"meetings", r"items", r"participants", r"actions"),
    ),
    Tag(
        "participation",
        _("Participation support: hosts, menus, plans, matchings and follow-ups."),
        (r"hosts", r"menus", r"participation-plans", r"matchings", r"follow-ups"),
    ),
    Tag(
        "community",
        _("Community resources: groups, places, platforms, networks, activities."),
        (r"community",),
    ),
]
PREFIX = "/api/v1/"


def tag_for(path: str) -> str | None:
    rest = path.removeprefix(PREFIX)
    for tag in TAGS:
        if any(re.match(rf"{pattern}(/|$)", rest) for pattern in tag.patterns):
            return tag.name
    return None


def tag_by_resource(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: each operation under the tag of its resource."""
    used: set[str] = set()
    for path, operations in result.get("paths", {}).items():
        tag = tag_for(path)
        if tag is None:
            continue
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["tags"] = [tag]
                used.add(tag)
    result["tags"] = [
        {"name": tag.name, "description": str(tag.description)} for tag in TAGS if tag.name in used
    ]
    return result
