"""Reminders and case reviews are about cases and are not in the admin (core/admin.py says
why); they are read on the reminder pages. The digest log (who got a digest on which day,
and how many reminders it held) names no case."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reminders.models import DigestSent


@admin.register(DigestSent)
class DigestSentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "day", "reminder_count"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
