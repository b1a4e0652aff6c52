"""Reminders: one per target, kind and period, whatever happens to the broker."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models import Case
from core.models import TimeStampedModel


class Reminder(TimeStampedModel):
    class Kind(models.TextChoices):
        LONG_RUNNING = "long_running", _("Long-running case")
        NO_CONTACT = "no_contact", _("No contact recently")
        PLAN_REVIEW = "plan_review", _("Support plan review overdue")
        REFERRAL_UNANSWERED = "referral", _("Referral unanswered")
        HUB_LINGERING = "hub_lead", _("The hub is still the lead")
        CONSENT_EXPIRING = "consent", _("Consent expiring or expired")
        ACTION_OVERDUE = "action", _("Meeting action item overdue")
        FOLLOW_UP = "follow_up", _("Participation follow-up due")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SNOOZED = "snoozed", _("Snoozed")
        DONE = "done", _("Acknowledged")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    target = models.CharField(
        _("target"), max_length=40, help_text=_("What it is about, e.g. case:12 or action:5.")
    )
    period = models.CharField(
        _("period"), max_length=40, help_text=_("Which occurrence: one reminder per period.")
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )
    message = models.CharField(_("message"), max_length=300)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status, default=Status.OPEN, db_index=True
    )
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    snooze_reason = models.CharField(_("reason for snoozing"), max_length=300, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The token of the set-based statement that last wrote the row (the sweep, waking,
    # escalating): its history rows and its cases' counts are found by it.
    sweep_token = models.CharField(
        _("created by sweep"), max_length=32, blank=True, editable=False, db_index=True
    )
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target", "period"], name="reminder_once_per_period"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["agency", "status"]),
            models.Index(
                fields=["status", "created_at"],
                name="reminder_open_age",
                condition=Q(status="open"),
            ),
            # What the sweep's resolving UPDATE reads: the open reminders of one kind, by
            # case (and the cases' count of open reminders).
            models.Index(
                fields=["kind", "case"], name="reminder_open_kind", condition=Q(status="open")
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def case_reference(self) -> str:
        return Case(pk=self.case_id).reference if self.case_id else ""

    @property
    def line(self) -> str:
        """What the reminder says wherever it is shown (pages, panels, e-mail): its kind,
        the case's reference number and the due date. Never `message`, whatever a rule put
        in it: a reminder is read outside the case page, which alone decides who may read
        anything about the person."""
        values = {
            "kind": self.get_kind_display(),
            "reference": self.case_reference,
            "date": self.due_on.isoformat(),
        }
        if self.case_id:
            return _("%(kind)s: case %(reference)s, due %(date)s") % values
        return _("%(kind)s, due %(date)s") % values


class DigestSent(models.Model):
    """One e-mail digest per user per day, however often the sender runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    reminder_count = models.PositiveIntegerField(_("reminders"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class CaseReview(TimeStampedModel):
    """A supervisor's review of a long-running case, and what it decided."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue until a date")
        PROPOSE_CLOSURE = "closure", _("Propose closure")
        TO_MEETING = "meeting", _("Take to 重層的支援会議")
        CHANGE_LEAD = "lead", _("Change the lead agency")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reviewed_on = models.DateField(_("reviewed on"))
    goals_still_valid = models.BooleanField(_("goals still valid?"))
    lead_is_right = models.BooleanField(_("lead agency right?"))
    closure_possible = models.BooleanField(_("closure possible?"))
    note = models.TextField(_("note"), max_length=10_000, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision)
    continue_until = models.DateField(_("continue until"), null=True, blank=True)
    new_lead = models.ForeignKey(
        Agency,
        verbose_name=_("new lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case review")
        verbose_name_plural = _("case reviews")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.reviewed_on}"
