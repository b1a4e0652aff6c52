from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access as case_access
from cases.models import Case
from cases.views.common import case_page
from core.forms import form_page, submit
from core.redirects import safe_next
from reminders import access, selectors, services
from reminders.forms import ReviewForm, SnoozeForm
from reminders.selectors import BUCKETS, Row


def home_panel(request: HttpRequest) -> dict | None:
    """The home page's panel: the reader's ten most urgent open reminders."""
    reminders = list(selectors.open_for(request.user).order_by("due_on")[:10])
    access.log_shown(request, reminders)
    return {"reminders": reminders} if reminders else None


def case_panel(request: HttpRequest, case: Case) -> dict | None:
    """The case page's panel: its reminders for the reader, and the review link."""
    reminders = selectors.for_case(request.user, case)
    ended = selectors.history_for_case(request.user, case)
    reviewer = case.is_open and case_access.case_decision(request.user, case).can_change
    if not reminders and not ended and not reviewer:
        return None
    return {"reminders": reminders, "ended": ended, "case": case, "can_review": reviewer}


def bar_chart(totals: Row) -> list[dict]:
    """Bars for the server-drawn SVG chart of the aging buckets (no script, no CDN)."""
    peak = max(totals.buckets.values(), default=0) or 1
    return [
        {
            "key": key,
            "label": label,
            "count": totals.buckets[key],
            "width": round(360 * totals.buckets[key] / peak),
            "y": 10 + index * 34,
        }
        for index, (key, label, *_rest) in enumerate(BUCKETS)
    ]


@login_required
def reminder_list(request: HttpRequest) -> HttpResponse:
    case_access.require_case_role(request.user)
    reminders = list(selectors.open_for(request.user).order_by("due_on")[:200])
    access.log_shown(request, reminders)
    return render(request, "reminders/list.html", {"reminders": reminders})


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = access.reminder_for(request.user, pk)
    services.acknowledge(actor=request.user, reminder=reminder)
    messages.success(request, _("The reminder was acknowledged."))
    return redirect(safe_next(request, "reminders:list"))


@login_required
def snooze(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = access.reminder_for(request.user, pk)
    form = SnoozeForm(request.POST or None)

    def snooze_it() -> None:
        services.snooze(actor=request.user, reminder=reminder, **form.cleaned_data)

    if submit(request, form, snooze_it):
        messages.success(request, _("The reminder was snoozed."))
        return redirect("reminders:list")
    return form_page(
        request,
        form,
        title=_("Snooze a reminder"),
        submit_label=_("Snooze"),
        cancel_url=reverse("reminders:list"),
        template="reminders/snooze.html",
        reminder=reminder,
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The supervisor's caseload by worker and age; every figure links to its cases."""
    agencies = access.require_caseload(request.user)
    data = selectors.figures(request.user, agencies)
    return render(
        request,
        "reminders/dashboard.html",
        {**data, "agencies": agencies, "chart": bar_chart(data["totals"])},
    )


@login_required
def drill_down(request: HttpRequest) -> HttpResponse:
    agencies = access.require_caseload(request.user)
    bucket = request.GET.get("bucket", "")
    if bucket and bucket not in {key for key, *_rest in BUCKETS}:
        bucket = ""
    cases = list(
        selectors.drill_down(
            request.user,
            bucket=bucket,
            worker=request.GET.get("worker", ""),
            flag=request.GET.get("flag", ""),
            agencies=agencies,
        )[:500]
    )
    case_access.log_list_reads(request.user, cases, request=request)
    labels = {key: label for key, label, *_rest in BUCKETS}
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

    def record() -> None:
        services.review_record(actor=request.user, case=case, **form.cleaned_data)

    if submit(request, form, record):
        messages.success(request, _("The review was recorded."))
        return redirect("cases:detail", pk=case.pk)
    return case_page(
        request,
        case,
        form,
        title=_("Case review"),
        submit_label=_("Record the review"),
        template="reminders/review.html",
        reviews=case.reviews.select_related("reviewer", "new_lead"),
    )
