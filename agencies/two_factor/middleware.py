"""REQUIRE_2FA: a signed-in staff session that has not passed its second factor reaches only
the sign-in, two-factor, logout and static pages; everything else sends it to the second
step (if the user has a factor) or to enrolment (if not). The REST API is left to its
authentication classes: partner tokens are untouched, and session auth refuses an
unverified session itself (agencies.two_factor.api)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from agencies.two_factor import services

# Paths an unverified session may still open.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/healthz", "/api/")


class RequireTwoFactorMiddleware:
    """Placed after django_otp.middleware.OTPMiddleware (which gives user.is_verified)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.REQUIRE_2FA and self._must_verify(request):
            return self._redirect(request)
        return self.get_response(request)

    def _must_verify(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or services.is_verified(user):
            return False
        path = request.path
        return not (path.startswith(OPEN_PREFIXES) or path.startswith(settings.STATIC_URL))

    def _redirect(self, request: HttpRequest) -> HttpResponse:
        name = (
            "two_factor:verify" if services.has_second_factor(request.user) else "two_factor:setup"
        )
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request") == "true":
            # htmx would swap the page into a fragment: have it load the whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
