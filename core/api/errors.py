"""The error bodies every /api/ answer shares, also for what no DRF view handles: a URL no
route matches (handler404), an unhandled exception (handler500), a body too large (413).

- 400: field errors `{"field": ["message"], "non_field_errors": ["message"]}`, or for a body
  that cannot be read at all `{"detail": ..., "code": "parse_error"}`
- every other 4xx/5xx: `{"detail": "message", "code": "not_found" | "too_large" | ...}`

Every 404 reads the same (NOT_FOUND, code "not_found"): a URL that matches no route, an id
that does not exist and a record of another agency cannot be told apart. Messages follow
the request's language (Accept-Language; the API alone honours it, core.middleware)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework.renderers import JSONRenderer

API_PREFIX = "/api/"

NOT_FOUND = _("There is no such record, or it is not one you can see.")
SERVER_ERROR = _(
    "Something went wrong on our side. Read the record again before you retry; if it keeps "
    "happening, tell the system's administrator."
)
TOO_LARGE = _("The request body is too large (at most %(limit)s bytes).")
BAD_REQUEST = _("The request could not be read.")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(*, status: int, detail: str, code: str) -> HttpResponse:
    """`{"detail": ..., "code": ...}` rendered exactly as a DRF view renders it, so that a
    404 from here and one from a view are the same bytes."""
    body = JSONRenderer().render({"detail": str(detail), "code": code})
    return HttpResponse(body, status=status, content_type="application/json")


def not_found_response() -> HttpResponse:
    return error_response(status=404, detail=str(NOT_FOUND), code="not_found")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """config.urls handler404: JSON under /api/, the normal page elsewhere."""
    if is_api(request):
        return not_found_response()
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """config.urls handler500: JSON without any traceback under /api/."""
    if is_api(request):
        return error_response(status=500, detail=str(SERVER_ERROR), code="server_error")
    return defaults.server_error(request)


def too_large_response() -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error_response(status=413, detail=TOO_LARGE % {"limit": limit}, code="too_large")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """config.urls handler400, for what Django refuses before a view (a SuspiciousOperation:
    a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields). The exception's own text is
    for the log, not for the caller."""
    if is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return too_large_response()
        return error_response(status=400, detail=str(BAD_REQUEST), code="bad_request")
    return defaults.bad_request(request, exception)
