"""The access policy: the one place that decides whether a user may see or change a
household, person, case or anything recorded about a case, and on which legal basis.

Views, the REST API, exports, search and tasks all ask this module. DOMAIN.md "Who may see
what", rule by rule:

1. Staff of the owning (intake) agency, and of the current lead agency, see and change
   the case, by role: caseworkers, coordinators and supervisors (an agency_admin manages
   accounts, not cases). -> `recompute_case_permissions` (basis OWNER)
2. A team agency sees the details only while an active consent covers it; without one it
   sees the minimal card. -> `recompute_case_permissions` (CONSENT rows carry the consent's
   window; TEAM rows give the card only)
3. 支援会議 members (art. 106-6) read cases on the agenda under an AccessGrant that lapses
   by itself. -> `grant_meeting_access`, MEETING rows with the grant's window
5. Withdrawal recomputes at once; expiry is checked against the clock on every query
   (`_window`), so both take effect on the very next request in every channel.
6. Agency-internal consultations and 住所秘匿 addresses. -> `visible_consultations`,
   `can_see_address`
7. Reads are logged. -> `log_reads`
8. Refusals: a stranger gets the same 404 as for a missing case; an agency that knows the
   case gets a 403 naming what is missing. -> `case_for`, `household_for`, `person_for`

The decision is materialised per agency group in django-guardian's direct foreign-key
table (CaseGroupObjectPermission), one row per permission and source, and read with a
single Exists() subquery; guardian's generic tables are never used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies import access as agency_access
from agencies.models import Agency, Membership, User
from cases.models import (
    AccessGrant,
    AccessLog,
    Case,
    CaseGroupObjectPermission,
    Consent,
    Consultation,
    Household,
    HouseholdMembership,
    Person,
    Referral,
)
from cases.models.access import Basis

CASE_ROLES = frozenset(
    {Membership.Role.CASEWORKER, Membership.Role.COORDINATOR, Membership.Role.SUPERVISOR}
)

CARD = "view_case_card"
VIEW = "view_case"
CHANGE = "change_case"

NOT_FOUND = _("There is no such record, or it is not one you can see.")
MISSING_CONSENT = _(
    "%(agency)s is on this case's team, but no active consent of the person covers sharing "
    "the case with it (none was given, it was withdrawn, or it has expired). Ask the lead "
    "agency to record the person's consent."
)
GRANT_EXPIRED = _(
    "The reading period granted to %(agency)s by the 支援会議 (art. 106-6) ended on "
    "%(date)s. Obtain the person's consent to keep sharing."
)
REFERRAL_ONLY = _(
    "This case was referred to %(agency)s. Accept the referral from the referral inbox; the "
    "details become visible once the person's consent covers your agency."
)
CHANGE_NEEDS_OWNER = _(
    "Only the intake agency or the lead agency of this case may change it. Your agency can "
    "read it on the basis: %(basis)s."
)
NO_CASE_ROLE = _(
    "Your role does not give access to case records. Caseworkers, coordinators and "
    "supervisors of an agency involved in the case have access."
)


class Level(StrEnum):
    NONE = "none"
    CARD = "card"
    FULL = "full"


@dataclass(frozen=True)
class Decision:
    """What a user may do with one record, and why."""

    level: Level
    basis: str | None = None
    agency: Agency | None = None
    can_change: bool = False
    reason: str = ""

    @property
    def can_view(self) -> bool:
        return self.level == Level.FULL

    @property
    def basis_label(self) -> str:
        return str(Basis(self.basis).label) if self.basis else ""


class CardOnly(PermissionDenied):
    """403 for an agency that knows the record exists: carries the minimal card to show."""

    def __init__(self, decision: Decision, case: Case | None = None, household=None) -> None:
        super().__init__(decision.reason)
        self.decision = decision
        self.case = case
        self.household = household

    @property
    def card(self) -> dict | None:
        """The minimal card (rule 2): that the case exists, the lead agency and its contact."""
        return minimal_card(self.case) if self.case is not None else None


def minimal_card(case: Case) -> dict:
    lead = case.leads.filter(ended_on__isnull=True).select_related("agency").first()
    agency = lead.agency if lead is not None else case.owner_agency
    return {
        "case_id": case.pk,
        "reference": case.reference,
        "lead_agency": agency.name,
        "lead_agency_id": agency.pk,
        "lead_phone": agency.phone,
        "lead_email": agency.email,
    }


# --- who the user acts for ------------------------------------------------------------


def case_memberships(user: User | AnonymousUser) -> list[Membership]:
    """Memberships whose role gives access to case records."""
    return [m for m in agency_access.active_memberships(user) if m.role in CASE_ROLES]


def case_agencies(user: User | AnonymousUser) -> list[Agency]:
    return [m.agency for m in case_memberships(user)]


def _groups(user: User | AnonymousUser) -> dict[int, Agency]:
    return {m.agency.group_id: m.agency for m in case_memberships(user)}


def can_work_on_cases(user: User | AnonymousUser) -> bool:
    return bool(case_memberships(user))


def require_case_role(user: User | AnonymousUser) -> None:
    if not can_work_on_cases(user):
        raise PermissionDenied(NO_CASE_ROLE)


# --- reading the materialised permissions ---------------------------------------------


def _window(now: dt.datetime) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=now)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gt=now)
    )


def _rows(user: User | AnonymousUser, codename: str, now: dt.datetime | None = None) -> QuerySet:
    return CaseGroupObjectPermission.objects.filter(
        _window(now or timezone.now()),
        group_id__in=list(_groups(user)),
        permission__codename=codename,
        permission__content_type__app_label="cases",
    )


def visible_cases(user: User | AnonymousUser, *, codename: str = VIEW) -> QuerySet[Case]:
    """Cases whose details the user may read (or, with codename=CARD, knows of): one
    Exists() subquery, whatever the page size."""
    return Case.objects.filter(Exists(_rows(user, codename).filter(content_object=OuterRef("pk"))))


def visible_households(user: User | AnonymousUser) -> QuerySet[Household]:
    agencies = [a.pk for a in case_agencies(user)]
    readable_case = _rows(user, VIEW).filter(content_object__household=OuterRef("pk"))
    return Household.objects.filter(Q(owner_agency_id__in=agencies) | Exists(readable_case))


def visible_persons(user: User | AnonymousUser) -> QuerySet[Person]:
    agencies = [a.pk for a in case_agencies(user)]
    in_visible_household = HouseholdMembership.objects.filter(
        person=OuterRef("pk"),
        household__in=visible_households(user).values("pk"),
    )
    return Person.objects.filter(Q(owner_agency_id__in=agencies) | Exists(in_visible_household))


def visible_consultations(user: User | AnonymousUser, case: Case) -> QuerySet[Consultation]:
    """Rule 6: an agency-internal record is read only by the agency that wrote it."""
    agencies = [a.pk for a in case_agencies(user)]
    return case.consultations.filter(Q(is_internal=False) | Q(agency_id__in=agencies))


# --- deciding for one record ----------------------------------------------------------

_RANK = {Basis.OWNER: 0, Basis.CONSENT: 1, Basis.MEETING: 2, Basis.TEAM: 3, Basis.REFERRAL: 4}


def case_decision(user: User | AnonymousUser, case: Case) -> Decision:
    groups = _groups(user)
    if not groups:
        return Decision(Level.NONE, reason=str(NOT_FOUND))
    now = timezone.now()
    rows = list(
        CaseGroupObjectPermission.objects.filter(content_object=case, group_id__in=list(groups))
        .select_related("permission")
        .order_by("pk")
    )
    current = [r for r in rows if _holds(r, now)]

    def best(codename: str) -> CaseGroupObjectPermission | None:
        matching = [r for r in current if r.permission.codename == codename]
        return min(matching, key=lambda r: _RANK[r.basis]) if matching else None

    if row := best(CHANGE):
        return Decision(Level.FULL, row.basis, groups[row.group_id], can_change=True)
    if row := best(VIEW):
        return Decision(Level.FULL, row.basis, groups[row.group_id])
    if row := best(CARD):
        return Decision(
            Level.CARD, row.basis, groups[row.group_id], reason=_card_reason(row, rows, groups)
        )
    return Decision(Level.NONE, reason=str(NOT_FOUND))


def _holds(row: CaseGroupObjectPermission, now: dt.datetime) -> bool:
    return (row.valid_from is None or row.valid_from <= now) and (
        row.valid_until is None or now < row.valid_until
    )


def _card_reason(
    card: CaseGroupObjectPermission,
    rows: Sequence[CaseGroupObjectPermission],
    groups: dict[int, Agency],
) -> str:
    agency = groups[card.group_id]
    lapsed_grants = [
        r
        for r in rows
        if r.basis == Basis.MEETING and r.permission.codename == VIEW and r.valid_until
    ]
    if card.basis == Basis.TEAM:
        return str(MISSING_CONSENT % {"agency": agency.name})
    if card.basis == Basis.MEETING and lapsed_grants:
        ended = max(r.valid_until for r in lapsed_grants)
        return str(
            GRANT_EXPIRED
            % {"agency": agency.name, "date": timezone.localtime(ended).strftime("%Y-%m-%d")}
        )
    if card.basis == Basis.REFERRAL:
        return str(REFERRAL_ONLY % {"agency": agency.name})
    return str(MISSING_CONSENT % {"agency": agency.name})


def household_decision(user: User | AnonymousUser, household: Household) -> Decision:
    """A household is read in full by its registering agency and by any agency that may
    read one of its cases; an agency that only knows one of its cases sees the card."""
    agencies = {a.pk: a for a in case_agencies(user)}
    if household.owner_agency_id in agencies:
        return Decision(Level.FULL, Basis.OWNER, agencies[household.owner_agency_id], True)
    decisions = [case_decision(user, case) for case in household.cases.all()]
    full = [d for d in decisions if d.level == Level.FULL]
    if full:
        best = min(full, key=lambda d: _RANK[Basis(d.basis)])
        return Decision(Level.FULL, best.basis, best.agency, can_change=best.can_change)
    cards = [d for d in decisions if d.level == Level.CARD]
    if cards:
        return cards[0]
    return Decision(Level.NONE, reason=str(NOT_FOUND))


def person_decision(user: User | AnonymousUser, person: Person) -> Decision:
    agencies = {a.pk: a for a in case_agencies(user)}
    if person.owner_agency_id in agencies:
        return Decision(Level.FULL, Basis.OWNER, agencies[person.owner_agency_id], True)
    households = Household.objects.filter(memberships__person=person).distinct()
    decisions = [household_decision(user, h) for h in households]
    full = [d for d in decisions if d.level == Level.FULL]
    if full:
        return min(full, key=lambda d: _RANK[Basis(d.basis)])
    cards = [d for d in decisions if d.level == Level.CARD]
    return cards[0] if cards else Decision(Level.NONE, reason=str(NOT_FOUND))


# --- fetching with a decision: what views and endpoints call ---------------------------


def case_for(
    user: User | AnonymousUser,
    pk: int,
    *,
    change: bool = False,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[Case, Decision]:
    """The case and the user's decision; raises Http404 for strangers, CardOnly (403) for
    an agency that knows the case but may not read it, PermissionDenied to a reader who may
    not change it. A successful read is logged."""
    case = (
        Case.objects.select_related("household", "owner_agency", "worker").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if case is None:
        raise Http404(NOT_FOUND)
    decision = case_decision(user, case)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.level == Level.CARD:
        raise CardOnly(decision, case=case)
    if change and not decision.can_change:
        raise PermissionDenied(CHANGE_NEEDS_OWNER % {"basis": Basis(decision.basis).label})
    log_reads(user, [case], decision, channel=channel, request=request)
    return case, decision


def household_for(
    user: User | AnonymousUser,
    pk: int,
    *,
    change: bool = False,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[Household, Decision]:
    household = Household.objects.select_related("owner_agency", "area").filter(pk=pk).first()
    if household is None:
        raise Http404(NOT_FOUND)
    decision = household_decision(user, household)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.level == Level.CARD:
        raise CardOnly(decision, household=household)
    if change and not decision.can_change:
        raise PermissionDenied(CHANGE_NEEDS_OWNER % {"basis": Basis(decision.basis).label})
    log_reads(user, [household], decision, channel=channel, request=request)
    return household, decision


def person_for(
    user: User | AnonymousUser,
    pk: int,
    *,
    change: bool = False,
    request: HttpRequest | None = None,
    channel: str = AccessLog.Channel.WEB,
) -> tuple[Person, Decision]:
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404(NOT_FOUND)
    decision = person_decision(user, person)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.level == Level.CARD:
        raise PermissionDenied(decision.reason)
    if change and not decision.can_change:
        raise PermissionDenied(CHANGE_NEEDS_OWNER % {"basis": Basis(decision.basis).label})
    log_reads(user, [person], decision, channel=channel, request=request)
    return person, decision


def require_change(
    user: User | AnonymousUser, case: Case, *, meeting_decision: bool = False
) -> Decision:
    """For services: the actor must be staff of the intake or lead agency.

    `meeting_decision`: the change applies a decision taken at a 支援会議 or 重層的支援会議
    where the case was on the agenda; the coordinator recording it may apply it if they may
    read the case (the meetings app checks the meeting and the agenda)."""
    decision = case_decision(user, case)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if (
        meeting_decision
        and decision.level == Level.FULL
        and any(m.role == Membership.Role.COORDINATOR for m in case_memberships(user))
    ):
        return Decision(Level.FULL, decision.basis, decision.agency, can_change=True)
    if not decision.can_change:
        raise PermissionDenied(
            decision.reason
            if decision.level == Level.CARD
            else CHANGE_NEEDS_OWNER % {"basis": Basis(decision.basis).label}
        )
    return decision


def require_view(user: User | AnonymousUser, case: Case) -> Decision:
    decision = case_decision(user, case)
    if decision.level == Level.NONE:
        raise Http404(NOT_FOUND)
    if decision.level == Level.CARD:
        raise CardOnly(decision, case=case)
    return decision


def can_see_address(user: User | AnonymousUser, household: Household) -> bool:
    """Rule 6 (住所秘匿): if a current member's address is confidential, only the registering
    agency and the intake/lead agencies of the household's cases see it."""
    confidential = household.memberships.filter(
        ended_on__isnull=True, person__address_confidential=True
    ).exists()
    if not confidential:
        return True
    agencies = [a.pk for a in case_agencies(user)]
    if household.owner_agency_id in agencies:
        return True
    return visible_cases(user, codename=CHANGE).filter(household=household).exists()


def visible_addresses(user: User, households: Iterable[Household]) -> set[int]:
    """can_see_address for a whole page in at most one query: the households (with
    `current_memberships` prefetched) whose address the user may see."""
    households = list(households)
    agencies = {a.pk for a in case_agencies(user)}
    restricted = [
        h.pk
        for h in households
        if h.owner_agency_id not in agencies
        and any(m.person.address_confidential for m in h.current_memberships)
    ]
    visible = {h.pk for h in households} - set(restricted)
    if restricted:
        visible |= set(
            visible_cases(user, codename=CHANGE)
            .filter(household_id__in=restricted)
            .values_list("household_id", flat=True)
        )
    return visible


def referral_visible_to(user: User | AnonymousUser, referral: Referral) -> bool:
    """The sending and receiving agencies see the referral itself (its summary is the
    minimum the sender chose to share)."""
    agencies = {a.pk for a in case_agencies(user)}
    return referral.from_agency_id in agencies or referral.to_agency_id in agencies


def can_answer_referral(user: User | AnonymousUser, referral: Referral) -> bool:
    return referral.to_agency_id in {a.pk for a in case_agencies(user)}


# --- the read log -----------------------------------------------------------------------

_KIND = {
    Case: AccessLog.Kind.CASE,
    Household: AccessLog.Kind.HOUSEHOLD,
    Person: AccessLog.Kind.PERSON,
}


def log_reads(
    user: User | AnonymousUser,
    objects: Iterable[Case | Household | Person],
    decision: Decision | None = None,
    *,
    channel: str = AccessLog.Channel.WEB,
    request: HttpRequest | None = None,
    action: str = "view",
    basis: str | None = None,
) -> None:
    """Rule 7: one row per record read, written in one INSERT."""
    if not user.is_authenticated:
        return
    agency = decision.agency if decision else None
    if agency is None:
        memberships = case_memberships(user)
        agency = memberships[0].agency if memberships else None
    path = request.get_full_path()[:300] if request is not None else ""
    AccessLog.objects.bulk_create(
        AccessLog(
            user=user,
            username=user.get_username(),
            agency=agency,
            kind=_KIND[type(obj)],
            object_id=obj.pk,
            basis=(decision.basis if decision else basis) or Basis.OWNER,
            channel=channel,
            action=action,
            path=path,
        )
        for obj in objects
    )


def _best_bases(user: User | AnonymousUser, rows_filter: Q, key: str) -> dict[int, str]:
    best: dict[int, str] = {}
    for pk, basis in _rows(user, VIEW).filter(rows_filter).values_list(key, "basis"):
        if pk not in best or _RANK[Basis(basis)] < _RANK[Basis(best[pk])]:
            best[pk] = basis
    return best


def case_bases(user: User | AnonymousUser, case_ids: Iterable[int]) -> dict[int, str]:
    """The best basis on which the user may read each of these cases now (absent: may
    not read it). One query, whatever the number of cases."""
    return _best_bases(user, Q(content_object_id__in=list(case_ids)), "content_object_id")


def log_list_reads(
    user: User | AnonymousUser,
    objects: Sequence[Case | Household | Person],
    *,
    channel: str = AccessLog.Channel.WEB,
    request: HttpRequest | None = None,
    action: str = "list",
) -> None:
    """Rule 7 for lists and search results: one row per record shown, each with the basis
    on which it was shown, in two queries whatever the page size (bases, then INSERT)."""
    if not user.is_authenticated or not objects:
        return
    own = {a.pk for a in case_agencies(user)}
    kind = type(objects[0])
    ids = [o.pk for o in objects]
    if kind is Case:
        bases = _best_bases(user, Q(content_object_id__in=ids), "content_object_id")
    elif kind is Household:
        bases = _best_bases(
            user, Q(content_object__household_id__in=ids), "content_object__household_id"
        )
    else:
        bases = _best_bases(
            user,
            Q(content_object__household__memberships__person_id__in=ids),
            "content_object__household__memberships__person_id",
        )
    memberships = case_memberships(user)
    agency = memberships[0].agency if memberships else None
    path = request.get_full_path()[:300] if request is not None else ""
    AccessLog.objects.bulk_create(
        AccessLog(
            user=user,
            username=user.get_username(),
            agency=agency,
            kind=_KIND[kind],
            object_id=obj.pk,
            basis=Basis.OWNER
            if getattr(obj, "owner_agency_id", None) in own
            else bases.get(obj.pk, Basis.OWNER),
            channel=channel,
            action=action,
            path=path,
        )
        for obj in objects
    )


# --- writing the materialised permissions ----------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _permissions() -> dict[str, Permission]:
    return {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="cases",
            content_type__model="case",
            codename__in=[CARD, VIEW, CHANGE],
        )
    }


def recompute_case_permissions(case: Case) -> None:
    """Rebuild the case's rows in CaseGroupObjectPermission from its owner, lead, team,
    consents, grants and referrals. Called by every service that changes one of them."""
    perms = _permissions()
    today = timezone.localdate()
    rows: dict[tuple, CaseGroupObjectPermission] = {}

    def add(agency_group_id: int, codenames, basis, source, start=None, end=None) -> None:
        for codename in codenames:
            key = (agency_group_id, codename, source)
            rows[key] = CaseGroupObjectPermission(
                group_id=agency_group_id,
                permission=perms[codename],
                content_object=case,
                basis=basis,
                source=source,
                valid_from=start,
                valid_until=end,
            )

    groups = dict(Agency.objects.values_list("pk", "group_id"))
    add(groups[case.owner_agency_id], (CARD, VIEW, CHANGE), Basis.OWNER, "owner")
    lead = case.leads.filter(ended_on__isnull=True).first()
    if lead is not None:
        add(groups[lead.agency_id], (CARD, VIEW, CHANGE), Basis.OWNER, "lead")

    team = set(case.team.filter(left_on__isnull=True).values_list("agency_id", flat=True))
    for agency_id in team:
        add(groups[agency_id], (CARD,), Basis.TEAM, f"team:{agency_id}")

    for consent in case.consents.filter(withdrawn_at__isnull=True).prefetch_related("agencies"):
        if consent.valid_until is not None and consent.valid_until < today:
            continue  # expired: nothing to materialise
        covered = (
            team if consent.all_team_agencies else team & {a.pk for a in consent.agencies.all()}
        )
        end = (
            _day_start(consent.valid_until + dt.timedelta(days=1)) if consent.valid_until else None
        )
        for agency_id in covered:
            add(
                groups[agency_id],
                (VIEW,),
                Basis.CONSENT,
                f"consent:{consent.pk}",
                _day_start(consent.valid_from),
                end,
            )

    for grant in case.access_grants.filter(revoked_at__isnull=True):
        group_id = groups[grant.agency_id]
        add(group_id, (CARD,), Basis.MEETING, f"grant:{grant.pk}")
        add(group_id, (VIEW,), Basis.MEETING, f"grant:{grant.pk}", grant.starts_at, grant.ends_at)

    for referral in case.referrals.all():
        add(groups[referral.to_agency_id], (CARD,), Basis.REFERRAL, f"referral:{referral.pk}")

    with transaction.atomic():
        CaseGroupObjectPermission.objects.filter(content_object=case).delete()
        CaseGroupObjectPermission.objects.bulk_create(rows.values())


def grant_meeting_access(
    *,
    case: Case,
    agency: Agency,
    source: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    granted_by: User | None,
) -> AccessGrant:
    """Art. 106-6: let a 支援会議 member agency read a case on the agenda until `ends_at`,
    without consent. The grant lapses by itself; the meetings app calls this on publish."""
    if ends_at <= starts_at:
        raise ValueError("a grant must end after it starts")
    with transaction.atomic():
        grant = AccessGrant(
            case=case,
            agency=agency,
            basis=Basis.MEETING,
            source=source,
            starts_at=starts_at,
            ends_at=ends_at,
            granted_by=granted_by,
        )
        grant.full_clean()
        grant._history_user = granted_by
        grant._change_reason = f"art. 106-6 grant: {source}"
        grant.save()
        recompute_case_permissions(case)
    return grant


def revoke_meeting_access(*, grant: AccessGrant, actor: User | None) -> AccessGrant:
    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant._history_user = actor
        grant._change_reason = "grant revoked"
        grant.save()
        recompute_case_permissions(grant.case)
    return grant


def agencies_not_covered(case: Case, agencies: Iterable[Agency]) -> list[Agency]:
    """Rule 4: which of `agencies` no active consent covers for this case. The intake and
    lead agencies hold the case themselves and are always covered."""
    consents = list(active_consents(case).prefetch_related("agencies"))
    team = set(case.team.filter(left_on__isnull=True).values_list("agency_id", flat=True))
    lead = case.leads.filter(ended_on__isnull=True).values_list("agency_id", flat=True).first()
    uncovered = []
    for agency in agencies:
        if agency.pk in (case.owner_agency_id, lead):
            continue
        if not any(
            (c.all_team_agencies and agency.pk in team) or agency in c.agencies.all()
            for c in consents
        ):
            uncovered.append(agency)
    return uncovered


def active_consents(case: Case) -> QuerySet[Consent]:
    today = timezone.localdate()
    return case.consents.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        withdrawn_at__isnull=True,
        valid_from__lte=today,
    )
