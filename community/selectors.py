"""Reads for community records, shaped for the pages and the API (no per-row queries).

Every staff member may read every community record (they hold no personal data of
clients), so these selectors are not scoped to the user; the views check that the caller
is staff at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import CharField, Count, F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies.models import Agency, Area
from community.filters import (
    ResourceType,
    area_scope,
    district_scope,
    text_query,
)
from community.models import (
    Activity,
    Donation,
    Group,
    Network,
    NetworkMember,
    Place,
    Platform,
    Target,
)
from core import wareki

RECENT_ACTIVITIES = 20


# --- lists -------------------------------------------------------------------------------


def group_list() -> QuerySet[Group]:
    """Groups with their owner and area (one query per page)."""
    return Group.objects.select_related("owner", "area")


def place_list() -> QuerySet[Place]:
    return Place.objects.select_related("owner", "area", "run_by")


def platform_list() -> QuerySet[Platform]:
    """Platforms with owner and area; member groups and agencies in two more queries."""
    return Platform.objects.select_related("owner", "area").prefetch_related(
        Prefetch("groups", queryset=Group.objects.order_by("name")),
        Prefetch("agencies", queryset=Agency.objects.order_by("name")),
    )


def network_list() -> QuerySet[Network]:
    """Networks with owner, area and how many members and donations they have."""
    return (
        Network.objects.select_related("owner", "area")
        .annotate(
            members_total=Count("members", distinct=True),
            donations_total=Count("donations", distinct=True),
        )
        .order_by("name", "pk")
    )


def network_detail() -> QuerySet[Network]:
    return Network.objects.select_related("owner", "area").prefetch_related(
        Prefetch("members", queryset=NetworkMember.objects.select_related("agency", "group")),
        Prefetch("donations", queryset=Donation.objects.order_by("-received_on", "-pk")),
    )


def activity_list() -> QuerySet[Activity]:
    return Activity.objects.select_related(
        "owner", "area", "group", "place", "platform", "recorded_by"
    )


def activities_of(**link) -> QuerySet[Activity]:
    """Recent activities of one group, place or platform (`group=…` etc.)."""
    return activity_list().filter(**link)[:RECENT_ACTIVITIES]


# --- the resource directory --------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryRow:
    type: str
    pk: int
    name: str
    kind: str
    target: str
    area: str
    owner: str
    when: str
    is_active: bool

    @property
    def type_label(self) -> str:
        return str(dict(ResourceType.choices)[self.type])

    @property
    def kind_label(self) -> str:
        return str(Group.Kind(self.kind).label) if self.kind else ""

    @property
    def target_label(self) -> str:
        return str(Target(self.target).label) if self.target else ""

    @property
    def url_name(self) -> str:
        return f"community:{self.type}_detail"


DIRECTORY_COLUMNS = ("r_type", "r_pk", "r_name", "r_kind", "r_target", "r_area", "r_owner")
DIRECTORY_TAIL = ("r_when", "r_active")


def _text(value) -> Value | F:
    if isinstance(value, str):
        return Value(value, output_field=CharField())
    return value


def _directory_part(
    queryset: QuerySet, rtype: str, *, kind=None, target=None, when=None
) -> QuerySet:
    """One model's rows in the directory's common shape (all columns are annotations, so
    the UNION lines up column by column)."""
    return (
        queryset.order_by()
        .annotate(
            r_type=_text(rtype),
            r_pk=F("pk"),
            r_name=F("name"),
            r_kind=_text(kind if kind is not None else ""),
            r_target=_text(target if target is not None else ""),
            r_area=Coalesce(F("area__name"), _text("")),
            r_owner=F("owner__name"),
            r_when=_text(when if when is not None else ""),
            r_active=F("is_active"),
        )
        .values(*DIRECTORY_COLUMNS, *DIRECTORY_TAIL)
    )


def directory(
    *,
    q: str = "",
    area: Area | None = None,
    type: str = "",
    kind: str = "",
    target: str = "",
    include_inactive: bool = False,
    city_wide_only: bool = False,
) -> QuerySet:
    """Groups, places, platforms and networks in one list ordered by name: one UNION query
    (plus its count when paginated). A kind narrows to groups; a target to groups and
    places (platforms and networks are for everyone).

    A target matches exactly: a search for children's resources does not list every
    resource open to everyone."""

    def scoped(queryset: QuerySet) -> QuerySet:
        if not include_inactive:
            queryset = queryset.filter(is_active=True)
        if area is not None:
            queryset = queryset.filter(area_scope(area))
        if city_wide_only:
            queryset = queryset.filter(area__isnull=True)
        if q:
            queryset = queryset.filter(text_query(queryset.model, q))
        if target:
            queryset = queryset.filter(target=target)
        return queryset

    parts = []
    if type in ("", ResourceType.GROUP):
        groups = scoped(Group.objects.all())
        if kind:
            groups = groups.filter(kind=kind)
        parts.append(
            _directory_part(
                groups, ResourceType.GROUP, kind=F("kind"), target=F("target"), when=F("schedule")
            )
        )
    if not kind:
        if type in ("", ResourceType.PLACE):
            parts.append(
                _directory_part(
                    scoped(Place.objects.all()),
                    ResourceType.PLACE,
                    target=F("target"),
                    when=F("opening_hours"),
                )
            )
        if not target:
            if type in ("", ResourceType.PLATFORM):
                parts.append(_directory_part(scoped(Platform.objects.all()), ResourceType.PLATFORM))
            if type in ("", ResourceType.NETWORK):
                parts.append(_directory_part(scoped(Network.objects.all()), ResourceType.NETWORK))
    if not parts:
        # Nothing can match (a kind with a type other than groups): an empty part, so the
        # rows still carry the directory's columns for the ordering and the paginator.
        parts.append(
            _directory_part(
                Group.objects.none(),
                ResourceType.GROUP,
                kind=F("kind"),
                target=F("target"),
                when=F("schedule"),
            )
        )
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("r_name", "r_type", "r_pk")


def directory_rows(values) -> list[DirectoryRow]:
    """The UNION's value rows as DirectoryRow (call on one page of `directory()`)."""
    return [
        DirectoryRow(
            type=v["r_type"],
            pk=v["r_pk"],
            name=v["r_name"],
            kind=v["r_kind"] or "",
            target=v["r_target"] or "",
            area=v["r_area"] or "",
            owner=v["r_owner"],
            when=v["r_when"] or "",
            is_active=bool(v["r_active"]),
        )
        for v in values
    ]


# --- areas -------------------------------------------------------------------------------


@dataclass
class DistrictCounts:
    groups: int = 0
    members: int = 0
    places: int = 0
    platforms: int = 0
    networks: int = 0
    activities: int = 0
    participants: int = 0


@dataclass
class DistrictRow:
    area: Area | None  # None: the whole city (records without an area)
    counts: DistrictCounts = field(default_factory=DistrictCounts)


def _district_of(areas: dict[int, Area]) -> dict[int, int]:
    """Each area's 中学校区 id."""
    result = {}
    for area in areas.values():
        top = area
        while top.parent_id is not None:
            top = areas[top.parent_id]
        result[area.pk] = top.pk
    return result


class FiscalYear(NamedTuple):
    year: int
    start: dt.date
    end: dt.date
    label: str  # 令和6年度


def current_fiscal_year() -> FiscalYear:
    """This fiscal year (April to March), in which the pages count activities."""
    year = wareki.fiscal_year(timezone.localdate())
    start, end = wareki.fiscal_year_bounds(year)
    return FiscalYear(year, start, end, wareki.fiscal_year_label(year))


def district_overview() -> list[DistrictRow]:
    """Every 中学校区 with what it has (its 小学校区 and 自治区 rolled up), then the city-wide
    records: seven queries whatever the numbers (areas, four counts, activities, members)."""
    areas = {a.pk: a for a in Area.objects.order_by("name")}
    district = _district_of(areas)
    rows = {pk: DistrictRow(area) for pk, area in areas.items() if area.parent_id is None}
    city = DistrictRow(None)

    def row_for(area_id: int | None) -> DistrictRow:
        return city if area_id is None else rows[district[area_id]]

    active = Q(is_active=True)
    for model, attr in ((Group, "groups"), (Place, "places"), (Platform, "platforms")):
        for item in model.objects.filter(active).values("area").annotate(n=Count("pk")):
            counts = row_for(item["area"]).counts
            setattr(counts, attr, getattr(counts, attr) + item["n"])
    for item in Network.objects.filter(active).values("area").annotate(n=Count("pk")):
        row_for(item["area"]).counts.networks += item["n"]
    for item in Group.objects.filter(active).values("area").annotate(n=Sum("member_count")):
        row_for(item["area"]).counts.members += item["n"] or 0
    fiscal = current_fiscal_year()
    for item in (
        Activity.objects.filter(held_on__range=(fiscal.start, fiscal.end))
        .values("area")
        .annotate(n=Count("pk"), p=Sum("participants"))
    ):
        counts = row_for(item["area"]).counts
        counts.activities += item["n"]
        counts.participants += item["p"] or 0
    # Every row but the city's has an area.
    return [*sorted(rows.values(), key=lambda r: r.area.name if r.area else ""), city]


@dataclass
class DistrictPage:
    area: Area
    groups: list[Group]
    places: list[Place]
    platforms: list[Platform]
    networks: list[Network]
    activities: list[Activity]
    counts: DistrictCounts
    city_wide: int
    groups_by_kind: list[tuple[str, int]]
    fiscal_year_label: str


def district_page(area: Area) -> DistrictPage:
    """Everything inside one 中学校区 (its 小学校区 and 自治区 included): the active groups,
    places, platforms and networks, the latest activities and this fiscal year's counts.
    Seven queries for any number of records."""
    inside = district_scope(area)
    active = Q(is_active=True)
    groups = list(group_list().filter(inside, active))
    places = list(place_list().filter(inside, active))
    platforms: list[Platform] = list(
        Platform.objects.filter(inside, active)
        .select_related("owner", "area")
        .annotate(groups_total=Count("groups", distinct=True))
        .order_by("name", "pk")
    )
    networks = list(network_list().filter(inside, active))
    activities = list(activity_list().filter(inside)[:RECENT_ACTIVITIES])
    fiscal = current_fiscal_year()
    totals = Activity.objects.filter(inside, held_on__range=(fiscal.start, fiscal.end)).aggregate(
        n=Count("pk"), p=Sum("participants")
    )
    city_wide = directory(city_wide_only=True).count()
    by_kind: dict[str, int] = {}
    for group in groups:
        by_kind[group.kind] = by_kind.get(group.kind, 0) + 1
    counts = DistrictCounts(
        groups=len(groups),
        members=sum(g.member_count for g in groups),
        places=len(places),
        platforms=len(platforms),
        networks=len(networks),
        activities=totals["n"] or 0,
        participants=totals["p"] or 0,
    )
    return DistrictPage(
        area=area,
        groups=groups,
        places=places,
        platforms=platforms,
        networks=networks,
        activities=activities,
        counts=counts,
        city_wide=city_wide,
        groups_by_kind=[(str(Group.Kind(kind).label), n) for kind, n in sorted(by_kind.items())],
        fiscal_year_label=fiscal.label,
    )
