"""地域づくり pages: the resource directory, the 中学校区 pages, the records' detail pages,
their create and edit forms, and the activity log.

Every staff member may read every page; a form that changes a record is refused (403 naming
the owning agency) to anyone outside the agency that registered it."""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agencies.models import Area
from community import access, selectors, services
from community.filters import ActivityFilter, DirectoryForm
from community.forms import (
    ActivityForm,
    CommunityForm,
    DonationForm,
    GroupForm,
    NetworkForm,
    NetworkMemberForm,
    PlaceForm,
    PlatformForm,
)
from community.models import Activity, Donation, Group, Network, NetworkMember, Place, Platform
from core.forms import add_service_errors
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
    access.require_staff(request.user)
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
    access.require_staff(request.user)
    context = {
        "rows": selectors.district_overview(),
        "fiscal_year_label": selectors.current_fiscal_year().label,
    }
    return render(request, "community/districts.html", context)


@login_required
def district(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_staff(request.user)
    area = get_object_or_404(Area, pk=pk, level=Area.Level.JUNIOR_HIGH)
    context = {"d": selectors.district_page(area), "my_agencies": _my_agencies(request)}
    return render(request, "community/district.html", context)


def _my_agencies(request: HttpRequest) -> set[int]:
    """The agencies the user records activities for (and may correct them)."""
    return {a.pk for a in access.writable_agencies(request.user)}


def _detail(request: HttpRequest, queryset: QuerySet, pk: int) -> tuple[Any, dict]:
    """The record, whether the user may edit it, and the user's agencies."""
    access.require_staff(request.user)
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
    access.require_staff(request.user)
    activity_filter = ActivityFilter(request.GET or None, queryset=selectors.activity_list())
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


# --- creating and editing ------------------------------------------------------------------


@dataclass(frozen=True)
class Editing:
    """How one kind of record is created and edited through its service."""

    form: type[CommunityForm]
    create: Callable[..., Model]
    update: Callable[..., Model]
    record_arg: str
    detail: str  # URL name of the record's page (for activities, the list)
    new_title: Any
    edit_title: Any
    created: Any
    saved: Any
    relations: Callable[[dict], dict] = lambda data: {}


def _platform_members(data: dict) -> dict:
    return {"groups": data["groups"], "agencies": data["agencies"]}


EDITING = {
    Group: Editing(
        GroupForm,
        services.group_create,
        services.group_update,
        "group",
        "community:group_detail",
        gettext_lazy("Register a community group"),
        gettext_lazy("Edit the community group"),
        gettext_lazy("The community group was registered."),
        gettext_lazy("The community group was saved."),
    ),
    Place: Editing(
        PlaceForm,
        services.place_create,
        services.place_update,
        "place",
        "community:place_detail",
        gettext_lazy("Register a place to belong"),
        gettext_lazy("Edit the place to belong"),
        gettext_lazy("The place was registered."),
        gettext_lazy("The place was saved."),
    ),
    Platform: Editing(
        PlatformForm,
        services.platform_create,
        services.platform_update,
        "platform",
        "community:platform_detail",
        gettext_lazy("Register a platform"),
        gettext_lazy("Edit the platform"),
        gettext_lazy("The platform was registered."),
        gettext_lazy("The platform was saved."),
        _platform_members,
    ),
    Network: Editing(
        NetworkForm,
        services.network_create,
        services.network_update,
        "network",
        "community:network_detail",
        gettext_lazy("Register a network"),
        gettext_lazy("Edit the network"),
        gettext_lazy("The network was registered."),
        gettext_lazy("The network was saved."),
    ),
    Activity: Editing(
        ActivityForm,
        services.activity_record,
        services.activity_update,
        "activity",
        "community:activities",
        gettext_lazy("Record an activity"),
        gettext_lazy("Edit the activity"),
        gettext_lazy("The activity was recorded."),
        gettext_lazy("The activity was saved."),
    ),
}


def _after_save(editing: Editing, record: Model) -> HttpResponse:
    if editing.detail == "community:activities":
        return redirect(editing.detail)
    return redirect(editing.detail, pk=record.pk)


def _create_page(request: HttpRequest, model: type[Model], initial: dict | None = None):
    editing = EDITING[model]
    access.require_staff(request.user)
    owners = access.writable_agencies(request.user)
    form = editing.form(request.POST or None, owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        try:
            record = editing.create(
                actor=request.user,
                owner=form.cleaned_data["owner"],
                **data,
                **editing.relations(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(editing.created))
            return _after_save(editing, record)
    cancel = reverse("community:activities" if model is Activity else "community:directory")
    context = {"form": form, "title": editing.new_title, "cancel_url": cancel}
    return render(request, "community/form.html", context)


def _edit_page(request: HttpRequest, queryset: QuerySet, pk: int) -> HttpResponse:
    editing = EDITING[queryset.model]
    access.require_staff(request.user)
    record = get_object_or_404(queryset, pk=pk)
    access.require_edit(request.user, record)
    form = editing.form(
        request.POST or None, instance=copy.copy(record), initial={"version": record.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        try:
            editing.update(
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                data=data,
                **{editing.record_arg: record},
                **editing.relations(form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(editing.saved))
            return _after_save(editing, record)
    if editing.detail == "community:activities":
        cancel = reverse(editing.detail)
    else:
        cancel = reverse(editing.detail, args=[record.pk])
    context = {"form": form, "title": editing.edit_title, "record": record, "cancel_url": cancel}
    return render(request, "community/form.html", context)


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    return _create_page(request, Group)


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(request, Group.objects.select_related("owner"), pk)


@login_required
def place_new(request: HttpRequest) -> HttpResponse:
    return _create_page(request, Place)


@login_required
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(request, Place.objects.select_related("owner"), pk)


@login_required
def platform_new(request: HttpRequest) -> HttpResponse:
    return _create_page(request, Platform)


@login_required
def platform_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(request, Platform.objects.select_related("owner"), pk)


@login_required
def network_new(request: HttpRequest) -> HttpResponse:
    return _create_page(request, Network)


@login_required
def network_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(request, Network.objects.select_related("owner"), pk)


@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    """Record an activity; `?group=`, `?place=` or `?platform=` fill in what it was about."""
    initial = {k: request.GET[k] for k in ("group", "place", "platform") if request.GET.get(k)}
    return _create_page(request, Activity, initial=initial)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_page(request, Activity.objects.select_related("owner"), pk)


# --- network members and donations ---------------------------------------------------------


def _editable_network(request: HttpRequest, pk: int) -> Network:
    access.require_staff(request.user)
    network = get_object_or_404(Network.objects.select_related("owner"), pk=pk)
    access.require_edit(request.user, network)
    return network


def _network_form_page(
    request: HttpRequest,
    network: Network,
    form,
    *,
    title: str,
    on_valid: Callable[[dict], Any],
    success: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            on_valid(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("community:network_detail", pk=network.pk)
    context = {
        "form": form,
        "title": title,
        "record": network,
        "cancel_url": reverse("community:network_detail", args=[network.pk]),
    }
    return render(request, "community/form.html", context)


@login_required
def network_member_new(request: HttpRequest, pk: int) -> HttpResponse:
    network = _editable_network(request, pk)
    return _network_form_page(
        request,
        network,
        NetworkMemberForm(request.POST or None),
        title=_("Add a member"),
        on_valid=lambda data: services.network_member_add(
            actor=request.user, network=network, **data
        ),
        success=_("The member was added."),
    )


@login_required
def donation_new(request: HttpRequest, pk: int) -> HttpResponse:
    network = _editable_network(request, pk)
    return _network_form_page(
        request,
        network,
        DonationForm(request.POST or None),
        title=_("Record a donation"),
        on_valid=lambda data: services.donation_record(actor=request.user, network=network, **data),
        success=_("The donation was recorded."),
    )


@login_required
@require_POST
def network_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    network = _editable_network(request, pk)
    member = get_object_or_404(NetworkMember, pk=member_pk, network=network)
    services.network_member_remove(actor=request.user, network=network, member=member)
    messages.success(request, _("%(name)s was removed from the network.") % {"name": member})
    return redirect("community:network_detail", pk=network.pk)


@login_required
@require_POST
def donation_remove(request: HttpRequest, pk: int, donation_pk: int) -> HttpResponse:
    network = _editable_network(request, pk)
    donation = get_object_or_404(Donation, pk=donation_pk, network=network)
    services.donation_remove(actor=request.user, network=network, donation=donation)
    messages.success(request, _("The donation was removed."))
    return redirect("community:network_detail", pk=network.pk)
