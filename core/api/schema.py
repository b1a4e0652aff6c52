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
    detail = serializers.CharField()


class StaleErrorSerializer(ErrorSerializer):
    code = serializers.CharField()


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Field errors: {"field": ["message"], "non_field_errors": ["message"]}.',
)
