"""Forms that record something about a case: consultations, referrals, lead and team,
consent, concerns, assessments, plans, closure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cases import access, services
from cases.forms import (
    AssessmentForm,
    ClosureDecideForm,
    ClosureProposeForm,
    ConcernForm,
    ConsentExtendForm,
    ConsentForm,
    ConsentScanForm,
    ConsultationForm,
    JoinRequestForm,
    LeadChangeForm,
    OutreachContactForm,
    PlanActionFormSet,
    PlanActionStatusForm,
    PlanForm,
    ReferralForm,
    ReopenForm,
    TeamAddForm,
    WithdrawForm,
)
from cases.models import Closure, Consent, PlanAction
from cases.services.consultations import ConsultationData
from cases.services.plans import ActionData
from cases.views.common import case_form_page, case_or_refusal, case_page, case_tab_url
from core.forms import submit
from core.uploads import detect_type, neutral_name


@login_required
def consultation_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk)[0]
    form = ConsultationForm(
        request.POST or None,
        case=case,
        initial={
            "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
            "minutes": 30,
        },
    )

    def save(d):
        d.pop("version", None)
        services.consultation_log(actor=request.user, case=case, data=ConsultationData(**d))

    return case_form_page(
        request,
        case,
        form,
        title=_("Log a consultation"),
        on_valid=save,
        success=_("The consultation was recorded."),
        tab="timeline",
    )


@login_required
def consultation_edit(request: HttpRequest, pk: int, consultation_pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk)[0]
    consultation = get_object_or_404(
        access.visible_consultations(request.user, case), pk=consultation_pk
    )
    if consultation.agency_id not in {a.pk for a in access.case_agencies(request.user)}:
        raise PermissionDenied(_("Only the agency that recorded a consultation may correct it."))
    initial = {
        "occurred_at": consultation.occurred_at,
        "mode": consultation.mode,
        "minutes": consultation.minutes,
        "person": consultation.person_id,
        "narrative": consultation.narrative,
        "projects": consultation.projects,
        "is_internal": consultation.is_internal,
        "version": consultation.version,
    }
    form = ConsultationForm(request.POST or None, case=case, initial=initial)

    def save(d):
        d.pop("person", None)
        services.consultation_update(
            actor=request.user,
            consultation=consultation,
            expected_version=d.pop("version"),
            data=d,
        )

    return case_form_page(
        request,
        case,
        form,
        title=_("Correct a consultation"),
        on_valid=save,
        success=_("The consultation was corrected."),
        tab="timeline",
        extra={"consultation": consultation},
    )


@login_required
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer in two steps: write, then see exactly what the receiver will see, then send."""
    case = case_or_refusal(request, pk)[0]
    form = ReferralForm(request.POST or None, own_agencies=access.case_agencies(request.user))
    preview = None
    confirm = request.POST.get("confirm")

    def send() -> None:
        services.referral_send(actor=request.user, case=case, **form.cleaned_data)

    if confirm == "send" and submit(request, form, send):
        messages.success(
            request,
            _("The referral was sent to %(agency)s.") % {"agency": form.cleaned_data["to_agency"]},
        )
        return redirect("cases:detail", pk=case.pk)
    if confirm == "preview" and request.method == "POST" and form.is_valid():
        preview = form.cleaned_data
    return case_page(
        request,
        case,
        form,
        title=_("Refer to another agency"),
        template="cases/referral_form.html",
        preview=preview,
    )


@login_required
def join_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A reader that does not hold the case asks the lead to put it on the team (it never
    opens a case of its own on the household)."""
    case = case_or_refusal(request, pk, summary=True)[0]
    form = JoinRequestForm(request.POST or None)
    return case_form_page(
        request,
        case,
        form,
        title=_("Ask the lead to join the team"),
        on_valid=lambda d: services.join_request(actor=request.user, case=case, **d),
        success=_("Your request was sent to the lead agency."),
    )


@login_required
def lead_change(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    form = LeadChangeForm(request.POST or None)
    return case_form_page(
        request,
        case,
        form,
        title=_("Change the lead agency"),
        on_valid=lambda d: services.lead_change(actor=request.user, case=case, **d),
        success=_("The lead agency was changed."),
        tab="team",
    )


@login_required
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    form = TeamAddForm(request.POST or None)
    return case_form_page(
        request,
        case,
        form,
        title=_("Add an agency to the team"),
        on_valid=lambda d: services.team_add(actor=request.user, case=case, **d),
        success=_("The agency joined the team."),
        tab="team",
    )


@login_required
@require_POST
def team_leave(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    member = get_object_or_404(
        case.team.select_related("agency"), agency_id=agency_pk, left_on__isnull=True
    )
    try:
        services.team_leave(actor=request.user, case=case, agency=member.agency)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(agency)s left the team.") % {"agency": member.agency})
    return redirect(case_tab_url(case, "team"))


def _consent_page(request: HttpRequest, pk: int, *, record, title: str, success: str):
    """Recording consent, on its own or as the moment an outreach case converts."""
    case = case_or_refusal(request, pk, change=True)[0]
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        case=case,
        initial={"valid_from": timezone.localdate()},
    )
    return case_form_page(
        request,
        case,
        form,
        title=title,
        on_valid=lambda d: record(actor=request.user, case=case, **d),
        success=success,
        tab="team",
    )


@login_required
def consent_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _consent_page(
        request,
        pk,
        record=services.consent_record,
        title=_("Record consent"),
        success=_("The consent was recorded. Sharing with the covered agencies starts now."),
    )


@login_required
def consent_extend(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    """Extend a consent to an agency that joined the team after it was recorded."""
    case = case_or_refusal(request, pk, change=True)[0]
    consent = get_object_or_404(Consent, pk=consent_pk, case=case)
    form = ConsentExtendForm(request.POST or None, consent=consent)
    return case_form_page(
        request,
        case,
        form,
        title=_("Extend the consent to another team agency"),
        on_valid=lambda d: services.consent_extend(actor=request.user, consent=consent, **d),
        success=_("The consent now covers the agency."),
        tab="team",
        extra={"consent": consent},
    )


@login_required
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    consent = get_object_or_404(Consent, pk=consent_pk, case=case)
    form = WithdrawForm(request.POST or None)
    return case_form_page(
        request,
        case,
        form,
        title=_("Withdraw consent"),
        on_valid=lambda d: services.consent_withdraw(
            actor=request.user, consent=consent, reason=d["reason"]
        ),
        success=_("The consent was withdrawn. Consent-based sharing has ended."),
        tab="team",
        extra={"consent": consent},
    )


@never_cache
@login_required
def consent_scan(request: HttpRequest, pk: int, consent_pk: int) -> FileResponse:
    """The scanned form is personal data: served only through the policy, never as a
    public media URL (nothing serves MEDIA_ROOT). Always a download under a neutral name,
    typed by its bytes, so a browser neither sniffs nor renders it in our origin."""
    case = case_or_refusal(request, pk)[0]
    consent = get_object_or_404(Consent, pk=consent_pk, case=case)
    if not consent.scanned_form:
        raise Http404(access.NOT_FOUND)
    scan = consent.scanned_form.open("rb")
    content_type = detect_type(scan)
    response = FileResponse(
        scan,
        as_attachment=True,
        filename=neutral_name(content_type, stem=f"consent-{consent.pk}"),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def consent_scan_attach(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    """Attach the scan of the signed 同意書 (printed from the consent) to the consent."""
    case = case_or_refusal(request, pk, change=True)[0]
    consent = get_object_or_404(Consent, pk=consent_pk, case=case)
    form = ConsentScanForm(request.POST or None, request.FILES or None)
    return case_form_page(
        request,
        case,
        form,
        title=_("Attach the signed consent form"),
        on_valid=lambda d: services.consent_scan_attach(
            actor=request.user, consent=consent, scanned_form=d["scanned_form"]
        ),
        success=_("The signed consent form was attached."),
        extra={"consent": consent},
        tab="team",
    )


@login_required
def concern_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk)[0]
    form = ConcernForm(request.POST or None, case=case)
    return case_form_page(
        request,
        case,
        form,
        title=_("Record a concern"),
        on_valid=lambda d: services.concern_add(actor=request.user, case=case, **d),
        success=_("The concern was recorded."),
    )


@login_required
def assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    previous = case.assessments.first()
    initial = (
        {"summary": previous.summary, "strengths": previous.strengths, "risks": previous.risks}
        if previous
        else {}
    )
    form = AssessmentForm(request.POST or None, initial=initial)
    return case_form_page(
        request,
        case,
        form,
        title=_("New assessment"),
        on_valid=lambda d: services.assessment_record(actor=request.user, case=case, **d),
        success=_("The assessment was recorded as a new version."),
        tab="plan",
    )


@login_required
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    form = PlanForm(request.POST or None)
    formset = PlanActionFormSet(request.POST or None, prefix="action")

    def save(d):
        actions = [ActionData(**f.cleaned_data) for f in formset.forms if f.cleaned_data]
        services.plan_create(actor=request.user, case=case, actions=actions, **d)

    return case_form_page(
        request,
        case,
        form,
        title=_("New support plan"),
        on_valid=save,
        formset=formset,
        success=_("The support plan was saved."),
        tab="plan",
    )


@login_required
def closure_propose(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    form = ClosureProposeForm(request.POST or None)
    return case_form_page(
        request,
        case,
        form,
        title=_("Propose closure"),
        on_valid=lambda d: services.closure_propose(actor=request.user, case=case, **d),
        success=_("The closure was proposed. A supervisor will decide."),
    )


@login_required
def closure_decide(request: HttpRequest, pk: int, closure_pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    closure = get_object_or_404(Closure, pk=closure_pk, case=case)
    form = ClosureDecideForm(request.POST or None)

    def decide(d):
        if d["decision"] == "approve":
            services.closure_approve(
                actor=request.user, closure=closure, evaluation=d["evaluation"]
            )
        else:
            services.closure_send_back(actor=request.user, closure=closure, note=d["evaluation"])

    return case_form_page(
        request,
        case,
        form,
        title=_("Decide on the closure"),
        on_valid=decide,
        success=_("The decision was recorded."),
        extra={"closure": closure},
    )


@login_required
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    form = ReopenForm(request.POST or None)
    return case_form_page(
        request,
        case,
        form,
        title=_("Reopen the case"),
        on_valid=lambda d: services.case_reopen(actor=request.user, case=case, reason=d["reason"]),
        success=_("The case was reopened."),
    )


@login_required
@require_POST
def plan_action_status(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Report progress on one action of the plan in effect (htmx or plain POST)."""
    case = case_or_refusal(request, pk)[0]
    action = get_object_or_404(
        PlanAction.objects.select_related("plan"), pk=action_pk, plan__case=case
    )
    form = PlanActionStatusForm(request.POST)
    if form.is_valid():
        services.plan_action_set_status(
            actor=request.user, action=action, status=form.cleaned_data["status"]
        )
        messages.success(request, _("The action's status was updated."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(case_tab_url(case, "plan"))


@login_required
def outreach_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit attempt or contact of the outreach project, with its outcome."""
    case = case_or_refusal(request, pk, change=True)[0]
    form = OutreachContactForm(
        request.POST or None,
        initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)},
    )

    def save(d):
        services.outreach_contact(
            actor=request.user, case=case, **{**d, "stage": d["stage"] or None}
        )

    return case_form_page(
        request,
        case,
        form,
        title=_("Record an outreach contact"),
        on_valid=save,
        success=_("The contact was recorded."),
        tab="timeline",
    )


@login_required
def outreach_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Consent obtained: the case moves into 多機関協働 and sharing with the team opens."""
    return _consent_page(
        request,
        pk,
        record=services.outreach_consent_obtained,
        title=_("Consent obtained"),
        success=_("Consent was recorded: the case moved into multi-agency collaboration."),
    )
