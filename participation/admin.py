"""The directory of hosts and menus holds no personal data: any admin user may look it up,
read-only (writes go through the services). Participation plans, matchings and follow-ups
are about a person and are not in the admin at all (core/admin.py says why)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from participation.models import Host, SupportMenu


class DirectoryAdmin(ReadOnlyAdmin):
    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff


@admin.register(Host)
class HostAdmin(DirectoryAdmin):
    list_display = ["name", "agency", "group", "contact", "registered_by", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact"]
    list_select_related = ["agency", "group", "registered_by"]


@admin.register(SupportMenu)
class SupportMenuAdmin(DirectoryAdmin):
    list_display = ["title", "kind", "host", "capacity", "area", "developed_by", "developed_on"]
    list_filter = ["kind", "target", "is_active"]
    search_fields = ["title", "what", "where"]
    list_select_related = ["host", "area", "developed_by"]
