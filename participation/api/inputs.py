"""Input serializers: the shape of a request (types, lengths, choices, ids that exist). The
rules are participation/services'; nothing here is ever `.save()`d. Ids of cases,
persons and matchings are plain numbers: the views look them up through cases/access.py so
that an id the caller may not know of reads exactly like one that does not exist."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import Agency, Area
from cases.api.inputs import active_agency, version_field
from community.models import Group
from core.api.fields import StrictCharField
from core.api.preconditions import body_version_field
from participation.api.serializers import about_field, kind_field, outcome_field, target_field
from participation.models import TEXT_MAX, Host, SupportMenu


def _text(max_length: int = TEXT_MAX, **kwargs) -> StrictCharField:
    return StrictCharField(max_length=max_length, allow_blank=True, **kwargs)


def _area(**kwargs) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.select_related("parent__parent"), allow_null=True, **kwargs
    )


# --- the directory -----------------------------------------------------------------------


class HostCreateInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=200)
    agency = active_agency(required=False, allow_null=True)
    group = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.filter(is_active=True), required=False, allow_null=True
    )
    contact = _text(200, required=False)
    registered_by = active_agency(
        required=False,
        help_text=_("One of your agencies: required when you belong to several."),
    )


class HostUpdateInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=200, required=False)
    agency = active_agency(required=False, allow_null=True)
    group = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.filter(is_active=True), required=False, allow_null=True
    )
    contact = _text(200, required=False)
    is_active = serializers.BooleanField(required=False)
    version = body_version_field()


class MenuCreateInputSerializer(serializers.Serializer):
    title = StrictCharField(max_length=200)
    kind = kind_field()
    what = StrictCharField(max_length=TEXT_MAX)
    host = serializers.PrimaryKeyRelatedField(queryset=Host.objects.all())
    capacity = serializers.IntegerField(min_value=1, max_value=999)
    target = target_field(required=False)
    where = _text(200, required=False)
    schedule = _text(200, required=False)
    conditions = _text(required=False)
    area = _area(required=False)
    developed_by = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text=_("One of your agencies: required when you belong to several."),
    )
    developed_on = serializers.DateField(required=False)


class MenuUpdateInputSerializer(serializers.Serializer):
    title = StrictCharField(max_length=200, required=False)
    kind = kind_field(required=False)
    what = StrictCharField(max_length=TEXT_MAX, required=False)
    host = serializers.PrimaryKeyRelatedField(queryset=Host.objects.all(), required=False)
    capacity = serializers.IntegerField(min_value=1, max_value=999, required=False)
    target = target_field(required=False)
    where = _text(200, required=False)
    schedule = _text(200, required=False)
    conditions = _text(required=False)
    area = _area(required=False)
    developed_on = serializers.DateField(required=False)
    is_active = serializers.BooleanField(required=False)
    version = body_version_field()


# --- person-level records ----------------------------------------------------------------


class PlanCreateInputSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    person = serializers.IntegerField(
        min_value=1, help_text="A current member of the case's household."
    )
    goals = _text(required=False)


class PlanUpdateInputSerializer(serializers.Serializer):
    goals = _text()
    version = body_version_field()


class MatchingCreateInputSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    person = serializers.IntegerField(
        min_value=1, help_text="A current member of the case's household."
    )
    menu = serializers.PrimaryKeyRelatedField(queryset=SupportMenu.objects.all())
    note = _text(required=False)
    proposed_on = serializers.DateField(required=False)


class MatchingStepInputSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="Today if omitted.")
    version = version_field()


class MatchingEndInputSerializer(MatchingStepInputSerializer):
    outcome = outcome_field()
    reason = _text()


class FollowUpCreateInputSerializer(serializers.Serializer):
    matching = serializers.IntegerField(min_value=1)
    about = about_field()
    note = StrictCharField(max_length=TEXT_MAX)
    done_on = serializers.DateField(required=False, help_text="Today if omitted.")
    next_on = serializers.DateField(required=False, allow_null=True)
