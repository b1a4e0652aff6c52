import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, Area, phone_validator, postal_code_validator
from core.dates import age_on
from core.kana import normalise, phone_key
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
    key_person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("key person (キーパーソン)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The person, in the household or not, the support relies on."),
    )
    # The name as search compares it (core.kana.normalise), kept by save(): derived, not typed.
    name_key = models.CharField(_("name (search key)"), max_length=200, blank=True, editable=False)
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

    def save(self, *args, **kwargs) -> None:
        self.name_key = normalise(self.name)
        super().save(*args, **kwargs)


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
    deceased = models.BooleanField(_("deceased"), default=False)
    died_on = models.DateField(_("date of death"), null=True, blank=True)
    # A relative who lives in no household on record (elsewhere, or deceased) is recorded
    # through the household whose support needs them: those who may read that household
    # may read them (cases.access.person_decision).
    recorded_with = models.ForeignKey(
        Household,
        verbose_name=_("recorded as a relative of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relatives_recorded",
    )
    # Set when the record was merged into another one of the same person (名寄せ): the
    # record stays, with its history, and search no longer offers it.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    owner_agency = models.ForeignKey(
        Agency, verbose_name=_("registering agency"), on_delete=models.PROTECT, related_name="+"
    )
    # Search and duplicate-matching keys (core.kana), kept by save(): derived, not typed.
    name_key = models.CharField(_("name (search key)"), max_length=110, blank=True, editable=False)
    kana_key = models.CharField(_("kana (search key)"), max_length=110, blank=True, editable=False)
    phone_key = models.CharField(_("phone (search key)"), max_length=20, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name_kana", "given_name_kana", "pk"]
        indexes = [
            models.Index(fields=["family_name_kana", "given_name_kana"]),
            models.Index(fields=["birth_date"]),
            # Duplicate matching: kana + birth date, name + birth date, phone.
            models.Index(fields=["kana_key", "birth_date"], name="person_kana_birth"),
            models.Index(fields=["name_key", "birth_date"], name="person_name_birth"),
            models.Index(fields=["phone_key"], name="person_phone_key", condition=~Q(phone_key="")),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.name_key = normalise(f"{self.family_name}{self.given_name}")
        self.kana_key = normalise(f"{self.family_name_kana}{self.given_name_kana}")
        self.phone_key = phone_key(self.phone)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    def age_on(self, day: "dt.date") -> int | None:
        """Age in whole years on `day` (None without a birth date); a deceased person's
        age stops at death."""
        if self.birth_date is None:
            return None
        if self.died_on is not None and self.died_on < day:
            day = self.died_on
        return age_on(self.birth_date, day)

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())


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
