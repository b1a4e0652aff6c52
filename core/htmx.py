"""When to answer htmx with a partial."""

from django.http import HttpRequest


def wants_partial(request: HttpRequest) -> bool:
    """True for an htmx request, except a history restore: when the browser's history cache
    misses, htmx asks for the URL again to rebuild the whole page, and a partial would
    replace the page with a table fragment (we also keep no history cache at all)."""
    return bool(request.htmx) and not request.htmx.history_restore_request
