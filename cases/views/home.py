from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from agencies import access as agency_access
from cases import access, selectors
from cases.models import Referral
from core import wareki
from core.panels import home_panels


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The caseworker's day: my cases, referrals waiting for my agency, my recent
    consultations, consents about to expire."""
    today = timezone.localdate()
    context = {
        "memberships": agency_access.active_memberships(request.user),
        "today": today,
        "fiscal_year_label": wareki.fiscal_year_label_for(today),
        "works_on_cases": access.can_work_on_cases(request.user),
    }
    if context["works_on_cases"]:
        cases = selectors.my_cases(request.user)
        access.log_list_reads(request.user, cases, request=request)
        context.update(
            my_cases=cases,
            waiting_referrals=list(
                selectors.referral_inbox(request.user).filter(status=Referral.Status.SENT)[:20]
            ),
            recent_consultations=selectors.recent_consultations(request.user),
            expiring_consents=selectors.consents_expiring(request.user),
            panels=home_panels(request),
        )
    return render(request, "cases/home.html", context)
