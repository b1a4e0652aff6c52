from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access as case_access
from core.forms import add_service_errors
from core.redirects import safe_next
from reminders import dashboard as dashboards
from reminders import services
from reminders.forms import ReviewForm, SnoozeForm
from reminders.models import Reminder


def _reminder(request: HttpRequest, pk: int) -> Reminder:
    """A reminder of one of the user's agencies; anyone else gets the 404 of a missing one."""
    agencies = [a.pk for a in case_access.case_agencies(request.user)]
    reminder = Reminder.objects.filter(pk=pk, agency_id__in=agencies).select_related("case").first()
    if reminder is None:
        raise Http404(case_access.NOT_FOUND)
    return reminder


@login_required
def reminder_list(request: HttpRequest) -> HttpResponse:
    case_access.require_case_role(request.user)
    reminders = list(services.open_for(request.user).order_by("due_on")[:200])
    services.log_shown(request, reminders)
    return render(request, "reminders/list.html", {"reminders": reminders})


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _reminder(request, pk)
    services.acknowledge(actor=request.user, reminder=reminder)
    messages.success(request, _("The reminder was acknowledged."))
    return redirect(safe_next(request, "reminders:list"))


@login_required
def snooze(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _reminder(request, pk)
    form = SnoozeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.snooze(actor=request.user, reminder=reminder, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The reminder was snoozed."))
            return redirect("reminders:list")
    return render(request, "reminders/snooze.html", {"reminder": reminder, "form": form})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The supervisor's caseload by worker and age; every figure links to its cases."""
    agencies = dashboards.supervised_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("The caseload dashboard is for supervisors and coordinators."))
    data = dashboards.figures(request.user, agencies)
    return render(
        request,
        "reminders/dashboard.html",
        {**data, "agencies": agencies, "chart": dashboards.bar_chart(data["totals"])},
    )


@login_required
def drill_down(request: HttpRequest) -> HttpResponse:
    agencies = dashboards.supervised_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("The caseload dashboard is for supervisors and coordinators."))
    bucket = request.GET.get("bucket", "")
    if bucket and bucket not in {key for key, *_rest in dashboards.BUCKETS}:
        bucket = ""
    cases = list(
        dashboards.drill_down(
            request.user,
            bucket=bucket,
            worker=request.GET.get("worker", ""),
            flag=request.GET.get("flag", ""),
            agencies=agencies,
        )[:500]
    )
    case_access.log_list_reads(request.user, cases, request=request)
    labels = {key: label for key, label, *_rest in dashboards.BUCKETS}
    return render(
        request,
        "reminders/drill_down.html",
        {
            "cases": cases,
            "bucket_label": labels.get(bucket, ""),
            "flag": request.GET.get("flag", ""),
        },
    )


@login_required
def review(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Reviews, and their notes, are the intake and lead agencies' own: a team agency that
    reads the case gets the 403 naming its basis, a stranger the 404 of a missing case."""
    case = case_access.case_for(request.user, case_pk, change=True, request=request)[0]
    form = ReviewForm(
        request.POST or None, initial={"goals_still_valid": True, "lead_is_right": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "reminders/review.html",
        {
            "case": case,
            "form": form,
            "reviews": case.reviews.select_related("reviewer", "new_lead"),
        },
    )
