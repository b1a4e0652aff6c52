"""`ordering` and `updated_since` for the API lists (in DEFAULT_FILTER_BACKENDS).

A list offers them by naming, on its view:

- `ordering_fields = {"opened_on": "opened_on", "kana": ("family_name_kana", ...)}`: the
  names a caller may sort by and the column(s) each sorts on. Only indexed columns belong
  here (see the model's Meta indexes), never an aggregate: a sort the database cannot
  answer from an index reads every row the caller may see. `?ordering=-opened_on,id`
  sorts descending then ascending; the primary key always breaks ties so that pages do not
  overlap. An unknown name is a 400.
- `updated_field = "updated_at"`: `?updated_since=<ISO 8601>` keeps the rows changed at or
  after that moment (a sync asks again from the time of its last run; a row changed at
  exactly that moment comes twice rather than never). A malformed value is a 400.

A list that names neither ignores the parameters, as it ignores any other unknown one.
Keyset pages (`cursor`) keep their own order, newest record first: `ordering` together with
`cursor` is a 400, `updated_since` works with both kinds of page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request

UNKNOWN_ORDERING = _("You can sort by: %(fields)s (prefix - for descending).")
ORDERING_WITH_CURSOR = _("Keyset pages (cursor) come newest first: leave out ordering.")
BAD_DATETIME = _("Give an ISO 8601 date and time, such as 2026-04-01T09:00:00Z.")

ORDERING_PARAM = "ordering"
UPDATED_SINCE_PARAM = "updated_since"
CURSOR_PARAM = "cursor"


class OrderingFilter(BaseFilterBackend):
    # Not DRF's OrderingFilter: CursorPagination would take its ordering for the cursor's,
    # and it sorts by any serializer field unless told otherwise.

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        fields: dict[str, str | tuple[str, ...]] = getattr(view, "ordering_fields", None) or {}
        raw = request.query_params.get(ORDERING_PARAM)
        if not fields or not raw:  # `?ordering=` is no ordering, as an empty filter is none
            return queryset
        if CURSOR_PARAM in request.query_params:
            raise ValidationError({ORDERING_PARAM: [str(ORDERING_WITH_CURSOR)]})
        terms = [term.strip() for term in raw.split(",")]
        if not all(term.removeprefix("-") in fields for term in terms):
            listed = ", ".join(fields)
            raise ValidationError({ORDERING_PARAM: [str(UNKNOWN_ORDERING % {"fields": listed})]})
        columns: list[str] = []
        for term in terms:
            sign = "-" if term.startswith("-") else ""
            named = fields[term.removeprefix("-")]
            columns += [f"{sign}{c}" for c in ((named,) if isinstance(named, str) else named)]
        last = "-pk" if columns[-1].startswith("-") else "pk"
        return queryset.order_by(*dict.fromkeys([*columns, last]))

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        fields = getattr(view, "ordering_fields", None)
        if not fields:
            return []
        names = ", ".join(f"`{name}`" for name in fields)
        return [
            {
                "name": ORDERING_PARAM,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Sort by one or more of %(fields)s, comma-separated; prefix - for "
                        "descending. Ties are broken by id. Not with cursor."
                    )
                    % {"fields": names}
                ),
                "schema": {"type": "string", "pattern": ordering_pattern(fields)},
            }
        ]


def ordering_pattern(fields: Iterable[str]) -> str:
    """What `ordering` reads, as a pattern: a comma-separated list of the fields, each
    possibly prefixed by - and surrounded by spaces, or nothing (no ordering)."""
    term = "\\s*-?(?:" + "|".join(re.escape(name) for name in fields) + ")\\s*"
    return f"^(?:{term}(?:,{term})*)?$"


class UpdatedSinceFilter(BaseFilterBackend):
    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        field = getattr(view, "updated_field", None)
        raw = request.query_params.get(UPDATED_SINCE_PARAM)
        if field is None or raw is None:
            return queryset
        return queryset.filter(**{f"{field}__gte": parse_moment(raw)})

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        if getattr(view, "updated_field", None) is None:
            return []
        return [
            {
                "name": UPDATED_SINCE_PARAM,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Only rows changed at or after this moment (ISO 8601; without an "
                        "offset, Japan time). For syncing: pass the time your last sync "
                        "started."
                    )
                ),
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


def parse_moment(raw: str) -> dt.datetime:
    """An ISO 8601 date and time (a bare date means its midnight, Japan time), or a 400."""
    try:
        value = parse_datetime(raw.strip())
        if value is None and (day := parse_date(raw.strip())) is not None:
            value = dt.datetime.combine(day, dt.time.min)
    except ValueError:  # well-formed but impossible, such as month 13
        value = None
    if value is None:
        raise ValidationError({UPDATED_SINCE_PARAM: [str(BAD_DATETIME)]})
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        # In UTC: year 1 or 9999 near an offset cannot be compared, and PostgreSQL takes no
        # offset beyond ±15:59 (ISO 8601 allows up to ±23:59).
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise ValidationError({UPDATED_SINCE_PARAM: [str(BAD_DATETIME)]}) from None


class RawNullBooleanSelect(forms.NullBooleanSelect):
    """The select of yes / no / either, handing on what was sent (Django's maps anything it
    does not know to "either")."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class RawCheckboxInput(forms.CheckboxInput):
    """A checkbox handing on what was sent (Django's reads any text but "false" as ticked)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class StrictBooleanField(forms.NullBooleanField):
    """true or false as the API documents them (and a ticked checkbox's "on", the select's
    "unknown" for either); empty is no filter; anything else is a field error, where
    Django's boolean fields would quietly read it as no filter or as yes."""

    widget = RawNullBooleanSelect
    TRUE = {"true", "on"}
    FALSE = {"false"}
    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]  # None: either
        if value in (True, False, None, ""):
            return None if value == "" else value
        text = str(value).strip().lower()
        if text == "unknown":
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value: Any) -> None:
        pass


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField
