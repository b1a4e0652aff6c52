"""Consultations: the contacts an agency records with the household."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access
from cases.models import Case, Consultation, Person, Project
from cases.services import columns
from cases.services.cases import PERSON_NOT_IN_HOUSEHOLD, _open_check, _projects
from cases.services.common import acting_agency, require_acting_for
from core.concurrency import lock_current
from core.dates import not_in_future
from core.history import save_with_history


@dataclass
class ConsultationData:
    occurred_at: dt.datetime
    mode: str
    narrative: str
    minutes: int = 0
    projects: list[str] = field(default_factory=lambda: [Project.CONSULTATION])
    person: Person | None = None
    is_internal: bool = False


def _consultation_create(
    *, actor: User, case: Case, agency: Agency, data: ConsultationData
) -> Consultation:
    not_in_future("occurred_at", data.occurred_at)
    if (
        data.person is not None
        and not data.person.memberships.filter(household=case.household).exists()
    ):
        raise ValidationError({"person": PERSON_NOT_IN_HOUSEHOLD})
    consultation = Consultation(
        case=case,
        agency=agency,
        staff=actor,
        occurred_at=data.occurred_at,
        mode=data.mode,
        minutes=data.minutes,
        narrative=data.narrative,
        projects=_projects(data.projects),
        person=data.person,
        is_internal=data.is_internal,
    )
    save_with_history(consultation, actor, gettext_noop("consultation logged"))
    columns.contact_logged(case, consultation.occurred_at)
    return consultation


def consultation_log(
    *, actor: User, case: Case, data: ConsultationData, agency: Agency | None = None
) -> Consultation:
    """Any agency that may read the case records its own contacts with the household."""
    decision = access.require_write(actor, case, person=data.person)
    _open_check(case)
    agency = acting_agency(actor, agency or decision.agency)
    with transaction.atomic():
        return _consultation_create(actor=actor, case=case, agency=agency, data=data)


def consultation_update(
    *,
    actor: User,
    consultation: Consultation,
    expected_version: int | None,
    data: dict[str, Any],
) -> Consultation:
    """Only the recording agency corrects its record; history keeps the earlier text."""
    access.require_write(actor, consultation.case, person=consultation.person)
    require_acting_for(actor, consultation.agency)
    not_in_future("occurred_at", data.get("occurred_at"))
    if "projects" in data:
        data["projects"] = _projects(data["projects"])
    with transaction.atomic():
        current = lock_current(consultation, expected_version=expected_version)
        for name in ("occurred_at", "mode", "minutes", "narrative", "projects", "is_internal"):
            if name in data:
                setattr(current, name, data[name])
        save_with_history(current, actor, gettext_noop("consultation corrected"))
        if "occurred_at" in data:
            columns.refresh([current.case_id])
        return current
