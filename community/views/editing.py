"""地域づくり create and edit forms for groups, places, platforms, networks and activities:
refused (403 naming the owning agency) to anyone outside the agency that registered the
record."""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from community import access, services
from community.forms import (
    ActivityForm,
    CommunityForm,
    GroupForm,
    NetworkForm,
    PlaceForm,
    PlatformForm,
)
from community.models import Activity, Group, Network, Place, Platform
from core.forms import form_page, submit

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


def community_form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str | Promise,
    cancel_url: str,
    record: Model | None = None,
) -> HttpResponse:
    """The form page with the directory (and the record, when there is one) as the crumb."""
    crumbs: list[tuple[str | None, Any]] = [
        (reverse("community:directory"), gettext_lazy("Community resources"))
    ]
    if record is not None:
        crumbs.append((cancel_url, record))
    return form_page(request, form, title=title, cancel_url=cancel_url, crumbs=crumbs)


def _after_save(editing: Editing, record: Model) -> HttpResponse:
    if editing.detail == "community:activities":
        return redirect(editing.detail)
    return redirect(editing.detail, pk=record.pk)


def _create_page(request: HttpRequest, model: type[Model], initial: dict | None = None):
    editing = EDITING[model]
    access.require_read(request.user)
    owners = access.writable_agencies(request.user)
    form = editing.form(request.POST or None, owners=owners, initial=initial)

    def create() -> Model:
        return editing.create(
            actor=request.user,
            owner=form.cleaned_data["owner"],
            **form.data_for_service(),
            **editing.relations(form.cleaned_data),
        )

    if done := submit(request, form, create):
        messages.success(request, str(editing.created))
        return _after_save(editing, done.value)
    cancel = reverse("community:activities" if model is Activity else "community:directory")
    return community_form_page(request, form, title=editing.new_title, cancel_url=cancel)


def _edit_page(request: HttpRequest, queryset: QuerySet, pk: int) -> HttpResponse:
    editing = EDITING[queryset.model]
    access.require_read(request.user)
    record = get_object_or_404(queryset, pk=pk)
    access.require_edit(request.user, record)
    form = editing.form(
        request.POST or None, instance=copy.copy(record), initial={"version": record.version}
    )

    def update() -> None:
        editing.update(
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            data=form.data_for_service(),
            **{editing.record_arg: record},
            **editing.relations(form.cleaned_data),
        )

    if submit(request, form, update):
        messages.success(request, str(editing.saved))
        return _after_save(editing, record)
    if editing.detail == "community:activities":
        cancel = reverse(editing.detail)
    else:
        cancel = reverse(editing.detail, args=[record.pk])
    return community_form_page(
        request, form, title=editing.edit_title, cancel_url=cancel, record=record
    )


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
