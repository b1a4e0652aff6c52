"""The storage behind cases/access.py: materialised object permissions, art. 106-6 grants
and the read log. Only cases/access.py reads or writes these."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.case import Case
from cases.models.household import Person
from core.models import TimeStampedModel


class Basis(models.TextChoices):
    """The legal basis on which an agency may read a case."""

    OWNER = "owner", _("Owning or lead agency")
    CONSENT = "consent", _("Consent of the person")
    MEETING = "meeting_106_6", _("支援会議 (Social Welfare Act art. 106-6)")
    TEAM = "team", _("Team member (no consent)")
    REFERRAL = "referral", _("Referral received")


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """django-guardian's direct foreign-key table for cases, one row per agency group,
    permission and source (owner, a consent, a grant…), with the window in which it holds.
    cases/access.py recomputes a case's rows whenever team, lead, consent, grants or
    referrals change; lists filter with one Exists() over this table, checking the window
    against the clock, so an expiry takes effect on the very next request."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    basis = models.CharField(_("basis"), max_length=16, choices=Basis)
    source = models.CharField(_("source"), max_length=40)
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    # Consent rows: whose consent this is. Person-level records of other members need
    # their own consent (DOMAIN.md rule 2).
    person = models.ForeignKey(
        Person,
        verbose_name=_("consenting person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
        verbose_name = _("case permission of an agency")
        verbose_name_plural = _("case permissions of agencies")
        unique_together = ["group", "permission", "content_object", "source"]
        # Lists filter on (agency group, one constant permission id, case) and compare the
        # window: all of it in the index, so a small agency's list is driven from here.
        indexes = [
            models.Index(
                fields=["group", "permission", "content_object"],
                include=["valid_from", "valid_until", "basis", "person"],
                name="case_group_perm_lookup",
            )
        ]


class CaseUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's direct foreign-key table for personal permissions: the art. 106-6
    grant of one pledged 支援会議 participant (never their whole agency). `agency` is the
    agency the participant attended for: reads under the grant are logged under it, and the
    grant holds only while the user still works there."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(_("basis"), max_length=16, choices=Basis)
    source = models.CharField(_("source"), max_length=40)
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False
        verbose_name = _("case permission of a person")
        verbose_name_plural = _("case permissions of persons")
        unique_together = ["user", "permission", "content_object", "source"]
        indexes = [
            models.Index(
                fields=["user", "permission", "content_object"],
                include=["valid_from", "valid_until", "agency"],
                name="case_user_perm_lookup",
            )
        ]


class AccessGrant(TimeStampedModel):
    """Access without consent on a legal basis (支援会議, art. 106-6): for one pledged
    participant (attending for `agency`), one case, from `starts_at` until `ends_at`, after
    which it lapses by itself. Meetings create these through
    cases.services.grant_meeting_access; `source` says which meeting."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="access_grants"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="access_grants"
    )
    # The pledged participant the grant is for (art. 106-6 grants are personal).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_grants",
    )
    basis = models.CharField(_("legal basis"), max_length=16, choices=Basis, default=Basis.MEETING)
    source = models.CharField(_("source"), max_length=200)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("access grant (art. 106-6)")
        verbose_name_plural = _("access grants (art. 106-6)")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.agency} {self.source}"


class AccessLog(models.Model):
    """One read of personal data: who, for which agency, what, on which basis, through
    which channel, when. Insert-only: nothing in the application updates or deletes it,
    so it keeps no separate history; rows outlive the users they name (SET_NULL plus the
    username copied at the time). Rows go only when they pass ACCESS_LOG_RETENTION_MONTHS
    (cases/access/partitions.py); on PostgreSQL the table is partitioned by month of `at`
    (migration 0007), with (id, at) as its primary key in the database."""

    class Channel(models.TextChoices):
        WEB = "web", _("Browser")
        API = "api", _("REST API")
        EXPORT = "export", _("Export")
        SEARCH = "search", _("Search")
        TASK = "task", _("Background task")

    class Kind(models.TextChoices):
        CASE = "case", _("case")
        HOUSEHOLD = "household", _("household")
        PERSON = "person", _("person")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    username = models.CharField(_("login ID"), max_length=150)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("record kind"), max_length=10, choices=Kind)
    object_id = models.BigIntegerField(_("record id"))
    basis = models.CharField(_("basis"), max_length=16, choices=Basis)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    action = models.CharField(_("action"), max_length=20, default="view")
    path = models.CharField(_("path"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["kind", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind}#{self.object_id}"
