"""Input fields that take a request's types as they are.

DRF's CharField turns a number into its text (`"title": 123` is saved as "123"), so a
partner system that sends the wrong type is never told. Input serializers use
StrictCharField, and InputModelSerializer maps the model's text columns to it (and its
date-time columns to SafeDateTimeField); a test walks every `*InputSerializer` to keep it so
(tests/core/test_api_errors.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping
from typing import Any

from django.db import models
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """A CharField that refuses anything but a string: DRF's "Not a valid string."."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file sent as multipart/form-data, documented as the bytes it is (`format: binary`;
    DRF's FileField reads as a URI in the schema). An empty file and any name pass: what
    a file may be (type, size) is the service's rule, and its name is never kept."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)


class SafeDateTimeField(serializers.DateTimeField):
    """A DateTimeField for which a time at the edge of the calendar is a 400 ("Datetime
    value out of range."): DRF's own catches the overflow for an aware time only, and
    0001-01-01T00:00 in Japan time overflows when it is compared with UTC."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        try:
            aware = super().enforce_timezone(value)
            if timezone.is_aware(aware):
                aware.astimezone(dt.UTC)
        except OverflowError:
            self.fail("overflow")
        return aware


class InputModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer for input: the model's text columns become StrictCharFields, its
    date-time columns SafeDateTimeFields."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.DateTimeField: SafeDateTimeField,
    }


class OutputModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer for answers. Its fields are read-only, and DRF then drops
    `allow_blank`, so the schema would promise that a column that may be blank never is
    (`outreach_stage` not in its enum, `email` not an address). Here a read-only field keeps
    `allow_blank` where the column allows blank: the schema admits "" where the answer can
    carry it."""

    def include_extra_kwargs(
        self, kwargs: MutableMapping[str, Any], extra_kwargs: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank:
            kwargs["allow_blank"] = True
        return kwargs
