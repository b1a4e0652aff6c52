from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases import access as case_access
from reminders.models import CaseReview, DigestSent, Reminder


class ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(ReadOnly):
    list_display = ["kind", "target", "period", "agency", "status", "due_on", "escalated_at"]
    list_filter = ["kind", "status"]

    def get_queryset(self, request):
        from django.db.models import Q

        readable = case_access.visible_cases(request.user).values("pk")
        agencies = [a.pk for a in case_access.case_agencies(request.user)]
        return (
            super()
            .get_queryset(request)
            .filter(Q(case__in=readable) | Q(case__isnull=True, agency_id__in=agencies))
        )


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnly):
    list_display = ["user", "day", "reminder_count"]


@admin.register(CaseReview)
class CaseReviewAdmin(ReadOnly):
    list_display = ["case", "reviewed_on", "reviewer", "decision"]

    def get_queryset(self, request):
        readable = case_access.visible_cases(request.user).values("pk")
        return super().get_queryset(request).filter(case__in=readable)
