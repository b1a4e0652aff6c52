"""Every write to households, cases and what is recorded about them goes through here.

Services take keyword arguments and the acting user, ask cases/access.py whether the actor
may do it, validate with full_clean(), run in one transaction, name the actor and a reason
in history, and recompute the case's materialised permissions when team, lead, consent,
grants or referrals change.

Split by subject: the case record and the checks every case write shares (cases.py),
intake, consultations, team (and lead), plans (concerns, assessments, support plans),
closure (and reopening), households, family (relations, relatives, key person), consents,
referrals, meeting grants, outreach; the derived list columns (columns.py); merging two
records of one person (merge.py)."""

from cases.services.attachments import attachment_add, attachment_remove
from cases.services.cases import case_update
from cases.services.closure import (
    case_reopen,
    closure_approve,
    closure_propose,
    closure_send_back,
)
from cases.services.consents import (
    consent_extend,
    consent_record,
    consent_scan_attach,
    consent_withdraw,
)
from cases.services.consultations import consultation_log, consultation_update
from cases.services.family import (
    key_person_set,
    relation_add,
    relation_remove,
    relation_update,
    relative_add,
)
from cases.services.grants import grant_meeting_access, revoke_meeting_access
from cases.services.households import (
    household_create,
    household_update,
    person_add,
    person_move,
    person_update,
)
from cases.services.intake import case_open, intake
from cases.services.merge import person_merge, person_merge_undo
from cases.services.outreach import outreach_consent_obtained, outreach_contact, outreach_open
from cases.services.plans import (
    assessment_record,
    concern_add,
    plan_action_set_status,
    plan_approve,
    plan_create,
)
from cases.services.referrals import (
    join_request,
    referral_accept,
    referral_return,
    referral_send,
    referral_withdraw,
)
from cases.services.team import lead_change, team_add, team_leave

__all__ = [
    "assessment_record",
    "attachment_add",
    "attachment_remove",
    "case_open",
    "case_reopen",
    "case_update",
    "closure_approve",
    "closure_propose",
    "closure_send_back",
    "concern_add",
    "consent_extend",
    "consent_record",
    "consent_scan_attach",
    "consent_withdraw",
    "consultation_log",
    "consultation_update",
    "grant_meeting_access",
    "household_create",
    "household_update",
    "intake",
    "join_request",
    "key_person_set",
    "lead_change",
    "outreach_consent_obtained",
    "outreach_contact",
    "outreach_open",
    "person_add",
    "person_merge",
    "person_merge_undo",
    "person_move",
    "person_update",
    "plan_action_set_status",
    "plan_approve",
    "plan_create",
    "referral_accept",
    "referral_return",
    "referral_send",
    "referral_withdraw",
    "relation_add",
    "relation_remove",
    "relation_update",
    "relative_add",
    "revoke_meeting_access",
    "team_add",
    "team_leave",
]
