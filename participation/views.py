"""The participation pages: the menu directory (every staff member), hosts, and from a case
the search-and-propose panel, the matching page with its lifecycle and follow-ups, and a
person's plan. Person-level pages go through cases/case_access.py (via the selectors): a
stranger gets the 404 of a missing record, a team agency without consent the 403 naming the
missing consent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access as case_access
from cases.models import Case
from core.forms import form_page, submit
from core.htmx import wants_partial
from participation import access, selectors, services
from participation.forms import (
    FollowUpForm,
    HostForm,
    MenuFilterForm,
    MenuForm,
    MoveForm,
    PlanForm,
    ProposeForm,
)
from participation.models import Matching, SupportMenu

PAGE_SIZE = 30
FILTERS = ("q", "area", "kind", "target")
PANEL_RESULTS = 20


def _querystring(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _form_page(request: HttpRequest, form, *, title: str, back: str) -> HttpResponse:
    """The form page with a Back crumb to where the user came from."""
    return form_page(request, form, title=title, cancel_url=back, crumbs=[(back, _("Back"))])


# --- the directory -----------------------------------------------------------------------


@login_required
def menu_list(request: HttpRequest) -> HttpResponse:
    access.require_read_directory(request.user)
    form = MenuFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.menu_search(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "querystring": _querystring(request),
        "can_register": case_access.can_work_on_cases(request.user),
    }
    template = (
        "participation/_menu_rows.html"
        if wants_partial(request)
        else "participation/menu_list.html"
    )
    return render(request, template, context)


@login_required
def menu_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_read_directory(request.user)
    menu = selectors.menu_detail(pk)
    return render(
        request,
        "participation/menu_detail.html",
        {"menu": menu, "can_edit": access.can_edit_menu(request.user, menu)},
    )


@login_required
def menu_new(request: HttpRequest) -> HttpResponse:
    case_access.require_case_role(request.user)
    agencies = case_access.case_agencies(request.user)
    form = MenuForm(request.POST or None, agencies=agencies)

    def create() -> SupportMenu:
        return services.menu_create(actor=request.user, **form.cleaned_data)

    if done := submit(request, form, create):
        messages.success(request, _("The support menu was registered."))
        return redirect("participation:menu", pk=done.value.pk)
    return _form_page(
        request, form, title=_("Register a support menu"), back=reverse("participation:menus")
    )


@login_required
def menu_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_read_directory(request.user)
    menu = selectors.menu_detail(pk)
    if not access.can_edit_menu(request.user, menu):
        raise PermissionDenied(access.NOT_DEVELOPER)
    initial = {field: getattr(menu, field) for field in services.MENU_FIELDS}
    initial.update(host=menu.host_id, area=menu.area_id, version=menu.version)
    form = MenuForm(request.POST or None, initial=initial, editing=True)

    def update() -> None:
        data = form.cleaned_data
        version = data.pop("version")
        services.menu_update(actor=request.user, menu=menu, expected_version=version, data=data)

    if submit(request, form, update):
        messages.success(request, _("The support menu was saved."))
        return redirect("participation:menu", pk=menu.pk)
    return _form_page(
        request, form, title=menu.title, back=reverse("participation:menu", args=[pk])
    )


# --- hosts -------------------------------------------------------------------------------


@login_required
def host_list(request: HttpRequest) -> HttpResponse:
    access.require_read_directory(request.user)
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.host_list(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/host_list.html",
        {
            "page": page,
            "q": q,
            "querystring": _querystring(request),
            "can_register": case_access.can_work_on_cases(request.user),
            "own_agencies": {a.pk for a in case_access.case_agencies(request.user)},
        },
    )


@login_required
def host_new(request: HttpRequest) -> HttpResponse:
    case_access.require_case_role(request.user)
    form = HostForm(request.POST or None, agencies=case_access.case_agencies(request.user))

    def create() -> None:
        services.host_create(actor=request.user, **form.cleaned_data)

    if submit(request, form, create):
        messages.success(request, _("The host was registered."))
        return redirect("participation:hosts")
    return _form_page(
        request, form, title=_("Register a host"), back=reverse("participation:hosts")
    )


@login_required
def host_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_read_directory(request.user)
    host = selectors.host_detail(pk)
    if not access.can_edit_host(request.user, host):
        raise PermissionDenied(access.NOT_REGISTRAR)
    initial = {
        "name": host.name,
        "agency": host.agency_id,
        "group": host.group_id,
        "contact": host.contact,
        "is_active": host.is_active,
        "version": host.version,
    }
    form = HostForm(request.POST or None, initial=initial, editing=True)

    def update() -> None:
        data = form.cleaned_data
        version = data.pop("version")
        services.host_update(actor=request.user, host=host, expected_version=version, data=data)

    if submit(request, form, update):
        messages.success(request, _("The host was saved."))
        return redirect("participation:hosts")
    return _form_page(request, form, title=host.name, back=reverse("participation:hosts"))


# --- from a case -------------------------------------------------------------------------


def case_panel(request: HttpRequest, case: Case) -> dict | None:
    """The case page's panel (core.panels): the case's matchings, and the search that
    proposes a menu to a household member. The case page has already read the case.

    The search here is short: its area choice is the household's own area and the larger
    ones it lies in (chosen at first; only for a reader who may see the household's area,
    rule 6) and the 中学校区; any other area is on the search page (`case_menus`)."""
    search = None
    if case.is_open:
        household = case.household
        area_id = (
            household.area_id if case_access.can_see_address(request.user, household) else None
        )
        search = MenuFilterForm(
            auto_id="pm-%s", areas=selectors.areas_near(area_id), initial={"area": area_id}
        )
    return {
        "case": case,
        "matchings": selectors.case_matchings(case, case_access.case_decision(request.user, case)),
        "search": search,
        "can_propose": case.is_open,
    }


@login_required
def case_menus(request: HttpRequest, pk: int) -> HttpResponse:
    """Menus for this case's household members; each result proposes in one step. htmx
    asks for the results only; without JavaScript it is a page of its own."""
    case, decision = case_access.case_for(request.user, pk, request=request)
    form = MenuFilterForm(request.GET or None, auto_id="pm-%s")
    return _case_menus_page(request, case, decision, form)


def _case_menus_page(
    request: HttpRequest,
    case: Case,
    decision: case_access.Decision,
    form: MenuFilterForm,
    propose: ProposeForm | None = None,
) -> HttpResponse:
    filters = form.cleaned_data if form.is_valid() else {}
    menus = list(selectors.menu_search(filters=filters)[:PANEL_RESULTS]) if form.is_bound else []
    persons = list(selectors.current_members(case))
    case_access.log_reads(request.user, persons, decision, request=request)  # named in the form
    context = {
        "case": case,
        "form": form,
        "menus": menus,
        "persons": persons,
        "propose": propose,
        "searched": form.is_bound,
    }
    if wants_partial(request) and propose is None:
        return render(request, "participation/_panel_results.html", context)
    return render(request, "participation/case_menus.html", context)


@login_required
@require_POST
def case_propose(request: HttpRequest, pk: int) -> HttpResponse:
    case, decision = case_access.case_for(request.user, pk, request=request)
    form = ProposeForm(request.POST, persons=selectors.current_members(case))

    def propose() -> Matching:
        data = form.cleaned_data
        return services.matching_propose(
            actor=request.user,
            case=case,
            person=data["person"],
            menu=data["menu"],
            note=data["note"],
        )

    if done := submit(request, form, propose):
        matching = done.value
        messages.success(
            request,
            _("Proposed %(menu)s to %(person)s.")
            % {"menu": matching.menu.title, "person": matching.person.full_name},
        )
        return redirect("participation:matching", pk=matching.pk)
    filters = MenuFilterForm({k: request.POST.get(k, "") for k in FILTERS}, auto_id="pm-%s")
    return _case_menus_page(request, case, decision, filters, propose=form)


# --- a matching --------------------------------------------------------------------------


def _matching_page(
    request: HttpRequest,
    matching: Matching,
    decision: case_access.Decision,
    *,
    move_form: MoveForm | None = None,
    follow_up_form: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_move = access.may_manage(request.user, matching.case, matching.agency_id)
    next_steps = services.NEXT[matching.status] if can_move else ()
    context = {
        "matching": matching,
        "case": matching.case,
        "decision": decision,
        "can_move": can_move,
        "next_steps": [(s, Matching.Status(s).label) for s in next_steps],
        "move_form": move_form or MoveForm(initial={"version": matching.version}),
        "follow_up_form": follow_up_form or FollowUpForm(),
        "follow_ups": matching.follow_ups.select_related("agency", "recorded_by"),
        "outcomes": Matching.Outcome.choices,
        "places": services.taken_places(matching.menu),
    }
    return render(request, "participation/matching_detail.html", context, status=status)


@login_required
def matching_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matching, decision = selectors.matching_for(request.user, pk, request=request)
    return _matching_page(request, matching, decision)


@login_required
@require_POST
def matching_move(request: HttpRequest, pk: int) -> HttpResponse:
    matching, decision = selectors.matching_for(request.user, pk, request=request)
    form = MoveForm(request.POST)

    def move() -> Matching:
        data = form.cleaned_data
        return services.matching_move(
            actor=request.user,
            matching=matching,
            to=data["to"],
            on=data["on"],
            outcome=data["outcome"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    if done := submit(request, form, move):
        status = done.value.get_status_display()
        messages.success(request, _("The matching is now: %(status)s.") % {"status": status})
        return redirect("participation:matching", pk=matching.pk)
    return _matching_page(request, matching, decision, move_form=form)


@login_required
@require_POST
def follow_up_new(request: HttpRequest, pk: int) -> HttpResponse:
    matching, decision = selectors.matching_for(request.user, pk, request=request)
    form = FollowUpForm(request.POST)

    def record() -> None:
        services.follow_up_record(actor=request.user, matching=matching, **form.cleaned_data)

    if submit(request, form, record):
        messages.success(request, _("The follow-up was recorded."))
        return redirect("participation:matching", pk=matching.pk)
    return _matching_page(request, matching, decision, follow_up_form=form)


# --- a person's plan ---------------------------------------------------------------------


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan, decision = selectors.plan_for_reading(request.user, pk, request=request)
    can_edit = access.may_manage(request.user, plan.case, plan.agency_id)
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        initial={"goals": plan.goals, "version": plan.version},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(access.NOT_PLAN_AGENCY)

        def update() -> None:
            data = form.cleaned_data
            services.plan_update(
                actor=request.user, plan=plan, goals=data["goals"], expected_version=data["version"]
            )

        if submit(request, form, update):
            messages.success(request, _("The plan was saved."))
            return redirect("participation:plan", pk=plan.pk)
    matchings = plan.matchings.select_related("menu", "menu__host", "agency").order_by(
        "-proposed_on", "-pk"
    )
    return render(
        request,
        "participation/plan_detail.html",
        {
            "plan": plan,
            "case": plan.case,
            "decision": decision,
            "form": form,
            "can_edit": can_edit,
            "matchings": matchings,
        },
    )
