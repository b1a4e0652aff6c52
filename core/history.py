"""Saving with history: who changed a record and why, for django-simple-history.

Every service saves through these, also outside a request (Celery tasks, management
commands), where simple-history's middleware has no user to give."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model

M = TypeVar("M", bound=Model)

# simple-history's history_change_reason is a CharField(max_length=100).
REASON_MAX = 100


def attribute(instance: Model, actor: AbstractBaseUser | None, reason: object) -> None:
    """Who did it and why, for the history row the next save() writes. The reason is
    truncated to what the history table holds (a longer one would fail the INSERT)."""
    instance._history_user = actor  # type: ignore[attr-defined]
    instance._change_reason = str(reason)[:REASON_MAX]  # type: ignore[attr-defined]


def save_with_history(
    instance: M, actor: AbstractBaseUser | None, reason: object, **clean_kwargs: Any
) -> M:
    """full_clean(), then save() with who and why."""
    instance.full_clean(**clean_kwargs)
    attribute(instance, actor, reason)
    instance.save()
    return instance
