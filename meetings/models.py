"""支援会議, 重層的支援会議, 包括的支援推進会議 and case conferences: who attends, what is on
the agenda, what was said and decided, and who does what next."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models import Case
from core.models import TimeStampedModel, VersionedModel

TEXT_MAX = 10_000


class Meeting(TimeStampedModel, VersionedModel):
    class Kind(models.TextChoices):
        SUPPORT = "support", _("支援会議 (art. 106-6)")
        MULTI_LAYERED = "multi_layered", _("重層的支援会議")
        PROMOTION = "promotion", _("包括的支援推進会議")
        CONFERENCE = "conference", _("Case conference")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PUBLISHED = "published", _("Agenda published")
        HELD = "held", _("Held")
        APPROVED = "approved", _("Minutes approved")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        Agency, verbose_name=_("organising agency"), on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    grant_days_after = models.PositiveSmallIntegerField(
        _("days the 106-6 reading lasts after the meeting"),
        default=14,
        validators=[MaxValueValidator(90)],
    )
    published_at = models.DateTimeField(_("agenda published at"), null=True, blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    notes = models.TextField(_("general minutes"), max_length=TEXT_MAX, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils import timezone

        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    @property
    def is_support_meeting(self) -> bool:
        return self.kind == self.Kind.SUPPORT

    @property
    def needs_consent(self) -> bool:
        return self.kind == self.Kind.MULTI_LAYERED

    @property
    def allows_cases(self) -> bool:
        return self.kind != self.Kind.PROMOTION


class Participant(TimeStampedModel):
    """An invited person, for an agency: attendance, and for 支援会議 the confidentiality
    pledge (守秘義務の確認), recorded before any case material is shown to them."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="participants"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="meeting_participations",
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    pledged_at = models.DateTimeField(_("confidentiality pledged at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="participant_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.agency})"


class Guest(TimeStampedModel):
    """An attendee who is not a system user: a 民生委員, a resident, 地域食堂 staff. They get
    no access to the system; at a 支援会議 they sign the confidentiality pledge on paper and
    the coordinator confirms it here. At a 重層的支援会議 the person's consent must cover
    them like any attending agency: only a guest who attends for an agency can be covered."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="guests"
    )
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("for the agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only if the guest attends for an agency registered here."),
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    pledge_signed_on = models.DateField(_("paper pledge signed on"), null=True, blank=True)
    pledge_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pledge confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guest attendee")
        verbose_name_plural = _("guest attendees")
        ordering = ["organisation", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class AgendaItem(TimeStampedModel, VersionedModel):
    class Purpose(models.TextChoices):
        SHARING = "sharing", _("Information sharing (情報共有)")
        ROLES = "roles", _("Division of roles (役割分担)")
        PLAN = "plan", _("Plan review (プラン検討)")
        CLOSURE = "closure", _("Closure review (終結検討)")
        RESOURCES = "resources", _("Resource development (資源開発)")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="items"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    minutes = models.TextField(_("minutes"), max_length=TEXT_MAX, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "case"],
                condition=models.Q(case__isnull=False),
                name="agenda_case_once",
            ),
        ]

    def __str__(self) -> str:
        return self.topic or (self.case.reference if self.case_id else "")


class Decision(TimeStampedModel):
    """A decision on an agenda item. Those that change a case are applied through the cases
    services, so the case's history says which meeting decided it."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("Change of lead agency")
        PLAN = "plan", _("Approval of the support plan")
        ROLE = "role", _("Role assignment")
        CLOSURE = "closure", _("Closure proposal")
        NOTE = "note", _("Other decision")

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    text = models.CharField(_("decision"), max_length=1000)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class ActionItem(TimeStampedModel, VersionedModel):
    """Who does what by when, decided at a meeting; shown on the assignee's home page."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="actions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    description = models.CharField(_("action"), max_length=500)
    agency = models.ForeignKey(
        Agency, verbose_name=_("assigned agency"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description
