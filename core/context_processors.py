"""What every page of a signed-in user is given: the navigation, and the facts about the
user that apps register in AppConfig.ready() (agencies: the user's memberships, which the
page header names), so that core imports no app."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from core.navigation import entries_for

_USER_CONTEXT: dict[str, Callable[[Any], object]] = {}


def register_user_context(name: str, value: Callable[[Any], object]) -> None:
    """Give every page of a signed-in user `name` = value(user)."""
    _USER_CONTEXT[name] = value


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context: dict[str, object] = {"nav_entries": entries_for(user, request.path)}
    for name, value in _USER_CONTEXT.items():
        context[name] = value(user)
    return context
