"""Households, persons, cases and everything recorded about them.

Split by subject; import from `cases.models` as usual."""

from cases.models.access import (
    AccessGrant,
    AccessLog,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
)
from cases.models.attachment import Attachment
from cases.models.case import (
    Case,
    CaseProject,
    CaseTeam,
    Closure,
    Concern,
    LeadAssignment,
    Project,
)
from cases.models.consent import Consent, ConsentExtension
from cases.models.family import EcoLink, MatchRequest, PersonMerge, PersonRelation
from cases.models.household import Household, HouseholdMembership, Person
from cases.models.records import Assessment, Consultation, PlanAction, SupportPlan
from cases.models.referral import Referral

__all__ = [
    "AccessGrant",
    "AccessLog",
    "Assessment",
    "Attachment",
    "Case",
    "CaseGroupObjectPermission",
    "CaseProject",
    "CaseTeam",
    "CaseUserObjectPermission",
    "Closure",
    "Concern",
    "Consent",
    "ConsentExtension",
    "Consultation",
    "EcoLink",
    "Household",
    "HouseholdMembership",
    "LeadAssignment",
    "MatchRequest",
    "Person",
    "PersonMerge",
    "PersonRelation",
    "PlanAction",
    "Project",
    "Referral",
    "SupportPlan",
]
