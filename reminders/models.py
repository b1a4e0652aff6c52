"""Reminders: one per target, kind and period, whatever happens to the broker."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models import Case
from core.history import reason_text
from core.models import TimeStampedModel
from core.wareki import to_wareki


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
        PLAN_ACTION = "plan_action", _("Support plan action due")
        PLANNED_OVERDUE = "planned", _("Planned contact not recorded")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SNOOZED = "snoozed", _("Snoozed")
        DONE = "done", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")

    class Resolution(models.TextChoices):
        """Why the system (not a worker) ended a reminder: its condition stopped holding."""

        NONE = "", _("Not resolved")
        ENDED = "ended", _("No longer due")
        CLOSED = "closed", _("The case was closed")

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
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=8, choices=Resolution, default="", blank=True
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
    def is_expired_consent(self) -> bool:
        """A consent reminder whose consent's last day (the due date) has passed."""
        return self.kind == self.Kind.CONSENT_EXPIRING and self.due_on < timezone.localdate()

    @property
    def label(self) -> str:
        """The kind, in the reader's language; a consent says whether it is expiring or has
        expired, from the dates (not from when the reminder was made)."""
        if self.kind == self.Kind.CONSENT_EXPIRING:
            return str(_("Consent expired") if self.is_expired_consent else _("Consent expiring"))
        return str(self.get_kind_display())

    def _period_date(self, prefix: str) -> str:
        """The 和暦 of the ISO date a period names after `prefix` ("since:2026-10-26")."""
        if not self.period.startswith(prefix):
            return ""
        try:
            return str(to_wareki(dt.date.fromisoformat(self.period.removeprefix(prefix))))
        except ValueError:
            return ""

    @property
    def text(self) -> str:
        """What the reminder is about, for the case page (whose reader may read the case),
        rendered now in the reader's language from the kind and the stored dates: never the
        stored `message`, which is the language of the sweep that wrote it."""
        from reminders.rules import setting  # rules imports this module

        kind, due = self.Kind, str(to_wareki(self.due_on))
        if self.kind == kind.LONG_RUNNING:
            step = int(self.period[1:]) if self.period[1:].isdigit() else 0
            months = setting("LONG_RUNNING_MONTHS") + step * setting("LONG_RUNNING_EVERY_MONTHS")
            return _(
                "Open for %(months)s months: review progress and whether closure is possible."
            ) % {"months": months}
        if self.kind == kind.NO_CONTACT:
            return _("No contact since %(date)s.") % {"date": self._period_date("since:") or due}
        if self.kind == kind.PLAN_REVIEW:
            return _("The support plan was due for review on %(date)s.") % {"date": due}
        if self.kind == kind.REFERRAL_UNANSWERED:
            sent = self.due_on - dt.timedelta(days=setting("REFERRAL_UNANSWERED_DAYS"))
            return _("A referral has waited for an answer since %(date)s.") % {
                "date": str(to_wareki(sent))
            }
        if self.kind == kind.HUB_LINGERING:
            return _(
                "Handing the lead from the hub to another agency was decided on %(date)s, "
                "but the hub still leads or records most of the contacts."
            ) % {"date": self._period_date("handover:") or due}
        if self.kind == kind.CONSENT_EXPIRING:
            if self.is_expired_consent:
                return _("Consent expired on %(date)s.") % {"date": due}
            return _("Consent expires on %(date)s.") % {"date": due}
        if self.kind == kind.ACTION_OVERDUE:
            return _("Meeting action overdue since %(date)s.") % {"date": due}
        if self.kind == kind.PLAN_ACTION:
            return _("A support plan action is due on %(date)s.") % {"date": due}
        if self.kind == kind.PLANNED_OVERDUE:
            return _(
                "A contact planned for %(date)s has not been recorded as done or cancelled."
            ) % {"date": due}
        return _("%(kind)s, due %(date)s") % {"kind": self.label, "date": due}

    @property
    def resolution_text(self) -> str:
        """Why the system resolved it, in the reader's language (empty if it did not)."""
        if self.status != self.Status.RESOLVED:
            return ""
        if self.resolution == self.Resolution.CLOSED:
            return str(_("the case was closed"))
        reasons = {
            self.Kind.LONG_RUNNING: _("the next review period began"),
            self.Kind.NO_CONTACT: _("a contact was recorded"),
            self.Kind.PLAN_REVIEW: _("the support plan was reviewed"),
            self.Kind.REFERRAL_UNANSWERED: _("the referral was answered"),
            self.Kind.HUB_LINGERING: _("the new lead agency took over"),
            self.Kind.CONSENT_EXPIRING: _("the consent was renewed or withdrawn, or it expired"),
            self.Kind.ACTION_OVERDUE: _("the action was done, dropped or moved"),
            self.Kind.PLAN_ACTION: _("the action was done or the support plan was reviewed"),
            self.Kind.PLANNED_OVERDUE: _("the planned contact was recorded, moved or cancelled"),
        }
        return str(reasons.get(self.kind, _("no longer due")))

    @property
    def snooze_text(self) -> str:
        """The reason for snoozing, in the reader's language when the system wrote it (a
        marked message id, e.g. a supervisor's review), as typed when a worker did."""
        return reason_text(self.snooze_reason)

    @property
    def line(self) -> str:
        """What the reminder says wherever it is shown (pages, panels, e-mail): its kind,
        the case's reference number and the due date. Never `message`, whatever a rule put
        in it: a reminder is read outside the case page, which alone decides who may read
        anything about the person."""
        values = {
            "kind": self.label,
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
