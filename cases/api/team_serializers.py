"""Inputs and outputs of the case team, its lead (主導役), closure and reopening. Outputs
run no queries of their own (cases/api/team_views.py selects what they read); inputs
check the shape and hand plain values to cases/services (team.py, closure.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.api.common import AgencyContactSerializer
from cases.api.inputs import active_agency, project_choices
from cases.models import CaseTeam, Closure, LeadAssignment
from cases.models.household import TEXT_MAX
from core.api.fields import OutputModelSerializer, StrictCharField
from core.api.schema import NamedChoiceField

TEAM_CONSENT = (
    ("owner", "owner"),
    ("covered", "covered"),
    ("missing", "missing"),
)


def _name(user) -> str:
    return user.display_name if user else ""


def _contact(agency) -> dict:
    return {"id": agency.pk, "name": agency.name, "phone": agency.phone}


# --- outputs ----------------------------------------------------------------------------


class TeamMemberOutputSerializer(OutputModelSerializer):
    """Reads context["owner_id"], context["lead_id"] and context["covered"] (the agencies an
    active consent given for sharing covers): see team_views.team_context."""

    case = serializers.IntegerField(source="case_id", read_only=True)
    agency = serializers.SerializerMethodField()
    is_owner = serializers.SerializerMethodField()
    is_lead = serializers.SerializerMethodField()
    consent = serializers.SerializerMethodField(
        help_text=_(
            "`owner`: the intake or lead agency (holds the case); `covered`: an active "
            "consent covers it, so it reads the details; `missing`: it sees the minimal card "
            "only."
        )
    )

    class Meta:
        model = CaseTeam
        fields = [
            "id",
            "case",
            "agency",
            "role",
            "joined_on",
            "left_on",
            "is_owner",
            "is_lead",
            "consent",
        ]
        read_only_fields = fields

    @extend_schema_field(AgencyContactSerializer)
    def get_agency(self, member: CaseTeam) -> dict:
        return _contact(member.agency)

    def get_is_owner(self, member: CaseTeam) -> bool:
        return member.agency_id == self.context["owner_id"]

    def get_is_lead(self, member: CaseTeam) -> bool:
        return member.agency_id == self.context["lead_id"]

    @extend_schema_field(serializers.ChoiceField(choices=TEAM_CONSENT))
    def get_consent(self, member: CaseTeam) -> str:
        if member.agency_id in (self.context["owner_id"], self.context["lead_id"]):
            return "owner"
        return "covered" if member.agency_id in self.context["covered"] else "missing"


class LeadOutputSerializer(OutputModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    agency = serializers.SerializerMethodField()
    is_current = serializers.SerializerMethodField()
    decided_by_name = serializers.SerializerMethodField()

    class Meta:
        model = LeadAssignment
        fields = [
            "id",
            "case",
            "agency",
            "started_on",
            "ended_on",
            "is_current",
            "reason",
            "decided_at",
            "decided_by_name",
        ]
        read_only_fields = fields

    @extend_schema_field(AgencyContactSerializer)
    def get_agency(self, lead: LeadAssignment) -> dict:
        return _contact(lead.agency)

    def get_is_current(self, lead: LeadAssignment) -> bool:
        return lead.ended_on is None

    def get_decided_by_name(self, lead: LeadAssignment) -> str:
        return _name(lead.decided_by)


class ClosureOutputSerializer(OutputModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    reason = NamedChoiceField(
        enum_name="ClosureReasonEnum", choices=Closure.Reason.choices, read_only=True
    )
    status = NamedChoiceField(
        enum_name="ClosureStatusEnum", choices=Closure.Status.choices, read_only=True
    )
    proposed_by_name = serializers.SerializerMethodField()
    decided_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Closure
        fields = [
            "id",
            "case",
            "reason",
            "evaluation",
            "status",
            "proposed_at",
            "proposed_by_name",
            "decided_at",
            "decided_by_name",
            "decision_note",
        ]
        read_only_fields = fields

    def get_proposed_by_name(self, closure: Closure) -> str:
        return _name(closure.proposed_by)

    def get_decided_by_name(self, closure: Closure) -> str:
        return _name(closure.decided_by)


# --- inputs -----------------------------------------------------------------------------


class TeamAddInputSerializer(serializers.Serializer):
    agency = active_agency()
    role = StrictCharField(max_length=100, required=False, allow_blank=True)


class LeadChangeInputSerializer(serializers.Serializer):
    agency = active_agency(help_text=_("The new lead agency (it joins the team if needed)."))
    reason = StrictCharField(max_length=500)
    decided_at = StrictCharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text=_("e.g. the meeting that decided"),
    )


class ClosureProposeInputSerializer(serializers.Serializer):
    reason = NamedChoiceField(enum_name="ClosureReasonEnum", choices=Closure.Reason.choices)
    evaluation = StrictCharField(
        max_length=TEXT_MAX,
        required=False,
        allow_blank=True,
    )


class ClosureApproveInputSerializer(serializers.Serializer):
    evaluation = StrictCharField(
        max_length=TEXT_MAX,
        help_text=_("What changed for the household."),
    )


class ClosureSendBackInputSerializer(serializers.Serializer):
    note = StrictCharField(
        max_length=TEXT_MAX,
        help_text=_("Why the closure is sent back."),
    )


class ReopenInputSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=500)
    projects = project_choices(required=False)
