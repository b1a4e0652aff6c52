"""A refusal that names agencies ("ask the lead agency, X"): the words for a person, and the
ids of the agencies they name for a partner's system, which the API returns as `agencies`
beside `detail` (core.api.exceptions). Any app raises it where it would raise
PermissionDenied with an agency in the message."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied


class Refusal(PermissionDenied):
    def __init__(self, message: object, *, agencies: Iterable[int | None] = ()) -> None:
        super().__init__(message)
        # In the order the message names them, each once; None (no such agency) dropped.
        self.agencies: tuple[int, ...] = tuple(dict.fromkeys(a for a in agencies if a))


def agencies_of(exc: BaseException) -> tuple[int, ...]:
    return getattr(exc, "agencies", ())
