"""Attaching documents to consultation records and assessments, under the rules of the
consent scans: 10 MB at most, PDF, JPEG or PNG by their bytes, stored under a random name."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import User
from cases import access
from cases.models import Assessment, Attachment, Consultation
from cases.services.common import acting_agency
from core.history import save_with_history, with_detail
from core.uploads import detect_type, neutral_name

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}
ATTACHMENT_TOO_LARGE = _("The file must be 10 MB or smaller.")
ATTACHMENT_TYPE = _("The file must be a PDF, JPEG or PNG file.")
ALREADY_REMOVED = _("This attachment has already been removed.")


def attachment_add(
    *, actor: User, record: Consultation | Assessment, file: UploadedFile, title: str
) -> Attachment:
    decision = access.require_attach(actor, record)
    if file.size is None or file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": ATTACHMENT_TOO_LARGE})
    kind = detect_type(file)
    if kind not in ATTACHMENT_TYPES:
        raise ValidationError({"file": ATTACHMENT_TYPE})
    file.name = neutral_name(kind, stem="attachment")
    agency = (
        record.agency if isinstance(record, Consultation) else acting_agency(actor, decision.agency)
    )
    attachment = Attachment(
        case=record.case,
        consultation=record if isinstance(record, Consultation) else None,
        assessment=record if isinstance(record, Assessment) else None,
        agency=agency,
        uploaded_by=actor,
        title=title,
        file=file,
        content_type=kind,
        size=file.size,
    )
    with transaction.atomic():
        return save_with_history(attachment, actor, gettext_noop("document attached"))


def attachment_remove(*, actor: User, attachment: Attachment, reason: str) -> Attachment:
    """Hidden from every page; the row and the file stay for the history."""
    access.require_attach(actor, attachment.record)
    with transaction.atomic():
        current = Attachment.objects.select_for_update().get(pk=attachment.pk)
        if current.removed_at is not None:
            raise ValidationError(ALREADY_REMOVED)
        current.removed_at = timezone.now()
        current.removed_by = actor
        current.removal_reason = reason
        return save_with_history(
            current, actor, with_detail(gettext_noop("attachment removed"), reason)
        )
