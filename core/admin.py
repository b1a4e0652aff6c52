"""The admin configures agencies; it does not read cases.

Case material (households, persons, cases and everything recorded about them, meetings,
participation records, reminders about cases) is not registered in the admin at all, so no
is_staff account and no superuser can page through it, or through every past version of it
in simple-history's history view, outside the access policy and the read log.
tests/core/test_models_conventions.py holds every app to that.

Tokens are not in the admin either: DRF's TokenAdmin lists every API key in clear. An
agency's administrator issues and replaces its service account's token on the agency page
(agencies.services.service_account_rotate_token), which shows the key once."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import TokenProxy

if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


class SuperuserReadOnlyAdmin(admin.ModelAdmin):
    """A list for superusers only, read as a list: no add, change or delete, no change page
    and no history page."""

    list_display_links = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def change_view(self, request, object_id, form_url="", extra_context=None):
        raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        raise PermissionDenied
