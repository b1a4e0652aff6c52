"""What the privacy officer's exports write besides the read log: an entry in the officer's
own history (their account's history in the admin), so that every export of the log —
also one that names no record — is on record with who, when and which filters."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from agencies.models import User
from core.history import attribute, with_detail

EXPORTED = gettext_noop("read log exported")


def read_log_exported(*, actor: User, filters: str) -> None:
    """One history row of `actor`'s account, reason "read log exported: <filters>" (the
    query string of the export, cut to what the history's reason holds). Nothing of the
    account changes."""
    attribute(actor, actor, with_detail(EXPORTED, filters or "-"))
    actor.save(update_fields=["full_name"])
