"""The system administrator sets up agencies, their staff and areas here, at set-up and
after. Agencies and memberships are written through agencies.services, exactly as on the
agency pages: a new agency gets its permission group, a role change is checked, an ended
membership takes the account's access (and, with its last one, its API token) with it, and
each history row names the administrator and the reason. Nothing is deleted: agencies,
memberships and accounts are ended (made inactive), and their history stays."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from agencies import services
from agencies.models import Agency, Area, Membership, PartnerToken, ServiceField, User
from core.admin import (
    HistoryAdmin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    RefusalMixin,
    ServiceAdmin,
    VersionedAdminForm,
    adopt,
    refusal,
)
from core.history import attribute

AGENCY_M2M_FIELDS = ("fields", "areas_served")


def _attribute_admin_save(request, obj, change: bool) -> None:
    """Who and why, for the models the admin saves itself (no service writes them)."""
    attribute(
        obj,
        request.user,
        gettext_noop("changed in the admin") if change else gettext_noop("added in the admin"),
    )


class MembershipInline(ReadOnlyInline):
    """Shown on the account; added, changed and ended under Memberships (through the
    services)."""

    model = Membership
    fields = ["agency", "role", "is_active"]


@admin.register(User)
class UserAdmin(RefusalMixin, DjangoUserAdmin, HistoryAdmin):
    list_display = ["username", "full_name", "kind", "is_active", "is_superuser"]
    list_filter = ["kind", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "full_name_kana", "email"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Agency account"), {"fields": ("kind", "full_name", "full_name_kana")}),
    )
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Accounts are deactivated, never deleted: their history and read log name them.
        return False

    def save_model(self, request, obj, form, change):
        _attribute_admin_save(request, obj, change)
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Deactivating an account ends its memberships, as removing the person from
            # each agency would: groups left, API token revoked.
            for membership in obj.memberships.filter(is_active=True).select_related("agency"):
                try:
                    services.membership_deactivate(
                        actor=request.user, membership=membership, expected_version=None
                    )
                except (PermissionDenied, ValidationError) as error:
                    raise refusal(error) from error


@admin.register(Area)
class AreaAdmin(HistoryAdmin):
    """Areas are configuration with no service of their own: the form runs the model's
    checks (Area.clean: the parent's level), and the history names who changed it."""

    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "kana"]
    list_select_related = ["parent"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Households, agencies and community records point at areas.
        return False

    def save_model(self, request, obj, form, change):
        _attribute_admin_save(request, obj, change)
        super().save_model(request, obj, form, change)


@admin.register(ServiceField)
class ServiceFieldAdmin(ReadOnlyAdmin):
    """The seven fields of support are fixed (seeded by the migration)."""

    list_display = ["code", "__str__"]


class AgencyForm(VersionedAdminForm):
    class Meta:
        model = Agency
        fields = [*services.AGENCY_CONTACT_FIELDS, *AGENCY_M2M_FIELDS]


@admin.register(Agency)
class AgencyAdmin(ServiceAdmin):
    form = AgencyForm
    fields = [*services.AGENCY_CONTACT_FIELDS, *AGENCY_M2M_FIELDS, "expected_version"]
    list_display = ["name", "kind", "is_hub", "phone", "is_active"]
    list_filter = ["kind", "is_hub", "is_active", "fields"]
    search_fields = ["name", "kana"]
    filter_horizontal = list(AGENCY_M2M_FIELDS)

    def has_delete_permission(self, request, obj=None) -> bool:
        # An agency is made inactive, never deleted: cases, grants and history name it.
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if not change:
                contact = {
                    name: data[name]
                    for name in services.AGENCY_CONTACT_FIELDS
                    if name not in {"name", "kind", "is_hub"}
                }
                saved = services.agency_create(
                    actor=request.user,
                    name=data["name"],
                    kind=data["kind"],
                    is_hub=data["is_hub"],
                    fields=data["fields"],
                    areas_served=data["areas_served"],
                    **contact,
                )
            else:
                changed = set(form.changed_data)
                saved = services.agency_update(
                    actor=request.user,
                    agency=obj,
                    expected_version=data.get("expected_version"),
                    data={n: data[n] for n in services.AGENCY_CONTACT_FIELDS if n in changed},
                    fields=data["fields"] if "fields" in changed else None,
                    areas_served=data["areas_served"] if "areas_served" in changed else None,
                )
        except (PermissionDenied, ValidationError) as error:
            raise refusal(error) from error
        adopt(obj, saved)


class MembershipForm(VersionedAdminForm):
    class Meta:
        model = Membership
        fields = ["user", "agency", "role", "is_active"]


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    form = MembershipForm
    list_display = ["user", "agency", "role", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    search_fields = ["user__username", "user__full_name", "agency__name"]
    list_select_related = ["user", "agency"]
    autocomplete_fields = ["user", "agency"]
    actions = ["end_memberships"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A membership is ended (membership_deactivate), never deleted.
        return False

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "agency", "role"]
        return ["user", "agency", "role", "is_active", "expected_version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not obj.is_active:
            # An ended membership stays ended: there is no service that revives one.
            return ["user", "agency", "role", "is_active"]
        return ["user", "agency"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if not change:
                saved = services.membership_add(
                    actor=request.user, agency=data["agency"], user=data["user"], role=data["role"]
                )
            else:
                saved, version = obj, data.get("expected_version")
                if "role" in form.changed_data:
                    saved = services.membership_change_role(
                        actor=request.user,
                        membership=obj,
                        role=data["role"],
                        expected_version=version,
                    )
                    version = saved.version
                if "is_active" in form.changed_data and not data["is_active"]:
                    saved = services.membership_deactivate(
                        actor=request.user, membership=saved, expected_version=version
                    )
        except (PermissionDenied, ValidationError) as error:
            raise refusal(error) from error
        adopt(obj, saved)

    @admin.action(description=_("End the selected memberships"), permissions=["change"])
    def end_memberships(self, request, queryset):
        ended = 0
        for membership in queryset.filter(is_active=True).select_related("user", "agency"):
            try:
                services.membership_deactivate(
                    actor=request.user, membership=membership, expected_version=None
                )
            except (PermissionDenied, ValidationError) as error:
                for text in refusal(error).messages:
                    self.message_user(request, f"{membership}: {text}", messages.ERROR)
                continue
            ended += 1
        self.message_user(
            request,
            ngettext("%(count)d membership ended.", "%(count)d memberships ended.", ended)
            % {"count": ended},
        )


@admin.register(PartnerToken)
class PartnerTokenAdmin(ReadOnlyAdmin):
    """Partner tokens are issued, rotated and revoked by the agency's administrator on its
    staff page (agencies/tokens.py). Here they are only listed: never the token, never its
    digest."""

    list_display = [
        "name",
        "user",
        "scope",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["name", "user__username", "prefix"]
    list_select_related = ["user"]
    fields = [
        "user",
        "name",
        "scope",
        "prefix",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "replaces",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.fields
