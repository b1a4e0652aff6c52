"""Input serializers: they check the shape of a request (types, lengths, choices, ids that
exist) and hand plain values to cases/services, which hold the rules. Model serializers
are used only to borrow the model fields' lengths, choices and validators; nothing here is
ever `.save()`d."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agencies.models import Agency
from cases.models import (
    Case,
    Consent,
    Consultation,
    Household,
    HouseholdMembership,
    Person,
    Project,
    Referral,
)
from cases.services.households import (
    HOUSEHOLD_FIELDS,
    ONE_HEAD,
    PERSON_FIELDS,
    PERSON_UPDATE_FIELDS,
)
from core.api.fields import InputModelSerializer, StrictCharField
from core.api.preconditions import body_version_field
from core.api.schema import NamedChoiceField
from core.dates import FUTURE_DATE, is_in_future

ONE_HOUSEHOLD = _("Give either `household` (an existing household's id) or `new_household`.")
FIRST_CONSULTATION_REQUIRED = _("A new household is taken in with its first consultation.")
VERSION_HELP = _("The `version` you read; the change is refused (409) if it is no longer current.")


def not_in_future(value: dt.date | dt.datetime) -> None:
    """Checked here as well as in the services so that a nested error names its place
    (members[1].birth_date) instead of a top-level field."""
    if is_in_future(value):
        raise serializers.ValidationError(FUTURE_DATE)


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


def project_choices(**kwargs) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=Project.choices), **kwargs)


def active_agency(**kwargs) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), **kwargs
    )


def optional(*names: str) -> dict[str, dict]:
    return {name: {"required": False} for name in names}


# --- households and persons -------------------------------------------------------------


class MemberInputSerializer(InputModelSerializer):
    relation = serializers.ChoiceField(choices=HouseholdMembership.Relation.choices)

    class Meta:
        model = Person
        fields = [*PERSON_FIELDS, "relation"]
        extra_kwargs = {"birth_date": {"validators": [not_in_future]}}


class HouseholdInputSerializer(InputModelSerializer):
    members = MemberInputSerializer(many=True)

    class Meta:
        model = Household
        fields = [*HOUSEHOLD_FIELDS, "members"]

    def validate_members(self, members: list[dict]) -> list[dict]:
        heads = [m for m in members if m["relation"] == HouseholdMembership.Relation.HEAD]
        if len(heads) > 1:
            raise serializers.ValidationError(ONE_HEAD)
        return members


class HouseholdCreateInputSerializer(HouseholdInputSerializer):
    agency = active_agency(
        required=False, help_text=_("The agency you act for: required when you belong to several.")
    )

    class Meta(HouseholdInputSerializer.Meta):
        fields = [*HouseholdInputSerializer.Meta.fields, "agency"]


class HouseholdUpdateInputSerializer(InputModelSerializer):
    version = body_version_field()

    class Meta:
        model = Household
        fields = [*HOUSEHOLD_FIELDS, "version"]
        extra_kwargs = optional("name")


class PersonUpdateInputSerializer(InputModelSerializer):
    version = body_version_field()

    class Meta:
        model = Person
        fields = [*PERSON_UPDATE_FIELDS, "version"]
        extra_kwargs = {
            **optional("family_name"),
            "birth_date": {"validators": [not_in_future]},
            "died_on": {"validators": [not_in_future]},
        }


# --- cases ------------------------------------------------------------------------------


class ConsultationInputSerializer(InputModelSerializer):
    projects = project_choices(required=False)

    class Meta:
        model = Consultation
        fields = ["occurred_at", "mode", "minutes", "narrative", "projects", "is_internal"]
        extra_kwargs = {"occurred_at": {"validators": [not_in_future]}}


class CaseCreateInputSerializer(InputModelSerializer):
    household = serializers.IntegerField(
        required=False, min_value=1, help_text=_("An existing household's id.")
    )
    new_household = HouseholdInputSerializer(required=False)
    agency = active_agency(required=False)
    projects = project_choices()
    first_consultation = ConsultationInputSerializer(required=False)

    class Meta:
        model = Case
        fields = [
            "household",
            "new_household",
            "agency",
            "title",
            "referral_source",
            "projects",
            "first_consultation",
        ]

    def validate(self, attrs: dict) -> dict:
        if ("household" in attrs) == ("new_household" in attrs):
            raise serializers.ValidationError(ONE_HOUSEHOLD)
        if "new_household" in attrs and "first_consultation" not in attrs:
            raise serializers.ValidationError({"first_consultation": FIRST_CONSULTATION_REQUIRED})
        return attrs


class CaseUpdateInputSerializer(InputModelSerializer):
    status = NamedChoiceField(
        enum_name="CaseStatusEnum", choices=Case.Status.choices, required=False
    )
    projects = project_choices(required=False)
    version = body_version_field()

    class Meta:
        model = Case
        fields = ["title", "status", "referral_source", "projects", "version"]
        extra_kwargs = optional("title", "referral_source")


class ConsultationCreateInputSerializer(ConsultationInputSerializer):
    """`person` must be a member of the case's household (context["household"])."""

    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True
    )
    agency = active_agency(required=False)

    class Meta(ConsultationInputSerializer.Meta):
        fields = [*ConsultationInputSerializer.Meta.fields, "person", "agency"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, serializers.PrimaryKeyRelatedField)  # declared above
        person.queryset = _members_of(self.context.get("household"))


class ConsultationUpdateInputSerializer(ConsultationInputSerializer):
    version = body_version_field()

    class Meta(ConsultationInputSerializer.Meta):
        fields = [*ConsultationInputSerializer.Meta.fields, "version"]
        extra_kwargs: dict[str, dict[str, Any]] = {
            "occurred_at": {"validators": [not_in_future], "required": False},
            **optional("mode", "narrative"),
        }


def _members_of(household: Household | None):
    if household is None:
        return Person.objects.none()
    return Person.objects.filter(memberships__household=household).distinct()


# --- referrals and consents -------------------------------------------------------------


class ReferralCreateInputSerializer(InputModelSerializer):
    case = serializers.IntegerField(min_value=1)
    from_agency = active_agency(required=False)

    class Meta:
        model = Referral
        fields = ["case", "to_agency", "reason", "summary", "from_agency"]


class JoinRequestInputSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=500, help_text=_("Why your agency should join the team."))


class ReferralAcceptInputSerializer(serializers.Serializer):
    response_note = StrictCharField(max_length=1000, required=False, allow_blank=True)


class ReferralReturnInputSerializer(serializers.Serializer):
    response_note = StrictCharField(
        max_length=1000, help_text=_("Why it is returned, so the sender can act on it.")
    )


class ConsentCreateInputSerializer(InputModelSerializer):
    """`person` must be a member of the case's household (context["household"])."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    purposes = serializers.ListField(child=serializers.ChoiceField(choices=Consent.Purpose.choices))
    agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), many=True, required=False
    )
    scanned_form = serializers.FileField(required=False)

    class Meta:
        model = Consent
        fields = [
            "person",
            "purposes",
            "method",
            "valid_from",
            "valid_until",
            "all_team_agencies",
            "agencies",
            "scanned_form",
            "representative",
            "representative_name",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, serializers.PrimaryKeyRelatedField)  # declared above
        person.queryset = _members_of(self.context.get("household"))


class ConsentWithdrawInputSerializer(serializers.Serializer):
    withdrawal_reason = StrictCharField(max_length=500)
