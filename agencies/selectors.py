"""Reads for agencies, already shaped for the pages and the API (no per-row queries)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from agencies.models import Agency, Area, Membership, PartnerToken, User


def agency_directory() -> QuerySet[Agency]:
    """Active agencies with their fields and areas: four queries for any page size
    (count, page, fields, areas)."""
    return Agency.objects.filter(is_active=True).prefetch_related(
        "fields", Prefetch("areas_served", queryset=Area.objects.order_by("name"))
    )


def agency_staff(agency: Agency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("-is_active", "role", "user__full_name_kana", "user__username")
    )


def area_tree() -> list[dict]:
    """中学校区 → 小学校区 → 自治区 in one query, with how many agencies serve each 中学校区."""
    areas = list(
        Area.objects.annotate(
            agency_count=Count("agencies", filter=Q(agencies__is_active=True), distinct=True)
        ).order_by("name")
    )
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)

    def node(area: Area) -> dict:
        return {"area": area, "children": [node(c) for c in children.get(area.pk, [])]}

    return [node(a) for a in children.get(None, [])]


def partner_tokens(account: User) -> QuerySet[PartnerToken]:
    """A service account's tokens, newest first, with who issued each (one query)."""
    return PartnerToken.objects.filter(user=account).select_related("created_by")
