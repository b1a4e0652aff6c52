"""What the community endpoints accept. These only check the shape of the input;
community.services applies the rules (owning agency, dates, required links) and saves."""

from __future__ import annotations

from rest_framework import serializers

from agencies.models import Agency, Area
from community.api.serializers import kind_field, role_field, target_field
from community.models import Activity, Donation, Group, Network, NetworkMember, Place, Platform
from core.api.fields import InputModelSerializer, StrictCharField
from core.api.preconditions import body_version_field

COMPANY_MAX = 200


class UpdateInputMixin(serializers.Serializer):
    """Every field optional (`version` too: If-Match may name it instead)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


# `| None`: the update inputs remove the field (`owner = None`, DRF's way to drop an
# inherited declared field).
OwnerField = serializers.PrimaryKeyRelatedField | None


def owner_field() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text="The registering agency: one the caller belongs to. May be left out when "
        "the caller belongs to exactly one agency.",
    )


def area_input() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(),
        required=False,
        allow_null=True,
        help_text="A 中学校区, 小学校区 or 自治区; null for the whole city.",
    )


class CommunityGroupCreateInputSerializer(InputModelSerializer):
    owner: OwnerField = owner_field()
    area = area_input()
    kind = kind_field()
    target = target_field(required=False)

    class Meta:
        model = Group
        fields = [
            "owner",
            "name",
            "kind",
            "target",
            "area",
            "description",
            "schedule",
            "contact",
            "member_count",
        ]


class CommunityGroupUpdateInputSerializer(UpdateInputMixin, CommunityGroupCreateInputSerializer):
    owner = None
    version = body_version_field()

    class Meta(CommunityGroupCreateInputSerializer.Meta):
        fields = [*CommunityGroupCreateInputSerializer.Meta.fields[1:], "is_active", "version"]


class CommunityPlaceCreateInputSerializer(InputModelSerializer):
    owner: OwnerField = owner_field()
    area = area_input()
    target = target_field(required=False)
    run_by = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Place
        fields = [
            "owner",
            "name",
            "address",
            "target",
            "area",
            "opening_hours",
            "description",
            "run_by",
        ]


class CommunityPlaceUpdateInputSerializer(UpdateInputMixin, CommunityPlaceCreateInputSerializer):
    owner = None
    version = body_version_field()

    class Meta(CommunityPlaceCreateInputSerializer.Meta):
        fields = [*CommunityPlaceCreateInputSerializer.Meta.fields[1:], "is_active", "version"]


class CompaniesField(serializers.ListField):
    """Member companies as a list of names (stored one per line)."""

    child = StrictCharField(max_length=COMPANY_MAX)

    # The names are stored one per line: the internal value is a str, not ListField's list.
    def to_internal_value(self, data) -> str:  # type: ignore[override]
        names = super().to_internal_value(data)
        return "\n".join(n.strip() for n in names if n.strip())


class CommunityPlatformCreateInputSerializer(InputModelSerializer):
    owner: OwnerField = owner_field()
    area = area_input()
    groups = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.all(), many=True, required=False
    )
    agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), many=True, required=False
    )
    companies = CompaniesField(required=False)

    class Meta:
        model = Platform
        fields = ["owner", "name", "purpose", "area", "groups", "agencies", "companies"]


class CommunityPlatformUpdateInputSerializer(
    UpdateInputMixin, CommunityPlatformCreateInputSerializer
):
    owner = None
    version = body_version_field()

    class Meta(CommunityPlatformCreateInputSerializer.Meta):
        fields = [*CommunityPlatformCreateInputSerializer.Meta.fields[1:], "is_active", "version"]


class CommunityNetworkCreateInputSerializer(InputModelSerializer):
    owner: OwnerField = owner_field()
    area = area_input()

    class Meta:
        model = Network
        fields = ["owner", "name", "purpose", "area"]


class CommunityNetworkUpdateInputSerializer(
    UpdateInputMixin, CommunityNetworkCreateInputSerializer
):
    owner = None
    version = body_version_field()

    class Meta(CommunityNetworkCreateInputSerializer.Meta):
        fields = [*CommunityNetworkCreateInputSerializer.Meta.fields[1:], "is_active", "version"]


class CommunityNetworkMemberInputSerializer(InputModelSerializer):
    role = role_field()
    name = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="A company, group or agency; empty takes the linked agency's or group's name.",
    )
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    group = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = NetworkMember
        fields = ["name", "role", "agency", "group"]


class CommunityDonationInputSerializer(InputModelSerializer):
    class Meta:
        model = Donation
        fields = ["donor", "received_on", "description", "quantity"]


class CommunityActivityCreateInputSerializer(InputModelSerializer):
    owner: OwnerField = owner_field()
    area = area_input()
    group = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.all(), required=False, allow_null=True
    )
    place = serializers.PrimaryKeyRelatedField(
        queryset=Place.objects.all(), required=False, allow_null=True
    )
    platform = serializers.PrimaryKeyRelatedField(
        queryset=Platform.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Activity
        fields = [
            "owner",
            "title",
            "held_on",
            "participants",
            "group",
            "place",
            "platform",
            "area",
            "note",
        ]


class CommunityActivityUpdateInputSerializer(
    UpdateInputMixin, CommunityActivityCreateInputSerializer
):
    owner = None
    version = body_version_field()

    class Meta(CommunityActivityCreateInputSerializer.Meta):
        fields = [*CommunityActivityCreateInputSerializer.Meta.fields[1:], "version"]
