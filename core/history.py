"""Saving with history: who changed a record and why, for django-simple-history.

Every service saves through these, also outside a request (Celery tasks, management
commands), where simple-history's middleware has no user to give.

A reason is stored in English, as a message id marked with `gettext_noop` ("consent
recorded"), or as such an id and a detail (`with_detail(gettext_noop("reopened"), words)`:
"reopened: the person asked again"), and read in the reader's language through
`reason_text`: the history of a record then reads in Japanese whoever wrote it, and a
detail (a name, a worker's own words) stays as it was written."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

M = TypeVar("M", bound=Model)

# simple-history's history_change_reason is a CharField(max_length=100).
REASON_MAX = 100
DETAIL_SEPARATOR = ": "


def with_detail(message_id: str, detail: object) -> str:
    """A reason of a marked message id and a detail: "outreach stage: Contacted". A lazy
    detail (a choice's label, `choice_label`) is stored as its English message id, which
    `reason_text` translates for the reader like the message id itself."""
    if isinstance(detail, Promise):
        with translation.override(None):
            detail = str(detail)
    return f"{message_id}{DETAIL_SEPARATOR}{detail}"[:REASON_MAX]


def choice_label(instance: Model, field: str) -> object:
    """The (lazy) label of the choice a field holds, for `with_detail`; the value itself
    when it is not one of the field's choices."""
    value = getattr(instance, field)
    return dict(instance._meta.get_field(field).flatchoices).get(value, value)


def reason_text(stored: str | None) -> str:
    """A stored reason in the active language: the message id translated, the detail kept.
    A reason written before reasons were marked, or typed by a person, reads as stored."""
    if not stored:
        return ""
    whole = gettext(stored)
    if whole != stored:
        return whole
    head, separator, detail = stored.partition(DETAIL_SEPARATOR)
    if not separator:
        return stored
    return f"{gettext(head)}{DETAIL_SEPARATOR}{gettext(detail) if detail else detail}"


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
