"""Who reads the read log (rule 7's log, `AccessLog`), over which rows, and how their own
reading of it is recorded.

- The **privacy officer of a hub agency** (個人情報保護管理者, role `auditor` at an agency
  with `is_hub`: the city's 福祉総合相談課) reads the whole city's log: every row, whoever
  read and under whichever agency (rows whose agency was removed included).
- The **privacy officer of any other agency** reads only the rows logged *under* that
  agency: the reads its staff made on the basis that agency holds (its cases, its consents,
  a 106-6 grant its pledged member attended for). Not the reads other agencies made of its
  cases (the hub's officer answers that), and not what its staff read for another agency
  they also work at. Several such memberships: the rows of each of those agencies.
- **Anyone else** — supervisors, administrators, report viewers, superusers without an
  auditor membership — is refused with `AUDITORS_ONLY` (403: a role-gated page, no record).
  A case's own readers are shown to its intake and lead supervisors on the case page
  (`may_read_log`), and to superusers in the admin.

What the officer reads through the viewer is itself written to the log (`log_audit`), as
rows with an `AUDIT_ACTIONS` action, under the agency whose auditor membership gave the
scope: the person looked up (each candidate of a name search, and the person chosen), the
case filtered on, and on an export the same with channel `export`. They carry no basis
(an officer reads no case on a case basis: `basis` is empty), are seen in the viewer by
the officers whose scope holds them, and are left out of what a case's supervisors are
shown (`case_reads`), so a review of a supervisor's reading is not announced to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from agencies import access as agency_access
from agencies.models import Agency, Membership, User
from cases.access.log import _write
from cases.models import AccessLog

AUDITORS_ONLY = _(
    "Only a privacy officer (個人情報保護管理者) may read the read log. Who read one case is "
    "shown to the supervisors of its intake and lead agencies on the case page."
)

AUDIT_VIEW = "audit"
AUDIT_SEARCH = "audit_search"
AUDIT_EXPORT = "audit_export"
AUDIT_ACTIONS = frozenset({AUDIT_VIEW, AUDIT_SEARCH, AUDIT_EXPORT})


@dataclass(frozen=True)
class LogScope:
    """The rows of the read log one privacy officer reads: the city's (`city`) or those
    logged under `agency_ids`. `agency` is the agency their own use of the log is recorded
    under (the hub for the city's officer)."""

    city: bool
    agency_ids: frozenset[int]
    agency: Agency

    def rows(self, queryset: QuerySet[AccessLog] | None = None) -> QuerySet[AccessLog]:
        rows = AccessLog.objects.all() if queryset is None else queryset
        return rows if self.city else rows.filter(agency_id__in=self.agency_ids)

    def covers_agency(self, agency_id: int | None) -> bool:
        return self.city or agency_id in self.agency_ids


def _auditor_memberships(user: User | AnonymousUser) -> list[Membership]:
    if not user.is_authenticated or not user.is_active:
        return []
    return [m for m in agency_access.active_memberships(user) if m.role == Membership.Role.AUDITOR]


def audit_scope(user: User | AnonymousUser) -> LogScope | None:
    """The rows this user may read in the read-log viewer, or None: not a privacy officer.
    Memberships are read once per request (agencies.access.active_memberships)."""
    memberships = _auditor_memberships(user)
    if not memberships:
        return None
    hubs = [m.agency for m in memberships if m.agency.is_hub]
    if hubs:
        return LogScope(city=True, agency_ids=frozenset(), agency=hubs[0])
    return LogScope(
        city=False,
        agency_ids=frozenset(m.agency_id for m in memberships),
        agency=memberships[0].agency,
    )


def may_audit(user: User | AnonymousUser) -> bool:
    """Whether the user may open the read-log viewer and the list of unusual reading."""
    return audit_scope(user) is not None


def require_audit(user: User | AnonymousUser) -> LogScope:
    scope = audit_scope(user)
    if scope is None:
        raise PermissionDenied(AUDITORS_ONLY)
    return scope


def log_audit(
    user: User | AnonymousUser,
    scope: LogScope,
    records: Iterable[tuple[str, int]],
    *,
    action: str = AUDIT_VIEW,
    channel: str = AccessLog.Channel.WEB,
    request: HttpRequest | None = None,
) -> None:
    """The officer's own reading: one row per (kind, id) named, in one INSERT, under the
    scope's agency, with the request's path (the filters used) and no basis."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(action)
    if not user.is_authenticated:
        return
    path = request.get_full_path()[:300] if request is not None else ""
    _write(
        [
            AccessLog(
                user=user,
                username=user.get_username(),
                agency=scope.agency,
                kind=kind,
                object_id=object_id,
                basis="",
                channel=channel,
                action=action,
                path=path,
            )
            for kind, object_id in dict.fromkeys(records)
        ]
    )


def case_reads(case_id: int) -> QuerySet[AccessLog]:
    """Reads of one case that its intake and lead supervisors are shown (`may_read_log`):
    everyone's but the privacy officers' reviews."""
    return AccessLog.objects.filter(kind=AccessLog.Kind.CASE, object_id=case_id).exclude(
        action__in=AUDIT_ACTIONS
    )
