"""Attachments follow the record they are attached to.

- A consultation's attachment is read by whoever reads that consultation
  (`visible_consultations`: agency-internal records and a member's own consent included);
  an assessment's by whoever reads the case's records (not a 106-6 reader). Anyone else
  gets the 404 of an attachment that does not exist.
- Only the agency that recorded a consultation attaches to it or removes from it (as only
  it corrects the record); an assessment's documents are the intake and lead agencies'.

The REST API names records by their own ids (`consultations/{id}/attachments/`,
`attachments/{id}/`): `consultation_for`, `assessment_for` and `attachment_by_id` find the
case, read it through `case_for` (a stranger's 404, a team agency without consent its 403
with the card, the read logged on the caller's channel) and then apply the rules above."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from cases.access.base import NOT_FOUND, Decision, case_agencies
from cases.access.decisions import case_decision, require_change, require_write
from cases.access.fetch import case_for
from cases.access.filters import visible_consultations
from cases.models import AccessLog, Assessment, Attachment, Case, Consultation

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


# --- records named by their own ids (the REST API) ---------------------------------------


def _case_of(
    model: type[Consultation | Assessment | Attachment], pk: int, **filters: object
) -> int:
    """The case id of the record `pk` of `model`, or the 404 of one that does not exist (an
    id too large for the database included)."""
    text = str(pk)
    case_id = (
        model.objects.filter(pk=int(text), **filters)
        .order_by()
        .values_list("case_id", flat=True)
        .first()
        if text.isdigit() and len(text) < 19
        else None
    )
    if case_id is None:
        raise Http404(NOT_FOUND)
    return case_id


def consultation_for(
    user: User | AnonymousUser,
    pk: int,
    *,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[Consultation, Decision]:
    """A consultation the user reads (rules 2 and 6: a record about a member needs that
    member's consent, an agency-internal one is its agency's), or Http404; its case read
    through `case_for`."""
    case, decision = case_for(user, _case_of(Consultation, pk), request=request, channel=channel)
    consultation = (
        visible_consultations(user, case, decision).select_related("person").filter(pk=pk).first()
    )
    if consultation is None:
        raise Http404(NOT_FOUND)
    consultation.case = case
    return consultation, decision


def assessment_for(
    user: User | AnonymousUser,
    pk: int,
    *,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[Assessment, Decision]:
    """An assessment of a case the user reads (household-wide: every reader of the case's
    records reads it), or Http404."""
    case, decision = case_for(user, _case_of(Assessment, pk), request=request, channel=channel)
    assessment = case.assessments.filter(pk=pk).first()
    if assessment is None:
        raise Http404(NOT_FOUND)
    assessment.case = case
    return assessment, decision


def attachment_by_id(
    user: User | AnonymousUser,
    pk: int,
    *,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[Attachment, Decision]:
    """A shown attachment the user may read, named by its own id; a removed one is the 404
    of one that does not exist."""
    case_id = _case_of(Attachment, pk, removed_at__isnull=True)
    case, decision = case_for(user, case_id, request=request, channel=channel)
    return attachment_for(user, case, pk, decision), decision


def shown_attachments(record: Consultation | Assessment) -> QuerySet[Attachment]:
    """The attachments of a record the user reads (through `consultation_for` or
    `assessment_for`): all of them but the removed ones, oldest first."""
    return record.attachments.filter(removed_at__isnull=True).order_by("created_at", "pk")
