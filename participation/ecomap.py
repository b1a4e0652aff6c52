"""What participation support and the community directory add to a household's eco-map
(cases/ecomap.py asks; cases never imports this app): the hosts its members take part at
or are matched with, and the community groups a worker may link the household to.

Hosts come from the matchings the reader may read (cases.access.records_about: a consent
reader only those of the members whose consent covers it). Community groups hold no
personal data: every staff member reads them."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from agencies.models import User
from cases import access
from cases.ecomap import GROUP, HOST, Surrounding
from cases.models import Case, Household
from community.models import Group
from participation.models import Host, Matching


def hosts(user: User, household: Household, cases: QuerySet[Case]) -> list[Surrounding]:
    matchings = (
        Matching.objects.filter(
            access.records_about(user), case__in=cases, status__in=Matching.OPEN
        )
        .select_related("menu", "menu__host")
        .order_by("proposed_on", "pk")
    )
    return [
        Surrounding(f"host:{m.menu.host_id}", HOST, m.menu.host.name, m.menu.title)
        for m in matchings
    ]


def group_catalogue(user: User, household: Household) -> list[Surrounding]:
    """The city's active community groups, for the eco-map's form."""
    groups = Group.objects.filter(is_active=True).order_by("name", "pk")[:200]
    return [Surrounding(f"group:{g.pk}", GROUP, g.name, g.get_kind_display()) for g in groups]


def group_names(ids: Sequence[int]) -> dict[int, str]:
    return dict(Group.objects.filter(pk__in=ids).values_list("pk", "name"))


def host_names(ids: Sequence[int]) -> dict[int, str]:
    return dict(Host.objects.filter(pk__in=ids).values_list("pk", "name"))


def register() -> None:
    from cases import ecomap

    ecomap.register_provider(hosts)
    ecomap.register_catalogue(group_catalogue)
    ecomap.register_resolver("group", group_names)
    ecomap.register_resolver("host", host_names)
