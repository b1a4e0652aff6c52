"""Admin for participation records, read-only: writes go through the services (the pages
and the API). The directory (hosts, menus) holds no personal data, so any admin user may
look it up; the person-level records (plans, matchings, follow-ups) are filtered by the
same access policy as every other channel, like cases/admin.py."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases import access
from participation.models import FollowUp, Host, Matching, ParticipationPlan, SupportMenu


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff


class CasePolicyAdmin(ReadOnlyAdmin):
    """Rows limited to cases the user may read (cases/access.py)."""

    case_path = "case"

    def get_queryset(self, request):
        readable = access.visible_cases(request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.case_path}__in": readable})


@admin.register(Host)
class HostAdmin(ReadOnlyAdmin):
    list_display = ["name", "agency", "group", "contact", "registered_by", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact"]
    list_select_related = ["agency", "group", "registered_by"]


@admin.register(SupportMenu)
class SupportMenuAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "host", "capacity", "area", "developed_by", "developed_on"]
    list_filter = ["kind", "target", "is_active"]
    search_fields = ["title", "what", "where"]
    list_select_related = ["host", "area", "developed_by"]


@admin.register(ParticipationPlan)
class ParticipationPlanAdmin(CasePolicyAdmin):
    list_display = ["case", "person", "agency", "created_at"]
    list_select_related = ["case", "person", "agency"]


@admin.register(Matching)
class MatchingAdmin(CasePolicyAdmin):
    list_display = ["case", "person", "menu", "status", "proposed_on", "ended_on", "outcome"]
    list_filter = ["status", "outcome"]
    list_select_related = ["case", "person", "menu"]


@admin.register(FollowUp)
class FollowUpAdmin(CasePolicyAdmin):
    case_path = "matching__case"
    list_display = ["matching", "about", "done_on", "next_on", "agency"]
    list_filter = ["about"]
    list_select_related = ["matching__person", "matching__menu", "agency"]
