"""Writes on planned contacts. Each asks the case's policy (planning/access.py) and saves
with who and why; a plan that happened becomes a consultation record in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import User
from cases import access as case_access
from cases.models import Case, Consultation, Person
from cases.services import consultation_log
from cases.services.cases import CASE_CLOSED, PERSON_NOT_IN_HOUSEHOLD
from cases.services.common import acting_agency
from cases.services.consultations import ConsultationData
from core.concurrency import lock_current
from core.dates import within_horizon
from core.history import save_with_history, with_detail
from planning.models import PlannedContact

IN_THE_PAST = _("A planned contact lies ahead: give a time from today on.")
NOT_OPEN = _("This planned contact is no longer open.")
WORKER_NOT_STAFF = _("Who goes must be a case worker of the planning agency.")


@dataclass
class PlanData:
    starts_at: dt.datetime
    mode: str
    worker: User | None = None
    minutes: int = 60
    place: str = ""
    purpose: str = ""
    person: Person | None = None


def _check(case: Case, data: PlanData, *, agency_pk: int) -> None:
    if case.status == Case.Status.CLOSED:
        raise ValidationError(CASE_CLOSED)
    if timezone.localtime(data.starts_at).date() < timezone.localdate():
        raise ValidationError({"starts_at": IN_THE_PAST})
    within_horizon("starts_at", data.starts_at)
    if (
        data.person is not None
        and not data.person.memberships.filter(household_id=case.household_id).exists()
    ):
        raise ValidationError({"person": PERSON_NOT_IN_HOUSEHOLD})
    if data.worker is not None and agency_pk not in {
        a.pk for a in case_access.case_agencies(data.worker)
    }:
        raise ValidationError({"worker": WORKER_NOT_STAFF})


def planned_contact_create(*, actor: User, case: Case, data: PlanData) -> PlannedContact:
    """Any agency that may record on the case plans its own contacts with the household."""
    decision = case_access.require_write(actor, case, person=data.person)
    agency = acting_agency(actor, decision.agency)
    _check(case, data, agency_pk=agency.pk)
    planned = PlannedContact(
        case=case,
        agency=agency,
        worker=data.worker or actor,
        created_by=actor,
        starts_at=data.starts_at,
        minutes=data.minutes,
        mode=data.mode,
        place=data.place,
        purpose=data.purpose,
        person=data.person,
    )
    with transaction.atomic():
        return save_with_history(planned, actor, gettext_noop("contact planned"))


def planned_contact_update(
    *, actor: User, planned: PlannedContact, expected_version: int | None, data: PlanData
) -> PlannedContact:
    case_access.require_write(actor, planned.case, person=data.person)
    _check(planned.case, data, agency_pk=planned.agency_id)
    with transaction.atomic():
        current = lock_current(planned, expected_version=expected_version)
        if not current.is_open:
            raise ValidationError(NOT_OPEN)
        for name in ("starts_at", "mode", "minutes", "place", "purpose", "person"):
            setattr(current, name, getattr(data, name))
        current.worker = data.worker or current.worker
        return save_with_history(current, actor, gettext_noop("planned contact changed"))


def planned_contact_cancel(
    *, actor: User, planned: PlannedContact, expected_version: int | None, reason: str
) -> PlannedContact:
    case_access.require_write(actor, planned.case, person=planned.person)
    with transaction.atomic():
        current = lock_current(planned, expected_version=expected_version)
        if not current.is_open:
            raise ValidationError(NOT_OPEN)
        current.status = PlannedContact.Status.CANCELLED
        current.cancel_reason = reason
        return save_with_history(
            current, actor, with_detail(gettext_noop("planned contact cancelled"), reason)
        )


def planned_contact_done(
    *, actor: User, planned: PlannedContact, record: ConsultationData
) -> Consultation:
    """The plan happened: its consultation record is logged (under the planning agency)
    and the plan points at it; both or neither."""
    with transaction.atomic():
        current = lock_current(planned, expected_version=None)
        if not current.is_open:
            raise ValidationError(NOT_OPEN)
        consultation = consultation_log(
            actor=actor, case=current.case, data=record, agency=current.agency
        )
        current.status = PlannedContact.Status.DONE
        current.consultation = consultation
        save_with_history(current, actor, gettext_noop("planned contact done"))
        return consultation
