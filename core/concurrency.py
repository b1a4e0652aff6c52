"""Concurrent edits never silently overwrite each other.

A form renders the record's `version`; the service locks the row, compares, and refuses the
save when somebody else saved in between. The user keeps what they typed and is told why."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import VersionedModel

STALE_EDIT = _(
    "Someone else saved this record while you were editing it. Your changes were not saved: "
    "check the current version, then save again."
)

M = TypeVar("M", bound=VersionedModel)


class ConcurrentEditError(ValidationError):
    def __init__(self) -> None:
        super().__init__(STALE_EDIT, code="stale")


def lock_current(instance: M, *, expected_version: int | None) -> M:
    """Re-read `instance` under a row lock and check nobody saved since `expected_version`.

    Call inside `transaction.atomic()`. Returns the locked, current row with its version
    already bumped, ready for the caller to change and save."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError()
    current.version += 1
    return current
