from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings import access
from meetings.models import ActionItem, AgendaItem, Decision, Meeting, Participant


class MeetingScopedAdmin(SimpleHistoryAdmin):
    """Read-only; only meetings the user organises or attends. Writes go through services."""

    meeting_path = "meeting"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def get_queryset(self, request):
        visible = access.visible_meetings(request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.meeting_path}__in": visible})


@admin.register(Meeting)
class MeetingAdmin(MeetingScopedAdmin):
    meeting_path = "pk"
    list_display = ["title", "kind", "starts_at", "status", "organiser"]
    list_filter = ["kind", "status"]


@admin.register(Participant)
class ParticipantAdmin(MeetingScopedAdmin):
    list_display = ["meeting", "user", "agency", "attended", "pledged_at"]


@admin.register(AgendaItem)
class AgendaItemAdmin(MeetingScopedAdmin):
    list_display = ["meeting", "position", "purpose", "topic"]


@admin.register(Decision)
class DecisionAdmin(MeetingScopedAdmin):
    meeting_path = "item__meeting"
    list_display = ["item", "kind", "text"]


@admin.register(ActionItem)
class ActionItemAdmin(MeetingScopedAdmin):
    list_display = ["meeting", "description", "agency", "due_on", "status"]
