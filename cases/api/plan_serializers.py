"""Inputs and outputs of concerns, assessments, support plans and their actions. Outputs
run no queries of their own (cases/api/plan_views.py selects what they read); inputs check
the shape and hand plain values to cases/services/plans.py, which holds the rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.api.inputs import _members_of, active_agency, not_in_future
from cases.api.serializers import AgencyRefSerializer, PersonRefSerializer
from cases.models import Assessment, Concern, Person, PlanAction, SupportPlan
from core.api.fields import OutputModelSerializer
from core.api.schema import NamedChoiceField

MAX_ACTIONS = 20  # as the page's formset (cases.forms.PlanActionFormSet)
TOO_MANY_ACTIONS = _("A plan has at most %(n)s actions.")


def _name(user) -> str:
    return user.display_name if user else ""


# --- outputs ----------------------------------------------------------------------------


class ConcernOutputSerializer(OutputModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    person = PersonRefSerializer(read_only=True, allow_null=True)
    category = NamedChoiceField(
        enum_name="ConcernCategoryEnum", choices=Concern.Category.choices, read_only=True
    )

    class Meta:
        model = Concern
        fields = [
            "id",
            "case",
            "person",
            "category",
            "note",
            "identified_on",
            "resolved_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AssessmentOutputSerializer(OutputModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "case",
            "number",
            "assessed_on",
            "summary",
            "strengths",
            "risks",
            "agency",
            "author_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_author_name(self, assessment: Assessment) -> str:
        return _name(assessment.author)


class PlanActionOutputSerializer(OutputModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    responsible_agency = AgencyRefSerializer(read_only=True)
    status = NamedChoiceField(
        enum_name="PlanActionStatusEnum", choices=PlanAction.Status.choices, read_only=True
    )

    class Meta:
        model = PlanAction
        fields = ["id", "plan", "description", "responsible_agency", "due_on", "status"]
        read_only_fields = fields


class SupportPlanOutputSerializer(OutputModelSerializer):
    """Reads the plan's `actions` with their responsible agencies (prefetched)."""

    case = serializers.IntegerField(source="case_id", read_only=True)
    status = NamedChoiceField(
        enum_name="SupportPlanStatusEnum", choices=SupportPlan.Status.choices, read_only=True
    )
    actions = PlanActionOutputSerializer(many=True, read_only=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = SupportPlan
        fields = [
            "id",
            "case",
            "number",
            "status",
            "goals",
            "review_on",
            "approved_at",
            "actions",
            "author_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_author_name(self, plan: SupportPlan) -> str:
        return _name(plan.author)


# --- inputs -----------------------------------------------------------------------------


class ConcernCreateInputSerializer(serializers.ModelSerializer):
    """`person` (empty: the whole household) must be a member of the case's household
    (context["household"])."""

    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True
    )
    category = NamedChoiceField(enum_name="ConcernCategoryEnum", choices=Concern.Category.choices)

    class Meta:
        model = Concern
        fields = ["person", "category", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, serializers.PrimaryKeyRelatedField)  # declared above
        person.queryset = _members_of(self.context.get("household"))


class AssessmentCreateInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["summary", "strengths", "risks", "assessed_on"]
        extra_kwargs = {"assessed_on": {"required": False, "validators": [not_in_future]}}


class PlanActionInputSerializer(serializers.ModelSerializer):
    responsible_agency = active_agency()

    class Meta:
        model = PlanAction
        fields = ["description", "responsible_agency", "due_on"]


class SupportPlanCreateInputSerializer(serializers.ModelSerializer):
    actions = PlanActionInputSerializer(many=True)

    class Meta:
        model = SupportPlan
        fields = ["goals", "review_on", "approved_at", "actions"]

    def validate_actions(self, actions: list[dict]) -> list[dict]:
        if len(actions) > MAX_ACTIONS:
            raise serializers.ValidationError(TOO_MANY_ACTIONS % {"n": MAX_ACTIONS})
        return actions


class PlanActionStatusInputSerializer(serializers.Serializer):
    status = NamedChoiceField(enum_name="PlanActionStatusEnum", choices=PlanAction.Status.choices)
