"""地域づくり: the community resources caseworkers and participation support draw on.

These records hold no personal data of clients: every staff member may read them; only the
agency that registered a record (its owner) edits it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, Area
from core.models import TimeStampedModel, VersionedModel

TEXT_MAX = 5_000


class Target(models.TextChoices):
    """Who a resource is for (対象)."""

    EVERYONE = "everyone", _("Everyone")
    CHILDREN = "children", _("Children")
    YOUTH = "youth", _("Young people")
    PARENTS = "parents", _("Parents and carers")
    ELDERLY = "elderly", _("Older people")
    DISABILITY = "disability", _("People with disabilities")
    WORKING_AGE = "working_age", _("Working-age adults")
    FOREIGN = "foreign", _("Foreign residents")


class OwnedResource(TimeStampedModel, VersionedModel):
    """Common to every community record: who registered it (and may edit it), where."""

    owner = models.ForeignKey(
        Agency, verbose_name=_("registering agency"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A 中学校区, 小学校区 or 自治区; empty for the whole city."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True


class Group(OwnedResource):
    """地域活動団体: サロン, こども食堂, フードパントリー, お助け隊, 認知症カフェ…"""

    class Kind(models.TextChoices):
        SALON = "salon", _("Salon (サロン)")
        CHILDRENS_CAFETERIA = "kodomo_shokudo", _("Children's cafeteria (こども食堂)")
        FOOD_PANTRY = "food_pantry", _("Food pantry (フードパントリー)")
        HELPERS = "helpers", _("Neighbourhood helpers (お助け隊)")
        DEMENTIA_CAFE = "dementia_cafe", _("Dementia café (認知症カフェ)")
        SUPPORT_GROUP = "support_group", _("Peer support group")
        VOLUNTEERS = "volunteers", _("Volunteer group")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    target = models.CharField(_("for whom"), max_length=12, choices=Target, default=Target.EVERYONE)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    schedule = models.CharField(_("when it meets"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    member_count = models.PositiveIntegerField(_("members"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("community group")
        verbose_name_plural = _("community groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(OwnedResource):
    """居場所: a place where people can be."""

    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    target = models.CharField(_("for whom"), max_length=12, choices=Target, default=Target.EVERYONE)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    run_by = models.ForeignKey(
        Group,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="places",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place to belong (居場所)")
        verbose_name_plural = _("places to belong (居場所)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Platform(OwnedResource):
    """つながりづくりプラットフォーム: groups, companies and agencies working together."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=TEXT_MAX, blank=True)
    groups = models.ManyToManyField(
        Group, verbose_name=_("member groups"), blank=True, related_name="platforms"
    )
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("member agencies"), blank=True, related_name="platforms"
    )
    companies = models.TextField(
        _("member companies"), max_length=TEXT_MAX, blank=True, help_text=_("One per line.")
    )
    history = HistoricalRecords(m2m_fields=[groups, agencies])

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Activity(TimeStampedModel, VersionedModel):
    """An activity or event of a group, place or platform: counted under 地域づくり."""

    owner = models.ForeignKey(
        Agency, verbose_name=_("recorded by agency"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"), db_index=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    platform = models.ForeignKey(
        Platform,
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), max_length=TEXT_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class Network(OwnedResource):
    """A network such as a food drive: members by role, donations from companies."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=TEXT_MAX, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMember(TimeStampedModel):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        COLLECTION_POINT = "collection", _("Collection point")
        DONOR = "donor", _("Donor")
        DISTRIBUTOR = "distributor", _("Distributor")
        VOLUNTEER = "volunteer", _("Volunteers")

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("member"), max_length=200, help_text=_("A company, group or agency."))
    role = models.CharField(_("role"), max_length=12, choices=Role)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return self.name


class Donation(TimeStampedModel):
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="donations"
    )
    donor = models.CharField(_("donor"), max_length=200)
    received_on = models.DateField(_("received on"))
    description = models.CharField(_("what"), max_length=300)
    quantity = models.CharField(_("quantity"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.donor}"
