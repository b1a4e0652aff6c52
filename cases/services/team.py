"""The case team and its lead (主導役): agencies joining and leaving, the lead handed over."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access
from cases.models import Case, CaseTeam, LeadAssignment
from cases.services import columns
from cases.services.cases import REASON_REQUIRED, _decided
from core.history import save_with_history, with_detail

LEAD_UNCHANGED = _("This agency is already the lead.")
TEAM_ALREADY = _("This agency is already on the team.")
TEAM_NOT_MEMBER = _("This agency is not on the team.")
OWNER_STAYS = _("The intake agency and the lead agency stay on the team.")


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
        member = _team_join(
            actor, case, agency, role, _decided(gettext_noop("joined the team"), meeting)
        )
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
        save_with_history(member, actor, gettext_noop("left the team"))
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
            save_with_history(current, actor, gettext_noop("lead handed over"))
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
            with_detail(gettext_noop("lead changed"), decided_at)
            if decided_at
            else gettext_noop("lead changed"),
        )
        columns.lead_set(case, agency)
        if not case.team.filter(agency=agency, left_on__isnull=True).exists():
            _team_join(actor, case, agency, str(_("lead")), gettext_noop("lead joins the team"))
        access.recompute_case_permissions(case)
    return lead
