"""Planned contacts: planning one from the case page, changing or cancelling it, recording
it as a consultation when it happened, and the worker's calendar and home panel."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cases import access as case_access
from cases.forms import ConsultationForm
from cases.models import Case
from cases.services.consultations import ConsultationData
from cases.views.common import case_form_page, case_or_refusal
from core.dates import month_page
from planning import selectors, services
from planning.access import planned_for
from planning.forms import CancelForm, PlanForm
from planning.models import PlannedContact
from planning.services import PlanData


def _plan_data(d: dict) -> PlanData:
    return PlanData(
        starts_at=d["starts_at"],
        mode=d["mode"],
        worker=d.get("worker"),
        minutes=d["minutes"],
        place=d.get("place", ""),
        purpose=d.get("purpose", ""),
        person=d.get("person"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk)[0]
    case_access.require_write(request.user, case)
    tomorrow = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    form = PlanForm(
        request.POST or None,
        case=case,
        user=request.user,
        initial={"starts_at": tomorrow + dt.timedelta(days=1), "mode": "home_visit"},
    )
    return case_form_page(
        request,
        case,
        form,
        title=_("Plan a contact"),
        on_valid=lambda d: services.planned_contact_create(
            actor=request.user, case=case, data=_plan_data(d)
        ),
        success=_("The contact was planned. It is on your calendar."),
        tab="timeline",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    planned = planned_for(request.user, pk, request=request)[0]
    form = PlanForm(
        request.POST or None,
        case=planned.case,
        user=request.user,
        initial={
            "starts_at": timezone.localtime(planned.starts_at),
            "minutes": planned.minutes,
            "mode": planned.mode,
            "worker": planned.worker,
            "person": planned.person,
            "place": planned.place,
            "purpose": planned.purpose,
            "version": planned.version,
        },
    )
    return case_form_page(
        request,
        planned.case,
        form,
        title=_("Change a planned contact"),
        on_valid=lambda d: services.planned_contact_update(
            actor=request.user,
            planned=planned,
            expected_version=d.get("version"),
            data=_plan_data(d),
        ),
        success=_("The planned contact was changed."),
        tab="timeline",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    planned = planned_for(request.user, pk, request=request)[0]
    form = CancelForm(request.POST or None, initial={"version": planned.version})
    return case_form_page(
        request,
        planned.case,
        form,
        title=_("Cancel a planned contact"),
        on_valid=lambda d: services.planned_contact_cancel(
            actor=request.user,
            planned=planned,
            expected_version=d.get("version"),
            reason=d["reason"],
        ),
        success=_("The planned contact was cancelled."),
        tab="timeline",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan happened: the consultation form, filled in from the plan."""
    planned = planned_for(request.user, pk, request=request)[0]
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = ConsultationForm(
        request.POST or None,
        case=planned.case,
        initial={
            "occurred_at": min(timezone.localtime(planned.starts_at), now),
            "mode": planned.mode,
            "minutes": planned.minutes,
            "person": planned.person,
        },
    )

    def save(d: dict) -> None:
        d.pop("version", None)
        services.planned_contact_done(
            actor=request.user, planned=planned, record=ConsultationData(**d)
        )

    return case_form_page(
        request,
        planned.case,
        form,
        title=_("Record the planned contact"),
        on_valid=save,
        success=_("The consultation was recorded and the plan marked done."),
        tab="timeline",
        extra={"planned": planned},
    )


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The user's month: their planned contacts and the meetings they see (?month=2026-12)."""
    case_access.require_case_role(request.user)
    page = month_page(request.GET.get("month", ""))
    weeks = selectors.my_month(request.user, page["year"], page["month_number"])
    shown = [p for week in weeks for d in week for p in d.planned]
    case_access.log_list_reads(request.user, [p.case for p in shown], request=request)
    return render(
        request,
        "planning/calendar.html",
        {
            **page,
            "weeks": weeks,
            "now": timezone.now(),
        },
    )


def home_panel(request: HttpRequest) -> dict | None:
    planned = selectors.my_open(request.user)
    if not planned:
        return None
    case_access.log_list_reads(request.user, [p.case for p in planned], request=request)
    return {"planned": planned, "now": timezone.now()}


def case_panel(request: HttpRequest, case: Case) -> dict | None:
    decision = case_access.case_decision(request.user, case)
    if decision.summary_only or not case.is_open:
        return None
    return {
        "planned": selectors.for_case(request.user, case),
        "case": case,
        "can_plan": decision.can_write,
        "now": timezone.now(),
        "statuses": PlannedContact.Status,
    }
