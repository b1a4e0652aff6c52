"""Templates ask community/access.py, never decide editability themselves:
{% load community_access %}{% if record|editable_by:user %}…{% endif %}."""

from django import template

from agencies.models import User
from community import access

register = template.Library()


@register.filter
def editable_by(record, user: User) -> bool:
    """access.can_edit(user, record): the owning agency's staff and system administrators
    (no query: the user's memberships are read once per request)."""
    return access.can_edit(user, record)
