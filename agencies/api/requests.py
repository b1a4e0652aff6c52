"""The request an endpoint of a signed-in agency member sees, for the type checker.

The endpoints' permission classes (agencies/api/permissions.py `IsAgencyMember`, cases'
`HasCaseRole`) refuse anonymous callers before a view method runs, so inside one
`request.user` is a `User`. DRF types it as `User | AnonymousUser`; views that subclass
`MemberApiView` see the narrower type instead of repeating the check, and their handlers
(and the helpers they pass the request to) annotate the `request` argument as
`MemberRequest`. An override of a DRF handler that declares `request: Request` (`list`, a
generic view's `get`) keeps that type and reads `self.request` instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.request import Request
from rest_framework.views import APIView

from agencies.models import User
from core.api.idempotency import IdempotentPostMixin
from core.api.preconditions import ETagMixin

if TYPE_CHECKING:

    class MemberRequest(Request):
        user: User

else:
    MemberRequest = Request


class MemberApiView(IdempotentPostMixin, ETagMixin, APIView):
    """Base for endpoints that only agency members reach (see the module docstring).

    Every writing endpoint inherits it, and with it the HTTP rules partners rely on: a POST
    retried with the same `Idempotency-Key` is answered once (core.api.idempotency), and
    detail answers carry an `ETag` that a PATCH sends back in `If-Match`
    (core.api.preconditions)."""

    request: MemberRequest
