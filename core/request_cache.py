"""A cache that lives for one request and is gone after it.

For facts a request asks about several times and that only a write can change (does this
user hold a personal 106-6 grant right now?). Outside a request (Celery tasks, management
commands, tests calling services directly) nothing is cached: every call asks the
database. A write that changes such a fact calls `forget()`."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_cache: ContextVar[dict | None] = ContextVar("request_cache", default=None)


def remember(key: Any, compute: Callable[[], T]) -> T:
    cache = _cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget() -> None:
    cache = _cache.get()
    if cache is not None:
        cache.clear()


class RequestCacheMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _cache.set({})
        try:
            return self.get_response(request)
        finally:
            _cache.reset(token)
