"""The API's JSON parser: a body nested too deeply is a 400, never a RecursionError (500).

Python's json module recurses once per level, so about a thousand `[` (2 KB) exhaust the
stack; a shallower but still deep body would recurse again in the serializers and in the
error bodies. No input of this API nests more than a few levels (a household with its
members), so anything deeper than MAX_DEPTH is refused as it is parsed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 20
TOO_DEEP = _("The JSON body is nested too deeply (at most %(depth)s levels).")


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP % {"depth": MAX_DEPTH}) from None
        if _depth_exceeds(data, MAX_DEPTH):
            raise ParseError(TOO_DEEP % {"depth": MAX_DEPTH})
        return data


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit`, walked without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
