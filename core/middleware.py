import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import is_valid_path
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from core.api import errors as api_errors


class JapaneseFirstMiddleware:
    """The browser UI is Japanese unless the user chose English with the language switch
    (a cookie). Municipal PCs often run with an English browser locale; the browser's
    Accept-Language is therefore ignored for pages. The REST API still honours it, so a
    partner system may ask for English error messages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """What a signed-in user was shown stays out of every cache: the browser's (back
    button, shared municipal PCs), a proxy's and the disk's. An API client authenticates in
    the view (DRF's token auth), so the user is looked at after the response, and an
    Authorization header counts as signed in even when the token was refused.

    Pages that answer htmx with a partial and without it with the whole page vary on
    HX-Request, so no cache may hand out one for the other."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_authenticated(request):
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["HX-Request"])
        return response


def _is_authenticated(request: HttpRequest) -> bool:
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


TOUCHED_KEY = "_touched"


class IdleSessionMiddleware:
    """Sessions end after SESSION_IDLE_TIMEOUT_MINUTES without a request. Each save pushes
    the session's expiry (SESSION_COOKIE_AGE) forward; saving on every request would cost
    an UPDATE on each page and API call, so a session is saved only when its last save is
    SESSION_TOUCH_SECONDS old or more (it then ends at most that much before a full idle
    period has passed). Requests without a session (anonymous, API tokens) save nothing.

    Placed after SessionMiddleware, so SessionMiddleware writes what this marks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or session.is_empty():
            return response
        now = int(time.time())
        touched = session.get(TOUCHED_KEY)
        if not isinstance(touched, int) or now - touched >= settings.SESSION_TOUCH_SECONDS:
            session[TOUCHED_KEY] = now
        return response


class ApiRequestMiddleware:
    """Two things Django would answer in HTML or wrongly for the REST API (/api/):

    - A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused with a JSON 413 before
      anything reads it (multipart uploads excepted: their files may be larger, and Django
      limits their other fields itself; what it refuses becomes a 413 in
      core.api.exceptions).
    - A URL without its trailing slash is served as if it had it. CommonMiddleware's
      APPEND_SLASH would answer a 301, and clients follow a 301 with a GET that drops the
      body of a POST. Only a path that resolves with the slash (and not without) is
      changed, so an unknown path is still the one JSON 404.

    Placed before CommonMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not api_errors.is_api(request):
            return self.get_response(request)
        if _declared_too_large(request):
            return api_errors.too_large_response()
        path_info = request.path_info
        if not path_info.endswith("/"):
            urlconf = getattr(request, "urlconf", None)
            if not is_valid_path(path_info, urlconf) and is_valid_path(f"{path_info}/", urlconf):
                request.path_info = f"{path_info}/"
                request.path = f"{request.path}/"
        return self.get_response(request)


def _declared_too_large(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type == "multipart/form-data":
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit
