"""The OpenAPI description of the community endpoints: their error answers and the
schema of a list (GET, POST) or detail (GET, PATCH) endpoint."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers


class CommunityErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class CommunityStaleErrorSerializer(CommunityErrorSerializer):
    code = serializers.CharField()


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Field errors: {"field": ["message"], "non_field_errors": ["message"]}.',
)
READ_ERRORS = {
    401: OpenApiResponse(CommunityErrorSerializer, description="Not authenticated."),
    403: OpenApiResponse(CommunityErrorSerializer, description="The account belongs to no agency."),
    404: OpenApiResponse(CommunityErrorSerializer, description="No such record."),
}
CREATE_ERRORS = {
    400: FIELD_ERRORS,
    **READ_ERRORS,
    403: OpenApiResponse(
        CommunityErrorSerializer,
        description="Refused: no agency, or the registering agency is not the caller's.",
    ),
}
WRITE_ERRORS = {
    **CREATE_ERRORS,
    403: OpenApiResponse(
        CommunityErrorSerializer,
        description="Refused: only staff of the registering agency may change the record "
        "(the reason names it).",
    ),
    409: OpenApiResponse(
        CommunityStaleErrorSerializer, description="Someone saved since `version`."
    ),
}


def resource_schema(
    output, create_input=None, update_input=None, description: str = "", created=None
):
    """The schema of a list (GET, POST) or detail (GET, PATCH) endpoint."""
    if create_input is not None:
        return extend_schema_view(
            get=extend_schema(description=description),
            post=extend_schema(
                request=create_input,
                responses={201: created or output, **CREATE_ERRORS},
                description="Register a record for one of the caller's agencies.",
            ),
        )
    return extend_schema_view(
        get=extend_schema(responses={200: output, **READ_ERRORS}),
        patch=extend_schema(
            request=update_input,
            responses={200: output, **WRITE_ERRORS},
            description="Change the record (staff of the registering agency only). Send the "
            "`version` you last read; fields left out stay as they are.",
        ),
    )


AREA_NOTE = (
    " `area` includes the areas inside it, the areas it lies in and city-wide records; "
    "inactive records are left out unless `include_inactive=true`."
)
