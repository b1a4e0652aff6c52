"""Output serializers: what the participation API shows. They hold no rules and run no
queries of their own (the selectors join what they read); inputs are in inputs.py."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.api.serializers import (
    AgencyRefSerializer,
    CaseRefSerializer,
    PersonRefSerializer,
    RefSerializer,
)
from core.api.fields import OutputModelSerializer
from core.api.schema import NamedChoiceField
from participation.models import FollowUp, Host, Matching, ParticipationPlan, SupportMenu, Target
from participation.services import NEXT


def target_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(enum_name="MenuTargetEnum", choices=Target.choices, **kwargs)


def kind_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(enum_name="MenuKindEnum", choices=SupportMenu.Kind.choices, **kwargs)


def status_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(
        enum_name="MatchingStatusEnum", choices=Matching.Status.choices, **kwargs
    )


def outcome_field(**kwargs) -> NamedChoiceField:
    """Blank until the matching has ended."""
    return NamedChoiceField(
        enum_name="MatchingOutcomeEnum",
        choices=Matching.Outcome.choices,
        allow_blank=True,
        **kwargs,
    )


def about_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(enum_name="FollowUpAboutEnum", choices=FollowUp.About.choices, **kwargs)


class HostRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    contact = serializers.CharField(read_only=True)


class MenuRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    host = HostRefSerializer(read_only=True)


# --- the directory -----------------------------------------------------------------------


class HostOutputSerializer(OutputModelSerializer):
    """Reads `menu_count` (active menus), annotated by selectors.host_list."""

    agency = AgencyRefSerializer(read_only=True, allow_null=True)
    group = RefSerializer(read_only=True, allow_null=True)
    registered_by = AgencyRefSerializer(read_only=True)
    menu_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Host
        fields = [
            "id",
            "name",
            "agency",
            "group",
            "contact",
            "registered_by",
            "is_active",
            "menu_count",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class MenuOutputSerializer(OutputModelSerializer):
    """Reads `taken` (places held by trial and active matchings), annotated by
    selectors.menu_search."""

    host = HostRefSerializer(read_only=True)
    target = target_field(read_only=True)
    kind = kind_field(read_only=True)
    area = RefSerializer(read_only=True, allow_null=True)
    developed_by = AgencyRefSerializer(read_only=True)
    taken = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = SupportMenu
        fields = [
            "id",
            "title",
            "kind",
            "what",
            "where",
            "schedule",
            "host",
            "capacity",
            "taken",
            "target",
            "area",
            "conditions",
            "developed_by",
            "developed_on",
            "is_active",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


# --- person-level records ----------------------------------------------------------------


class PlanOutputSerializer(OutputModelSerializer):
    case = CaseRefSerializer(read_only=True)
    person = PersonRefSerializer(read_only=True)
    agency = AgencyRefSerializer(read_only=True)

    class Meta:
        model = ParticipationPlan
        fields = ["id", "case", "person", "goals", "agency", "created_at", "version"]
        read_only_fields = fields


class MatchingOutputSerializer(OutputModelSerializer):
    case = CaseRefSerializer(read_only=True)
    person = PersonRefSerializer(read_only=True)
    menu = MenuRefSerializer(read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    status = status_field(read_only=True)
    outcome = outcome_field(read_only=True)
    next_steps = serializers.SerializerMethodField(
        help_text="The statuses this matching may move to next (whoever asks)."
    )

    class Meta:
        model = Matching
        fields = [
            "id",
            "case",
            "person",
            "plan",
            "menu",
            "agency",
            "status",
            "next_steps",
            "note",
            "proposed_on",
            "trial_on",
            "started_on",
            "ended_on",
            "outcome",
            "reason",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=status_field()))
    def get_next_steps(self, matching: Matching) -> list[str]:
        return list(NEXT[matching.status])


class FollowUpOutputSerializer(OutputModelSerializer):
    matching = serializers.IntegerField(source="matching_id", read_only=True)
    case = CaseRefSerializer(source="matching.case", read_only=True)
    person = PersonRefSerializer(source="matching.person", read_only=True)
    menu = serializers.CharField(source="matching.menu.title", read_only=True)
    about = about_field(read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    recorded_by = serializers.CharField(
        source="recorded_by.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "matching",
            "case",
            "person",
            "menu",
            "about",
            "note",
            "done_on",
            "next_on",
            "agency",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields
