"""Models of the reports app. Figures are computed from the other apps' rows; what is
stored here is the history of exports: who asked for which file, how far it got, and the
file itself until it expires."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


@deconstructible
class ExportPath:
    """`upload_to` of export files: `exports/<year>/<month>/<random hex>.<csv|xlsx>`. The
    name says nothing of the user or the contents; the extension is one of ours."""

    EXTENSIONS = ("csv", "xlsx")

    def __call__(self, instance: "Export", filename: str) -> str:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if extension not in self.EXTENSIONS:
            extension = "bin"
        month = timezone.localdate().strftime("%Y/%m")
        return f"exports/{month}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExportPath)

    def __hash__(self) -> int:
        return hash("exports")


class Export(TimeStampedModel):
    """One export a user asked for (a case list, the year's figures): queued, built by a
    Celery task, downloadable by that user only until `expires_at`, then its file deleted.

    `done` and `total` are the task's progress, written every few hundred rows with a plain
    UPDATE: derived, like a case's list columns, so left out of history."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (.xlsx)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="exports",
    )
    kind = models.CharField(_("kind of export"), max_length=30)
    format = models.CharField(_("format"), max_length=4, choices=Format)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=ExportPath(), max_length=200, blank=True)
    # An English message id (gettext_noop), shown in the reader's language.
    message = models.CharField(_("message"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["done", "total"])

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "My exports", newest first.
            models.Index("user", F("created_at").desc(), F("id").desc(), name="export_user_new"),
            # The expiry sweep: finished files whose time is up.
            models.Index("expires_at", name="export_done_expiry", condition=Q(status="done")),
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)

    def is_expired(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.EXPIRED or (
            self.expires_at is not None and self.expires_at <= now
        )
