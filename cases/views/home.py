from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from agencies import access as agency_access
from cases import access, selectors
from cases.models import Referral
from cases.models.access import Basis
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
        waiting = list(
            selectors.referral_inbox(request.user).filter(status=Referral.Status.SENT)[:20]
        )
        consultations = selectors.recent_consultations(request.user)
        consents = selectors.consents_expiring(request.user)
        _log_home_reads(request, cases, waiting, consultations, consents)
        context.update(
            my_cases=cases,
            waiting_referrals=waiting,
            recent_consultations=consultations,
            expiring_consents=consents,
            panels=home_panels(request),
        )
    return render(request, "cases/home.html", context)


def _log_home_reads(request, cases, waiting, consultations, consents) -> None:
    """Rule 7 for the rest of the page: the cases (and consenting persons) named by the
    recent consultations and expiring consents, and the referred cases waiting (read on the
    referral's basis). What my_cases already logged is not logged twice."""
    logged = {c.pk for c in cases}
    named = {c.case_id: c.case for c in [*consultations, *consents] if c.case_id not in logged}
    access.log_list_reads(request.user, list(named.values()), request=request, action="home")
    persons = list({c.person_id: c.person for c in consents}.values())
    access.log_list_reads(request.user, persons, request=request, action="home")
    referred = list({r.case_id: r.case for r in waiting}.values())
    if referred:
        access.log_reads(
            request.user, referred, request=request, action="home", basis=Basis.REFERRAL
        )
