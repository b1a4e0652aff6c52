"""What the reminders endpoints read and return. A reminder says what `Reminder.line` says
(kind, case reference, due date): never its `message`, a name or a case title."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.api.serializers import AgencyRefSerializer, CaseRefSerializer, RefSerializer
from core.api.schema import NamedChoiceField
from reminders.models import CaseReview, Reminder
from reminders.selectors import BUCKETS

BUCKET_KEYS = [key for key, *_rest in BUCKETS]


class WorkerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


# --- reminders --------------------------------------------------------------------------


class ReminderOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = NamedChoiceField(
        enum_name="ReminderKindEnum", choices=Reminder.Kind.choices, read_only=True
    )
    line = serializers.CharField(read_only=True)
    case = serializers.SerializerMethodField()
    agency = AgencyRefSerializer(read_only=True)
    for_me = serializers.SerializerMethodField()
    due_on = serializers.DateField(read_only=True)
    status = NamedChoiceField(
        enum_name="ReminderStatusEnum", choices=Reminder.Status.choices, read_only=True
    )
    snoozed_until = serializers.DateField(read_only=True, allow_null=True)

    @extend_schema_field(CaseRefSerializer(allow_null=True))
    def get_case(self, reminder: Reminder) -> dict | None:
        if reminder.case_id is None:
            return None
        return {"id": reminder.case_id, "reference": reminder.case_reference}

    @extend_schema_field(serializers.BooleanField())
    def get_for_me(self, reminder: Reminder) -> bool:
        """Addressed to the caller by name (otherwise to one of the caller's agencies)."""
        request = self.context.get("request")
        return request is not None and reminder.user_id == request.user.pk


class SnoozeInputSerializer(serializers.Serializer):
    until = serializers.DateField()
    reason = serializers.CharField(max_length=300)


# --- the caseload -----------------------------------------------------------------------


class CaseloadRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='The worker\'s id, "none" or "all" (totals).')
    label = serializers.CharField()
    total = serializers.IntegerField()
    buckets = serializers.DictField(child=serializers.IntegerField())
    overdue_reviews = serializers.IntegerField()
    no_contact_30 = serializers.IntegerField()
    hub_lead = serializers.IntegerField()


class BucketSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class CaseloadOutputSerializer(serializers.Serializer):
    agencies = AgencyRefSerializer(many=True)
    buckets = BucketSerializer(many=True)
    rows = CaseloadRowSerializer(many=True)
    totals = CaseloadRowSerializer()


class DrillDownFilterSerializer(serializers.Serializer):
    bucket = serializers.ChoiceField(choices=BUCKET_KEYS, required=False)
    worker = serializers.RegexField(
        r"^(none|[0-9]+)$", required=False, help_text='A worker\'s id, or "none".'
    )
    flag = serializers.ChoiceField(choices=["review", "hub", "quiet"], required=False)


class CaseloadCaseSerializer(serializers.Serializer):
    """A case behind a figure: what the drill-down page lists."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    household = RefSerializer(read_only=True)
    worker = WorkerRefSerializer(read_only=True, allow_null=True)
    opened_on = serializers.DateField(read_only=True)
    last_contact_at = serializers.DateTimeField(read_only=True, allow_null=True)


# --- case reviews -----------------------------------------------------------------------


class ReviewOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    reviewer = WorkerRefSerializer(read_only=True, allow_null=True)
    reviewed_on = serializers.DateField(read_only=True)
    goals_still_valid = serializers.BooleanField(read_only=True)
    lead_is_right = serializers.BooleanField(read_only=True)
    closure_possible = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)
    decision = NamedChoiceField(
        enum_name="ReviewDecisionEnum", choices=CaseReview.Decision.choices, read_only=True
    )
    continue_until = serializers.DateField(read_only=True, allow_null=True)
    new_lead = AgencyRefSerializer(read_only=True, allow_null=True)


class ReviewInputSerializer(serializers.Serializer):
    goals_still_valid = serializers.BooleanField()
    lead_is_right = serializers.BooleanField()
    closure_possible = serializers.BooleanField()
    decision = serializers.ChoiceField(choices=CaseReview.Decision.choices)
    note = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    continue_until = serializers.DateField(required=False, allow_null=True)
    new_lead = serializers.IntegerField(required=False, allow_null=True)
