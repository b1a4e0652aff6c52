"""REST shapes for community records as they are read (input shapes: community/api/inputs.py).

Component names start with "Community" so they cannot collide with other apps' schemas."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.filters import ResourceType
from community.models import (
    Activity,
    Donation,
    Group,
    Network,
    NetworkMember,
    Place,
    Platform,
    Target,
)
from core.api.fields import OutputModelSerializer
from core.api.schema import NamedChoiceField


def kind_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(
        enum_name="CommunityGroupKindEnum", choices=Group.Kind.choices, **kwargs
    )


def target_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(enum_name="CommunityTargetEnum", choices=Target.choices, **kwargs)


def role_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(
        enum_name="CommunityNetworkRoleEnum", choices=NetworkMember.Role.choices, **kwargs
    )


class CommunityRefSerializer(serializers.Serializer):
    """A linked record: its id and name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


# --- output ------------------------------------------------------------------------------

OWNED_FIELDS = ["owner", "owner_name", "area", "area_name", "is_active", "version", "updated_at"]


class OwnedOutputSerializer(OutputModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True, allow_null=True)


class CommunityGroupOutputSerializer(OwnedOutputSerializer):
    kind = kind_field(read_only=True)
    target = target_field(read_only=True)

    class Meta:
        model = Group
        fields = [
            "id",
            "name",
            "kind",
            "target",
            "description",
            "schedule",
            "contact",
            "member_count",
            *OWNED_FIELDS,
        ]
        read_only_fields = fields


class CommunityPlaceOutputSerializer(OwnedOutputSerializer):
    target = target_field(read_only=True)
    run_by_name = serializers.CharField(source="run_by.name", read_only=True, allow_null=True)

    class Meta:
        model = Place
        fields = [
            "id",
            "name",
            "target",
            "address",
            "opening_hours",
            "description",
            "run_by",
            "run_by_name",
            *OWNED_FIELDS,
        ]
        read_only_fields = fields


class CommunityPlatformOutputSerializer(OwnedOutputSerializer):
    groups = CommunityRefSerializer(many=True, read_only=True)
    agencies = CommunityRefSerializer(many=True, read_only=True)
    companies = serializers.SerializerMethodField()

    class Meta:
        model = Platform
        fields = ["id", "name", "purpose", "groups", "agencies", "companies", *OWNED_FIELDS]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_companies(self, platform: Platform) -> list[str]:
        return [line.strip() for line in platform.companies.splitlines() if line.strip()]


class CommunityNetworkOutputSerializer(OwnedOutputSerializer):
    members_total = serializers.IntegerField(read_only=True)
    donations_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Network
        fields = ["id", "name", "purpose", "members_total", "donations_total", *OWNED_FIELDS]
        read_only_fields = fields


class CommunityNetworkMemberOutputSerializer(OutputModelSerializer):
    role = role_field(read_only=True)

    class Meta:
        model = NetworkMember
        fields = ["id", "name", "role", "agency", "group"]
        read_only_fields = fields


class CommunityDonationOutputSerializer(OutputModelSerializer):
    class Meta:
        model = Donation
        fields = ["id", "donor", "received_on", "description", "quantity"]
        read_only_fields = fields


class CommunityNetworkDetailOutputSerializer(OwnedOutputSerializer):
    members = CommunityNetworkMemberOutputSerializer(many=True, read_only=True)
    donations = CommunityDonationOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Network
        fields = ["id", "name", "purpose", "members", "donations", *OWNED_FIELDS]
        read_only_fields = fields


class CommunityActivityOutputSerializer(OutputModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True, allow_null=True)
    group_name = serializers.CharField(source="group.name", read_only=True, allow_null=True)
    place_name = serializers.CharField(source="place.name", read_only=True, allow_null=True)
    platform_name = serializers.CharField(source="platform.name", read_only=True, allow_null=True)
    recorded_by_name = serializers.CharField(
        source="recorded_by.display_name", read_only=True, allow_null=True
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "held_on",
            "participants",
            "group",
            "group_name",
            "place",
            "place_name",
            "platform",
            "platform_name",
            "area",
            "area_name",
            "note",
            "owner",
            "owner_name",
            "recorded_by_name",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class CommunityDirectoryRowSerializer(serializers.Serializer):
    type = NamedChoiceField(
        enum_name="CommunityResourceTypeEnum", choices=ResourceType.choices, read_only=True
    )
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text="Kind of group; empty for others.")
    target = serializers.CharField(read_only=True, help_text="Empty for platforms, networks.")
    area_name = serializers.CharField(source="area", read_only=True)
    owner_name = serializers.CharField(source="owner", read_only=True)
    when = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
