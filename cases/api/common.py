"""What every cases endpoint shares: who may call it, how refusals read, how listed rows are
logged, and the minimal card an agency that knows a case gets instead of its details."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.api.requests import MemberApiView
from agencies.models import User
from cases import access
from cases.models import AccessLog
from core.api import exceptions
from core.api.schema import FIELD_ERRORS, ErrorSerializer, StaleErrorSerializer

API = AccessLog.Channel.API
T = TypeVar("T")


class HasCaseRole(BasePermission):
    """Authenticated, and a caseworker, coordinator or supervisor of an active agency
    (partner-system tokens are caseworkers). Anonymous callers get 401 from DRF."""

    message = access.NO_CASE_ROLE

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and access.can_work_on_cases(user))


# --- refusals ---------------------------------------------------------------------------


def case_card(user: User, refusal: access.CardOnly) -> dict | None:
    """The minimal card: which case, and whom to call (the current lead agency)."""
    case = refusal.case
    if case is None and refusal.household is not None:
        case = (
            access.visible_cases(user, codename=access.CARD)
            .filter(household=refusal.household)
            .select_related("owner_agency")
            .first()
        )
    if case is None:
        return None
    agency = access.lead_agency(case)
    return {
        "id": case.pk,
        "reference": case.reference,
        "lead_agency": {"id": agency.pk, "name": agency.name, "phone": agency.phone},
    }


class CasesApiMixin(MemberApiView):
    """Case-role callers only; services' errors go through core.api.exceptions, and a
    CardOnly refusal carries the card."""

    permission_classes = [HasCaseRole]

    def get_exception_handler(self) -> Callable:
        return exceptions.exception_handler

    def refusal_extras(self, exc: PermissionDenied) -> dict[str, Any]:
        if isinstance(exc, access.CardOnly):
            return {"card": case_card(self.request.user, exc)}
        return {}


def referenced(field: str, lookup: Callable[[], T]) -> T:
    """Fetch a record named in the request body: one the caller may not know of is a 400 on
    that field, worded exactly as for an id that does not exist."""
    try:
        return lookup()
    except Http404:
        raise ValidationError({field: [str(access.NOT_FOUND)]}) from None


# --- lists ------------------------------------------------------------------------------


class LoggedListApi(CasesApiMixin, generics.ListAPIView):
    """A paginated list whose rows are logged as read with one bulk INSERT."""

    def list(self, request: Request, *args, **kwargs) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        self.log_rows(rows)
        serializer = self.get_serializer(
            rows, many=True, context={**self.get_serializer_context(), **self.row_context(rows)}
        )
        if page is None:
            return Response(serializer.data)
        return self.get_paginated_response(serializer.data)

    # `builtins.list`: in this class `list` is the method above. The rows are always a list.
    def log_rows(self, rows: builtins.list[Any]) -> None:
        """One access-log row per case, household or person listed, each with the basis on
        which it was shown (rule 7)."""
        access.log_list_reads(self.request.user, list(rows), channel=API, request=self.request)

    def row_context(self, rows: builtins.list[Any]) -> dict[str, Any]:
        return {}


# --- 住所秘匿 ----------------------------------------------------------------------------


# --- OpenAPI ----------------------------------------------------------------------------


class AgencyContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField()


class CaseCardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    lead_agency = AgencyContactSerializer()


class RefusalSerializer(ErrorSerializer):
    card = CaseCardSerializer(required=False, allow_null=True)


REFUSALS = {
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated."),
    403: OpenApiResponse(
        RefusalSerializer,
        description="Refused. An agency that knows the case but may not read it gets the "
        "reason and the minimal card (whom to call).",
    ),
    404: OpenApiResponse(
        ErrorSerializer, description="No such record, or not one the caller may know of."
    ),
}
WRITE_ERRORS = {
    400: FIELD_ERRORS,
    **REFUSALS,
    409: OpenApiResponse(
        StaleErrorSerializer, description="Someone saved the record since `version`."
    ),
}


# A DELETE that may name the version it removes (core.api.preconditions.delete_version).
DELETE_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag you read (W/"<version>"): the record is removed only if it is '
    "still that version. Without it (or with *) it is removed whatever its version.",
)
DELETE_ERRORS = {
    **WRITE_ERRORS,
    412: OpenApiResponse(
        ErrorSerializer,
        description="Code `precondition_failed`: If-Match names a version that is no longer "
        "current; nothing was removed.",
    ),
}


def responses(success: dict, errors: dict = REFUSALS) -> dict:
    return {**success, **errors}
