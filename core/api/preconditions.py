"""Concurrent edits over HTTP: `ETag` on what a client reads, `If-Match` on what it changes.

Every versioned record's detail answer (GET, and the answer to a PATCH) carries
`ETag: W/"<version>"`. The tag is weak on purpose: it names the record's version, not the
bytes of the answer, which also hold per-caller fields (an address hidden by 住所秘匿,
the caller's rights) and related rows whose changes do not bump the version. For the same
reason GET ignores `If-None-Match` (a version cannot prove the body unchanged).

A PATCH names the version it was based on, in `If-Match` (the ETag as received, weak or
not: this API compares record versions) or in the body's `version`, or both (then they must
agree). The services lock the row and compare (core.concurrency), so nothing is saved when
the version is no longer current:

- `If-Match` does not match             -> 412 `precondition_failed`
- body `version` alone does not match    -> 409 `stale` (as before)
- neither given                          -> 428 `precondition_required`
- `If-Match: *`                          -> no version check (the body's, if given)

A DELETE of a versioned record may send `If-Match` too (`delete_version`): then the record
is removed only if it is still that version (412 otherwise). Without it the removal goes
ahead, as a removal has no body that could overwrite somebody else's change.

Views call `expected_version(request, body_version)`; `ETagMixin` adds the header and turns
a stale edit made under `If-Match` into the 412."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.idempotency import ImmediateAnswer, refusal
from core.concurrency import ConcurrentEditError

IF_MATCH = "If-Match"
TAG_PATTERN = re.compile(r'(?:W/)?"(\d+)"')
TAGGED_METHODS = {"GET", "HEAD", "PATCH", "PUT"}

INVALID_IF_MATCH = _('If-Match takes one tag as sent in ETag (W/"3"), or *.')
PRECONDITION_FAILED = _(
    "This record has changed since the version you sent. Nothing was saved: read it again "
    "and send its current ETag."
)
PRECONDITION_REQUIRED = _(
    "Say which version you are changing: send the ETag you read in If-Match, or `version` "
    "in the body."
)
PRECONDITION_STATUS = status.HTTP_412_PRECONDITION_FAILED
REQUIRED_STATUS = status.HTTP_428_PRECONDITION_REQUIRED


def version_etag(version: int) -> str:
    return f'W/"{version}"'


def if_match_version(request: Request) -> int | None:
    """The version named in `If-Match`; None when absent or `*`; 400 when malformed."""
    header = request.headers.get(IF_MATCH)
    if header is None or header.strip() == "*":
        return None
    match = TAG_PATTERN.fullmatch(header.strip())
    if match is None:
        raise ValidationError({IF_MATCH: [INVALID_IF_MATCH]})
    return int(match.group(1))


def expected_version(request: Request, body_version: int | None) -> int | None:
    """The version the client's change is based on, for the service's `expected_version`;
    None only under `If-Match: *` without a body version (no check asked for)."""
    header = request.headers.get(IF_MATCH)
    tagged = if_match_version(request)
    if header is None and body_version is None:
        raise refusal(PRECONDITION_REQUIRED, "precondition_required", REQUIRED_STATUS)
    if tagged is not None and body_version is not None and tagged != body_version:
        # At most one of them can be current.
        raise refusal(PRECONDITION_FAILED, "precondition_failed", PRECONDITION_STATUS)
    return tagged if tagged is not None else body_version


def delete_version(request: Request) -> int | None:
    """The version a DELETE may name in `If-Match` (None when absent or `*`: no check)."""
    return if_match_version(request)


class ETagMixin(APIView):
    """`ETag` on the detail answers of versioned records; a stale edit under `If-Match` is
    a 412. Place after IdempotentPostMixin, whose `handle_exception` answers the
    `ImmediateAnswer`s raised here."""

    def handle_exception(self, exc: Exception) -> Response:
        request = getattr(self, "request", None)
        if isinstance(exc, ConcurrentEditError) and request is not None:
            try:
                tagged = if_match_version(request)
            except ValidationError:
                tagged = None
            if tagged is not None:
                exc = refusal(PRECONDITION_FAILED, "precondition_failed", PRECONDITION_STATUS)
        if isinstance(exc, ImmediateAnswer):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (
            request.method in TAGGED_METHODS
            and 200 <= response.status_code < 300
            and isinstance(data, dict)
            and isinstance(data.get("version"), int)
            and "ETag" not in response
        ):
            response["ETag"] = version_etag(data["version"])
        return response


BODY_VERSION_HELP = _(
    "The `version` you read; may be left out when the If-Match header names it. The change "
    "is refused if it is no longer current (409, or 412 under If-Match)."
)


def body_version_field() -> serializers.IntegerField:
    """`version` in a PATCH body: optional, since `If-Match` may carry it instead (a PATCH
    with neither is a 428)."""
    return serializers.IntegerField(min_value=1, required=False, help_text=BODY_VERSION_HELP)
