"""The frame every printed form (帳票) shares: the issuer and agency heading it, the
approval stamp boxes (決裁欄) where the city uses them, when and by whom it was printed,
and the way back. The apps decide who may print what (through their access policy) and
log the read; this module only renders (templates/print/base.html, docs/prints.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_STAMPS = (
    _("Approval box: staff in charge"),
    _("Approval box: chief"),
    _("Approval box: section head"),
)


def approval_stamps() -> list[str]:
    """The labels of the 決裁欄's boxes, or none where the city uses no 決裁欄."""
    if not settings.PRINT_APPROVAL_BOX:
        return []
    labels = [label.strip() for label in settings.PRINT_APPROVAL_STAMPS if label.strip()]
    return labels or [str(label) for label in DEFAULT_STAMPS]


def print_page(
    request: HttpRequest,
    template: str,
    *,
    agency: Any,
    back_url: str,
    approval: bool = True,
    **context: Any,
) -> HttpResponse:
    """Render a printed form: `agency` heads it (the agency whose basis allowed the read,
    or the meeting's organiser), `approval` asks for the 決裁欄 (internal forms; not one
    handed to the person)."""
    # Personal data on paper: like every page of a signed-in user, never cached
    # (core.middleware adds the headers).
    return render(
        request,
        template,
        {
            "print_issuer": settings.PRINT_ISSUER,
            "print_agency": agency,
            "approval_stamps": approval_stamps() if approval else [],
            "printed_at": timezone.now(),
            "back_url": back_url,
            **context,
        },
    )
