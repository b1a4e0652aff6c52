"""Reads about participation support, already scoped to the user.

Menus and hosts are the directory every staff member reads. Plans, matchings and
follow-ups are read only in cases the user may read (cases/access.py): lists filter on
`access.visible_cases` with one Exists() subquery; a single record is fetched together with
the policy's decision on its case (`matching_for`, `plan_for_reading`), so a stranger gets
the 404 of a missing record and a team agency without consent the 403 naming what is
missing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest

from agencies.models import Area, User
from cases import access
from cases.models import AccessLog, Case, HouseholdMembership, Person
from participation.models import (
    FollowUp,
    Host,
    Matching,
    ParticipationPlan,
    SupportMenu,
    Target,
)

# --- the directory -----------------------------------------------------------------------


def _taken() -> Coalesce:
    places = (
        Matching.objects.filter(menu=OuterRef("pk"), status__in=Matching.HOLDS_A_PLACE)
        .values("menu")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(places, output_field=IntegerField()), Value(0))


def area_condition(area: Area) -> Q:
    """Menus available in `area`: city-wide ones, those of the area itself, of the larger
    areas it lies in, and of the smaller areas within it."""
    ancestors = []
    parent = area.parent
    while parent is not None:
        ancestors.append(parent.pk)
        parent = parent.parent
    return (
        Q(area__isnull=True)
        | Q(area=area)
        | Q(area_id__in=ancestors)
        | Q(area__parent=area)
        | Q(area__parent__parent=area)
    )


def areas_near(area_id: int | None) -> QuerySet[Area]:
    """The case page's short list of areas for the menu search: the household's own area
    and the larger areas it lies in, and every 中学校区 (a city has a few dozen of them, but
    thousands of smaller areas: the full list stays on the menu search page)."""
    near = Q(level=Area.Level.JUNIOR_HIGH)
    if area_id is not None:
        own = Area.objects.filter(pk=area_id)
        near |= (
            Q(pk=area_id)
            | Q(pk__in=own.values("parent_id"))
            | Q(pk__in=own.values("parent__parent_id"))
        )
    return Area.objects.filter(near).order_by("level", "name")


def text_condition(value: str) -> Q:
    """Every whitespace-separated term must match the title, what, where, when, the
    conditions or the host's name ("パン 厨房")."""
    condition = Q()
    for term in value.split():
        any_field = Q()
        for field in ("title", "what", "where", "schedule", "conditions", "host__name"):
            any_field |= Q(**{f"{field}__icontains": term})
        condition &= any_field
    return condition


def target_condition(target: str) -> Q:
    """Menus for these people: those for them, and those for everyone."""
    return Q(target=target) | Q(target=Target.EVERYONE)


def menu_search(*, filters: dict[str, Any] | None = None) -> QuerySet[SupportMenu]:
    """Menus by area, kind, target and text; active ones unless `active` says otherwise.
    Each row carries `taken` (places held by trial and active matchings) in the same query.

    `filters`: q, area (Area), kind, target, developed_by (Agency), host (Host), active
    (True, False, or None for both)."""
    filters = filters or {}
    menus = SupportMenu.objects.select_related(
        "host", "area", "developed_by", "host__agency", "host__group"
    ).annotate(taken=_taken())
    active = filters.get("active", True)
    if active is not None:
        menus = menus.filter(is_active=active)
    if filters.get("q"):
        menus = menus.filter(text_condition(filters["q"]))
    if filters.get("area"):
        menus = menus.filter(area_condition(filters["area"]))
    if filters.get("kind"):
        menus = menus.filter(kind=filters["kind"])
    if filters.get("target"):
        menus = menus.filter(target_condition(filters["target"]))
    if filters.get("developed_by"):
        menus = menus.filter(developed_by=filters["developed_by"])
    if filters.get("host"):
        menus = menus.filter(host=filters["host"])
    return menus.order_by("title", "pk")


def menu_detail(pk: int) -> SupportMenu:
    menu = (
        menu_search(filters={"active": None}).filter(pk=pk).first() if str(pk).isdigit() else None
    )
    if menu is None:
        raise Http404(access.NOT_FOUND)
    return menu


def host_list(*, active: bool | None = True, q: str = "") -> QuerySet[Host]:
    hosts = Host.objects.select_related("agency", "group", "registered_by").annotate(
        menu_count=Count("menus", filter=Q(menus__is_active=True))
    )
    if active is not None:
        hosts = hosts.filter(is_active=active)
    for term in q.split():
        hosts = hosts.filter(Q(name__icontains=term) | Q(contact__icontains=term))
    return hosts.order_by("name", "pk")


def host_detail(pk: int) -> Host:
    host = host_list(active=None).filter(pk=pk).first() if str(pk).isdigit() else None
    if host is None:
        raise Http404(access.NOT_FOUND)
    return host


# --- person-level records ----------------------------------------------------------------


def _readable(user: User) -> QuerySet[Case, Any]:
    return access.visible_cases(user).values("pk")


def matching_list(user: User) -> QuerySet[Matching]:
    """Matchings in the cases the user may read, with what a list shows."""
    return (
        Matching.objects.filter(access.records_about(user))
        .select_related("case", "person", "menu", "menu__host", "agency")
        .order_by("-proposed_on", "-pk")
    )


def case_matchings(case: Case, decision: access.Decision | None = None) -> list[Matching]:
    """For a case the caller already reads (the case page's panel): the matchings of the
    members the caller's decision covers."""
    matchings = case.matchings.all()
    if decision is not None:
        matchings = access.scoped(decision, matchings)
    return list(
        matchings.select_related("person", "menu", "menu__host", "agency").order_by(
            "status", "-proposed_on", "-pk"
        )
    )


def person_matchings(*, user: User, person: Person) -> QuerySet[Matching]:
    """A person's matchings in every case of theirs the user may read."""
    return matching_list(user).filter(person=person)


def plan_list(user: User) -> QuerySet[ParticipationPlan]:
    return (
        ParticipationPlan.objects.filter(access.records_about(user))
        .select_related("case", "person", "agency", "created_by")
        .order_by("-created_at", "-pk")
    )


def follow_up_list(user: User) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(
            access.records_about(user, case="matching__case", person="matching__person")
        )
        .select_related(
            "matching",
            "matching__case",
            "matching__person",
            "matching__menu",
            "agency",
            "recorded_by",
        )
        .order_by("-done_on", "-pk")
    )


def current_members(case: Case) -> QuerySet[Person]:
    """The household's current members: whom a match can be proposed for."""
    return Person.objects.filter(
        pk__in=HouseholdMembership.objects.filter(
            household_id=case.household_id, ended_on__isnull=True
        ).values("person_id"),
        merged_into__isnull=True,  # 名寄せ: the kept record stands for them
    ).order_by("family_name_kana", "given_name_kana", "pk")


def _case_of(model, pk: int, path: str = "case_id") -> int:
    case_id = (
        model.objects.filter(pk=pk).values_list(path, flat=True).first()
        if str(pk).isdigit()
        else None
    )
    if case_id is None:
        raise Http404(access.NOT_FOUND)
    return case_id


def _require_covered(decision: access.Decision, person: Person) -> None:
    """A record about a member needs that member's own consent (rule 2)."""
    if not decision.covers(person.pk):
        raise PermissionDenied(access.MEMBER_CONSENT_MISSING % {"person": person})


def matching_for(
    user: User,
    pk: int,
    *,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[Matching, access.Decision]:
    """The matching and the user's decision on its case; the case read and the person read
    are logged (rule 7). Refusals are the case's: 404 for strangers, 403 with the card."""
    case, decision = access.case_for(user, _case_of(Matching, pk), request=request, channel=channel)
    matching = Matching.objects.select_related(
        "person", "menu", "menu__host", "agency", "plan", "proposed_by"
    ).get(pk=pk)
    matching.case = case
    _require_covered(decision, matching.person)
    access.log_reads(user, [matching.person], decision, request=request, channel=channel)
    return matching, decision


def plan_for_reading(
    user: User,
    pk: int,
    *,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[ParticipationPlan, access.Decision]:
    case, decision = access.case_for(
        user, _case_of(ParticipationPlan, pk), request=request, channel=channel
    )
    plan = ParticipationPlan.objects.select_related("person", "agency", "created_by").get(pk=pk)
    plan.case = case
    _require_covered(decision, plan.person)
    access.log_reads(user, [plan.person], decision, request=request, channel=channel)
    return plan, decision


def follow_up_for(
    user: User,
    pk: int,
    *,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> FollowUp:
    case, decision = access.case_for(
        user, _case_of(FollowUp, pk, "matching__case_id"), request=request, channel=channel
    )
    follow_up = FollowUp.objects.select_related(
        "matching", "matching__person", "matching__menu", "agency", "recorded_by"
    ).get(pk=pk)
    follow_up.matching.case = case
    _require_covered(decision, follow_up.matching.person)
    access.log_reads(user, [follow_up.matching.person], decision, request=request, channel=channel)
    return follow_up


def log_case_list(
    user: User, cases: list[Case], *, request: HttpRequest | None = None, channel: str
) -> None:
    """Rule 7 for lists of person-level records: one read per case shown, with its basis
    (two queries whatever the page size)."""
    unique = list({c.pk: c for c in cases}.values())
    access.log_list_reads(user, unique, request=request, channel=channel)
