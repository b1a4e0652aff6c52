"""Partner systems' API tokens: issue, rotate, revoke, and find the token a request sent.

A token is `pt_` and 43 random URL-safe characters (256 bits). Only its SHA-256 digest is
stored: a token this random needs no salt or slow hash (there is nothing to guess), and a
digest lets the authentication find it with one indexed query. The clear token leaves
these functions once, in the return value of `token_issue` / `token_rotate`, for the page
that shows it to the agency administrator; it is never logged, stored or put in history.

Writes follow agencies/services.py: keyword arguments, the actor's right checked through
agencies.access, full_clean(), one transaction, a history row naming actor and reason."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies import access
from agencies.models import Membership, PartnerToken, User
from core.history import attribute

TOKEN_PREFIX = "pt_"  # noqa: S105 - marks a partner token (secret scanners), not a secret
SHOWN_PREFIX_LENGTH = len(TOKEN_PREFIX) + 6
# The last-used stamp is written at most this often per token, not on every request.
LAST_USED_INTERVAL = dt.timedelta(minutes=1)

NOT_A_SERVICE_ACCOUNT = _("Only a partner system's account has API tokens.")
TOKEN_NOT_USABLE = _("This token is already revoked or expired.")
MEMBERSHIP_ENDED = _("This account no longer belongs to the agency.")


def token_digest(clear: str) -> str:
    return hashlib.sha256(clear.encode()).hexdigest()


def token_ttl() -> dt.timedelta:
    return dt.timedelta(days=settings.PARTNER_TOKEN_TTL_DAYS)


def _require_manage_tokens(actor: User | None, membership: Membership) -> None:
    """The account's agency administrator (or a superuser; None is the system itself)."""
    if actor is not None:
        access.require_manage_agency(actor, membership.agency)
    if not membership.user.is_service_account:
        raise PermissionDenied(NOT_A_SERVICE_ACCOUNT)
    if not membership.is_active:
        raise PermissionDenied(MEMBERSHIP_ENDED)


def _new_token(
    *, actor: User | None, user: User, name: str, scope: str, replaces: PartnerToken | None
) -> tuple[PartnerToken, str]:
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PartnerToken(
        user=user,
        name=name,
        scope=scope,
        prefix=clear[:SHOWN_PREFIX_LENGTH],
        digest=token_digest(clear),
        created_by=actor,
        expires_at=timezone.now() + token_ttl(),
        replaces=replaces,
    )
    token.full_clean()
    attribute(
        token, actor, gettext_noop("token rotated") if replaces else gettext_noop("token issued")
    )
    token.save()
    return token, clear


def token_issue(
    *, actor: User | None, membership: Membership, name: str, scope: str
) -> tuple[PartnerToken, str]:
    """A new token for the service account of `membership`; returns it and the clear token
    (to be shown once). Other tokens of the account stay valid."""
    _require_manage_tokens(actor, membership)
    with transaction.atomic():
        return _new_token(actor=actor, user=membership.user, name=name, scope=scope, replaces=None)


def token_revoke(
    *, actor: User | None, membership: Membership, token: PartnerToken, reason: str = ""
) -> PartnerToken:
    """Revoke a token: the next request with it is refused (401)."""
    _require_manage_tokens(actor, membership)
    if token.user_id != membership.user_id:
        raise PermissionDenied(NOT_A_SERVICE_ACCOUNT)
    with transaction.atomic():
        current = PartnerToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is None:
            current.revoked_at = timezone.now()
            attribute(current, actor, reason or gettext_noop("token revoked"))
            current.save()
    return current


def token_rotate(
    *, actor: User | None, membership: Membership, token: PartnerToken
) -> tuple[PartnerToken, str]:
    """Issue a token with the same label and scope and revoke the old one at once (no
    overlap: a partner that needs one issues a second token, switches, then revokes the
    first). Returns the new token and its clear value."""
    _require_manage_tokens(actor, membership)
    if token.user_id != membership.user_id:
        raise PermissionDenied(NOT_A_SERVICE_ACCOUNT)
    with transaction.atomic():
        current = PartnerToken.objects.select_for_update().get(pk=token.pk)
        if not current.is_usable:
            raise ValidationError(TOKEN_NOT_USABLE, code="not_usable")
        current.revoked_at = timezone.now()
        attribute(current, actor, gettext_noop("token revoked: rotated"))
        current.save()
        return _new_token(
            actor=actor,
            user=current.user,
            name=current.name,
            scope=current.scope,
            replaces=current,
        )


def tokens_revoke_all(*, actor: User | None, user: User, reason: str) -> int:
    """Revoke every token of an account still unrevoked (its membership ended). No access
    check: the calling service has made it. Returns how many were revoked."""
    now = timezone.now()
    revoked = 0
    for token in PartnerToken.objects.select_for_update().filter(user=user, revoked_at=None):
        token.revoked_at = now
        attribute(token, actor, reason)
        token.save()
        revoked += 1
    return revoked


def token_for_request(clear: str) -> PartnerToken | None:
    """The token with this clear value and its account (one query), or None. (Tokens
    moved from DRF's authtoken have no `pt_` prefix: migration 0004.)"""
    if not clear or len(clear) > 200:
        return None
    return PartnerToken.objects.select_related("user").filter(digest=token_digest(clear)).first()


def token_touch(token: PartnerToken) -> None:
    """Stamp when the token was last used, at most once per LAST_USED_INTERVAL. A direct
    UPDATE of a field excluded from history: a stamp, not a change anyone made."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_INTERVAL:
        return
    PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
