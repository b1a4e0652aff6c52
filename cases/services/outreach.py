"""アウトリーチ等を通じた継続的支援: a case that starts without consent.

Before consent only the owning agency (its outreach workers) reads it — and 支援会議
members under an art. 106-6 grant; team agencies see the card. Contacts are consultations
with an outcome. When consent is obtained the case moves into 多機関協働 and consent-based
sharing opens (cases/access.py rule 2)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access
from cases.models import Case, CaseProject, Consent, Consultation, Household, Person, Project
from cases.services.consents import consent_record
from cases.services.consultations import ConsultationData, _consultation_create
from cases.services.intake import case_open
from core.history import choice_label, save_with_history, with_detail

NOT_OUTREACH = _("This case is not in the outreach project.")
OUTCOME_REQUIRED = _("Record the outcome of the visit.")
ALREADY_CONSENTED = _("Consent has already been obtained for this outreach case.")


def outreach_open(
    *,
    actor: User,
    household: Household,
    title: str,
    referral_source: str,
    informant: str = "",
    agency: Agency | None = None,
    opened_on: dt.date | None = None,
    first_contact: ConsultationData | None = None,
) -> Case:
    """Open a case in the outreach project, without consent: found through 民生委員,
    neighbours, the fire department, a school…"""
    with transaction.atomic():
        case = case_open(
            actor=actor,
            household=household,
            title=title,
            referral_source=referral_source,
            projects=[Project.OUTREACH],
            agency=agency,
            opened_on=opened_on,
            first_consultation=first_contact,
            informant=informant,
        )
    return case


def outreach_contact(
    *,
    actor: User,
    case: Case,
    occurred_at: dt.datetime,
    mode: str,
    outcome: str,
    narrative: str,
    minutes: int = 0,
    stage: str | None = None,
) -> Consultation:
    """A visit attempt or contact and its outcome (不在 / 拒否 / 面会); the stage of the
    relationship moves on as the worker judges."""
    decision = access.require_change(actor, case)
    if not case.projects.filter(project=Project.OUTREACH, ended_on__isnull=True).exists():
        raise ValidationError(NOT_OUTREACH)
    if not outcome:
        raise ValidationError({"outcome": OUTCOME_REQUIRED})
    assert decision.agency is not None  # a change is always on an agency's basis
    with transaction.atomic():
        consultation = _consultation_create(
            actor=actor,
            case=case,
            agency=decision.agency,
            data=ConsultationData(
                occurred_at=occurred_at,
                mode=mode,
                narrative=narrative,
                minutes=minutes,
                projects=[Project.OUTREACH],
            ),
        )
        consultation.outcome = outcome
        save_with_history(
            consultation,
            actor,
            with_detail(gettext_noop("outreach contact"), choice_label(consultation, "outcome")),
        )
        current = Case.objects.select_for_update().get(pk=case.pk)
        new_stage = stage or (
            Case.OutreachStage.BUILDING if outcome == Consultation.Outcome.MET else None
        )
        if new_stage is None and current.outreach_stage == Case.OutreachStage.FOUND:
            new_stage = Case.OutreachStage.TRYING
        if new_stage and new_stage != current.outreach_stage:
            current.outreach_stage = new_stage
            current.version += 1
            save_with_history(
                current,
                actor,
                with_detail(
                    gettext_noop("outreach stage"), choice_label(current, "outreach_stage")
                ),
            )
    return consultation


def outreach_consent_obtained(
    *,
    actor: User,
    case: Case,
    person: Person,
    purposes: list[str],
    method: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    all_team_agencies: bool = True,
    agencies=(),
    scanned_form=None,
    representative: str = "",
    representative_name: str = "",
) -> Consent:
    """The moment consent is obtained: record it, move the case from outreach into
    多機関協働, and consent-based sharing with the team opens at once."""
    access.require_share(actor, case)
    if case.outreach_stage == Case.OutreachStage.CONSENTED:
        raise ValidationError(ALREADY_CONSENTED)
    with transaction.atomic():
        consent = consent_record(
            actor=actor,
            case=case,
            person=person,
            purposes=purposes,
            method=method,
            valid_from=valid_from,
            valid_until=valid_until,
            all_team_agencies=all_team_agencies,
            agencies=agencies,
            scanned_form=scanned_form,
            representative=representative,
            representative_name=representative_name,
        )
        today = timezone.localdate()
        for enrolment in case.projects.filter(project=Project.OUTREACH, ended_on__isnull=True):
            enrolment.ended_on = today
            save_with_history(enrolment, actor, gettext_noop("outreach ended: consent obtained"))
        if not case.projects.filter(project=Project.COLLABORATION, ended_on__isnull=True).exists():
            save_with_history(
                CaseProject(case=case, project=Project.COLLABORATION, started_on=today),
                actor,
                gettext_noop("moved into multi-agency collaboration"),
            )
        current = Case.objects.select_for_update().get(pk=case.pk)
        current.outreach_stage = Case.OutreachStage.CONSENTED
        current.version += 1
        save_with_history(current, actor, gettext_noop("outreach: consent obtained"))
    return consent
