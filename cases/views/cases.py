from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import access, family_reads, selectors, services
from cases.forms import CaseEditForm, CaseFilterForm, IntakeForm, PersonFormSet
from cases.models import Attachment, Case, Closure, PlanAction, SupportPlan
from cases.selectors import CaseFilters
from cases.services.consultations import ConsultationData
from cases.services.households import PersonData
from cases.timeline import parse_cursor
from cases.views.common import case_form_page, case_or_refusal
from core.forms import submit
from core.htmx import wants_partial
from core.pagination import CappedPaginator
from core.panels import panels_for

PAGE_SIZE = 50


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    access.require_case_role(request.user)
    data = request.GET.copy()
    chosen = bool(data.get("scope"))
    if not chosen:
        # The list opens on what the worker needs: their own open cases if they have any,
        # otherwise every case they may read (a team agency's, a supervisor's).
        data["scope"] = "me"
    form = CaseFilterForm(data, user=request.user)
    filters = CaseFilters.from_form(
        form.cleaned_data if form.is_valid() else {"scope": data["scope"]}
    )
    page = CappedPaginator(selectors.case_list(request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    if not chosen and not page.paginator.count and filters.scope == "me":
        data["scope"] = "all"
        form = CaseFilterForm(data, user=request.user)
        filters = CaseFilters.from_form(form.cleaned_data if form.is_valid() else {"scope": "all"})
        page = CappedPaginator(
            selectors.case_list(request.user, filters=filters), PAGE_SIZE
        ).get_page(request.GET.get("page"))
    access.log_list_reads(request.user, list(page.object_list), request=request)
    query = data.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    template = "cases/_case_rows.html" if wants_partial(request) else "cases/case_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "unsorted": unsorted.urlencode(),
            "sort": filters.sort,
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case, decision = case_or_refusal(request, pk, summary=True)
    household = case.household
    # A consent reader sees by name only the members the consent covers (rule 2).
    members = family_reads.shown_members(selectors.household_members(household), decision)
    concerns = case.concerns.select_related("person")
    access.log_reads(
        request.user, [household, *family_reads.shown_persons(members)], decision, request=request
    )
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "decision": decision,
            "members": members,
            "show_address": access.can_see_address(request.user, household),
            "team": selectors.case_team(case),
            "lead": case.leads.filter(ended_on__isnull=True).select_related("agency").first(),
            "projects": case.projects.filter(ended_on__isnull=True),
            "timeline": None
            if decision.summary_only
            else selectors.case_timeline(request.user, case, decision),
            "withheld": selectors.withheld_records(decision, case),
            "plan": case.plans.filter(status=SupportPlan.Status.ACTIVE)
            .prefetch_related("actions__responsible_agency")
            .first(),
            "assessment": None
            if decision.summary_only
            else case.assessments.prefetch_related(
                Prefetch(
                    "attachments",
                    queryset=Attachment.objects.filter(removed_at__isnull=True).order_by("pk"),
                    to_attr="shown_attachments",
                )
            ).first(),
            "concerns": access.scoped(decision, concerns),
            "consents": case.consents.select_related("person").prefetch_related(
                "agencies", "extensions__agency"
            ),
            "pending_closure": case.closures.filter(status=Closure.Status.PROPOSED).first(),
            "referrals": case.referrals.select_related("to_agency", "from_agency"),
            "action_statuses": PlanAction.Status.choices,
            "panels": [] if decision.summary_only else panels_for("case", request, case=case),
            "outreach": selectors.outreach_summary(request.user, case, decision),
        },
    )


@login_required
def case_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """Earlier timeline entries (`before=`, the cursor of the case page's "earlier entries"
    link): for htmx the entries only, appended in place; without JavaScript a page of its
    own with a link further back. The same policy as the case page: `case_for` (404, 403
    with the card, a 106-6 reader refused: the timeline is not in the summary; the read
    logged), consultations through `visible_consultations`, withheld records named."""
    case, decision = case_or_refusal(request, pk)
    timeline = selectors.case_timeline(
        request.user, case, decision, before=parse_cursor(request.GET.get("before"))
    )
    context = {"case": case, "decision": decision, "timeline": timeline}
    if wants_partial(request):
        return render(request, "cases/_timeline_entries.html", context)
    context["withheld"] = selectors.withheld_records(decision, case)
    return render(request, "cases/case_timeline.html", context)


@login_required
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    case, decision = case_or_refusal(request, pk)
    return render(
        request,
        "cases/case_history.html",
        {"case": case, "rows": selectors.history_of(case, request.user, decision)},
    )


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """Quick intake: one keyboard-friendly form creates the household, its persons, the case
    and the first consultation (or attaches the case to a household found by search)."""
    access.require_case_role(request.user)
    households = access.visible_households(request.user)
    initial = {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = IntakeForm(
        request.POST or None,
        households=households,
        agencies=access.case_agencies(request.user),
        initial=initial,
    )
    formset = PersonFormSet(request.POST or None, prefix="person")
    attached = None
    if request.method != "POST" and request.GET.get("household"):
        attached = households.filter(pk=request.GET["household"]).first()
        if attached:
            form.initial["household"] = attached.pk

    def open_case() -> Case:
        data = form.cleaned_data
        members = [PersonData(**f.cleaned_data) for f in formset.forms if f.cleaned_data]
        if not data["household"] and not members:
            raise ValidationError(_("Enter at least one person of the new household."))
        return services.intake(
            actor=request.user,
            agency=data.get("agency"),
            household=data["household"],
            household_name=data["household_name"],
            members=members,
            address=data["address"],
            postal_code=data["postal_code"],
            phone=data["phone"],
            area=data["area"],
            title=data["title"],
            referral_source=data["referral_source"],
            projects=data["projects"],
            informant=data["informant"],
            consultation=ConsultationData(
                occurred_at=data["occurred_at"],
                mode=data["mode"],
                minutes=data["minutes"],
                narrative=data["narrative"],
                projects=data["projects"],
            ),
        )

    if done := submit(request, form, open_case, formset=formset):
        messages.success(request, _("The case was opened."))
        return redirect("cases:detail", pk=done.value.pk)
    if form.is_bound and form.data.get("household"):
        attached = households.filter(pk=form.data.get("household")).first()
    return render(
        request, "cases/intake.html", {"form": form, "formset": formset, "attached": attached}
    )


@login_required
def household_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: households the user may see that match what was typed (for intake)."""
    access.require_case_role(request.user)
    candidates = selectors.household_candidates(request.user, request.GET.get("q", ""))
    access.log_list_reads(request.user, candidates, request=request, action="search")
    return render(request, "cases/_household_candidates.html", {"candidates": candidates})


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_refusal(request, pk, change=True)[0]
    initial = {
        "title": case.title,
        "worker": case.worker_id,
        "status": case.status,
        "referral_source": case.referral_source,
        "projects": list(
            case.projects.filter(ended_on__isnull=True).values_list("project", flat=True)
        ),
        "version": case.version,
    }
    form = CaseEditForm(request.POST or None, initial=initial, case=case)
    return case_form_page(
        request,
        case,
        form,
        title=_("Edit the case"),
        on_valid=lambda d: services.case_update(
            actor=request.user, case=case, expected_version=d.pop("version"), data=d
        ),
        success=_("The case was saved."),
    )
