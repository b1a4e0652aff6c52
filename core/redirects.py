"""Where to send the user back to: only ever a page of this site."""

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` of the POST (or the query string) when it points into this site, else
    `default` (a URL or a URL name). A `next` to another host, a scheme-relative
    //evil.example or a javascript: URL is never followed."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)
