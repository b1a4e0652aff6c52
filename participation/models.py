"""参加支援: support menus and the hosts that offer them (the directory every staff member
reads), and the person-level records of participation support — a person's plan, their
matching to a menu, and the follow-up (定着支援) of the person and of the host.

Menus and hosts hold no personal data. Plans, matchings and follow-ups are about a person
in a case and follow the case's access policy (cases/access.py); see services.py for who
may write what."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, Area
from cases.models import Case, Person
from community.models import Group
from core.models import TimeStampedModel, VersionedModel

TEXT_MAX = 5_000


class Target(models.TextChoices):
    """Who a menu is for (対象). The same values as the community directory uses."""

    EVERYONE = "everyone", _("Everyone")
    CHILDREN = "children", _("Children")
    YOUTH = "youth", _("Young people")
    PARENTS = "parents", _("Parents and carers")
    ELDERLY = "elderly", _("Older people")
    DISABILITY = "disability", _("People with disabilities")
    WORKING_AGE = "working_age", _("Working-age adults")
    FOREIGN = "foreign", _("Foreign residents")


class Host(TimeStampedModel, VersionedModel):
    """受け入れ先: the shop, workplace, group or agency that takes people in."""

    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("linked agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participation_hosts",
        help_text=_("When the host is itself a support agency, NPO or company on the list."),
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("linked community group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participation_hosts",
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Whom to call and how, e.g. 店長 田中様 0565-00-0000."),
    )
    registered_by = models.ForeignKey(
        Agency,
        verbose_name=_("registering agency"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Its staff keep the host's details up to date."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("host (受け入れ先)")
        verbose_name_plural = _("hosts (受け入れ先)")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(group__isnull=True),
                name="host_agency_or_group",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SupportMenu(TimeStampedModel, VersionedModel):
    """支援メニュー: what a person can do, where, with whom. Developing one is resource
    development (資源開発) and is counted: who developed it and when."""

    class Kind(models.TextChoices):
        WORK_EXPERIENCE = "work_experience", _("Work experience")
        VOLUNTEERING = "volunteering", _("Volunteering")
        PLACE = "place", _("A place to belong")
        LEARNING = "learning", _("Learning")
        ROLE = "role", _("A role in the community")
        HOBBY = "hobby", _("Hobby or club")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    what = models.TextField(_("what the person does"), max_length=TEXT_MAX)
    where = models.CharField(_("where"), max_length=200, blank=True)
    host = models.ForeignKey(
        Host, verbose_name=_("host"), on_delete=models.PROTECT, related_name="menus"
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        validators=[MinValueValidator(1)],
        help_text=_("How many people can take part at the same time (trial or active)."),
    )
    schedule = models.CharField(_("when"), max_length=200, blank=True)
    conditions = models.TextField(
        _("conditions"),
        max_length=TEXT_MAX,
        blank=True,
        help_text=_("What the host asks for, what to bring, what is paid or provided."),
    )
    target = models.CharField(_("for whom"), max_length=12, choices=Target, default=Target.EVERYONE)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the whole city."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    developed_by = models.ForeignKey(
        Agency,
        verbose_name=_("developed by"),
        on_delete=models.PROTECT,
        related_name="developed_menus",
        help_text=_("The agency that developed the menu; its staff edit it."),
    )
    developed_on = models.DateField(_("developed on"))
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support menu (支援メニュー)")
        verbose_name_plural = _("support menus (支援メニュー)")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["is_active", "kind"])]

    def __str__(self) -> str:
        return self.title


class ParticipationPlan(TimeStampedModel, VersionedModel):
    """A person's participation plan in a case: what they want to try, and why."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="participation_plans"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="participation_plans",
    )
    goals = models.TextField(_("goals"), max_length=TEXT_MAX, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation plan (参加支援の計画)")
        verbose_name_plural = _("participation plans (参加支援の計画)")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="participation_plan_one"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.person}"


class Matching(TimeStampedModel, VersionedModel):
    """A person matched to a menu: proposed → trial → active → ended, each step dated."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        TRIAL = "trial", _("Trial")
        ACTIVE = "active", _("Taking part")
        ENDED = "ended", _("Ended")

    class Outcome(models.TextChoices):
        SETTLED = "settled", _("Settled in; support no longer needed")
        STEPPED_UP = "stepped_up", _("Moved on to work, school or another place")
        DECLINED_PERSON = "declined_person", _("The person declined")
        DECLINED_HOST = "declined_host", _("The host declined")
        NOT_SUITED = "not_suited", _("Did not suit the person")
        OTHER = "other", _("Other")

    OPEN = (Status.PROPOSED, Status.TRIAL, Status.ACTIVE)
    HOLDS_A_PLACE = (Status.TRIAL, Status.ACTIVE)

    plan = models.ForeignKey(
        ParticipationPlan,
        verbose_name=_("participation plan"),
        on_delete=models.PROTECT,
        related_name="matchings",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="matchings"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="matchings"
    )
    menu = models.ForeignKey(
        SupportMenu,
        verbose_name=_("support menu"),
        on_delete=models.PROTECT,
        related_name="matchings",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("supporting agency"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency that proposed the match and supports the person in it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PROPOSED, db_index=True
    )
    note = models.TextField(_("note"), max_length=TEXT_MAX, blank=True)
    proposed_on = models.DateField(_("proposed on"))
    trial_on = models.DateField(_("trial started on"), null=True, blank=True)
    started_on = models.DateField(_("took part from"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome, blank=True)
    reason = models.TextField(_("reason"), max_length=TEXT_MAX, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("matching (マッチング)")
        verbose_name_plural = _("matchings (マッチング)")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "menu"],
                condition=~Q(status="ended"),
                name="matching_one_open_per_person_and_menu",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.menu}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ENDED


class FollowUp(TimeStampedModel):
    """定着支援: a contact with the person, or with the host, about a matching, and when to
    follow up next (the next date feeds the reminders)."""

    class About(models.TextChoices):
        PERSON = "person", _("the person")
        HOST = "host", _("the host")

    matching = models.ForeignKey(
        Matching, verbose_name=_("matching"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    about = models.CharField(_("follow-up of"), max_length=8, choices=About)
    note = models.TextField(_("note"), max_length=TEXT_MAX)
    done_on = models.DateField(_("done on"))
    next_on = models.DateField(_("next follow-up on"), null=True, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("recorded by agency"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up (定着支援)")
        verbose_name_plural = _("follow-ups (定着支援)")
        ordering = ["-done_on", "-pk"]
        indexes = [models.Index(fields=["next_on"])]

    def __str__(self) -> str:
        return f"{self.matching} {self.done_on}"
