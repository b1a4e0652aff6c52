from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
