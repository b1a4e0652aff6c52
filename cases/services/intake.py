"""Taking a household in: opening a case, and the quick intake that also creates the
household and logs the first consultation."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access
from cases.models import Case, CaseProject, CaseTeam, Household, LeadAssignment, Project
from cases.services import columns
from cases.services.cases import NEED_PROJECT, _projects
from cases.services.common import acting_agency
from cases.services.consultations import ConsultationData, _consultation_create
from cases.services.households import PersonData, household_create
from core.dates import not_in_future
from core.history import save_with_history


def case_open(
    *,
    actor: User,
    household: Household,
    title: str,
    referral_source: str,
    projects: list[str],
    agency: Agency | None = None,
    opened_on: dt.date | None = None,
    first_consultation: ConsultationData | None = None,
    informant: str = "",
) -> Case:
    """Open a case for a household: the intake agency owns it, leads it and is on its team.
    A case opened in the outreach project starts at the stage 'found', without consent."""
    agency = acting_agency(actor, agency)
    try:
        # Opening a case makes the agency an owner: only those who hold the household may.
        access.require_household_share(actor, household)
    except Http404:
        # The same answer as for a household that does not exist: no leak, no take-over.
        raise ValidationError({"household": access.NOT_FOUND}, code="not_found") from None
    except PermissionDenied as refusal:
        raise ValidationError({"household": str(refusal)}, code="ask_the_lead") from None
    codes = _projects(projects)
    if not codes:
        raise ValidationError({"projects": NEED_PROJECT})
    opened_on = opened_on or timezone.localdate()
    not_in_future("opened_on", opened_on)
    with transaction.atomic():
        case = Case(
            household=household,
            owner_agency=agency,
            title=title,
            referral_source=referral_source,
            opened_on=opened_on,
            worker=actor if actor.kind == actor.Kind.STAFF else None,
            informant=informant,
            outreach_stage=Case.OutreachStage.FOUND if Project.OUTREACH in codes else "",
        )
        save_with_history(case, actor, gettext_noop("case opened"))
        for code in codes:
            save_with_history(
                CaseProject(case=case, project=code, started_on=opened_on),
                actor,
                gettext_noop("enrolled"),
            )
        save_with_history(
            CaseTeam(case=case, agency=agency, role=str(_("intake")), joined_on=opened_on),
            actor,
            gettext_noop("intake agency joins the team"),
        )
        save_with_history(
            LeadAssignment(
                case=case,
                agency=agency,
                started_on=opened_on,
                reason=str(_("Took the consultation in")),
                decided_by=actor,
            ),
            actor,
            gettext_noop("first lead"),
        )
        columns.lead_set(case, agency)
        access.recompute_case_permissions(case)
        if first_consultation is not None:
            _consultation_create(actor=actor, case=case, agency=agency, data=first_consultation)
    return case


def intake(
    *,
    actor: User,
    agency: Agency | None = None,
    household: Household | None = None,
    household_name: str = "",
    members: list[PersonData] | None = None,
    address: str = "",
    postal_code: str = "",
    phone: str = "",
    area=None,
    title: str,
    referral_source: str,
    projects: list[str],
    consultation: ConsultationData,
    opened_on: dt.date | None = None,
    informant: str = "",
) -> Case:
    """Quick intake: a household (new, or an existing one found by search), its persons, a
    case and the first consultation, in one transaction."""
    agency = acting_agency(actor, agency)
    with transaction.atomic():
        if household is None:
            household = household_create(
                actor=actor,
                agency=agency,
                name=household_name,
                members=members or [],
                address=address,
                postal_code=postal_code,
                phone=phone,
                area=area,
                started_on=opened_on,
            )
        return case_open(
            actor=actor,
            agency=agency,
            household=household,
            title=title,
            referral_source=referral_source,
            projects=projects,
            opened_on=opened_on,
            first_consultation=consultation,
            informant=informant,
        )
