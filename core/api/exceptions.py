"""One exception handler for every REST endpoint: what services raise becomes a clear answer.

- django `ValidationError`  -> 400 `{"field": ["message"], "non_field_errors": [...]}`
- `ConcurrentEditError`     -> 409 `{"detail": ..., "code": "stale"}` (nothing was saved)
- a `ValidationError` with code "conflict" (a concurrent write won a race the service
  caught), and an `IntegrityError` or deadlock that slipped past the services
                            -> 409 with the field errors / `{"detail": ..., "code": "conflict"}`
- `PermissionDenied`        -> 403 `{"detail": reason, "code": "permission_denied"}`; a
  `core.refusals.Refusal` that names agencies adds their ids, `"agencies": [3, 7]`; plus
  whatever the view adds for that refusal through `refusal_extras(exc)` (the cases API adds
  the minimal `card` for `cases.access.CardOnly`; core cannot import cases, so the view
  supplies it)
- `Http404`                 -> 404 `{"detail": NOT_FOUND, "code": "not_found"}`, whatever
  the message it was raised with: every 404 reads the same (core/api/errors.py)
- `RequestDataTooBig`       -> 413 `{"detail": ..., "code": "too_large"}`
- everything else           -> DRF's default handler; a body with a `detail` gets the
  exception's `code` beside it (`not_authenticated`, `method_not_allowed`, `parse_error`,
  `unsupported_media_type`, `throttled`, ...), so every error but field errors is
  `{"detail": ..., "code": ...}`. What no handler answers is a 500 (core.api.errors).

Register globally with REST_FRAMEWORK["EXCEPTION_HANDLER"] =
"core.api.exceptions.exception_handler", or per view through `get_exception_handler`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.api.errors import NOT_FOUND, TOO_LARGE
from core.concurrency import ConcurrentEditError
from core.refusals import agencies_of


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
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response(
            {"detail": str(TOO_LARGE % {"limit": limit}), "code": "too_large"},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict) and "detail" in response.data:
        response.data.setdefault("code", _code(response.data["detail"], response.status_code))
    if isinstance(exc, PermissionDenied):
        if named := agencies_of(exc):
            response.data["agencies"] = list(named)
        extras = getattr(context.get("view"), "refusal_extras", None)
        if extras is not None:
            response.data.update(extras(exc))
    return response


def _code(detail: Any, status_code: int) -> str:
    code = getattr(detail, "code", None)  # an ErrorDetail knows the exception's code
    if isinstance(code, str) and code:
        return code
    return "not_found" if status_code == status.HTTP_404_NOT_FOUND else "error"
