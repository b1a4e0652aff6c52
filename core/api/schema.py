"""What every app's API shares for its inputs and its OpenAPI schema: reading a validated
body, enum fields documented under their own names, and the error bodies."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_field
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request


def validated(
    serializer_class: type[serializers.Serializer], request: Request, **context: Any
) -> dict[str, Any]:
    """The request body through `serializer_class`; a 400 with field errors otherwise."""
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class NamedChoiceField(serializers.ChoiceField):
    """A ChoiceField documented as its own enum component (`enum_name`).

    Several models have a `status` with different choices; drf-spectacular cannot name
    those enums by itself and warns (which fails `manage.py check --deploy`). Naming them
    here keeps the fix next to the fields instead of in SPECTACULAR_SETTINGS."""

    def __init__(self, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(**kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema = build_choice_field(self.target)
        schema.pop("x-spec-enum-id", None)
        return schema


class ErrorSerializer(serializers.Serializer):
    """Every error but field errors (core/api/errors.py)."""

    detail = serializers.CharField()
    code = serializers.CharField(
        help_text="not_found, not_authenticated, permission_denied, parse_error, too_large, "
        "stale, conflict, throttled, server_error, ..."
    )


class StaleErrorSerializer(ErrorSerializer):
    pass


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Field errors: {"field": ["message"], "non_field_errors": ["message"]}; a '
    'body that cannot be parsed: {"detail": "message", "code": "parse_error"}.',
)


# --- what every operation can answer ------------------------------------------------------

ERROR_SCHEMA = "Error"
ERROR_BODY = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail", "code"],
}
FIELD_ERRORS_BODY = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": '{"field": ["message"], "non_field_errors": ["message"]}',
}
LIST_PARAMS = {"page", "cursor"}


def _error(description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def document_common_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: what the views do not declare one by one.

    - a paginated list: 400 for a malformed page, page_size, cursor, ordering or
      updated_since (field errors naming it), 404 for a page past the end;
    - an operation that takes a body: 400 for a body that cannot be parsed
      (`parse_error`), 413 for one too large, 415 for a media type it does not read;
    - an operation that needs a caller: 401 `not_authenticated`;
    - every operation: 500 `server_error` (never a traceback)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(ERROR_SCHEMA, ERROR_BODY)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            answers = operation["responses"]
            params = {p.get("name") for p in operation.get("parameters", [])}
            if method == "get" and params & LIST_PARAMS:
                answers.setdefault(
                    "400",
                    {
                        "description": "A malformed filter, page, page_size, cursor, "
                        "ordering or updated_since: field errors naming it.",
                        "content": {"application/json": {"schema": FIELD_ERRORS_BODY}},
                    },
                )
                answers.setdefault("404", _error("A page past the end."))
            if "requestBody" in operation:
                answers.setdefault("400", _error("The body cannot be parsed (code parse_error)."))
                answers.setdefault("413", _error("The body is too large (code too_large)."))
                answers.setdefault("415", _error("A media type this endpoint does not read."))
            if {} not in operation.get("security", [{}]):
                answers.setdefault("401", _error("Not authenticated."))
            answers.setdefault("500", _error("A server error (code server_error)."))
    return result
