"""地域づくり pages for reading: the resource directory, the 中学校区 pages, the records'
detail pages and the activity log. Every staff member may read every page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from agencies.models import Area
from community import access, selectors
from community.filters import ActivityPageFilter, DirectoryForm
from community.models import NetworkMember
from core.htmx import wants_partial

PAGE_SIZE = 50


def _querystring(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- reading -------------------------------------------------------------------------------


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """地域資源: groups, places, platforms and networks, searchable by area, type, kind,
    target and keyword. htmx asks for the rows only."""
    access.require_read(request.user)
    form = DirectoryForm(request.GET or None)
    conditions = form.cleaned_data if form.is_valid() else {}
    rows = selectors.directory(**conditions)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.directory_rows(page.object_list)
    template = (
        "community/_directory_rows.html" if wants_partial(request) else "community/directory.html"
    )
    context = {
        "form": form,
        "page": page,
        "querystring": _querystring(request),
        "can_register": bool(access.writable_agencies(request.user)),
    }
    return render(request, template, context)


@login_required
def districts(request: HttpRequest) -> HttpResponse:
    access.require_read(request.user)
    context = {
        "rows": selectors.district_overview(),
        "fiscal_year_label": selectors.current_fiscal_year().label,
    }
    return render(request, "community/districts.html", context)


@login_required
def district(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_read(request.user)
    area = get_object_or_404(Area, pk=pk, level=Area.Level.JUNIOR_HIGH)
    context = {"d": selectors.district_page(area), "my_agencies": _my_agencies(request)}
    return render(request, "community/district.html", context)


def _my_agencies(request: HttpRequest) -> set[int]:
    """The agencies the user records activities for (and may correct them)."""
    return {a.pk for a in access.writable_agencies(request.user)}


def _detail(request: HttpRequest, queryset: QuerySet, pk: int) -> tuple[Any, dict]:
    """The record, whether the user may edit it, and the user's agencies."""
    access.require_read(request.user)
    record = get_object_or_404(queryset, pk=pk)
    return record, {
        "can_edit": access.can_edit(request.user, record),
        "my_agencies": _my_agencies(request),
    }


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group, base = _detail(request, selectors.group_list(), pk)
    context = {
        **base,
        "group": group,
        "places": selectors.place_list().filter(run_by=group),
        "platforms": group.platforms.select_related("owner"),
        "activities": selectors.activities_of(group=group),
    }
    return render(request, "community/group_detail.html", context)


@login_required
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place, base = _detail(request, selectors.place_list(), pk)
    context = {
        **base,
        "place": place,
        "activities": selectors.activities_of(place=place),
    }
    return render(request, "community/place_detail.html", context)


@login_required
def platform_detail(request: HttpRequest, pk: int) -> HttpResponse:
    platform, base = _detail(request, selectors.platform_list(), pk)
    context = {
        **base,
        "platform": platform,
        "companies": [c.strip() for c in platform.companies.splitlines() if c.strip()],
        "activities": selectors.activities_of(platform=platform),
    }
    return render(request, "community/platform_detail.html", context)


@login_required
def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network, base = _detail(request, selectors.network_detail(), pk)
    members = list(network.members.all())
    by_role = [
        (label, [m for m in members if m.role == role])
        for role, label in NetworkMember.Role.choices
    ]
    context = {
        **base,
        "network": network,
        "by_role": [(label, ms) for label, ms in by_role if ms],
        "donations": network.donations.all(),
    }
    return render(request, "community/network_detail.html", context)


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    access.require_read(request.user)
    activity_filter = ActivityPageFilter(request.GET or None, queryset=selectors.activity_list())
    page = Paginator(activity_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "community/_activity_rows.html"
        if wants_partial(request)
        else "community/activity_list.html"
    )
    context = {
        "filter": activity_filter,
        "page": page,
        "querystring": _querystring(request),
        "my_agencies": _my_agencies(request),
    }
    return render(request, template, context)
