"""Input serializers check the shape of a request and hand plain values to meetings/services,
which hold the rules; output serializers show what the caller may see and run no queries of
their own (meetings/api/selectors.py fetches, and decides what of the agenda is shown)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import User
from cases.api.inputs import active_agency
from cases.api.serializers import AgencyRefSerializer, RefSerializer
from cases.models import Closure
from core.api.fields import InputModelSerializer, OutputModelSerializer, StrictCharField
from core.api.preconditions import body_version_field
from core.api.schema import NamedChoiceField
from meetings import access, services
from meetings.api.selectors import CaseMaterial
from meetings.models import TEXT_MAX, ActionItem, AgendaItem, Decision, Meeting, Participant


def kind_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(enum_name="MeetingKindEnum", choices=Meeting.Kind.choices, **kwargs)


def purpose_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(
        enum_name="AgendaPurposeEnum", choices=AgendaItem.Purpose.choices, **kwargs
    )


def decision_kind_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(enum_name="DecisionKindEnum", choices=Decision.Kind.choices, **kwargs)


def action_status_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(
        enum_name="ActionItemStatusEnum", choices=ActionItem.Status.choices, **kwargs
    )


# --- inputs -----------------------------------------------------------------------------


class MeetingCreateInputSerializer(InputModelSerializer):
    kind = kind_field()
    organiser = active_agency(
        required=False,
        help_text=_("The agency that organises it: required when you coordinate for several."),
    )

    class Meta:
        model = Meeting
        fields = ["kind", "title", "starts_at", "place", "organiser", "grant_days_after"]


class ParticipantAddInputSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    agency = active_agency(help_text="The agency the person attends for.")


class AttendanceInputSerializer(serializers.Serializer):
    attended = serializers.BooleanField()


class AgendaAddInputSerializer(serializers.Serializer):
    purpose = purpose_field()
    case = serializers.IntegerField(
        min_value=1, required=False, help_text="A case you may read (or give a topic)."
    )
    topic = StrictCharField(max_length=200, required=False, allow_blank=True, default="")


class AgendaUpdateInputSerializer(serializers.Serializer):
    purpose = purpose_field(required=False)
    minutes = StrictCharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    version = body_version_field()


class AgendaMoveInputSerializer(serializers.Serializer):
    direction = NamedChoiceField(
        enum_name="AgendaMoveEnum", choices=[("up", "up"), ("down", "down")]
    )


class DecisionInputSerializer(serializers.Serializer):
    kind = decision_kind_field()
    text = StrictCharField(max_length=1000)
    agency = active_agency(
        required=False,
        allow_null=True,
        help_text="The agency concerned: required for a change of lead or a role.",
    )
    closure_reason = NamedChoiceField(
        enum_name="ClosureReasonEnum",
        choices=Closure.Reason.choices,
        required=False,
        help_text="For a closure proposal (default: goals achieved).",
    )


class ActionAddInputSerializer(serializers.Serializer):
    description = StrictCharField(max_length=500)
    agency = active_agency(help_text="The agency that does it.")
    due_on = serializers.DateField()
    item = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text="An item of this meeting."
    )


class ActionStatusInputSerializer(serializers.Serializer):
    status = action_status_field()


# --- outputs ----------------------------------------------------------------------------


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


class ParticipationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    attended = serializers.BooleanField(read_only=True, allow_null=True)
    pledged_at = serializers.DateTimeField(read_only=True, allow_null=True)


class MeetingOutputSerializer(OutputModelSerializer):
    """context["user"]: the caller. Reads the caller's participation from the row where
    meetings.selectors.meeting_list annotated it, else from the meeting's prefetched
    participants."""

    kind = kind_field(read_only=True)
    status = NamedChoiceField(
        enum_name="MeetingStatusEnum", choices=Meeting.Status.choices, read_only=True
    )
    organiser = AgencyRefSerializer(read_only=True)
    chair = UserRefSerializer(read_only=True, allow_null=True)
    can_run = serializers.SerializerMethodField()
    my_participation = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "starts_at",
            "place",
            "organiser",
            "chair",
            "status",
            "grant_days_after",
            "published_at",
            "minutes_approved_at",
            "can_run",
            "my_participation",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_can_run(self, meeting: Meeting) -> bool:
        return access.can_run(self.context["user"], meeting)

    @extend_schema_field(ParticipationSerializer(allow_null=True))
    def get_my_participation(self, meeting: Meeting) -> dict | None:
        if hasattr(meeting, "my_participant_id"):  # a row of meetings.selectors.meeting_list
            if meeting.my_participant_id is None:
                return None
            mine = {
                "id": meeting.my_participant_id,
                # Annotated with my_participant_id by meetings.selectors.meeting_list.
                "attended": meeting.my_attended,  # type: ignore[attr-defined]
                "pledged_at": meeting.my_pledged_at,  # type: ignore[attr-defined]
            }
            return ParticipationSerializer(mine).data
        participant = access.participant(self.context["user"], meeting)
        return ParticipationSerializer(participant).data if participant else None


class ParticipantOutputSerializer(OutputModelSerializer):
    agency = AgencyRefSerializer(read_only=True)
    user = UserRefSerializer(read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "agency", "user", "attended", "pledged_at"]
        read_only_fields = fields


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    household = RefSerializer(read_only=True)


class AgendaItemOutputSerializer(serializers.Serializer):
    """An agenda item. One whose case the caller may not read shows only the case's
    reference and `withheld: true`; one whose minutes they may not read (at a 支援会議:
    neither pledged nor of the case's owning agency) shows `minutes: null` and
    `minutes_withheld: true`. What is shown comes from context["material"]."""

    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    reference = serializers.SerializerMethodField()
    withheld = serializers.SerializerMethodField()
    purpose = serializers.SerializerMethodField()
    topic = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()
    minutes_withheld = serializers.SerializerMethodField()
    withheld_reason = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @property
    def material(self) -> CaseMaterial:
        return self.context["material"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reference(self, item: AgendaItem) -> str | None:
        return item.case.reference if item.case is not None else None

    def get_withheld(self, item: AgendaItem) -> bool:
        return not self.material.shows_summary(item)

    @extend_schema_field(purpose_field(allow_null=True))
    def get_purpose(self, item: AgendaItem) -> str | None:
        return item.purpose if self.material.shows_summary(item) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_topic(self, item: AgendaItem) -> str | None:
        return item.topic if self.material.shows_summary(item) else None

    @extend_schema_field(CaseSummarySerializer(allow_null=True))
    def get_case(self, item: AgendaItem) -> dict | None:
        if item.case_id is None or not self.material.shows_summary(item):
            return None
        return CaseSummarySerializer(item.case).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_minutes(self, item: AgendaItem) -> str | None:
        return item.minutes if self.material.shows_minutes(item) else None

    def get_minutes_withheld(self, item: AgendaItem) -> bool:
        return not self.material.shows_minutes(item)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_withheld_reason(self, item: AgendaItem) -> str | None:
        return self.material.withheld_reason(item)


class MeetingDetailOutputSerializer(MeetingOutputSerializer):
    """A meeting with its participants and agenda (context["items"], ["material"])."""

    participants = ParticipantOutputSerializer(many=True, read_only=True)
    items = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(MeetingOutputSerializer.Meta):
        fields = [*MeetingOutputSerializer.Meta.fields, "participants", "items", "allowed_actions"]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=sorted(services.ACTIONS)))
    )
    def get_allowed_actions(self, meeting: Meeting) -> list[str]:
        """What the caller may do next (meetings.services.allowed_actions, as the page
        offers it): the services refuse the rest."""
        return sorted(services.allowed_actions(self.context["user"], meeting))

    @extend_schema_field(AgendaItemOutputSerializer(many=True))
    def get_items(self, meeting: Meeting) -> list[dict]:
        # many=True makes a ListSerializer (`.data` a ReturnList); the stubs keep the class.
        return AgendaItemOutputSerializer(  # type: ignore[return-value]
            self.context["items"], many=True, context=self.context
        ).data


class DecisionOutputSerializer(OutputModelSerializer):
    kind = decision_kind_field(read_only=True)
    agency = AgencyRefSerializer(read_only=True, allow_null=True)
    decided_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "item", "kind", "text", "agency", "decided_by", "created_at"]
        read_only_fields = fields


class ActionOutputSerializer(OutputModelSerializer):
    """The description of an action on a case item is part of that item's minutes: shown
    as the minutes are; that of an action on the meeting as a whole only to those who run
    the meeting and to the assigned agency (meetings.access.may_read_action). The ids shown
    are context["actions_shown"]; a withheld description is null, with `withheld: true` and
    `withheld_reason`."""

    agency = AgencyRefSerializer(read_only=True)
    status = action_status_field(read_only=True)
    reference = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    withheld = serializers.SerializerMethodField()
    withheld_reason = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "item",
            "reference",
            "description",
            "withheld",
            "withheld_reason",
            "agency",
            "due_on",
            "status",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def _shown(self, action: ActionItem) -> bool:
        return action.pk in self.context["actions_shown"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reference(self, action: ActionItem) -> str | None:
        item = action.item
        return item.case.reference if item is not None and item.case is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_description(self, action: ActionItem) -> str | None:
        return action.description if self._shown(action) else None

    def get_withheld(self, action: ActionItem) -> bool:
        return not self._shown(action)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_withheld_reason(self, action: ActionItem) -> str | None:
        if self._shown(action):
            return None
        if action.item_id is None:
            return str(access.ACTION_WITHHELD)
        return self.context["material"].withheld_reason(action.item)
