import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, User
from cases import access
from cases.models import (
    Assessment,
    Case,
    CaseProject,
    CaseTeam,
    Closure,
    Concern,
    Consultation,
    Household,
    LeadAssignment,
    Person,
    PlanAction,
    Project,
    SupportPlan,
)
from cases.services import columns
from cases.services.common import acting_agency, require_acting_for
from cases.services.households import PersonData, household_create
from core.concurrency import lock_current
from core.dates import not_in_future
from core.history import save_with_history

UNKNOWN_PROJECT = _("Unknown project: %(code)s.")
NEED_PROJECT = _("Choose at least one project.")
PERSON_NOT_IN_HOUSEHOLD = _("This person is not a member of the case's household.")
CASE_CLOSED = _("This case is closed. Reopen it first.")
CASE_NOT_CLOSED = _("Only a closed case can be reopened.")
LEAD_UNCHANGED = _("This agency is already the lead.")
REASON_REQUIRED = _("Give a reason.")
CLOSURE_PENDING = _("A closure has already been proposed for this case.")
SUPERVISOR_ONLY = _("Only a supervisor of the intake or lead agency may decide on a closure.")
CLOSURE_NOT_PENDING = _("This closure proposal has already been decided.")
TEAM_ALREADY = _("This agency is already on the team.")
TEAM_NOT_MEMBER = _("This agency is not on the team.")
OWNER_STAYS = _("The intake agency and the lead agency stay on the team.")
STATUS_USE_CLOSURE = _("A case is closed through a closure proposal and its approval.")


def _projects(codes: list[str], field_name: str = "projects") -> list[str]:
    unknown = [c for c in codes if c not in Project.values]
    if unknown:
        raise ValidationError({field_name: UNKNOWN_PROJECT % {"code": ", ".join(unknown)}})
    return list(dict.fromkeys(codes))


def _open_check(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(CASE_CLOSED)


@dataclass
class ConsultationData:
    occurred_at: dt.datetime
    mode: str
    narrative: str
    minutes: int = 0
    projects: list[str] = field(default_factory=lambda: [Project.CONSULTATION])
    person: Person | None = None
    is_internal: bool = False


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
        save_with_history(case, actor, "case opened")
        for code in codes:
            save_with_history(
                CaseProject(case=case, project=code, started_on=opened_on), actor, "enrolled"
            )
        save_with_history(
            CaseTeam(case=case, agency=agency, role=str(_("intake")), joined_on=opened_on),
            actor,
            "intake agency joins the team",
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
            "first lead",
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
    save_with_history(consultation, actor, "consultation logged")
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
        save_with_history(current, actor, "consultation corrected")
        if "occurred_at" in data:
            columns.refresh([current.case_id])
        return current


def case_update(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    data: dict[str, Any],
    reason: str = "case updated",
) -> Case:
    access.require_change(actor, case)
    if data.get("status") == Case.Status.CLOSED:
        raise ValidationError({"status": STATUS_USE_CLOSURE})
    with transaction.atomic():
        current = lock_current(case, expected_version=expected_version)
        _open_check(current)
        for name in ("title", "status", "referral_source", "worker"):
            if name in data:
                setattr(current, name, data[name])
        save_with_history(current, actor, reason)
        if "projects" in data:
            _set_projects(actor, current, _projects(data["projects"]))
    return current


def _set_projects(actor: User, case: Case, codes: list[str]) -> None:
    if not codes:
        raise ValidationError({"projects": NEED_PROJECT})
    today = timezone.localdate()
    current = {p.project: p for p in case.projects.filter(ended_on__isnull=True)}
    for code, enrolment in current.items():
        if code not in codes:
            enrolment.ended_on = today
            save_with_history(enrolment, actor, "left project")
    for code in codes:
        if code not in current:
            save_with_history(
                CaseProject(case=case, project=code, started_on=today), actor, "enrolled"
            )


def _decided(reason: str, meeting: access.MeetingAuthority | None) -> str:
    """History reason; names the meeting when a meeting decided it."""
    return (f"decided at {meeting.label}: {reason}" if meeting else reason)[:100]


def team_add(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    role: str = "",
    meeting: access.MeetingAuthority | None = None,
) -> CaseTeam:
    """Add an agency to the team (it sees the card; details need consent covering it)."""
    access.require_share(actor, case, meeting=meeting)
    with transaction.atomic():
        access.lock_case(case)
        member = _team_join(actor, case, agency, role, _decided("joined the team", meeting))
        access.recompute_case_permissions(case)
    return member


def _team_join(actor: User | None, case: Case, agency: Agency, role: str, reason: str) -> CaseTeam:
    if case.team.filter(agency=agency, left_on__isnull=True).exists():
        raise ValidationError({"agency": TEAM_ALREADY})
    return save_with_history(
        CaseTeam(case=case, agency=agency, role=role, joined_on=timezone.localdate()), actor, reason
    )


def team_leave(*, actor: User, case: Case, agency: Agency) -> CaseTeam:
    access.require_share(actor, case)
    with transaction.atomic():
        access.lock_case(case)
        lead = case.leads.filter(ended_on__isnull=True).first()
        if agency.pk == case.owner_agency_id or (lead and lead.agency_id == agency.pk):
            raise ValidationError({"agency": OWNER_STAYS})
        member = case.team.filter(agency=agency, left_on__isnull=True).first()
        if member is None:
            raise ValidationError({"agency": TEAM_NOT_MEMBER})
        member.left_on = timezone.localdate()
        save_with_history(member, actor, "left the team")
        access.recompute_case_permissions(case)
    return member


def lead_change(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    reason: str,
    meeting: access.MeetingAuthority | None = None,
    decided_at: str = "",
) -> LeadAssignment:
    """Hand the lead (主導役) to another agency. The new lead joins the team if needed.
    `meeting` is the deciding meeting (whose coordinator may then apply it, if the policy
    says the meeting may decide)."""
    access.require_share(actor, case, meeting=meeting)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    today = timezone.localdate()
    decided_at = meeting.label if meeting else decided_at[:200]
    with transaction.atomic():
        access.lock_case(case)
        current = case.leads.select_for_update().filter(ended_on__isnull=True).first()
        if current is not None:
            if current.agency_id == agency.pk:
                raise ValidationError({"agency": LEAD_UNCHANGED})
            current.ended_on = today
            save_with_history(current, actor, "lead handed over")
        lead = save_with_history(
            LeadAssignment(
                case=case,
                agency=agency,
                started_on=today,
                reason=reason,
                decided_by=actor,
                decided_at=decided_at,
            ),
            actor,
            (f"decided at {decided_at}: lead changed" if decided_at else "lead changed")[:100],
        )
        columns.lead_set(case, agency)
        if not case.team.filter(agency=agency, left_on__isnull=True).exists():
            _team_join(actor, case, agency, str(_("lead")), "lead joins the team")
        access.recompute_case_permissions(case)
    return lead


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
    return save_with_history(concern, actor, "concern recorded")


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
        return save_with_history(assessment, actor, f"assessment v{number}")


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
            save_with_history(previous, actor, "superseded by a new plan")
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
            f"support plan v{number}",
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
                "plan action",
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
        return save_with_history(current, actor, _decided("plan approved", meeting))


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
        return save_with_history(current, actor, f"action status: {status}")


def closure_propose(
    *,
    actor: User,
    case: Case,
    reason: str,
    evaluation: str = "",
    meeting: access.MeetingAuthority | None = None,
) -> Closure:
    access.require_change(actor, case, meeting=meeting)
    _open_check(case)
    if case.closures.filter(status=Closure.Status.PROPOSED).exists():
        raise ValidationError(CLOSURE_PENDING)
    closure = Closure(
        case=case,
        reason=reason,
        evaluation=evaluation,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    return save_with_history(closure, actor, _decided("closure proposed", meeting))


def _require_supervisor(actor: User, case: Case) -> None:
    access.require_change(actor, case)
    lead = case.leads.filter(ended_on__isnull=True).values_list("agency_id", flat=True).first()
    deciding = {case.owner_agency_id, lead}
    if not any(
        m.role == Membership.Role.SUPERVISOR and m.agency_id in deciding
        for m in access.case_memberships(actor)
    ):
        raise PermissionDenied(SUPERVISOR_ONLY)


def closure_approve(*, actor: User, closure: Closure, evaluation: str) -> Case:
    """A supervisor approves with an evaluation (what changed for the household); the case
    closes and leaves its projects."""
    case = closure.case
    _require_supervisor(actor, case)
    if not evaluation.strip():
        raise ValidationError({"evaluation": REASON_REQUIRED})
    with transaction.atomic():
        closure = Closure.objects.select_for_update().get(pk=closure.pk)
        if closure.status != Closure.Status.PROPOSED:
            raise ValidationError(CLOSURE_NOT_PENDING)
        closure.status = Closure.Status.APPROVED
        closure.decision_note = evaluation
        closure.decided_by = actor
        closure.decided_at = timezone.now()
        save_with_history(closure, actor, "closure approved")
        case = Case.objects.select_for_update().get(pk=case.pk)
        case.status = Case.Status.CLOSED
        case.closed_on = timezone.localdate()
        case.version += 1
        save_with_history(case, actor, f"closed: {closure.get_reason_display()}")
        for enrolment in case.projects.filter(ended_on__isnull=True):
            enrolment.ended_on = case.closed_on
            save_with_history(enrolment, actor, "case closed")
    return case


def closure_send_back(*, actor: User, closure: Closure, note: str) -> Closure:
    _require_supervisor(actor, closure.case)
    if not note.strip():
        raise ValidationError({"evaluation": REASON_REQUIRED})
    with transaction.atomic():
        closure = Closure.objects.select_for_update().get(pk=closure.pk)
        if closure.status != Closure.Status.PROPOSED:
            raise ValidationError(CLOSURE_NOT_PENDING)
        closure.status = Closure.Status.REJECTED
        closure.decision_note = note
        closure.decided_by = actor
        closure.decided_at = timezone.now()
        return save_with_history(closure, actor, "closure sent back")


def case_reopen(*, actor: User, case: Case, reason: str, projects: list[str] | None = None) -> Case:
    """A closed case starts again at 受付; its history and past closure stay."""
    access.require_change(actor, case)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.is_open:
            raise ValidationError(CASE_NOT_CLOSED)
        current.status = Case.Status.RECEIVED
        current.closed_on = None
        current.version += 1
        save_with_history(current, actor, f"reopened: {reason}"[:100])
        _set_projects(actor, current, _projects(projects or [Project.CONSULTATION]))
    return current
