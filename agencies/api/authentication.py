"""How a partner system proves who it is: `Authorization: Bearer <token>` (or the older
`Token <token>`), with a token issued on its agency's staff page (agencies/tokens.py).

- no Authorization header, or another scheme      -> not this class (sessions are next)
- unknown, revoked or expired token; ended account -> 401 `{"detail", "code"}` with
  `WWW-Authenticate: Bearer realm="api"`
- a `read` token on POST/PUT/PATCH/DELETE           -> 403 `{"detail", "code": "read_only_token"}`

The scope is checked here rather than in a permission class because every view names its
own `permission_classes`, and a scope check that one of them could leave out is no check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from agencies import tokens
from agencies.models import PartnerToken, User

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.request import Request

SCHEMES = ("bearer", "token")

TOKEN_MALFORMED = _("The Authorization header must be 'Bearer' followed by one token.")
TOKEN_INVALID = _("This token is not valid.")
TOKEN_REVOKED = _("This token has been revoked. Ask the agency administrator for a new one.")
TOKEN_EXPIRED = _("This token has expired. Ask the agency administrator for a new one.")
ACCOUNT_INACTIVE = _("The account of this token is no longer active.")
NOT_A_PARTNER_ACCOUNT = _("This token's account is no longer a partner system's account.")
READ_ONLY_TOKEN = _("This token may only read (scope 'read'): it cannot change anything.")


class PartnerTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, PartnerToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower().decode(errors="replace") not in SCHEMES:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(TOKEN_MALFORMED, code="token_malformed")
        try:
            clear = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID, code="token_invalid") from None
        token = tokens.token_for_request(clear)
        if token is None:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID, code="token_invalid")
        status = token.status
        if status == PartnerToken.Status.REVOKED:
            raise exceptions.AuthenticationFailed(TOKEN_REVOKED, code="token_revoked")
        if status == PartnerToken.Status.EXPIRED:
            raise exceptions.AuthenticationFailed(TOKEN_EXPIRED, code="token_expired")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(ACCOUNT_INACTIVE, code="account_inactive")
        if not token.user.is_service_account or token.user.is_superuser:
            # Made a staff or superuser account since (the admin): staff sign in with two
            # factors, never with a token that outlived what it was issued for.
            raise exceptions.AuthenticationFailed(NOT_A_PARTNER_ACCOUNT, code="token_invalid")
        if token.scope == PartnerToken.Scope.READ and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(READ_ONLY_TOKEN, code="read_only_token")
        tokens.token_touch(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = PartnerTokenAuthentication
    name = "partnerToken"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner token from the agency's staff page: "
            "`Authorization: Bearer pt_…` (`Token pt_…` is accepted too).",
        }
