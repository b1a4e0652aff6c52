"""The REST API's session authentication under REQUIRE_2FA: a browser session counts only
once it passed its second factor. Partner systems use tokens and are not concerned."""

from typing import Any

from django.conf import settings
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from agencies.two_factor import services


class VerifiedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None or not settings.REQUIRE_2FA:
            return result
        if not services.is_verified(request._request.user):
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """The OpenAPI schema describes it as the session cookie it is."""

    target_class = "agencies.two_factor.api.VerifiedSessionAuthentication"
