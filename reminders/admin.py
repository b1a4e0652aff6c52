"""Reminders and case reviews are about cases and are not in the admin (core/admin.py says
why); they are read on the reminder pages. The digest log (who got a digest on which day,
and how many reminders it held) names no case."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from reminders.models import DigestSent


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnlyAdmin):
    list_display = ["user", "day", "reminder_count"]
