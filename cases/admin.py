"""Nothing of a case is in the admin (core/admin.py says why): households, persons, cases
and every record about them are read through the case pages and the API, which ask
cases/access and write the read log.

The one exception is that log itself, for the privacy officer: who read what, on which
basis. It names records by id only, and only superusers see it, as a list."""

from django.contrib import admin

from cases.models import AccessLog
from core.admin import SuperuserReadOnlyAdmin


@admin.register(AccessLog)
class AccessLogAdmin(SuperuserReadOnlyAdmin):
    list_display = ["at", "username", "agency", "kind", "object_id", "basis", "channel", "action"]
    list_filter = ["kind", "basis", "channel"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"
