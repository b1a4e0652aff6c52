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

if TYPE_CHECKING:

    class MemberRequest(Request):
        user: User

else:
    MemberRequest = Request


class MemberApiView(APIView):
    """Base for endpoints that only agency members reach (see the module docstring)."""

    request: MemberRequest
