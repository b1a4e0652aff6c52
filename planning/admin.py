from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from planning.models import PlannedContact


@admin.register(PlannedContact)
class PlannedContactAdmin(SimpleHistoryAdmin):
    list_display = ("case", "starts_at", "mode", "worker", "agency", "status")
    list_filter = ("status", "mode")
    raw_id_fields = ("case", "person", "worker", "consultation", "created_by")
