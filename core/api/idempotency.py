"""Safe retries: a POST sent again with the same `Idempotency-Key` gets the first answer.

A partner system that loses the answer to a POST (a timeout, a dropped connection) cannot
know whether the record was created. Sending the same request again with the same key
replays the stored answer instead of creating a second record:

- first request with a key: the key is claimed (one INSERT, unique on user + key, committed
  at once), the view runs, and its answer (status, JSON body, `Location`) is stored unless
  it is a 5xx (then the claim is released, so a retry runs the view again);
- same user, same key, same method, path and body: the stored answer, with
  `Idempotent-Replayed: true`; the view does not run;
- same key with another body or path: 422 `idempotency_key_reused`;
- same key while the first request is still running: 409 `idempotency_in_progress`
  (a concurrent duplicate loses the INSERT race and never runs the view).

Keys are scoped per user (a partner system's token belongs to its own service account),
so a stored answer is never shown to anyone else. Answers are kept IDEMPOTENCY_TTL_HOURS
(24) and then deleted by `core.tasks.purge_idempotency_records`; an expired key is free to
be used again. `IdempotentPostMixin` applies all this to every POST of the views that
inherit it (agencies.api.requests.MemberApiView, the base of every writing endpoint)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Headers of the first answer that a replay repeats.
STORED_HEADERS = ("Location",)
# 1–255 printable ASCII characters (spaces allowed inside, not around: HTTP strips them).
KEY_PATTERN = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?")

INVALID_KEY = _("An Idempotency-Key is 1 to 255 printable ASCII characters.")
KEY_REUSED = _(
    "This Idempotency-Key was already used for a different request. Use a new key for a "
    "new request."
)
IN_PROGRESS = _(
    "A request with this Idempotency-Key is still being processed. Wait for its answer, then retry."
)


class ImmediateAnswer(Exception):
    """Raised before the view runs to answer at once (a replay or a refusal); the mixin's
    `handle_exception` returns the response it carries."""

    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


def refusal(detail: Any, code: str, status_code: int) -> ImmediateAnswer:
    return ImmediateAnswer(Response({"detail": str(detail), "code": code}, status=status_code))


def ttl() -> timedelta:
    return timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)


def fingerprint(request: Request) -> str:
    """sha256 of method, full path (with the query) and body. A JSON body is compared by its
    content, so a retry that orders its keys differently is the same request; so is a
    multipart body, whose boundary a client draws anew for every attempt."""
    if request.content_type.startswith("multipart/"):
        raw = parsed_body(request)
    else:
        try:
            raw = request._request.body
        except RawPostDataException:  # the stream was read already: compare what was parsed
            raw = parsed_body(request)
    # A body past DATA_UPLOAD_MAX_MEMORY_SIZE raises RequestDataTooBig here, before any
    # claim, exactly as DRF's JSON parsing would raise it without a key.
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):  # not JSON, or nested too deep: DRF's parser says so
        body = raw
    digest = hashlib.sha256()
    for part in (str(request.method).encode(), request.get_full_path().encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def parsed_body(request: Request) -> bytes:
    data = request.data
    if hasattr(data, "lists"):  # a QueryDict: every value of a repeated field
        data = dict(data.lists())
    return json.dumps(data, sort_keys=True, default=_file_digest).encode()


def _file_digest(value: Any) -> str:
    """An uploaded file by its name and content, anything else as text."""
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return f"{value.name}:{digest.hexdigest()}"
    return str(value)


def replay(record: IdempotencyRecord) -> Response:
    headers = {**record.headers, REPLAYED_HEADER: "true"}
    return Response(record.body, status=record.status, headers=headers)


def claim(*, user: Any, key: str, fingerprint: str) -> IdempotencyRecord:
    """Claim `key` for a request whose view is about to run, or raise the answer to give
    instead (the stored one, 422 or 409). Committed at once (not inside the view's
    transaction) so a concurrent duplicate sees it."""
    attempts = 3  # a released or expired claim is retried; a third race is "in progress"
    while attempts:
        attempts -= 1
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(user=user, key=key, fingerprint=fingerprint)
        except IntegrityError:
            pass
        existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if existing is None:  # released (a 5xx) or purged since our INSERT failed
            continue
        if existing.created_at < timezone.now() - ttl():  # expired, not yet purged
            IdempotencyRecord.objects.filter(pk=existing.pk).delete()
            continue
        if existing.fingerprint != fingerprint:
            raise refusal(KEY_REUSED, "idempotency_key_reused", 422)
        if existing.status is None:
            raise refusal(IN_PROGRESS, "idempotency_in_progress", status.HTTP_409_CONFLICT)
        raise ImmediateAnswer(replay(existing))
    raise refusal(IN_PROGRESS, "idempotency_in_progress", status.HTTP_409_CONFLICT)


def store(record: IdempotencyRecord, response: Response) -> None:
    """Keep the answer for retries: 2xx and 4xx (a retry of a refused request is refused
    the same way); a 5xx releases the key so that a retry runs again."""
    if response.status_code >= 500 or response.status_code < 200:
        release(record)
        return
    data = getattr(response, "data", None)
    record.status = response.status_code
    # Through DRF's renderer and back: what is stored is exactly the JSON that was sent.
    record.body = None if data is None else json.loads(JSONRenderer().render(data))
    record.headers = {name: response[name] for name in STORED_HEADERS if name in response}
    record.save(update_fields=["status", "body", "headers"])


def release(record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk).delete()


def purge_expired(*, now: Any = None) -> int:
    cutoff = (now or timezone.now()) - ttl()
    return IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()[0]


class IdempotentPostMixin(APIView):
    """Every POST of the view honours `Idempotency-Key` (see the module docstring).

    The key is checked after authentication, permissions and throttling (a refused or
    throttled request claims nothing), and before the handler runs."""

    _idempotency_claim: IdempotencyRecord | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method != "POST" or HEADER not in request.headers:
            return
        key = request.headers[HEADER]
        if not KEY_PATTERN.fullmatch(key):
            raise ValidationError({HEADER: [INVALID_KEY]})
        if not request.user.is_authenticated:  # the permission classes refuse these
            return
        self._idempotency_claim = claim(
            user=request.user, key=key, fingerprint=fingerprint(request)
        )

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ImmediateAnswer):
            return exc.response
        try:
            return super().handle_exception(exc)
        except BaseException:
            # An uncaught error becomes a 500 outside DRF: release the key for a retry.
            if self._idempotency_claim is not None:
                release(self._idempotency_claim)
                self._idempotency_claim = None
            raise

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        record, self._idempotency_claim = self._idempotency_claim, None
        if record is not None:
            store(record, response)
        return response
