"""Documents attached to a consultation record or an assessment (a letter from the
hospital, a photo of the notice on the door, the household budget sheet).

Files are personal data: stored under a random name (core.uploads), typed by their
bytes, served only through the policy (cases/access/attachments.py). Removing one hides it
and keeps the row and the file for the history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.case import Case
from cases.models.records import Assessment, Consultation
from core.models import TimeStampedModel
from core.uploads import RandomUploadPath


class Attachment(TimeStampedModel):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="attachments"
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    title = models.CharField(_("what it is"), max_length=200)
    file = models.FileField(_("file"), upload_to=RandomUploadPath("attachments"))
    content_type = models.CharField(_("file type"), max_length=40, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removal_reason = models.CharField(_("why removed"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation__isnull=False, assessment__isnull=True)
                | Q(consultation__isnull=True, assessment__isnull=False),
                name="attachment_on_one_record",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def record(self) -> Consultation | Assessment:
        return self.consultation or self.assessment  # type: ignore[return-value]
