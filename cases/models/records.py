from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.case import Case, Project
from cases.models.household import TEXT_MAX, Person
from core.models import TimeStampedModel, VersionedModel


class Consultation(TimeStampedModel, VersionedModel):
    """相談記録: one contact with or about the household."""

    class Mode(models.TextChoices):
        VISIT = "visit", _("Visit to the office (来所)")
        PHONE = "phone", _("Phone (電話)")
        HOME_VISIT = "home_visit", _("Home visit (訪問)")
        ACCOMPANY = "accompany", _("Accompanying (同行)")
        ONLINE = "online", _("Online (オンライン)")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="consultations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="consultations"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="consultations",
    )
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    mode = models.CharField(_("mode"), max_length=12, choices=Mode)
    minutes = models.PositiveSmallIntegerField(
        _("minutes spent"), default=0, validators=[MaxValueValidator(24 * 60)]
    )
    narrative = models.TextField(_("record"), max_length=TEXT_MAX)
    projects = models.JSONField(_("projects"), default=list, blank=True)

    class Outcome(models.TextChoices):
        ABSENT = "absent", _("Nobody home (不在)")
        REFUSED = "refused", _("Refused (拒否)")
        MET = "met", _("Met (面会)")

    outcome = models.CharField(_("outcome of the visit"), max_length=8, choices=Outcome, blank=True)
    is_internal = models.BooleanField(
        _("agency-internal"),
        default=False,
        help_text=_("Only the recording agency can read it (e.g. a DV shelter's location)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.occurred_at:%Y-%m-%d} {self.get_mode_display()}"

    def project_labels(self) -> list[str]:
        return [str(Project(code).label) for code in self.projects if code in Project.values]


class Assessment(TimeStampedModel):
    """Household-wide assessment; each new one is a new version, the latest is current."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="assessments"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    assessed_on = models.DateField(_("assessed on"))
    summary = models.TextField(_("household situation"), max_length=TEXT_MAX)
    strengths = models.TextField(_("strengths"), max_length=TEXT_MAX, blank=True)
    risks = models.TextField(_("risks"), max_length=TEXT_MAX, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="assessment_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} v{self.number}"


class SupportPlan(TimeStampedModel):
    """支援プラン: goals, actions and a review date. A new plan supersedes the previous one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In effect")
        SUPERSEDED = "superseded", _("Superseded")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="plans"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    goals = models.TextField(_("goals"), max_length=TEXT_MAX)
    review_on = models.DateField(_("review on"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.ACTIVE)
    approved_at = models.CharField(
        _("approved at"), max_length=200, blank=True, help_text=_("e.g. 重層的支援会議 of 5 June")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} plan v{self.number}"


class PlanAction(TimeStampedModel):
    class Status(models.TextChoices):
        TODO = "todo", _("Not started")
        DOING = "doing", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(
        SupportPlan,
        verbose_name=_("support plan"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    description = models.CharField(_("action"), max_length=500)
    responsible_agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.TODO)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description
