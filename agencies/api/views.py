from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies import access, selectors
from agencies.api.permissions import IsAgencyMember
from agencies.api.serializers import AgencyOutputSerializer, MeOutputSerializer
from agencies.filters import AgencyFilter


class AgencyListApi(generics.ListAPIView):
    """The agency directory: who does what, where, and how to reach them."""

    permission_classes = [IsAgencyMember]
    serializer_class = AgencyOutputSerializer
    filterset_class = AgencyFilter
    ordering_fields = {"id": "id"}
    updated_field = "updated_at"

    def get_queryset(self):
        return selectors.agency_directory()


class AgencyDetailApi(generics.RetrieveAPIView):
    permission_classes = [IsAgencyMember]
    serializer_class = AgencyOutputSerializer

    def get_queryset(self):
        return selectors.agency_directory()


class MeApi(APIView):
    """Who the token or session belongs to, and for which agencies it acts."""

    permission_classes = [IsAgencyMember]

    @extend_schema(responses=MeOutputSerializer)
    def get(self, request: Request) -> Response:
        memberships = access.active_memberships(request.user)
        return Response(MeOutputSerializer(request.user, context={"memberships": memberships}).data)
