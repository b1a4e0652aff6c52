"""Admin for case records: read-only, and filtered by the same access policy as every
other channel. Writes go through the services (the case pages and the API); the admin is
for looking things up, never a back door to personal data."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases import access
from cases.models import (
    AccessGrant,
    AccessLog,
    Assessment,
    Case,
    CaseGroupObjectPermission,
    CaseProject,
    CaseTeam,
    CaseUserObjectPermission,
    Closure,
    Concern,
    Consent,
    ConsentExtension,
    Consultation,
    Household,
    HouseholdMembership,
    LeadAssignment,
    Person,
    PlanAction,
    Referral,
    SupportPlan,
)


class ReadOnlyPolicyAdmin(SimpleHistoryAdmin):
    """No add, change or delete; rows limited to cases the user may read."""

    case_path = "case"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def get_queryset(self, request):
        readable = access.visible_cases(request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.case_path}__in": readable})


@admin.register(Case)
class CaseAdmin(ReadOnlyPolicyAdmin):
    case_path = "pk"
    list_display = ["reference", "title", "status", "owner_agency", "opened_on"]
    list_filter = ["status"]
    list_select_related = ["owner_agency"]


@admin.register(Household)
class HouseholdAdmin(ReadOnlyPolicyAdmin):
    list_display = ["name", "owner_agency"]

    def get_queryset(self, request):
        return SimpleHistoryAdmin.get_queryset(self, request).filter(
            pk__in=access.visible_households(request.user).values("pk")
        )


@admin.register(Person)
class PersonAdmin(ReadOnlyPolicyAdmin):
    list_display = ["__str__", "family_name_kana", "birth_date"]

    def get_queryset(self, request):
        return SimpleHistoryAdmin.get_queryset(self, request).filter(
            pk__in=access.visible_persons(request.user).values("pk")
        )


@admin.register(HouseholdMembership)
class HouseholdMembershipAdmin(ReadOnlyPolicyAdmin):
    case_path = "household__cases"
    list_display = ["person", "household", "relation", "started_on", "ended_on"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyPolicyAdmin):
    list_display = ["case", "occurred_at", "mode", "agency"]

    def get_queryset(self, request):
        agencies = [a.pk for a in access.case_agencies(request.user)]
        from django.db.models import Q

        return (
            super().get_queryset(request).filter(Q(is_internal=False) | Q(agency_id__in=agencies))
        )


for model, columns in (
    (CaseProject, ["case", "project", "started_on", "ended_on"]),
    (CaseTeam, ["case", "agency", "joined_on", "left_on"]),
    (LeadAssignment, ["case", "agency", "started_on", "ended_on"]),
    (Concern, ["case", "category", "person"]),
    (Assessment, ["case", "number", "assessed_on"]),
    (SupportPlan, ["case", "number", "status", "review_on"]),
    (Referral, ["case", "from_agency", "to_agency", "status", "sent_at"]),
    (Consent, ["case", "person", "valid_from", "valid_until", "withdrawn_at"]),
    (Closure, ["case", "reason", "status"]),
    (AccessGrant, ["case", "user", "agency", "source", "starts_at", "ends_at"]),
    (ConsentExtension, ["consent", "agency", "extended_on"]),
):
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyPolicyAdmin,), {"list_display": columns})
    )


@admin.register(PlanAction)
class PlanActionAdmin(ReadOnlyPolicyAdmin):
    case_path = "plan__case"
    list_display = ["description", "responsible_agency", "due_on", "status"]


@admin.register(CaseGroupObjectPermission)
class CasePermissionAdmin(admin.ModelAdmin):
    """The materialised decisions, for system administrators checking why someone can or
    cannot read a case. Read-only: cases/access.py recomputes them."""

    list_display = ["content_object", "group", "permission", "basis", "valid_from", "valid_until"]
    list_filter = ["basis"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(CaseUserObjectPermission)
class CaseUserPermissionAdmin(CasePermissionAdmin):
    """The personal rows (art. 106-6 grants of pledged participants)."""

    list_display = ["content_object", "user", "agency", "permission", "basis", "valid_until"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Who read what, on which basis: for the privacy officer (superusers)."""

    list_display = ["at", "username", "agency", "kind", "object_id", "basis", "channel", "action"]
    list_filter = ["kind", "basis", "channel"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
