"""Attachments follow the record they are attached to.

- A consultation's attachment is read by whoever reads that consultation
  (`visible_consultations`: agency-internal records and a member's own consent included);
  an assessment's by whoever reads the case's records (not a 106-6 reader). Anyone else
  gets the 404 of an attachment that does not exist.
- Only the agency that recorded a consultation attaches to it or removes from it (as only
  it corrects the record); an assessment's documents are the intake and lead agencies'."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from cases.access.base import NOT_FOUND, Decision, case_agencies
from cases.access.decisions import case_decision, require_change, require_write
from cases.access.filters import visible_consultations
from cases.models import Assessment, Attachment, Case, Consultation

NOT_THE_RECORDING_AGENCY = _(
    "Only the agency that recorded this consultation attaches documents to it."
)


def attachment_for(
    user: User | AnonymousUser, case: Case, pk: int, decision: Decision | None = None
) -> Attachment:
    """A shown attachment of `case` the user may read (the case itself already read
    through `case_for`), or Http404."""
    decision = decision or case_decision(user, case)
    attachment = (
        case.attachments.filter(pk=pk, removed_at__isnull=True)
        .select_related("consultation", "assessment")
        .first()
    )
    if attachment is None or not decision.can_view or decision.summary_only:
        raise Http404(NOT_FOUND)
    if attachment.consultation_id is not None and not (
        visible_consultations(user, case, decision).filter(pk=attachment.consultation_id).exists()
    ):
        raise Http404(NOT_FOUND)
    return attachment


def require_attach(user: User | AnonymousUser, record: Consultation | Assessment) -> Decision:
    """May the user attach a document to (or remove one from) this record?"""
    if isinstance(record, Consultation):
        decision = require_write(user, record.case, person=record.person)
        if record.agency_id not in {a.pk for a in case_agencies(user)}:
            raise PermissionDenied(NOT_THE_RECORDING_AGENCY)
        return decision
    return require_change(user, record.case)
