from django.http import HttpRequest

from agencies import access
from core.navigation import entries_for


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_entries": entries_for(user, request.path),
        "my_memberships": access.active_memberships(user),
    }
