"""The household's genogram (SVG and JSON), its eco-map (JSON) and the eco-map's links
over REST: the same builders and the same policy as the pages (cases/views/maps.py)."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberRequest
from cases import access, ecomap, genogram
from cases.api.common import (
    API,
    DELETE_ERRORS,
    DELETE_IF_MATCH,
    WRITE_ERRORS,
    CasesApiMixin,
    responses,
)
from cases.models import EcoLink
from cases.services import ecomap as ecomap_services
from cases.views.maps import centre_lines, read_maps
from core.api.fields import InputModelSerializer
from core.api.preconditions import body_version_field, delete_version, expected_version
from core.api.schema import validated


class SvgRenderer(BaseRenderer):
    media_type = "image/svg+xml"
    format = "svg"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, str):
            return data.encode()
        return json.dumps(data, ensure_ascii=False).encode()  # a refusal's body


class GenogramSvgApi(CasesApiMixin, APIView):
    renderer_classes = [JSONRenderer, SvgRenderer]

    @extend_schema(
        responses=responses({200: OpenApiResponse(OpenApiTypes.STR, description="SVG")}),
        description="The household's genogram as SVG (image/svg+xml), drawn from what the "
        "caller may read: persons it may not read appear by their relation only.",
    )
    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        graph = read_maps(request.user, pk, request, channel=API)[2]
        return HttpResponse(genogram.render_svg(graph), content_type="image/svg+xml")


class GenogramApi(CasesApiMixin, APIView):
    @extend_schema(
        responses=responses({200: OpenApiTypes.OBJECT}),
        description="The genogram's nodes (persons: shape, label, relation, age, deceased, "
        "supported, key person, generation, position) and edges (marriage, divorce, parent, "
        "sibling, other).",
    )
    def get(self, request: MemberRequest, pk: int) -> Response:
        maps = read_maps(request.user, pk, request, channel=API)
        return Response({"household": maps[0].pk, **maps[2].as_json()})


class EcomapApi(CasesApiMixin, APIView):
    @extend_schema(
        responses=responses({200: OpenApiTypes.OBJECT}),
        description="The eco-map: the household in the centre, the team agencies of its "
        "open cases, participation hosts, community groups and informal supports, each with "
        "the line's strength (strong, weak, stressful, or null: not marked).",
    )
    def get(self, request: MemberRequest, pk: int) -> Response:
        household, decision, graph = read_maps(request.user, pk, request, channel=API)[:3]
        eco = ecomap.ecomap_for(request.user, household, decision, members=centre_lines(graph))
        return Response({"household": household.pk, **eco.as_json()})


class EcoLinkOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = EcoLink
        fields = ["id", "household", "source", "label", "role", "strength", "note", "version"]


class EcoLinkCreateInputSerializer(InputModelSerializer):
    class Meta:
        model = EcoLink
        fields = ["source", "label", "role", "strength", "note"]


class EcoLinkUpdateInputSerializer(InputModelSerializer):
    version = body_version_field()

    class Meta:
        model = EcoLink
        fields = ["label", "role", "strength", "note", "version"]
        extra_kwargs = {name: {"required": False} for name in ["label", "role", "strength"]}


class EcoLinkListApi(CasesApiMixin, APIView):
    @extend_schema(responses=responses({200: EcoLinkOutputSerializer(many=True)}))
    def get(self, request: MemberRequest, pk: int) -> Response:
        household = access.household_for(request.user, pk, channel=API, request=request)[0]
        links = household.eco_links.filter(ended_on__isnull=True).order_by("pk")
        return Response(EcoLinkOutputSerializer(links, many=True).data)

    @extend_schema(
        request=EcoLinkCreateInputSerializer,
        responses=responses({201: EcoLinkOutputSerializer}, WRITE_ERRORS),
        description='Add a line: `source` "informal" with a `label`, or a record the '
        'eco-map shows ("agency:12", "host:3", "group:5").',
    )
    def post(self, request: MemberRequest, pk: int) -> Response:
        household = access.household_for(request.user, pk, channel=API, request=request)[0]
        data = validated(EcoLinkCreateInputSerializer, request)
        link = ecomap_services.eco_link_add(actor=request.user, household=household, **data)
        return Response(EcoLinkOutputSerializer(link).data, status=status.HTTP_201_CREATED)


def _link(request: MemberRequest, pk: int) -> EcoLink:
    """The link, if the caller may read its household (a stranger: the same 404)."""
    link = get_object_or_404(
        EcoLink.objects.select_related("household", "owner_agency"), pk=pk, ended_on=None
    )
    access.household_for(request.user, link.household_id, channel=API, request=request)
    return link


class EcoLinkDetailApi(CasesApiMixin, APIView):
    @extend_schema(
        request=EcoLinkUpdateInputSerializer,
        responses=responses({200: EcoLinkOutputSerializer}, WRITE_ERRORS),
    )
    def patch(self, request: MemberRequest, pk: int) -> Response:
        link = _link(request, pk)
        data = validated(EcoLinkUpdateInputSerializer, request)
        version = expected_version(request, data.pop("version", None))
        link = ecomap_services.eco_link_update(
            actor=request.user, link=link, expected_version=version, data=data
        )
        return Response(EcoLinkOutputSerializer(link).data)

    @extend_schema(responses=responses({204: None}, DELETE_ERRORS), parameters=[DELETE_IF_MATCH])
    def delete(self, request: MemberRequest, pk: int) -> Response:
        """The line leaves the eco-map (its history stays). With If-Match it leaves only if
        still the version you read (412 otherwise)."""
        link = _link(request, pk)
        ecomap_services.eco_link_end(
            actor=request.user, link=link, expected_version=delete_version(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
