from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import Agency, User
from cases import access
from cases.models import Case, Referral
from cases.services.common import acting_agency
from cases.services.team import _team_join
from core.history import save_with_history

TO_OWN_AGENCY = _("You cannot refer a case to your own agency.")
INACTIVE_AGENCY = _("This agency no longer takes referrals.")
ALREADY_PENDING = _("This case is already waiting for an answer from this agency.")
ALREADY_ON_TEAM = _("This agency is already on the case's team.")
NOT_PENDING = _("This referral has already been answered or withdrawn.")
RETURN_REASON_REQUIRED = _("Say why the referral is returned, so the sender can act on it.")
ONLY_RECEIVER = _("Only the agency the case was referred to can answer the referral.")
ONLY_SENDER = _("Only the referring agency can withdraw the referral.")
JOIN_ALREADY_HOLDS = _("Your agency already holds this case: add agencies to its team instead.")
JOIN_PENDING = _("Your agency has already asked to join this case; the lead has not answered.")


def referral_send(
    *,
    actor: User,
    case: Case,
    to_agency: Agency,
    reason: str,
    summary: str,
    from_agency: Agency | None = None,
) -> Referral:
    """Hand the case to another agency with a minimum-necessary summary. Only the intake
    and lead agencies refer (a referral widens the team). The receiver sees the summary and
    the minimal card until it accepts and consent covers it."""
    decision = access.require_share(actor, case)
    from_agency = acting_agency(actor, from_agency or decision.agency)
    try:
        with transaction.atomic():
            access.lock_case(case)
            errors = {}
            if to_agency.pk == from_agency.pk:
                errors["to_agency"] = TO_OWN_AGENCY
            elif not to_agency.is_active:
                errors["to_agency"] = INACTIVE_AGENCY
            elif case.referrals.filter(
                to_agency=to_agency, status=Referral.Status.SENT, kind=Referral.Kind.REFERRAL
            ).exists():
                errors["to_agency"] = ALREADY_PENDING
            elif case.team.filter(agency=to_agency, left_on__isnull=True).exists():
                errors["to_agency"] = ALREADY_ON_TEAM
            if errors:
                raise ValidationError(errors)
            referral = save_with_history(
                Referral(
                    case=case,
                    from_agency=from_agency,
                    to_agency=to_agency,
                    reason=reason,
                    summary=summary,
                    sent_at=timezone.now(),
                    sent_by=actor,
                ),
                actor,
                gettext_noop("referral sent"),
                validate_constraints=False,
            )
            access.recompute_case_permissions(case)
    except IntegrityError:
        # A concurrent send won the race (the partial unique constraint): say so, no 500.
        raise ValidationError({"to_agency": ALREADY_PENDING}, code="conflict") from None
    return referral


def join_request(*, actor: User, case: Case, reason: str) -> Referral:
    """An agency that reads a case (by consent or a 106-6 grant) but does not hold it asks
    the lead to put it on the team, instead of opening a case of its own."""
    decision = access.require_view(actor, case)
    if decision.can_change:
        raise ValidationError(JOIN_ALREADY_HOLDS)
    lead = access.lead_agency(case)
    try:
        with transaction.atomic():
            access.lock_case(case)
            if case.referrals.filter(
                from_agency=decision.agency,
                status=Referral.Status.SENT,
                kind=Referral.Kind.JOIN_REQUEST,
            ).exists():
                raise ValidationError(JOIN_PENDING)
            referral = save_with_history(
                Referral(
                    case=case,
                    kind=Referral.Kind.JOIN_REQUEST,
                    from_agency=decision.agency,
                    to_agency=lead,
                    reason=reason,
                    summary=reason,
                    sent_at=timezone.now(),
                    sent_by=actor,
                ),
                actor,
                gettext_noop("asked to join the team"),
                validate_constraints=False,
            )
    except IntegrityError:
        raise ValidationError(JOIN_PENDING, code="conflict") from None
    return referral


def _answer(actor: User, referral: Referral) -> Referral:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.kind == Referral.Kind.JOIN_REQUEST:
        # The lead answers a join request, as the holder of the case's sharing.
        access.require_share(actor, current.case)
    elif not access.can_answer_referral(actor, current):
        raise PermissionDenied(ONLY_RECEIVER)
    if current.status != Referral.Status.SENT:
        raise ValidationError(NOT_PENDING)
    current.responded_at = timezone.now()
    current.responded_by = actor
    return current


def referral_accept(*, actor: User, referral: Referral, note: str = "") -> Referral:
    """Accepting a referral adds the receiving agency to the team; accepting a join request
    adds the requester. Their reading still needs consent covering them."""
    with transaction.atomic():
        access.lock_case(referral.case)
        current = _answer(actor, referral)
        current.status = Referral.Status.ACCEPTED
        current.response_note = note
        save_with_history(current, actor, gettext_noop("referral accepted"))
        joining = (
            current.from_agency if current.kind == Referral.Kind.JOIN_REQUEST else current.to_agency
        )
        if not current.case.team.filter(agency=joining, left_on__isnull=True).exists():
            _team_join(actor, current.case, joining, str(_("referral")), "referral accepted")
        access.recompute_case_permissions(current.case)
    return current


def referral_return(*, actor: User, referral: Referral, reason: str) -> Referral:
    if not reason.strip():
        raise ValidationError({"response_note": RETURN_REASON_REQUIRED})
    with transaction.atomic():
        current = _answer(actor, referral)
        current.status = Referral.Status.RETURNED
        current.response_note = reason
        return save_with_history(current, actor, gettext_noop("referral returned"))


def referral_withdraw(*, actor: User, referral: Referral) -> Referral:
    if referral.from_agency_id not in {a.pk for a in access.case_agencies(actor)}:
        raise PermissionDenied(ONLY_SENDER)
    with transaction.atomic():
        current = Referral.objects.select_for_update().get(pk=referral.pk)
        if current.status != Referral.Status.SENT:
            raise ValidationError(NOT_PENDING)
        current.status = Referral.Status.WITHDRAWN
        return save_with_history(current, actor, gettext_noop("referral withdrawn"))
