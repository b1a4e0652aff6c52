"""The system administrator's view of community records. Day-to-day edits go through the
pages and the API (community.services); the admin is for corrections, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from community.models import Activity, Donation, Group, Network, NetworkMember, Place, Platform


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "target", "area", "owner", "member_count", "is_active"]
    list_filter = ["kind", "target", "is_active", "owner"]
    search_fields = ["name", "description", "contact"]
    list_select_related = ["area", "owner"]
    autocomplete_fields = ["owner", "area"]


@admin.register(Place)
class PlaceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "target", "area", "run_by", "owner", "is_active"]
    list_filter = ["target", "is_active", "owner"]
    search_fields = ["name", "address", "description"]
    list_select_related = ["area", "run_by", "owner"]
    autocomplete_fields = ["owner", "area", "run_by"]


@admin.register(Platform)
class PlatformAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area", "owner", "is_active"]
    list_filter = ["is_active", "owner"]
    search_fields = ["name", "purpose", "companies"]
    list_select_related = ["area", "owner"]
    autocomplete_fields = ["owner", "area"]
    filter_horizontal = ["groups", "agencies"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "title", "participants", "group", "place", "platform", "owner"]
    list_filter = ["owner"]
    date_hierarchy = "held_on"
    search_fields = ["title", "note"]
    list_select_related = ["group", "place", "platform", "owner"]
    autocomplete_fields = ["owner", "area", "group", "place", "platform", "recorded_by"]


class NetworkMemberInline(admin.TabularInline):
    model = NetworkMember
    extra = 0
    fields = ["name", "role", "agency", "group"]
    autocomplete_fields = ["agency", "group"]


class DonationInline(admin.TabularInline):
    model = Donation
    extra = 0
    fields = ["received_on", "donor", "description", "quantity"]


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area", "owner", "is_active"]
    list_filter = ["is_active", "owner"]
    search_fields = ["name", "purpose"]
    list_select_related = ["area", "owner"]
    autocomplete_fields = ["owner", "area"]
    inlines = [NetworkMemberInline, DonationInline]


@admin.register(NetworkMember)
class NetworkMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "network", "agency", "group"]
    list_filter = ["role"]
    search_fields = ["name", "network__name"]
    list_select_related = ["network", "agency", "group"]
    autocomplete_fields = ["network", "agency", "group"]


@admin.register(Donation)
class DonationAdmin(SimpleHistoryAdmin):
    list_display = ["received_on", "donor", "description", "quantity", "network"]
    date_hierarchy = "received_on"
    search_fields = ["donor", "description", "network__name"]
    list_select_related = ["network"]
    autocomplete_fields = ["network"]
