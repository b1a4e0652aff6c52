"""The access policy: the one place that decides whether a user may see, change or widen
access to a household, person, case or anything recorded about a case, and on which legal
basis. Views, the REST API, exports, search, tasks and every service ask it, through
`from cases import access`.

DOMAIN.md "Who may see what", rule by rule (docs/access-rules.md says it in plain words):

1. Staff of the intake agency and of the current lead agency see and change the case, by
   role, and only they may widen who can see it -> `require_change`, `require_share`,
   `require_household_share`; a meeting's decision only through `MeetingAuthority`.
2. A team agency reads the details only while an active consent given for sharing covers
   it, and only the records of the members whose consent it is -> CONSENT rows with their
   window and person (`materialise`), `Decision.persons`, `scoped` / `withheld`.
3. 支援会議 (art. 106-6): a pledged participant (never their agency) reads the meeting
   summary under a bounded grant that lapses by itself -> personal rows in
   CaseUserObjectPermission, `Decision.summary_only`, `require_write`.
4. 重層的支援会議: consent for the meeting purpose covers every attending agency ->
   `agencies_not_covered`.
5. Withdrawal and expiry act at the next request -> `recompute_case_permissions` (locks
   the case row), windows compared with the clock in every query (`filters.window`).
6. Agency-internal records and 住所秘匿 -> `visible_consultations`, `can_see_address`,
   `hidden_phones`; in history, per version: `readable_consultation_version`.
   Many cases at once (an export): `case_decisions`, the same rule in one query a batch;
   many persons (search results, 名寄せ candidates): `person_decisions`; many households
   (a page of the households list): `household_decisions`.
7. Reads are logged under the agency whose basis allowed them -> `log_reads`,
   `log_list_reads`.
   Relations between persons: read by those who may read both persons, changed by those
   who may change both -> `relation_for`, `require_relation_change`,
   `require_person_change`; a relative outside any household is read through the
   household it was recorded with (`person_decision`).
8. Refusals: a stranger gets the same 404 as for a missing record; an agency that knows the
   record gets a 403 naming what is missing -> `case_for`, `household_for`, `person_for`.

名寄せ (two records of one person made one): an agency that may change both records and sees
their addresses -> `require_merge`, `merge_decision`; undone by its supervisors ->
`require_merge_undo`; the merge's record read by its staff -> `require_merge_read`.
名寄せ at intake: a possible match the worker may read is offered, one they may not read
says only that the hub can connect them, a 住所秘匿 one nothing at all outside its agency;
the hub's coordinators handle the requests -> `match_result`, `hub_agencies`
(cases/access/matching.py).

Who reads the log itself: the privacy officers (the hub's the city's, another agency's
the rows logged under it) -> `audit_scope`, `require_audit`, `log_audit`; one case's readers
its intake and lead supervisors -> `may_read_log`, `case_reads`.
"""

from cases.access.attachments import (
    assessment_for,
    attachment_by_id,
    attachment_for,
    consultation_for,
    require_attach,
    shown_attachments,
)
from cases.access.audit import (
    AUDIT_ACTIONS,
    AUDIT_EXPORT,
    AUDIT_SEARCH,
    AUDIT_VIEW,
    AUDITORS_ONLY,
    LogScope,
    audit_scope,
    case_reads,
    log_audit,
    may_audit,
    require_audit,
)
from cases.access.base import (
    ASK_THE_LEAD,
    CARD,
    CASE_ROLES,
    CHANGE,
    CHANGE_NEEDS_OWNER,
    GRANT_EXPIRED,
    GRANT_READ_ONLY,
    GRANT_SUMMARY_ONLY,
    MEMBER_CONSENT_MISSING,
    MISSING_CONSENT,
    NO_CASE_ROLE,
    NOT_FOUND,
    READ_LOG_SUPERVISORS,
    REFERRAL_ONLY,
    SHARE_NEEDS_OWNER,
    VIEW,
    CardOnly,
    Decision,
    Level,
    can_work_on_cases,
    case_agencies,
    case_memberships,
    lead_agency,
    lead_agency_id,
    may_read_grants,
    may_read_log,
    minimal_card,
    require_case_role,
    require_read_log,
    supervises_case,
)
from cases.access.bulk import case_decisions, household_decisions, person_decisions
from cases.access.decisions import (
    ADDRESS_FIELDS,
    ECO_LINK_NOT_YOURS,
    HOUSEHOLD_GRANT_READ_ONLY,
    MEETING_CANNOT_DECIDE,
    MEMBER_NOT_COVERED,
    MeetingAuthority,
    active_consents,
    agencies_not_covered,
    can_answer_referral,
    can_see_address,
    case_decision,
    hidden_phones,
    household_decision,
    organises_support_meetings,
    person_decision,
    referral_visible_to,
    require_change,
    require_eco_link_change,
    require_household_share,
    require_household_write,
    require_share,
    require_view,
    require_write,
    visible_addresses,
)
from cases.access.family import (
    RELATION_PERSON_UNREAD,
    relation_for,
    require_person_change,
    require_relation_change,
)
from cases.access.fetch import case_for, household_for, person_for
from cases.access.filters import (
    NARROW_READER,
    REFERRAL_CONTENT,
    readable_consultation_version,
    readable_household_ids,
    readable_person_version,
    records_about,
    referral_version_withheld,
    scoped,
    visible_among,
    visible_cases,
    visible_consultations,
    visible_households,
    visible_persons,
    withheld,
)
from cases.access.log import case_bases, log_decided_reads, log_list_reads, log_reads
from cases.access.matching import (
    HUB_ONLY,
    ONLY_REQUESTER,
    RECORD_ELSEWHERE,
    Match,
    MatchResult,
    handles_match_requests,
    hub_agencies,
    log_match_reads,
    match_result,
    may_know_request,
    require_hub_for,
    require_requester,
)
from cases.access.materialise import case_rows, lock_case, recompute_case_permissions
from cases.access.merge import (
    MERGE_ADDRESS_HIDDEN,
    MERGE_NEEDS_HOLDER,
    MERGE_ONE_AGENCY,
    MERGE_RECORD_AGENCY_ONLY,
    UNDO_SUPERVISORS_ONLY,
    may_merge,
    may_read_merge,
    may_undo_merge,
    merge_decision,
    require_merge,
    require_merge_read,
    require_merge_undo,
)
from cases.access.reports import (
    NO_FIGURES,
    NOT_YOUR_FIGURES,
    ReportScope,
    may_see_figures,
    report_scope,
    sees_city_figures,
)
from cases.models.access import Basis

__all__ = [
    "ADDRESS_FIELDS",
    "ASK_THE_LEAD",
    "AUDITORS_ONLY",
    "AUDIT_ACTIONS",
    "AUDIT_EXPORT",
    "AUDIT_SEARCH",
    "AUDIT_VIEW",
    "CARD",
    "CASE_ROLES",
    "CHANGE",
    "CHANGE_NEEDS_OWNER",
    "ECO_LINK_NOT_YOURS",
    "GRANT_EXPIRED",
    "GRANT_READ_ONLY",
    "GRANT_SUMMARY_ONLY",
    "HOUSEHOLD_GRANT_READ_ONLY",
    "HUB_ONLY",
    "MEETING_CANNOT_DECIDE",
    "MEMBER_CONSENT_MISSING",
    "MEMBER_NOT_COVERED",
    "MERGE_ADDRESS_HIDDEN",
    "MERGE_NEEDS_HOLDER",
    "MERGE_ONE_AGENCY",
    "MERGE_RECORD_AGENCY_ONLY",
    "MISSING_CONSENT",
    "NARROW_READER",
    "NOT_FOUND",
    "NOT_YOUR_FIGURES",
    "NO_CASE_ROLE",
    "NO_FIGURES",
    "ONLY_REQUESTER",
    "READ_LOG_SUPERVISORS",
    "RECORD_ELSEWHERE",
    "REFERRAL_CONTENT",
    "REFERRAL_ONLY",
    "RELATION_PERSON_UNREAD",
    "SHARE_NEEDS_OWNER",
    "UNDO_SUPERVISORS_ONLY",
    "VIEW",
    "Basis",
    "CardOnly",
    "Decision",
    "Level",
    "LogScope",
    "Match",
    "MatchResult",
    "MeetingAuthority",
    "ReportScope",
    "active_consents",
    "agencies_not_covered",
    "assessment_for",
    "attachment_by_id",
    "attachment_for",
    "audit_scope",
    "can_answer_referral",
    "can_see_address",
    "can_work_on_cases",
    "case_agencies",
    "case_bases",
    "case_decision",
    "case_decisions",
    "case_for",
    "case_memberships",
    "case_reads",
    "case_rows",
    "consultation_for",
    "handles_match_requests",
    "hidden_phones",
    "household_decision",
    "household_decisions",
    "household_for",
    "hub_agencies",
    "lead_agency",
    "lead_agency_id",
    "lock_case",
    "log_audit",
    "log_decided_reads",
    "log_list_reads",
    "log_match_reads",
    "log_reads",
    "match_result",
    "may_audit",
    "may_know_request",
    "may_merge",
    "may_read_grants",
    "may_read_log",
    "may_read_merge",
    "may_see_figures",
    "may_undo_merge",
    "merge_decision",
    "minimal_card",
    "organises_support_meetings",
    "person_decision",
    "person_decisions",
    "person_for",
    "readable_consultation_version",
    "readable_household_ids",
    "readable_person_version",
    "recompute_case_permissions",
    "records_about",
    "referral_version_withheld",
    "referral_visible_to",
    "relation_for",
    "report_scope",
    "require_attach",
    "require_audit",
    "require_case_role",
    "require_change",
    "require_eco_link_change",
    "require_household_share",
    "require_household_write",
    "require_hub_for",
    "require_merge",
    "require_merge_read",
    "require_merge_undo",
    "require_person_change",
    "require_read_log",
    "require_relation_change",
    "require_requester",
    "require_share",
    "require_view",
    "require_write",
    "scoped",
    "sees_city_figures",
    "shown_attachments",
    "supervises_case",
    "visible_addresses",
    "visible_among",
    "visible_cases",
    "visible_consultations",
    "visible_households",
    "visible_persons",
    "withheld",
]
