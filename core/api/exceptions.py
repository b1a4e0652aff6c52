"""One exception handler for every REST endpoint: what services raise becomes a clear answer.

- django `ValidationError`  -> 400 `{"field": ["message"], "non_field_errors": [...]}`
- `ConcurrentEditError`     -> 409 `{"detail": ..., "code": "stale"}` (nothing was saved)
- a `ValidationError` with code "conflict" (a concurrent write won a race the service
  caught), and an `IntegrityError` or deadlock that slipped past the services
                            -> 409 with the field errors / `{"detail": ..., "code": "conflict"}`
- `PermissionDenied`        -> 403 `{"detail": reason}`, plus whatever the view adds for that
  refusal through `refusal_extras(exc)` (the cases API adds the minimal `card` for
  `cases.access.CardOnly`; core cannot import cases, so the view supplies it)
- `Http404`                 -> 404 `{"detail": ...}` (DRF's own handling)
- everything else           -> DRF's default handler; a DRF error with a `detail` gets its
  `code` beside it (401 `not_authenticated` / `token_expired` ..., 429 `throttled` with
  DRF's `Retry-After` header, 403 `read_only_token`)

Register globally with REST_FRAMEWORK["EXCEPTION_HANDLER"] =
"core.api.exceptions.exception_handler", or per view through `get_exception_handler`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.concurrency import ConcurrentEditError


def validation_error_body(exc: DjangoValidationError) -> dict[str, list]:
    """A django ValidationError as DRF field errors; non-field errors under the DRF key."""
    detail = get_error_detail(exc)
    if isinstance(detail, list):
        return {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): errors
        for field, errors in detail.items()
    }


CONFLICT = _(
    "Someone else changed this record at the same moment, so nothing was saved. Reload it "
    "and try again."
)


def _is_conflict(exc: DjangoValidationError) -> bool:
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return any(e.code == "conflict" for group in errors for e in group)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, IntegrityError | OperationalError):
        set_rollback()
        return Response(
            {"detail": str(CONFLICT), "code": "conflict"}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DjangoValidationError) and _is_conflict(exc):
        set_rollback()
        return Response(validation_error_body(exc), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ConcurrentEditError):
        set_rollback()
        return Response(
            {"detail": exc.messages[0], "code": "stale"}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if isinstance(exc, APIException) and response is not None:
        _add_code(response, exc)
    if response is not None and isinstance(exc, PermissionDenied):
        extras = getattr(context.get("view"), "refusal_extras", None)
        if extras is not None:
            response.data.update(extras(exc))
    return response


def _add_code(response: Response, exc: APIException) -> None:
    """`{"detail": ...}` -> `{"detail": ..., "code": ...}` (the code of the ErrorDetail)."""
    if isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(response.data["detail"], "code", None) or exc.default_code
        response.data.setdefault("code", code)
