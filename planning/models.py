"""Planned contacts (予定): a visit, call or accompanied appointment a worker sets ahead.

A planned contact belongs to the agency that planned it: its staff see it while they may
still record on the case (planning/access.py). When it happens it becomes a consultation
record (the 相談記録), and the plan keeps a link to it."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models import Case, Consultation, Person
from core.models import TimeStampedModel, VersionedModel


class PlannedContact(TimeStampedModel, VersionedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="planned_contacts"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_contacts",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="planned_contacts"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who goes"),
        on_delete=models.PROTECT,
        related_name="planned_contacts",
    )
    starts_at = models.DateTimeField(_("planned for"))
    minutes = models.PositiveSmallIntegerField(
        _("expected minutes"), default=60, validators=[MaxValueValidator(24 * 60)]
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Consultation.Mode)
    place = models.CharField(_("where"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    consultation = models.OneToOneField(
        Consultation,
        verbose_name=_("consultation record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_contact",
    )
    cancel_reason = models.CharField(_("why cancelled"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned contact")
        verbose_name_plural = _("planned contacts")
        indexes = [
            # A worker's diary and calendar: their planned contacts in time order.
            models.Index(F("worker"), F("status"), F("starts_at"), name="planned_worker_time"),
            models.Index(F("case"), F("starts_at"), name="planned_case_time"),
            # The sweep's overdue plans.
            models.Index(F("starts_at"), name="planned_open_time", condition=Q(status="planned")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(consultation__isnull=False),
                name="planned_done_has_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PLANNED
