"""The system administrator's view of community records, read-only. Every write goes through
the pages and the API (community.services), which check the registering agency, refuse to
overwrite a newer version and record who and why; a correction is made there, by the
registering agency's staff."""

from django.contrib import admin

from community.models import Activity, Donation, Group, Network, NetworkMember, Place, Platform
from core.admin import ReadOnlyAdmin, ReadOnlyInline


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "target", "area", "owner", "member_count", "is_active"]
    list_filter = ["kind", "target", "is_active", "owner"]
    search_fields = ["name", "description", "contact"]
    list_select_related = ["area", "owner"]
    autocomplete_fields = ["owner", "area"]


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ["name", "target", "area", "run_by", "owner", "is_active"]
    list_filter = ["target", "is_active", "owner"]
    search_fields = ["name", "address", "description"]
    list_select_related = ["area", "run_by", "owner"]
    autocomplete_fields = ["owner", "area", "run_by"]


@admin.register(Platform)
class PlatformAdmin(ReadOnlyAdmin):
    list_display = ["name", "area", "owner", "is_active"]
    list_filter = ["is_active", "owner"]
    search_fields = ["name", "purpose", "companies"]
    list_select_related = ["area", "owner"]
    autocomplete_fields = ["owner", "area"]
    filter_horizontal = ["groups", "agencies"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "title", "participants", "group", "place", "platform", "owner"]
    list_filter = ["owner"]
    date_hierarchy = "held_on"
    search_fields = ["title", "note"]
    list_select_related = ["group", "place", "platform", "owner"]
    autocomplete_fields = ["owner", "area", "group", "place", "platform", "recorded_by"]


class NetworkMemberInline(ReadOnlyInline):
    model = NetworkMember
    fields = ["name", "role", "agency", "group"]
    autocomplete_fields = ["agency", "group"]


class DonationInline(ReadOnlyInline):
    model = Donation
    fields = ["received_on", "donor", "description", "quantity"]


@admin.register(Network)
class NetworkAdmin(ReadOnlyAdmin):
    list_display = ["name", "area", "owner", "is_active"]
    list_filter = ["is_active", "owner"]
    search_fields = ["name", "purpose"]
    list_select_related = ["area", "owner"]
    autocomplete_fields = ["owner", "area"]
    inlines = [NetworkMemberInline, DonationInline]


@admin.register(NetworkMember)
class NetworkMemberAdmin(ReadOnlyAdmin):
    list_display = ["name", "role", "network", "agency", "group"]
    list_filter = ["role"]
    search_fields = ["name", "network__name"]
    list_select_related = ["network", "agency", "group"]
    autocomplete_fields = ["network", "agency", "group"]


@admin.register(Donation)
class DonationAdmin(ReadOnlyAdmin):
    list_display = ["received_on", "donor", "description", "quantity", "network"]
    date_hierarchy = "received_on"
    search_fields = ["donor", "description", "network__name"]
    list_select_related = ["network"]
    autocomplete_fields = ["network"]
