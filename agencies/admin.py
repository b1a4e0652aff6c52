from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agencies import services
from agencies.models import Agency, Area, Membership, ServiceField, User
from core.admin import ReadOnlyAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["agency", "role", "is_active"]
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "kind", "is_active", "is_superuser"]
    list_filter = ["kind", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "full_name_kana", "email"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Agency account"), {"fields": ("kind", "full_name", "full_name_kana")}),
    )
    inlines = [MembershipInline]


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "kana"]
    list_select_related = ["parent"]


@admin.register(ServiceField)
class ServiceFieldAdmin(ReadOnlyAdmin):
    """The seven fields of support are fixed (seeded by the migration)."""

    list_display = ["code", "__str__"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "is_hub", "phone", "is_active"]
    list_filter = ["kind", "is_hub", "is_active", "fields"]
    search_fields = ["name", "kana"]
    filter_horizontal = ["fields", "areas_served"]

    def save_model(self, request, obj, form, change):
        if not change:
            # Every agency gets its permission group, as agency_create would give it.
            obj.group = services.agency_permission_group(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "agency", "role", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    search_fields = ["user__username", "user__full_name", "agency__name"]
    list_select_related = ["user", "agency"]
    autocomplete_fields = ["user", "agency"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.membership_sync_group(obj)
