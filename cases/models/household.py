from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, Area, phone_validator, postal_code_validator
from core.models import TimeStampedModel, VersionedModel

if TYPE_CHECKING:
    from cases.selectors import Whereabouts

NAME_MAX = 50
TEXT_MAX = 10_000


class Household(TimeStampedModel, VersionedModel):
    """世帯: the unit of support."""

    # Set by the selectors that prefetch them (Prefetch(..., to_attr=...)); not fields.
    current_memberships: "list[HouseholdMembership]"

    name = models.CharField(_("household name"), max_length=100)
    postal_code = models.CharField(
        _("postal code"), max_length=8, blank=True, validators=[postal_code_validator]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="households",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    owner_agency = models.ForeignKey(
        Agency,
        verbose_name=_("registering agency"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel, VersionedModel):
    """世帯員. A person can move between households (HouseholdMembership keeps the dates)."""

    # Set by the selectors that prefetch or compute them; not fields.
    seen_memberships: "list[HouseholdMembership]"
    whereabouts: "Whereabouts"

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Not recorded")

    family_name = models.CharField(_("family name"), max_length=NAME_MAX)
    given_name = models.CharField(_("given name"), max_length=NAME_MAX, blank=True)
    family_name_kana = models.CharField(_("family name (kana)"), max_length=NAME_MAX, blank=True)
    given_name_kana = models.CharField(_("given name (kana)"), max_length=NAME_MAX, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex, default=Sex.UNKNOWN)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=50,
        blank=True,
        help_text=_("For residents who need interpretation, e.g. ポルトガル語, やさしい日本語."),
    )
    address_confidential = models.BooleanField(
        _("address confidential (住所秘匿)"),
        default=False,
        help_text=_("Hides the household's address from everyone outside the owning agency."),
    )
    owner_agency = models.ForeignKey(
        Agency, verbose_name=_("registering agency"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name_kana", "given_name_kana", "pk"]
        indexes = [
            models.Index(fields=["family_name_kana", "given_name_kana"]),
            models.Index(fields=["birth_date"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()


class HouseholdMembership(TimeStampedModel):
    """A person's place in a household, with dates: moves keep the past."""

    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        GRANDPARENT = "grandparent", _("Grandparent")
        GRANDCHILD = "grandchild", _("Grandchild")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        LODGER = "lodger", _("Other household member")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="memberships"
    )
    relation = models.CharField(_("relation to head"), max_length=16, choices=Relation)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household membership")
        verbose_name_plural = _("household memberships")
        ordering = ["household", "ended_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="person_one_current_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} / {self.household}"
