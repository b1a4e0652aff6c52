from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.case import Case
from core.models import TimeStampedModel


class Referral(TimeStampedModel):
    """つなぎ: handed over and acknowledged, not thrown. The receiving agency sees only the
    minimum-necessary summary the sender wrote, until it accepts and consent covers it."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Kind(models.TextChoices):
        REFERRAL = "referral", _("Referral")
        JOIN_REQUEST = "join", _("Request to join the team")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals"
    )
    # A referral hands the case to `to_agency`. A join request comes from an agency that
    # can only read the case (`from_agency`) and asks the lead (`to_agency`) to be put on
    # the team: accepting it adds the requester, never the lead.
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.REFERRAL)
    from_agency = models.ForeignKey(
        Agency, verbose_name=_("from"), on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_agency = models.ForeignKey(
        Agency, verbose_name=_("to"), on_delete=models.PROTECT, related_name="referrals_received"
    )
    reason = models.CharField(_("what we ask of you"), max_length=500)
    summary = models.TextField(_("minimum-necessary summary"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.SENT, db_index=True
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    response_note = models.CharField(
        _("answer / reason for returning"), max_length=1000, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # One case waits for at most one answer from one agency (concurrent sends).
            models.UniqueConstraint(
                fields=["case", "to_agency"],
                condition=models.Q(status="sent", kind="referral"),
                name="referral_one_pending_per_agency",
            ),
            models.UniqueConstraint(
                fields=["case", "from_agency"],
                condition=models.Q(status="sent", kind="join"),
                name="join_request_one_pending_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.from_agency} → {self.to_agency}"

    @property
    def response_time(self):
        return self.responded_at - self.sent_at if self.responded_at else None
