from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access, selectors, services
from cases.forms import ReferralAnswerForm
from cases.models import Referral
from cases.models.access import Basis


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Referrals to my agencies (waiting first) and those my agencies sent."""
    access.require_case_role(request.user)
    received = selectors.referral_inbox(request.user)
    waiting = list(received.filter(status=Referral.Status.SENT).order_by("sent_at"))
    answered = list(received.exclude(status=Referral.Status.SENT)[:50])
    sent = list(selectors.referrals_sent(request.user)[:50])
    log_referral_reads(request, [*waiting, *answered, *sent])
    return render(
        request,
        "cases/referral_inbox.html",
        {"waiting": waiting, "answered": answered, "sent": sent, "form": ReferralAnswerForm()},
    )


def log_referral_reads(request: HttpRequest, referrals: list[Referral]) -> None:
    """Rule 7: a referral shows its case's reference and the summary the sender chose to
    share, a read of the case on the referral's basis (as the API logs it), whatever else
    the reader may read. One INSERT, one row per case."""
    cases = list({r.case_id: r.case for r in referrals}.values())
    if cases:
        access.log_reads(request.user, cases, request=request, action="inbox", basis=Basis.REFERRAL)


def _referral(request: HttpRequest, pk: int) -> Referral:
    referral = get_object_or_404(
        Referral.objects.select_related("case", "from_agency", "to_agency"), pk=pk
    )
    if not access.referral_visible_to(request.user, referral):
        raise Http404(access.NOT_FOUND)
    return referral


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    referral = _referral(request, pk)
    if not access.can_answer_referral(request.user, referral):
        raise PermissionDenied(
            _("Only the agency the case was referred to can answer the referral.")
        )
    form = ReferralAnswerForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if action == "accept":
            services.referral_accept(actor=request.user, referral=referral, note=note)
            if access.case_decision(request.user, referral.case).can_view:
                # A consent (or the lead's role) already lets the agency read the case.
                accepted = _(
                    "You accepted the referral. Your agency is now on the case's team and "
                    "can read the case."
                )
            else:
                accepted = _(
                    "You accepted the referral. Your agency is now on the case's team; the "
                    "details open once the person's consent covers your agency."
                )
            messages.success(request, accepted)
        else:
            services.referral_return(actor=request.user, referral=referral, reason=note)
            messages.success(request, _("The referral was returned with your reason."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:referrals")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    try:
        services.referral_withdraw(actor=request.user, referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The referral was withdrawn."))
    return redirect("cases:referrals")
