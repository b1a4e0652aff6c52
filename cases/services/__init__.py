"""Every write to households, cases and what is recorded about them goes through here.

Services take keyword arguments and the acting user, ask cases/access.py whether the actor
may do it, validate with full_clean(), run in one transaction, name the actor and a reason
in history, and recompute the case's materialised permissions when team, lead, consent,
grants or referrals change."""

from cases.services.cases import (
    assessment_record,
    case_open,
    case_reopen,
    case_update,
    closure_approve,
    closure_propose,
    closure_send_back,
    concern_add,
    consultation_log,
    consultation_update,
    intake,
    lead_change,
    plan_action_set_status,
    plan_approve,
    plan_create,
    team_add,
    team_leave,
)
from cases.services.consents import consent_extend, consent_record, consent_withdraw
from cases.services.grants import grant_meeting_access, revoke_meeting_access
from cases.services.households import (
    household_create,
    household_update,
    person_add,
    person_move,
    person_update,
)
from cases.services.outreach import outreach_consent_obtained, outreach_contact, outreach_open
from cases.services.referrals import (
    join_request,
    referral_accept,
    referral_return,
    referral_send,
    referral_withdraw,
)

__all__ = [
    "assessment_record",
    "case_open",
    "case_reopen",
    "case_update",
    "closure_approve",
    "closure_propose",
    "closure_send_back",
    "concern_add",
    "consent_extend",
    "consent_record",
    "consent_withdraw",
    "consultation_log",
    "consultation_update",
    "grant_meeting_access",
    "household_create",
    "household_update",
    "intake",
    "join_request",
    "lead_change",
    "outreach_consent_obtained",
    "outreach_contact",
    "outreach_open",
    "person_add",
    "person_move",
    "person_update",
    "plan_action_set_status",
    "plan_approve",
    "plan_create",
    "referral_accept",
    "referral_return",
    "referral_send",
    "referral_withdraw",
    "revoke_meeting_access",
    "team_add",
    "team_leave",
]
