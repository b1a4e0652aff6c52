"""Who may do what with exports. Which cases and columns a case list export holds is
decided row by row by cases/access (reports/exports/caselist.py); here only the export
itself: a kind is asked for by those its `allowed` says, and a file is downloaded by the
user who asked for it, no one else (another user's export is the 404 of one that does not
exist)."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from cases import access as case_access
from reports.exports import kinds
from reports.models import Export

NOT_FOUND = case_access.NOT_FOUND
NO_EXPORT = _("Your role allows no export.")


def may_export(user: User | AnonymousUser) -> bool:
    """Whether any export kind allows the user (the "My exports" page and its entry)."""
    return isinstance(user, User) and any(k.allowed(user) for k in kinds.all_kinds())


def own_export(user: User | AnonymousUser, pk: int) -> Export:
    """The user's own export; any other (another user's, or none) is the same 404."""
    export = (
        Export.objects.filter(pk=pk, user_id=user.pk).first() if isinstance(user, User) else None
    )
    if export is None:
        raise Http404(NOT_FOUND)
    return export
