"""Input fields that take a request's types as they are.

DRF's CharField turns a number into its text (`"title": 123` is saved as "123"), so a
partner system that sends the wrong type is never told. Input serializers use
StrictCharField, and InputModelSerializer maps the model's text columns to it; a test walks
every `*InputSerializer` to keep it so (tests/core/test_api_errors.py)."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """A CharField that refuses anything but a string: DRF's "Not a valid string."."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class InputModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer for input: the model's text columns become StrictCharFields."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }
