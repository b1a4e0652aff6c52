from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers


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
