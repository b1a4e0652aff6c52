"""Who works in the system: agencies, the areas they serve, and their staff."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, VersionedModel

phone_validator = RegexValidator(
    r"^[0-9+()\- ]{6,20}$", _("Enter a phone number using digits and hyphens, e.g. 0565-00-0000.")
)
postal_code_validator = RegexValidator(
    r"^\d{3}-?\d{4}$", _("Enter a postal code such as 471-0000.")
)


class User(AbstractUser):
    """A person working at an agency, or a partner agency's system (service account)."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff member")
        SERVICE = "service", _("Partner system (service account)")

    kind = models.CharField(_("account kind"), max_length=16, choices=Kind, default=Kind.STAFF)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    full_name_kana = models.CharField(_("full name (kana)"), max_length=100, blank=True)

    # Password hashes and login times are not history worth keeping.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_username()

    @property
    def is_service_account(self) -> bool:
        return self.kind == self.Kind.SERVICE


class Area(TimeStampedModel):
    """The area hierarchy: 中学校区 → 小学校区 → 自治区."""

    class Level(models.TextChoices):
        JUNIOR_HIGH = "junior_high", _("Junior high school district")
        ELEMENTARY = "elementary", _("Elementary school district")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood association area")

    PARENT_LEVEL = {
        Level.JUNIOR_HIGH: None,
        Level.ELEMENTARY: Level.JUNIOR_HIGH,
        Level.NEIGHBOURHOOD: Level.ELEMENTARY,
    }

    name = models.CharField(_("name"), max_length=100)
    kana = models.CharField(_("kana"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = self.PARENT_LEVEL.get(self.level)
        if expected is None and self.parent_id is not None:
            raise ValidationError({"parent": _("A junior high school district has no parent.")})
        if expected is not None and (self.parent is None or self.parent.level != expected):
            raise ValidationError(
                {
                    "parent": _("The parent of this area must be a %(level)s.")
                    % {"level": self.Level(expected).label}
                }
            )


class ServiceField(models.Model):
    """A field of support (分野) an agency serves: 高齢・障がい・こども・困窮・保健・地域…"""

    class Code(models.TextChoices):
        ELDERLY = "elderly", _("Elderly")
        DISABILITY = "disability", _("Disability")
        CHILDREN = "children", _("Children")
        POVERTY = "poverty", _("Financial hardship")
        HEALTH = "health", _("Health")
        COMMUNITY = "community", _("Community")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=16, choices=Code, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field of support")
        verbose_name_plural = _("fields of support")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.Code(self.code).label)


class Agency(TimeStampedModel, VersionedModel):
    """A support agency (支援関係機関). Object permissions go to its group, never to people."""

    class Kind(models.TextChoices):
        MUNICIPAL_DIVISION = "municipal_division", _("Municipal division")
        BRANCH_OFFICE = "branch_office", _("Branch office")
        COMMUNITY_SUPPORT_CENTER = "community_support_center", _("Community general support center")
        DISABILITY_CONSULTATION = (
            "disability_consultation",
            _("Disability consultation support office"),
        )
        CHILD_FAMILY_CENTER = "child_family_center", _("Child and family center")
        SELF_RELIANCE_SUPPORT = "self_reliance_support", _("Independence support consultation")
        SOCIAL_WELFARE_COUNCIL = "social_welfare_council", _("Social welfare council")
        HEALTH_CENTER = "health_center", _("Health center")
        FIRE_DEPARTMENT = "fire_department", _("Fire department")
        WELFARE_COMMISSIONERS = "welfare_commissioners", _("Welfare commissioners' council")
        MEDICAL = "medical", _("Medical institution")
        SCHOOL = "school", _("School")
        NPO = "npo", _("NPO")
        SOCIAL_WELFARE_CORPORATION = "social_welfare_corporation", _("Social welfare corporation")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kana = models.CharField(_("kana"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind)
    fields = models.ManyToManyField(
        ServiceField, verbose_name=_("fields of support"), related_name="agencies", blank=True
    )
    areas_served = models.ManyToManyField(
        Area, verbose_name=_("areas served"), related_name="agencies", blank=True
    )
    is_hub = models.BooleanField(
        _("hub (multi-agency collaboration)"),
        default=False,
        help_text=_("Runs the 多機関協働 project: household-wide assessment and 重層的支援会議."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    fax = models.CharField(_("fax"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=8, blank=True, validators=[postal_code_validator]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_hours = models.CharField(_("contact hours"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    group = models.OneToOneField(
        Group,
        verbose_name=_("permission group"),
        on_delete=models.PROTECT,
        related_name="agency",
        editable=False,
    )
    history = HistoricalRecords(m2m_fields=[fields, areas_served])

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["-is_hub", "kana", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel, VersionedModel):
    """A user's place and role in an agency."""

    class Role(models.TextChoices):
        CASEWORKER = "caseworker", _("Caseworker")
        COORDINATOR = "coordinator", _("Coordinator")
        SUPERVISOR = "supervisor", _("Supervisor")
        AGENCY_ADMIN = "agency_admin", _("Agency administrator")
        # Sees figures (reports/), never persons: the city's at the hub, else its agency's.
        REPORT_VIEWER = "report_viewer", _("Report viewer")
        # 個人情報保護管理者: reads the read log (who read whose file), not the files.
        AUDITOR = "auditor", _("Privacy officer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["agency", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"], name="membership_unique_user_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.agency} ({self.get_role_display()})"


class PartnerToken(models.Model):
    """An API token of a partner system's account (agencies/tokens.py issues and revokes
    them). Only a SHA-256 digest of the token is stored: the token itself is shown once,
    when it is issued, and cannot be recovered. An account may hold several tokens, so a
    partner can switch to a new one before the old one is revoked."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="partner_tokens",
    )
    name = models.CharField(_("label"), max_length=100)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope, default=Scope.READ)
    # The first characters of the token: enough to tell tokens apart, useless to an attacker.
    prefix = models.CharField(_("token starts with"), max_length=16, editable=False)
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text=_("The token this one was issued to replace (rotation)."),
    )
    # The digest never changes and is no history worth showing; the last-used stamp is
    # written by the authentication itself (at most once a minute), not a change of record.
    history = HistoricalRecords(excluded_fields=["digest", "last_used_at"])

    class Meta:
        verbose_name = _("partner API token")
        verbose_name_plural = _("partner API tokens")
        ordering = ["user", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    @property
    def status(self) -> "PartnerToken.Status":
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.ACTIVE
