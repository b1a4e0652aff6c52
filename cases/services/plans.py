"""From concerns to a plan: concerns, assessments (versioned), support plans (versioned,
approved by a meeting) and their actions."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access
from cases.models import Assessment, Case, Concern, Person, PlanAction, SupportPlan
from cases.services.cases import PERSON_NOT_IN_HOUSEHOLD, REASON_REQUIRED, _decided, _open_check
from core.dates import not_in_future
from core.history import choice_label, save_with_history, with_detail


def concern_add(
    *, actor: User, case: Case, category: str, note: str = "", person: Person | None = None
) -> Concern:
    access.require_write(actor, case, person=person)
    _open_check(case)
    if person is not None and not person.memberships.filter(household=case.household).exists():
        raise ValidationError({"person": PERSON_NOT_IN_HOUSEHOLD})
    concern = Concern(
        case=case, person=person, category=category, note=note, identified_on=timezone.localdate()
    )
    return save_with_history(concern, actor, gettext_noop("concern recorded"))


def assessment_record(
    *,
    actor: User,
    case: Case,
    summary: str,
    strengths: str = "",
    risks: str = "",
    assessed_on: dt.date | None = None,
) -> Assessment:
    """A new household-wide assessment version; earlier versions stay."""
    decision = access.require_change(actor, case)
    assessed_on = assessed_on or timezone.localdate()
    not_in_future("assessed_on", assessed_on)
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        number = (
            case.assessments.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        assessment = Assessment(
            case=case,
            number=number,
            assessed_on=assessed_on,
            summary=summary,
            strengths=strengths,
            risks=risks,
            agency=decision.agency,
            author=actor,
        )
        return save_with_history(
            assessment, actor, with_detail(gettext_noop("assessment version"), number)
        )


@dataclass
class ActionData:
    description: str
    responsible_agency: Agency
    due_on: dt.date | None = None


def plan_create(
    *,
    actor: User,
    case: Case,
    goals: str,
    review_on: dt.date,
    actions: list[ActionData],
    approved_at: str = "",
) -> SupportPlan:
    """A new support plan supersedes the one in effect; its actions name responsible agencies."""
    access.require_change(actor, case)
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        for previous in case.plans.filter(status=SupportPlan.Status.ACTIVE):
            previous.status = SupportPlan.Status.SUPERSEDED
            save_with_history(previous, actor, gettext_noop("superseded by a new plan"))
        number = (case.plans.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        plan = save_with_history(
            SupportPlan(
                case=case,
                number=number,
                goals=goals,
                review_on=review_on,
                approved_at=approved_at,
                author=actor,
            ),
            actor,
            with_detail(gettext_noop("support plan version"), number),
        )
        for data in actions:
            save_with_history(
                PlanAction(
                    plan=plan,
                    description=data.description,
                    responsible_agency=data.responsible_agency,
                    due_on=data.due_on,
                ),
                actor,
                gettext_noop("plan action"),
            )
    return plan


PLAN_NOT_ACTIVE = _("Only the plan in effect can be approved.")


def plan_approve(
    *,
    actor: User,
    plan: SupportPlan,
    decided_at: str = "",
    meeting: access.MeetingAuthority | None = None,
) -> SupportPlan:
    """Record that a 重層的支援会議 (or another meeting) approved the plan in effect."""
    access.require_change(actor, plan.case, meeting=meeting)
    decided_at = meeting.label if meeting else decided_at
    if not decided_at.strip():
        raise ValidationError({"approved_at": REASON_REQUIRED})
    with transaction.atomic():
        current = SupportPlan.objects.select_for_update().get(pk=plan.pk)
        if current.status != SupportPlan.Status.ACTIVE:
            raise ValidationError(PLAN_NOT_ACTIVE)
        current.approved_at = decided_at[:200]
        return save_with_history(current, actor, _decided(gettext_noop("plan approved"), meeting))


NOT_RESPONSIBLE = _(
    "Only the responsible agency, or the intake or lead agency, may update this action."
)


def plan_action_set_status(*, actor: User, action: PlanAction, status: str) -> PlanAction:
    """The responsible agency (or the owner) reports progress on a plan action."""
    case = action.plan.case
    decision = access.require_write(actor, case)
    if not decision.can_change and action.responsible_agency_id not in {
        a.pk for a in access.case_agencies(actor)
    }:
        raise PermissionDenied(NOT_RESPONSIBLE)
    with transaction.atomic():
        current = PlanAction.objects.select_for_update().get(pk=action.pk)
        current.status = status
        return save_with_history(
            current,
            actor,
            with_detail(gettext_noop("action status"), choice_label(current, "status")),
        )
