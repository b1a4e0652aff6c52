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
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "agencies": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "A refusal whose words name agencies: their ids, in that order.",
        },
    },
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
    - an operation on one record (a path parameter): 404 for a missing or hidden one;
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
            if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                answers.setdefault(
                    "404",
                    _error(
                        "No such record, or one you may not know of (the same answer), or "
                        "an id that is not a number."
                    ),
                )
            if "requestBody" in operation:
                answers.setdefault("400", _error("The body cannot be parsed (code parse_error)."))
                answers.setdefault("413", _error("The body is too large (code too_large)."))
                answers.setdefault("415", _error("A media type this endpoint does not read."))
            if {} not in operation.get("security", [{}]):
                answers.setdefault("401", _error("Not authenticated."))
            answers.setdefault("500", _error("A server error (code server_error)."))
    return result


# --- HTTP preconditions, documented on every operation ------------------------------------

CODED_ERROR = ERROR_SCHEMA  # the same {"detail", "code"} body
ETAG_HEADER = {
    "schema": {"type": "string"},
    "description": 'The record\'s version as a weak tag, W/"<version>": send it back in '
    "If-Match to change the record.",
}
IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Makes a retry safe: the same key with the same request (same user, "
    "method, path and body) within 24 hours gets the first answer again, marked "
    "`Idempotent-Replayed: true`, and nothing is done twice. 1–255 printable ASCII "
    "characters (a UUID is a good key); anything else is a 400.",
}
IF_MATCH_PARAMETER = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": 'The ETag you read (W/"<version>"), or * for no version check. Either '
    "this or `version` in the body is required (428 without both); a tag that is no "
    "longer current is a 412 and nothing is saved.",
}


def _coded(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{CODED_ERROR}"}}
        },
    }


def _add_response(operation: dict, status: str, description: str) -> None:
    responses = operation.setdefault("responses", {})
    if status in responses:  # e.g. 409 `stale`: the same {"detail", "code"} shape
        responses[status]["description"] += " " + description
    else:
        responses[status] = _coded(description)


def _has_version(schema: dict, components: dict) -> bool:
    ref = schema.get("$ref", "")
    if ref:
        schema = components.get(ref.rsplit("/", 1)[-1], {})
    return "version" in schema.get("properties", {})


def document_preconditions(result: dict, generator: Any, request: Any, public: Any) -> dict:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]):
    what core.api.idempotency and core.api.preconditions do for every endpoint, documented
    on every operation: Idempotency-Key with its 409/422 on POSTs, If-Match with its
    412/428 on PATCHes, and the ETag header on answers that carry a record's version."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(CODED_ERROR, ERROR_BODY)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
                _add_response(
                    operation,
                    "409",
                    "Or, with code `idempotency_in_progress`: a request with this "
                    "Idempotency-Key is still running; retry after it has answered.",
                )
                _add_response(
                    operation,
                    "422",
                    "Code `idempotency_key_reused`: this Idempotency-Key was used for "
                    "another request (body or path); nothing was done.",
                )
            if method in {"patch", "put"}:
                operation.setdefault("parameters", []).append(IF_MATCH_PARAMETER)
                _add_response(
                    operation,
                    "412",
                    "Code `precondition_failed`: If-Match names a version that is no "
                    "longer current (or disagrees with the body's `version`); nothing "
                    "was saved.",
                )
                _add_response(
                    operation,
                    "428",
                    "Code `precondition_required`: neither If-Match nor `version` was sent.",
                )
            if method in {"get", "patch", "put"}:
                ok = operation.get("responses", {}).get("200", {})
                schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
                if _has_version(schema, components):
                    ok.setdefault("headers", {})["ETag"] = ETAG_HEADER
    return result


# --- input rules OpenAPI can state, stated for every operation ----------------------------

# Query parameters whose empty value is refused rather than read as "no filter".
_NOT_EMPTY = {"page", "page_size", "cursor", "updated_since"}
# Text nobody types: Django and DRF refuse the NUL character in every text field and
# filter ("Null characters are not allowed."), and PostgreSQL could not store it.
NO_NUL = "^[^\\u0000]*$"


def _plain_text(schema: dict) -> bool:
    return (
        schema.get("type") == "string"
        and not {"format", "enum", "pattern", "$ref"} & schema.keys()
        and not schema.get("readOnly")
    )


def _forbid_nul(schema: Any, components: dict, seen: set[str]) -> None:
    """Every plain text in `schema` (through $refs, nested objects and arrays) gets the
    NO_NUL pattern."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref", "")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            seen.add(name)
            _forbid_nul(components.get(name), components, seen)
        return
    if _plain_text(schema):
        schema["pattern"] = NO_NUL
    for key in ("properties",):
        for sub in schema.get(key, {}).values():
            _forbid_nul(sub, components, seen)
    for key in ("items", "additionalProperties"):
        _forbid_nul(schema.get(key), components, seen)
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            _forbid_nul(sub, components, seen)


def document_input_rules(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: what the API does with any input, said where
    OpenAPI can say it.

    - An empty filter, search or ordering (`?status=`) is no filter, as in django-filter:
      `allowEmptyValue` on every optional query parameter but page, page_size, cursor,
      updated_since and lists of choices, whose empty value is a 400.
    - No text of a body or a query may hold the NUL character (a 400): a pattern on every
      plain text of the request bodies and query parameters."""
    components = result.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema = parameter.get("schema", {})
                optional = not parameter.get("required") and parameter["name"] not in _NOT_EMPTY
                # An empty item of a list (`?status=`) is no choice the list offers.
                if optional and schema.get("type") != "array":
                    parameter["allowEmptyValue"] = True
                if _plain_text(schema):
                    schema["pattern"] = NO_NUL
            for media in operation.get("requestBody", {}).get("content", {}).values():
                _forbid_nul(media.get("schema"), components, seen)
    return result
