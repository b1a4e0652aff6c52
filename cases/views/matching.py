"""名寄せ at intake and the hub's queue of requests to connect (cases.access.matching says
what each reader learns)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access, selectors
from cases.forms import MatchAnswerForm, MatchCheckForm
from cases.models import MatchRequest
from cases.services import matching

PERSON_PREFIX = re.compile(r"^person-\d{1,2}$")


def _typed(request: HttpRequest) -> tuple[MatchCheckForm, matching.MatchData | None]:
    """The person typed in the intake form's subform `prefix` (or, without one, the
    fields themselves): the form, and the data when it is valid."""
    prefix = request.POST.get("prefix", "")
    form = MatchCheckForm(request.POST, person_prefix=prefix if PERSON_PREFIX.match(prefix) else "")
    if not form.is_valid():
        return form, None
    data = {k: v for k, v in form.cleaned_data.items() if k != "note"}
    return form, matching.MatchData(**data)


@login_required
@require_POST
def intake_matches(request: HttpRequest) -> HttpResponse:
    """htmx from the intake form: possible matches of the person being typed in. Those the
    worker may read are offered (and logged as read); of the others only that the hub can
    connect them; a 住所秘匿 record of another agency not at all."""
    access.require_case_role(request.user)
    data = _typed(request)[1]
    result = (
        matching.possible_matches(user=request.user, data=data)
        if data is not None
        else access.MatchResult()
    )
    access.log_match_reads(request.user, result, request=request)
    return render(
        request,
        "cases/_person_matches.html",
        {
            "result": result,
            "prefix": request.POST.get("prefix", ""),
            "elsewhere_text": access.RECORD_ELSEWHERE,
        },
    )


@login_required
@require_POST
def match_request_new(request: HttpRequest) -> HttpResponse:
    """One click from the intake form: ask the hub to connect. The candidates are found
    again on the server; the answer says only that the request was sent."""
    access.require_case_role(request.user)
    form, data = _typed(request)
    error = ""
    if data is None:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            matching.match_request_create(
                actor=request.user, data=data, note=form.cleaned_data.get("note", "")
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
    return render(request, "cases/_match_request_sent.html", {"error": error})


@login_required
def match_requests(request: HttpRequest) -> HttpResponse:
    """The hub's coordinators: open requests, with the agencies holding a possible match.
    Everyone with a case role: the requests their agency sent, and the hub's answers."""
    access.require_case_role(request.user)
    return render(
        request,
        "cases/match_requests.html",
        {
            "hub": access.handles_match_requests(request.user),
            "waiting": selectors.match_requests_to_hub(request.user),
            "sent": selectors.match_requests_sent(request.user),
            "form": MatchAnswerForm(),
        },
    )


def _request(request: HttpRequest, pk: int) -> MatchRequest:
    match_request = get_object_or_404(MatchRequest, pk=pk)
    if not access.may_know_request(request.user, match_request):
        raise Http404(access.NOT_FOUND)
    return match_request


@login_required
@require_POST
def match_request_answer(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    access.require_case_role(request.user)
    match_request = _request(request, pk)
    form = MatchAnswerForm(request.POST)
    form.is_valid()
    answer = form.cleaned_data.get("answer", "")
    service = (
        matching.match_request_connect if action == "connect" else matching.match_request_no_match
    )
    try:
        service(actor=request.user, request=match_request, answer=answer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The requesting agency sees your answer."))
    return redirect("cases:match_requests")


@login_required
@require_POST
def match_request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_case_role(request.user)
    match_request = _request(request, pk)
    try:
        matching.match_request_withdraw(actor=request.user, request=match_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request was withdrawn."))
    return redirect("cases:match_requests")
