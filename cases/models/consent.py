from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.case import Case
from cases.models.household import Person
from core.models import TimeStampedModel
from core.uploads import RandomUploadPath


class Consent(TimeStampedModel):
    """The person's consent to share the case's information with agencies."""

    class Purpose(models.TextChoices):
        SHARING = "sharing", _("Sharing information between the agencies")
        MEETING = "meeting", _("Discussion at 重層的支援会議")
        INQUIRY = "inquiry", _("Inquiries to other agencies")
        PLAN = "plan", _("Making and reviewing the support plan")

    class Representative(models.TextChoices):
        NONE = "", _("The person themselves")
        PARENT = "parent", _("Person with parental authority (親権者)")
        GUARDIAN = "guardian", _("Adult guardian (成年後見人)")
        AGENT = "agent", _("Appointed representative (任意代理人)")

    class Method(models.TextChoices):
        WRITTEN = "written", _("In writing")
        ORAL = "oral", _("Orally (recorded)")
        ELECTRONIC = "electronic", _("Electronically")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="consents"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("consenting person"), on_delete=models.PROTECT, related_name="+"
    )
    representative = models.CharField(
        _("given by"), max_length=10, choices=Representative, default="", blank=True
    )
    representative_name = models.CharField(_("representative's name"), max_length=100, blank=True)
    # "All team agencies" means the agencies on the team when the consent was recorded:
    # they are copied into `agencies`; a later team member is covered only by an extension.
    all_team_agencies = models.BooleanField(_("all team agencies"), default=False)
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("agencies covered"), blank=True, related_name="+"
    )
    purposes = models.JSONField(_("purposes"), default=list)
    method = models.CharField(_("how obtained"), max_length=12, choices=Method)
    obtained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("obtained by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    scanned_form = models.FileField(
        _("scanned consent form"),
        upload_to=RandomUploadPath("consents"),
        blank=True,
        max_length=200,
    )
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-valid_from", "-pk"]
        # "Consents ending within 30 days" on every home page: a range scan, not a scan.
        indexes = [
            models.Index(
                fields=["valid_until"],
                name="consent_active_until",
                condition=models.Q(withdrawn_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.person} {self.valid_from}"

    @property
    def allows_sharing(self) -> bool:
        return self.Purpose.SHARING in self.purposes

    def is_active(self, on=None) -> bool:
        day = on or timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )

    @property
    def state(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        today = timezone.localdate()
        if self.valid_from > today:
            return "future"
        if self.valid_until and self.valid_until < today:
            return "expired"
        return "active"


class ConsentExtension(TimeStampedModel):
    """The owner extends a consent to an agency that joined the team after it was recorded
    (the person agreed to it): the case page and the consent's history show it."""

    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="extensions"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    extended_on = models.DateField(_("extended on"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extended by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.CharField(_("how the person agreed"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent extension")
        verbose_name_plural = _("consent extensions")
        ordering = ["extended_on", "pk"]

    def __str__(self) -> str:
        return f"{self.consent} → {self.agency}"
