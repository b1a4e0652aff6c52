from rest_framework import serializers

from agencies.models import Agency, Area, Membership, ServiceField, User
from core.api.fields import OutputModelSerializer


class AgencyOutputSerializer(OutputModelSerializer):
    # The model's field is called `fields`, like Serializer.fields; SerializerMetaclass takes
    # the declared field out of the class, so it does not shadow the property at runtime.
    fields: serializers.SlugRelatedField[ServiceField] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", many=True, read_only=True
    )
    areas_served: serializers.PrimaryKeyRelatedField[Area] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "kana",
            "kind",
            "is_hub",
            "fields",
            "areas_served",
            "phone",
            "fax",
            "email",
            "postal_code",
            "address",
            "contact_hours",
        ]
        read_only_fields = fields


class MembershipOutputSerializer(OutputModelSerializer):
    agency: serializers.PrimaryKeyRelatedField[Agency] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["agency", "agency_name", "role"]
        read_only_fields = fields


class MeOutputSerializer(OutputModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "kind", "memberships"]
        read_only_fields = fields

    def get_memberships(self, user: User) -> list[dict]:
        # many=True makes a ListSerializer (`.data` a ReturnList); the stubs keep the class.
        return MembershipOutputSerializer(self.context["memberships"], many=True).data  # type: ignore[return-value]
