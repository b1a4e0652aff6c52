"""Family and surroundings of a household: relations between persons (the genogram's
lines), merges of duplicate person records (名寄せ), requests to the hub to connect a
possible duplicate the worker may not read, and the eco-map's links."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from cases.models.household import Household, Person
from core.models import TimeStampedModel, VersionedModel


class PersonRelation(TimeStampedModel, VersionedModel):
    """`person` is the `kind` of `relative`: PARENT means person is relative's parent.
    Partners and siblings are stored once, in either order (the services keep one row per
    pair and kind). 'Child' is a parent relation read the other way round."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("Parent")
        PARTNER = "partner", _("Spouse or partner")
        SIBLING = "sibling", _("Sibling")
        GRANDPARENT = "grandparent", _("Grandparent")
        OTHER = "other", _("Other relation")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="relations_from"
    )
    relative = models.ForeignKey(
        Person, verbose_name=_("relative"), on_delete=models.PROTECT, related_name="relations_to"
    )
    kind = models.CharField(_("relation"), max_length=12, choices=Kind)
    label = models.CharField(
        _("description"),
        max_length=50,
        blank=True,
        help_text=_("For another relation: e.g. 叔母, 内縁の夫."),
    )
    married_on = models.DateField(_("married on"), null=True, blank=True)
    divorced_on = models.DateField(_("divorced or separated on"), null=True, blank=True)
    owner_agency = models.ForeignKey(
        Agency, verbose_name=_("recorded by agency"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["person", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="relation_once_per_kind"
            ),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="relation_not_to_oneself"
            ),
        ]
        indexes = [models.Index(fields=["relative", "kind"], name="relation_relative_kind")]

    def __str__(self) -> str:
        return f"{self.person} → {self.relative} ({self.get_kind_display()})"


class PersonMerge(TimeStampedModel):
    """Two records of one person made one: every reference to `merged` moved to `kept`
    (`moved` lists them, so undoing puts each back). Both records stay, with history."""

    kept = models.ForeignKey(
        Person, verbose_name=_("record kept"), on_delete=models.PROTECT, related_name="+"
    )
    merged = models.ForeignKey(
        Person, verbose_name=_("record merged"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("merged by agency"), on_delete=models.PROTECT, related_name="+"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300)
    # [[app_label.model, pk, field], ...]: each reference the merge moved; a fourth item
    # "dropped" for one left on `merged` (kept already had it), and
    # ["cases.person", kept pk, "address_confidential", "set"] when kept took merged's
    # 住所秘匿 (cases/services/merge.py).
    moved = models.JSONField(_("references moved"), default=list, editable=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("merge of person records")
        verbose_name_plural = _("merges of person records")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["merged"],
                condition=Q(undone_at__isnull=True),
                name="person_merged_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"


class MatchRequest(TimeStampedModel, VersionedModel):
    """A worker's request to the hub (多機関協働): the person they are registering may
    already be on record somewhere they may not read. The worker sees only that the hub
    can connect them; the hub's coordinator sees which agencies hold the possible match
    (`candidates`), never the records, and connects the agencies. Sharing then still needs
    the person's consent or a 支援会議."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the hub")
        CONNECTED = "connected", _("Agencies connected")
        NO_MATCH = "no_match", _("Not the same person")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agency = models.ForeignKey(
        Agency, verbose_name=_("requesting agency"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    hub = models.ForeignKey(
        Agency, verbose_name=_("hub"), on_delete=models.PROTECT, related_name="+"
    )
    # What the worker typed (their own information, not the match's).
    family_name = models.CharField(_("family name"), max_length=50)
    given_name = models.CharField(_("given name"), max_length=50, blank=True)
    family_name_kana = models.CharField(_("family name (kana)"), max_length=50, blank=True)
    given_name_kana = models.CharField(_("given name (kana)"), max_length=50, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    note = models.TextField(_("note to the hub"), max_length=2000, blank=True)
    candidates = models.ManyToManyField(
        Person, verbose_name=_("possible matches"), related_name="+", blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    history = HistoricalRecords(m2m_fields=[candidates])

    class Meta:
        verbose_name = _("match request")
        verbose_name_plural = _("match requests")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["hub", "status", "created_at"], name="match_hub_queue")]

    def __str__(self) -> str:
        return f"{self.family_name} {self.given_name}".strip()


class EcoLink(TimeStampedModel, VersionedModel):
    """A line of the household's eco-map. A link to something the system knows (a team
    agency, a participation host, a community group) is keyed by `source` ("agency:12",
    "host:3", "group:5") and only carries the worker's marking; an informal support (a
    neighbour, a friend, a 民生委員 known by name) has `source` "informal" and its own label."""

    class Strength(models.TextChoices):
        STRONG = "strong", _("Strong")
        WEAK = "weak", _("Weak")
        STRESSFUL = "stressful", _("Stressful")

    INFORMAL = "informal"

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="eco_links"
    )
    source = models.CharField(_("source"), max_length=30, default=INFORMAL)
    label = models.CharField(_("name"), max_length=100, blank=True)
    role = models.CharField(_("role or relation"), max_length=100, blank=True)
    strength = models.CharField(
        _("strength"), max_length=10, choices=Strength, default=Strength.WEAK
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    owner_agency = models.ForeignKey(
        Agency, verbose_name=_("recorded by agency"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eco-map link")
        verbose_name_plural = _("eco-map links")
        ordering = ["household", "source", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "source"],
                condition=~Q(source="informal"),
                name="ecolink_one_marking_per_source",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.source
