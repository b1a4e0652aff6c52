"""What a decision looks like, the refusals it can give, and who the user acts for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.db import router
from django.utils.translation import gettext_lazy as _

from agencies import access as agency_access
from agencies.models import Agency, Membership, User
from cases.models import Case, Household
from cases.models.access import Basis
from core.api import errors as api_errors
from core.refusals import Refusal

CASE_ROLES = frozenset(
    {Membership.Role.CASEWORKER, Membership.Role.COORDINATOR, Membership.Role.SUPERVISOR}
)

CARD = "view_case_card"
VIEW = "view_case"
CHANGE = "change_case"

# One wording for every "nothing there for you": the API's router 404s use it too.
NOT_FOUND = api_errors.NOT_FOUND
MISSING_CONSENT = _(
    "%(agency)s is on this case's team, but no active consent of the person covers sharing "
    "the case with it (none was given, it was withdrawn, it has expired, or it was recorded "
    "before your agency joined and has not been extended to it). Ask the lead agency to "
    "record the person's consent."
)
GRANT_EXPIRED = _(
    "The reading period granted to you by the 支援会議 (art. 106-6) ended on %(date)s. "
    "Obtain the person's consent to keep sharing."
)
REFERRAL_ONLY = _(
    "This case was referred to %(agency)s. Accept the referral from the referral inbox; the "
    "details become visible once the person's consent covers your agency."
)
CHANGE_NEEDS_OWNER = _(
    "Only the intake agency or the lead agency of this case may change it. Your agency can "
    "read it on the basis: %(basis)s."
)
SHARE_NEEDS_OWNER = _(
    "Only the intake agency or the lead agency of this case may widen who can see it (team, "
    "referrals, lead, consent, meetings). Your agency reads it on the basis: %(basis)s. Ask "
    "the lead agency, %(lead)s."
)
ASK_THE_LEAD = _(
    "Your agency can read this household's case but does not hold it, so it cannot open a "
    "case of its own on it. Ask the lead agency, %(lead)s, to add you to the team "
    "(a join request)."
)
GRANT_READ_ONLY = _(
    "Under a 支援会議 grant (art. 106-6) you read the meeting summary of this case; you "
    "cannot record anything on it. Ask the lead agency, %(lead)s."
)
GRANT_SUMMARY_ONLY = _(
    "Under a 支援会議 grant (art. 106-6) you see the meeting summary of this case only: "
    "narratives, history, assessments and scanned forms need the person's consent."
)
MEMBER_CONSENT_MISSING = _(
    "This record is about %(person)s, whose own consent (or a representative's) does not "
    "cover your agency."
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
    """What a user may do with one record, and why.

    `can_change` is held by staff of the intake and lead agency only: they change the case
    and are the only ones who may widen who can see it (share). `persons` limits which
    members' person-level records a consent reader sees (None: every member)."""

    level: Level
    basis: str | None = None
    agency: Agency | None = None
    can_change: bool = False
    reason: str = ""
    persons: frozenset[int] | None = None
    # The ids of the agencies `reason` names (core.refusals.Refusal carries them).
    reason_agencies: tuple[int, ...] = ()

    @property
    def can_view(self) -> bool:
        return self.level == Level.FULL

    @property
    def can_share(self) -> bool:
        return self.level == Level.FULL and self.can_change

    @property
    def summary_only(self) -> bool:
        """Art. 106-6 readers see the meeting summary, not the full record."""
        return self.level == Level.FULL and self.basis == Basis.MEETING

    @property
    def can_write(self) -> bool:
        """May record on the case (its own consultations, concerns): any full reader except
        one reading under a 106-6 grant."""
        return self.level == Level.FULL and not self.summary_only

    def covers(self, person_id: int | None) -> bool:
        """Whether a record about this person (None: the household) may be shown."""
        return person_id is None or self.persons is None or person_id in self.persons

    @property
    def basis_label(self) -> str:
        return str(Basis(self.basis).label) if self.basis else ""


class CardOnly(Refusal):
    """403 for an agency that knows the record exists: carries the minimal card to show."""

    def __init__(
        self, decision: Decision, case: Case | None = None, household: Household | None = None
    ) -> None:
        super().__init__(decision.reason, agencies=decision.reason_agencies)
        self.decision = decision
        self.case = case
        self.household = household

    @property
    def card(self) -> dict[str, Any] | None:
        """The minimal card (rule 2): that the case exists, the lead agency and its contact."""
        return minimal_card(self.case) if self.case is not None else None


def lead_agency_id(case: Case) -> int:
    """The id of the current lead agency (主導役), or of the intake agency if none is
    recorded. Read from the case's `lead_agency` column, which the cases services keep in
    the transaction that changes the lead (cases/services/columns.py): no query. The
    permission rows themselves are computed from the LeadAssignment facts (materialise)."""
    return case.lead_agency_id or case.owner_agency_id


def supervises_case(user: User | AnonymousUser, case: Case) -> bool:
    """A supervisor of the case's intake agency or of its current lead agency: who decides
    on a closure and reviews a long-running case."""
    deciding = {case.owner_agency_id, lead_agency_id(case)}
    return any(
        m.role == Membership.Role.SUPERVISOR and m.agency_id in deciding
        for m in case_memberships(user)
    )


READ_LOG_SUPERVISORS = _(
    "Only a supervisor of the intake or lead agency may read who read this case."
)


def may_read_log(user: User | AnonymousUser, case: Case) -> bool:
    """Who read one case, and on which basis: the supervisors of its intake and current lead
    agencies, who answer for its sharing (otherwise only superusers, in the admin)."""
    return supervises_case(user, case)


def may_read_grants(decision: Decision) -> bool:
    """Who else was given access to the case under art. 106-6 (its grants, and their
    history): the holders of the case, who decide on its sharing (rule 1), as they alone
    widen it. A reader by consent does not learn whom a meeting let read the case."""
    return decision.can_share


def require_read_log(user: User | AnonymousUser, case: Case) -> None:
    if not may_read_log(user, case):
        raise PermissionDenied(READ_LOG_SUPERVISORS)


def lead_agency(case: Case) -> Agency:
    """The current lead agency (主導役), or the intake agency if none is recorded (the
    column, as `lead_agency_id`; one query unless the case was read with it)."""
    lead = case.lead_agency if case.lead_agency_id is not None else None
    return lead if lead is not None else case.owner_agency


def minimal_card(case: Case) -> dict[str, Any]:
    agency = lead_agency(case)
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


_PERMISSION_IDS: dict[str, dict[str, int]] = {}


def permission_id(codename: str) -> int:
    """The id of one of the case permissions, read once per process and database (lists
    then compare a constant instead of joining auth_permission and django_content_type for
    every candidate row). The cache is emptied whenever migrations run (a test database
    flushed and re-populated gets new ids)."""
    alias = router.db_for_read(Permission)
    ids = _PERMISSION_IDS.get(alias)
    if ids is None or codename not in ids:
        ids = dict(
            Permission.objects.using(alias)
            .filter(
                content_type__app_label="cases",
                content_type__model="case",
                codename__in=[CARD, VIEW, CHANGE],
            )
            .values_list("codename", "pk")
        )
        _PERMISSION_IDS[alias] = ids
    return ids[codename]


def _cached_codename(permission_pk: int) -> str | None:
    permission_id(CARD)  # fills the cache
    ids = _PERMISSION_IDS[router.db_for_read(Permission)]
    return next((code for code, pk in ids.items() if pk == permission_pk), None)


def codename_of(permission_pk: int) -> str:
    code = _cached_codename(permission_pk)
    if code is None:
        _PERMISSION_IDS.clear()  # ids from before a flush: read them again
        code = _cached_codename(permission_pk)
    if code is None:
        raise LookupError(permission_pk)
    return code


def forget_permission_ids(**kwargs: object) -> None:
    _PERMISSION_IDS.clear()


def groups_of(user: User | AnonymousUser) -> dict[int, Agency]:
    return {m.agency.group_id: m.agency for m in case_memberships(user)}


def can_work_on_cases(user: User | AnonymousUser) -> bool:
    return bool(case_memberships(user))


def require_case_role(user: User | AnonymousUser) -> None:
    if not can_work_on_cases(user):
        raise PermissionDenied(NO_CASE_ROLE)
