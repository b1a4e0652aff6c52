"""The directory: support menus and hosts. No personal data: any staff member (or partner
system) of an agency reads them; a caseworker, coordinator or supervisor registers them for
their agency, and only staff of the developing (registering) agency change them."""

from __future__ import annotations

from collections.abc import Callable

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.permissions import IsAgencyMember
from agencies.api.requests import MemberApiView, MemberRequest
from cases.api.common import REFUSALS, WRITE_ERRORS, ErrorSerializer, responses
from core.api import exceptions
from core.api.preconditions import expected_version
from core.api.schema import validated
from participation import selectors, services
from participation.api.filters import HostFilter, MenuFilter
from participation.api.inputs import (
    HostCreateInputSerializer,
    HostUpdateInputSerializer,
    MenuCreateInputSerializer,
    MenuUpdateInputSerializer,
)
from participation.api.serializers import HostOutputSerializer, MenuOutputSerializer

READ_ERRORS = {
    **REFUSALS,
    403: OpenApiResponse(ErrorSerializer, description="Not staff of an agency."),
}


class DirectoryApiMixin(MemberApiView):
    permission_classes = [IsAgencyMember]

    def get_exception_handler(self) -> Callable:
        return exceptions.exception_handler


def menu_body(pk: int) -> dict:
    return MenuOutputSerializer(selectors.menu_detail(pk)).data


def host_body(pk: int) -> dict:
    return HostOutputSerializer(selectors.host_detail(pk)).data


class MenuListApi(DirectoryApiMixin, generics.ListAPIView):
    """Support menus, active ones unless `include_inactive`; each with the places taken."""

    serializer_class = MenuOutputSerializer
    filterset_class = MenuFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"

    def get_queryset(self):
        return selectors.menu_search(filters={"active": None})

    @extend_schema(
        request=MenuCreateInputSerializer,
        responses=responses({201: MenuOutputSerializer}, WRITE_ERRORS),
        description="Register a menu developed by one of the caller's agencies (資源開発).",
    )
    def post(self, request: MemberRequest) -> Response:
        data = validated(MenuCreateInputSerializer, request)
        menu = services.menu_create(actor=request.user, **data)
        return Response(menu_body(menu.pk), status=status.HTTP_201_CREATED)


class MenuDetailApi(DirectoryApiMixin, APIView):
    @extend_schema(responses=responses({200: MenuOutputSerializer}, READ_ERRORS))
    def get(self, request: MemberRequest, pk: int) -> Response:
        return Response(menu_body(pk))

    @extend_schema(
        request=MenuUpdateInputSerializer,
        responses=responses({200: MenuOutputSerializer}, WRITE_ERRORS),
        description="Only staff of the developing agency. Places cannot drop below those "
        "taken; `is_active: false` withdraws the menu from the directory.",
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        menu = selectors.menu_detail(pk)
        data = validated(MenuUpdateInputSerializer, request)
        version = expected_version(request, data.pop("version", None))
        services.menu_update(actor=request.user, menu=menu, expected_version=version, data=data)
        return Response(menu_body(pk))


class HostListApi(DirectoryApiMixin, generics.ListAPIView):
    """Hosts (受け入れ先), each with its number of active menus."""

    serializer_class = HostOutputSerializer
    filterset_class = HostFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"

    def get_queryset(self):
        return selectors.host_list(active=None)

    @extend_schema(
        request=HostCreateInputSerializer,
        responses=responses({201: HostOutputSerializer}, WRITE_ERRORS),
        description="Register a host for one of the caller's agencies, linked to an agency "
        "or to a community group (not both).",
    )
    def post(self, request: MemberRequest) -> Response:
        data = validated(HostCreateInputSerializer, request)
        host = services.host_create(actor=request.user, **data)
        return Response(host_body(host.pk), status=status.HTTP_201_CREATED)


class HostDetailApi(DirectoryApiMixin, APIView):
    @extend_schema(responses=responses({200: HostOutputSerializer}, READ_ERRORS))
    def get(self, request: MemberRequest, pk: int) -> Response:
        return Response(host_body(pk))

    @extend_schema(
        request=HostUpdateInputSerializer,
        responses=responses({200: HostOutputSerializer}, WRITE_ERRORS),
        description="Only staff of the registering agency.",
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        host = selectors.host_detail(pk)
        data = validated(HostUpdateInputSerializer, request)
        version = expected_version(request, data.pop("version", None))
        services.host_update(actor=request.user, host=host, expected_version=version, data=data)
        return Response(host_body(pk))
