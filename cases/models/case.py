from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.household import TEXT_MAX, Household, Person
from core.indexes import NullsOrderedIndex
from core.models import TimeStampedModel, VersionedModel


class Project(models.TextChoices):
    """The five projects of 重層的支援体制整備事業; every activity is counted under one or more."""

    CONSULTATION = "consultation", _("Comprehensive consultation support")
    PARTICIPATION = "participation", _("Participation support")
    COMMUNITY = "community", _("Community development")
    OUTREACH = "outreach", _("Outreach and continuous support")
    COLLABORATION = "collaboration", _("Multi-agency collaboration")


class Case(TimeStampedModel, VersionedModel):
    """A support episode (ケース) of a household."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSESSMENT = "assessment", _("Assessment")
        PLANNING = "planning", _("Planning")
        SUPPORTING = "supporting", _("Supporting")
        MONITORING = "monitoring", _("Monitoring")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        SELF = "self", _("The person themself")
        FAMILY = "family", _("Family")
        WELFARE_COMMISSIONER = "welfare_commissioner", _("Welfare commissioner (民生委員)")
        NEIGHBOURHOOD_HEAD = "neighbourhood_head", _("Neighbourhood association head")
        NEIGHBOUR = "neighbour", _("Neighbour")
        AGENCY = "agency", _("Another support agency")
        CITY_DIVISION = "city_division", _("Another city division")
        SCHOOL = "school", _("School")
        MEDICAL = "medical", _("Medical institution")
        POLICE_FIRE = "police_fire", _("Police or fire department")
        OTHER = "other", _("Other")

    OPEN_STATUSES = (
        Status.RECEIVED,
        Status.ASSESSMENT,
        Status.PLANNING,
        Status.SUPPORTING,
        Status.MONITORING,
    )

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="cases"
    )
    owner_agency = models.ForeignKey(
        Agency,
        verbose_name=_("intake agency"),
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    title = models.CharField(_("main concern (主訴)"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.RECEIVED, db_index=True
    )
    referral_source = models.CharField(
        _("referral route (相談経路)"), max_length=24, choices=Source
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class OutreachStage(models.TextChoices):
        FOUND = "found", _("Found (情報把握)")
        TRYING = "trying", _("Trying to make contact (接触試行)")
        BUILDING = "building", _("Building the relationship (関係づくり)")
        CONSENTED = "consented", _("Consent obtained (同意取得)")

    informant = models.CharField(
        _("who told us"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 民生委員, 自治区長, a neighbour, the fire department, a school"),
    )
    outreach_stage = models.CharField(
        _("outreach stage"), max_length=10, choices=OutreachStage, blank=True
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases_in_charge",
        help_text=_("The caseworker reminders go to (担当者)."),
    )
    # What the lists sort by and show, kept by the services in the transaction that changes
    # it (cases.services.columns; rebuilt by `manage.py rebuild_case_columns`), so a list is
    # an index scan with a LIMIT and never an aggregate over every consultation. Derived,
    # not facts: left out of history and of the optimistic-locking version.
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True, editable=False)
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="led_cases",
    )
    open_reminders = models.PositiveIntegerField(_("open reminders"), default=0, editable=False)
    history = HistoricalRecords(
        excluded_fields=["last_contact_at", "lead_agency", "open_reminders"]
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]
        permissions = [("view_case_card", _("Can know the case exists and whom to call"))]
        # One index per ordering a list offers, for open cases (what lists show unless
        # asked) and for all; and per "whose" filter (my cases, my agency's).
        indexes = [
            models.Index(
                F("opened_on").desc(),
                F("id").desc(),
                name="case_open_by_opened",
                condition=~Q(status="closed"),
            ),
            NullsOrderedIndex(
                F("last_contact_at").asc(nulls_first=True),
                F("id").asc(),
                name="case_open_by_contact",
                condition=~Q(status="closed"),
            ),
            models.Index(F("opened_on").desc(), F("id").desc(), name="case_by_opened"),
            NullsOrderedIndex(
                F("last_contact_at").asc(nulls_first=True), F("id").asc(), name="case_by_contact"
            ),
            models.Index(
                "worker", F("opened_on").desc(), F("id").desc(), name="case_worker_opened"
            ),
            models.Index(
                "owner_agency", F("opened_on").desc(), F("id").desc(), name="case_owner_opened"
            ),
            models.Index(
                "lead_agency", F("opened_on").desc(), F("id").desc(), name="case_lead_opened"
            ),
        ]

    DERIVED_FIELDS = frozenset({"last_contact_at", "lead_agency", "open_reminders"})

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs) -> None:
        """Saving a case never writes the derived list columns back: an instance read
        before a consultation was logged would otherwise put an older last contact back.
        Only cases.services.columns (and the reminders sweep) write them, with UPDATEs."""
        if (
            self.pk is not None
            and not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.DERIVED_FIELDS
            ]
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"#{self.pk:05d}" if self.pk else "#-----"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class CaseProject(TimeStampedModel):
    """A case's enrolment in one of the five projects, with dates (for fiscal-year counts)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="projects"
    )
    project = models.CharField(_("project"), max_length=16, choices=Project)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project enrolment")
        verbose_name_plural = _("project enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "project"],
                condition=Q(ended_on__isnull=True),
                name="case_project_one_current",
            ),
        ]

    def __str__(self) -> str:
        return self.get_project_display()


class CaseTeam(TimeStampedModel):
    """An agency involved in a case (支援チーム), with when it joined and left."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="team"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="case_teams"
    )
    role = models.CharField(_("role in the team"), max_length=100, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team member agency")
        verbose_name_plural = _("team member agencies")
        ordering = ["joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"],
                condition=Q(left_on__isnull=True),
                name="case_team_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.case.reference})"


class LeadAssignment(TimeStampedModel):
    """主導役: exactly one current lead agency per case; every change has a reason."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="leads"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.CharField(
        _("decided at"), max_length=200, blank=True, help_text=_("e.g. the meeting that decided")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lead assignment")
        verbose_name_plural = _("lead assignments")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="case_one_current_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.started_on}–{self.ended_on or ''})"


class Concern(TimeStampedModel):
    """課題: of one person, or of the whole household when `person` is empty."""

    class Category(models.TextChoices):
        CARE = "care", _("Long-term care")
        DISABILITY = "disability", _("Disability")
        MENTAL_HEALTH = "mental_health", _("Mental health")
        POVERTY = "poverty", _("Financial hardship")
        DEBT = "debt", _("Debt")
        EMPLOYMENT = "employment", _("Employment")
        HOUSING = "housing", _("Housing")
        CHILD_REARING = "child_rearing", _("Child rearing")
        SCHOOL_REFUSAL = "school_refusal", _("School non-attendance")
        HIKIKOMORI = "hikikomori", _("Social withdrawal (hikikomori)")
        ABUSE = "abuse", _("Abuse")
        DV = "dv", _("Domestic violence")
        ISOLATION = "isolation", _("Isolation")
        HOARDING = "hoarding", _("Hoarding")
        YOUNG_CARER = "young_carer", _("Young carer")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="concerns"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
    )
    category = models.CharField(_("category"), max_length=20, choices=Category)
    note = models.TextField(_("note"), max_length=TEXT_MAX, blank=True)
    identified_on = models.DateField(_("identified on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["resolved_on", "category", "pk"]

    def __str__(self) -> str:
        return self.get_category_display()


class Closure(TimeStampedModel):
    """終結: proposed by a worker, approved by a supervisor with an evaluation."""

    class Reason(models.TextChoices):
        GOALS_MET = "goals_met", _("Goals achieved")
        HANDED_OVER = "handed_over", _("Handed over to regular services")
        MOVED_AWAY = "moved_away", _("Moved out of the city")
        DIED = "died", _("Died")
        DECLINED = "declined", _("Declined further support")
        UNREACHABLE = "unreachable", _("No longer reachable")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Sent back")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="closures"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    evaluation = models.TextField(_("evaluation (what changed)"), max_length=TEXT_MAX, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(
        _("supervisor's evaluation / reason for sending back"), max_length=TEXT_MAX, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="proposed"),
                name="closure_one_pending_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_reason_display()}"
