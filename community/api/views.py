"""REST endpoints for 地域づくり: groups, places, platforms, networks (with members and
donations), activities, and the resource directory across them.

Every staff member or partner system of an agency reads everything (no personal data of
clients); writes go through community.services, which refuse anyone outside the owning
agency (403 with the reason). Anonymous callers get 401."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from agencies import access as agency_access
from agencies.api.permissions import IsAgencyMember
from agencies.api.requests import MemberApiView, MemberRequest
from agencies.models import Agency, User
from community import access, selectors, services
from community.api import inputs
from community.api import serializers as s
from community.api.schema import AREA_NOTE, CREATE_ERRORS, READ_ERRORS, resource_schema
from community.filters import (
    ActivityFilter,
    DirectoryForm,
    GroupFilter,
    NetworkFilter,
    PlaceFilter,
    PlatformFilter,
    ResourceType,
)
from community.models import Donation, Group, Network, NetworkMember, Target
from core.api.preconditions import expected_version
from core.api.schema import validated


def owner_for(user: User, owner: Agency | None) -> Agency:
    """The registering agency: the one given (community.access then decides whether the
    caller may register for it), or the caller's only agency; one of several is asked."""
    if owner is not None:
        return owner
    agencies = {m.agency_id: m.agency for m in agency_access.active_memberships(user)}
    return agency_access.choose_agency(None, list(agencies.values()), field="owner")


# --- shared list / detail behaviour ------------------------------------------------------


class CommunityApi(MemberApiView):
    permission_classes = [IsAgencyMember]


class ResourceListApi(MemberApiView, generics.ListAPIView):
    """GET: a filtered, paginated list. POST: create through the service."""

    permission_classes = [IsAgencyMember]
    create_input: type[serializers.Serializer]
    detail_output: type[serializers.Serializer] | None = None

    def create_record(self, actor: User, owner: Agency, data: dict) -> Model:
        raise NotImplementedError

    def post(self, request: MemberRequest) -> Response:
        data = validated(self.create_input, request)
        owner = owner_for(request.user, data.pop("owner", None))
        record = self.create_record(request.user, owner, data)
        output = self.detail_output or self.get_serializer_class()
        return Response(output(record).data, status=status.HTTP_201_CREATED)


class ResourceDetailApi(CommunityApi):
    """GET: the record. PATCH: change it (owning agency only; `version` required)."""

    output: type[serializers.Serializer]
    update_input: type[serializers.Serializer]

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def update_record(self, actor: User, record: Model, version: int | None, data: dict) -> Model:
        raise NotImplementedError

    def body(self, pk: int) -> dict:
        return self.output(get_object_or_404(self.get_queryset(), pk=pk)).data

    def get(self, request: MemberRequest, pk: int) -> Response:
        return Response(self.body(pk))

    def patch(self, request: MemberRequest, pk: int) -> Response:
        record = get_object_or_404(self.get_queryset(), pk=pk)
        access.require_edit(request.user, record)
        data = validated(self.update_input, request)
        version = expected_version(request, data.pop("version", None))
        self.update_record(request.user, record, version, data)
        return Response(self.body(pk))


# --- groups ------------------------------------------------------------------------------


@resource_schema(
    s.CommunityGroupOutputSerializer,
    inputs.CommunityGroupCreateInputSerializer,
    description="Community groups (サロン, こども食堂, フードパントリー…)." + AREA_NOTE,
)
class GroupListApi(ResourceListApi):
    serializer_class = s.CommunityGroupOutputSerializer
    filterset_class = GroupFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"
    create_input = inputs.CommunityGroupCreateInputSerializer

    def get_queryset(self):
        return selectors.group_list()

    def create_record(self, actor, owner, data):
        return services.group_create(actor=actor, owner=owner, **data)


@resource_schema(
    s.CommunityGroupOutputSerializer, update_input=inputs.CommunityGroupUpdateInputSerializer
)
class GroupDetailApi(ResourceDetailApi):
    output = s.CommunityGroupOutputSerializer
    update_input = inputs.CommunityGroupUpdateInputSerializer

    def get_queryset(self):
        return selectors.group_list()

    def update_record(self, actor, record, version, data):
        return services.group_update(actor=actor, group=record, expected_version=version, data=data)


# --- places ------------------------------------------------------------------------------


@resource_schema(
    s.CommunityPlaceOutputSerializer,
    inputs.CommunityPlaceCreateInputSerializer,
    description="Places to belong (居場所)." + AREA_NOTE,
)
class PlaceListApi(ResourceListApi):
    serializer_class = s.CommunityPlaceOutputSerializer
    filterset_class = PlaceFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"
    create_input = inputs.CommunityPlaceCreateInputSerializer

    def get_queryset(self):
        return selectors.place_list()

    def create_record(self, actor, owner, data):
        return services.place_create(actor=actor, owner=owner, **data)


@resource_schema(
    s.CommunityPlaceOutputSerializer, update_input=inputs.CommunityPlaceUpdateInputSerializer
)
class PlaceDetailApi(ResourceDetailApi):
    output = s.CommunityPlaceOutputSerializer
    update_input = inputs.CommunityPlaceUpdateInputSerializer

    def get_queryset(self):
        return selectors.place_list()

    def update_record(self, actor, record, version, data):
        return services.place_update(actor=actor, place=record, expected_version=version, data=data)


# --- platforms ---------------------------------------------------------------------------


def _members(data: dict) -> dict[str, Any]:
    """Member groups and agencies, when given, go to the service apart from the fields."""
    return {name: data.pop(name) for name in ("groups", "agencies") if name in data}


@resource_schema(
    s.CommunityPlatformOutputSerializer,
    inputs.CommunityPlatformCreateInputSerializer,
    description="Platforms (つながりづくりプラットフォーム) with member groups, agencies and "
    "companies." + AREA_NOTE,
)
class PlatformListApi(ResourceListApi):
    serializer_class = s.CommunityPlatformOutputSerializer
    filterset_class = PlatformFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"
    create_input = inputs.CommunityPlatformCreateInputSerializer

    def get_queryset(self):
        return selectors.platform_list()

    def create_record(self, actor, owner, data):
        members = _members(data)
        platform = services.platform_create(actor=actor, owner=owner, **members, **data)
        return selectors.platform_list().get(pk=platform.pk)


@resource_schema(
    s.CommunityPlatformOutputSerializer, update_input=inputs.CommunityPlatformUpdateInputSerializer
)
class PlatformDetailApi(ResourceDetailApi):
    output = s.CommunityPlatformOutputSerializer
    update_input = inputs.CommunityPlatformUpdateInputSerializer

    def get_queryset(self):
        return selectors.platform_list()

    def update_record(self, actor, record, version, data):
        members = _members(data)
        return services.platform_update(
            actor=actor, platform=record, expected_version=version, data=data, **members
        )


# --- networks ----------------------------------------------------------------------------


@resource_schema(
    s.CommunityNetworkOutputSerializer,
    inputs.CommunityNetworkCreateInputSerializer,
    description="Networks such as a food drive: members by role, donations." + AREA_NOTE,
    created=s.CommunityNetworkDetailOutputSerializer,
)
class NetworkListApi(ResourceListApi):
    serializer_class = s.CommunityNetworkOutputSerializer
    filterset_class = NetworkFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"
    create_input = inputs.CommunityNetworkCreateInputSerializer
    detail_output = s.CommunityNetworkDetailOutputSerializer

    def get_queryset(self):
        return selectors.network_list()

    def create_record(self, actor, owner, data):
        network = services.network_create(actor=actor, owner=owner, **data)
        return selectors.network_detail().get(pk=network.pk)


@resource_schema(
    s.CommunityNetworkDetailOutputSerializer,
    update_input=inputs.CommunityNetworkUpdateInputSerializer,
)
class NetworkDetailApi(ResourceDetailApi):
    output = s.CommunityNetworkDetailOutputSerializer
    update_input = inputs.CommunityNetworkUpdateInputSerializer

    def get_queryset(self):
        return selectors.network_detail()

    def update_record(self, actor, record, version, data):
        return services.network_update(
            actor=actor, network=record, expected_version=version, data=data
        )


class NetworkPartApi(CommunityApi):
    """Members and donations of a network: its owning agency's staff change them."""

    def network(self, request: MemberRequest, pk: int) -> Network:
        network = get_object_or_404(Network.objects.select_related("owner"), pk=pk)
        access.require_edit(request.user, network)
        return network


class NetworkMemberListApi(NetworkPartApi):
    @extend_schema(
        request=inputs.CommunityNetworkMemberInputSerializer,
        responses={201: s.CommunityNetworkMemberOutputSerializer, **CREATE_ERRORS},
        description="Add a member (a company, group or agency) with its role.",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        network = self.network(request, pk)
        data = validated(inputs.CommunityNetworkMemberInputSerializer, request)
        member = services.network_member_add(actor=request.user, network=network, **data)
        body = s.CommunityNetworkMemberOutputSerializer(member).data
        return Response(body, status=status.HTTP_201_CREATED)


class NetworkMemberDetailApi(NetworkPartApi):
    @extend_schema(responses={204: None, **READ_ERRORS}, description="Remove a member.")
    def delete(self, request: MemberRequest, pk: int, member_pk: int) -> Response:
        network = self.network(request, pk)
        member = get_object_or_404(NetworkMember, pk=member_pk, network=network)
        services.network_member_remove(actor=request.user, network=network, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DonationListApi(NetworkPartApi):
    @extend_schema(
        request=inputs.CommunityDonationInputSerializer,
        responses={201: s.CommunityDonationOutputSerializer, **CREATE_ERRORS},
        description="Record a donation received (not a future date).",
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        network = self.network(request, pk)
        data = validated(inputs.CommunityDonationInputSerializer, request)
        donation = services.donation_record(actor=request.user, network=network, **data)
        body = s.CommunityDonationOutputSerializer(donation).data
        return Response(body, status=status.HTTP_201_CREATED)


class DonationDetailApi(NetworkPartApi):
    @extend_schema(
        responses={204: None, **READ_ERRORS},
        description="Remove a donation recorded by mistake (its history stays).",
    )
    def delete(self, request: MemberRequest, pk: int, donation_pk: int) -> Response:
        network = self.network(request, pk)
        donation = get_object_or_404(Donation, pk=donation_pk, network=network)
        services.donation_remove(actor=request.user, network=network, donation=donation)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- activities --------------------------------------------------------------------------


@resource_schema(
    s.CommunityActivityOutputSerializer,
    inputs.CommunityActivityCreateInputSerializer,
    description="Activities and events, latest first. `area` covers the areas inside it.",
)
class ActivityListApi(ResourceListApi):
    serializer_class = s.CommunityActivityOutputSerializer
    filterset_class = ActivityFilter
    ordering_fields = {"id": "id", "held_on": "held_on"}
    updated_field = "updated_at"
    create_input = inputs.CommunityActivityCreateInputSerializer

    def get_queryset(self):
        return selectors.activity_list()

    def create_record(self, actor, owner, data):
        return services.activity_record(actor=actor, owner=owner, **data)


@resource_schema(
    s.CommunityActivityOutputSerializer, update_input=inputs.CommunityActivityUpdateInputSerializer
)
class ActivityDetailApi(ResourceDetailApi):
    output = s.CommunityActivityOutputSerializer
    update_input = inputs.CommunityActivityUpdateInputSerializer

    def get_queryset(self):
        return selectors.activity_list()

    def update_record(self, actor, record, version, data):
        return services.activity_update(
            actor=actor, activity=record, expected_version=version, data=data
        )


# --- the resource directory --------------------------------------------------------------


class DirectoryApi(generics.ListAPIView):
    """Groups, places, platforms and networks in one list, ordered by name."""

    permission_classes = [IsAgencyMember]
    serializer_class = s.CommunityDirectoryRowSerializer
    filter_backends: list = []
    cursor_pages = False  # a union of four tables, ordered by name

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Keywords (all must match)."),
            OpenApiParameter(
                "area",
                int,
                description="An area id: includes the areas inside it, the areas it lies "
                "in, and city-wide resources.",
            ),
            OpenApiParameter("type", str, enum=[t for t, _label in ResourceType.choices]),
            OpenApiParameter(
                "kind",
                str,
                enum=["", *(k for k, _label in Group.Kind.choices)],
                description="Kind of group (narrows to groups).",
            ),
            OpenApiParameter(
                "target",
                str,
                enum=["", *(t for t, _label in Target.choices)],
                description="For whom (narrows to groups and places).",
            ),
            OpenApiParameter("include_inactive", bool),
        ],
        responses={200: s.CommunityDirectoryRowSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        form = DirectoryForm(request.query_params)
        if not form.is_valid():
            errors = {
                field: [e["message"] for e in field_errors]
                for field, field_errors in form.errors.get_json_data().items()
            }
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        rows = selectors.directory(**form.cleaned_data)
        page = self.paginate_queryset(rows)
        data = self.get_serializer(selectors.directory_rows(page), many=True).data
        return self.get_paginated_response(data)
