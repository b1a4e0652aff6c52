from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from agencies import access


class IsAgencyMember(BasePermission):
    """Authenticated, and acting for at least one agency (staff or a partner system)."""

    message = _("Your account does not belong to any agency.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return access.works_at_an_agency_or_administers(request.user)
