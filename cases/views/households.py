from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import access, family_reads, selectors, services
from cases.forms import HouseholdForm, PersonForm, PersonMoveForm, SearchForm
from cases.models import Household
from cases.services.households import PersonData
from core.forms import form_page, submit
from core.htmx import wants_partial


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household, decision = access.household_for(request.user, pk, request=request)
    memberships = selectors.household_members(household)
    # A consent reader sees by name only the members the consent covers (rule 2).
    members = family_reads.shown_members(memberships, decision)
    family = family_reads.household_family(household, decision, [m.person for m in memberships])
    access.log_reads(
        request.user,
        family_reads.shown_persons(members)
        + [r.person for r in family.relatives if not r.named.withheld],
        decision,
        request=request,
    )
    cases = selectors.household_cases(request.user, household)
    shown = [row["case"] for row in cases if row["readable"]]  # the others: a reference only
    access.log_list_reads(request.user, shown, request=request, action="household")
    return render(
        request,
        "cases/household_detail.html",
        {
            "household": household,
            "decision": decision,
            "members": members,
            "show_address": access.can_see_address(request.user, household),
            "cases": cases,
            "concerns": selectors.household_concerns(request.user, household, decision),
            "family": family,
        },
    )


@login_required
def household_history(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed on the household, its memberships and its members' records, with
    values: for those who may read the household (household_for: 404, 403 with the card),
    filtered as the household page is (住所秘匿 hides the address fields)."""
    household, decision = access.household_for(request.user, pk, request=request)
    return render(
        request,
        "cases/household_history.html",
        {
            "household": household,
            "rows": selectors.household_history(request.user, household, decision),
        },
    )


@login_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed on the person's record and their memberships, with values: for those
    who may read the person (person_for: 404; 403 naming the missing consent)."""
    person = access.person_for(request.user, pk, request=request)[0]
    current = [m for m in selectors.person_households(request.user, person) if not m.ended_on]
    merge = selectors.merge_of(person) if person.merged_into_id else None
    return render(
        request,
        "cases/person_history.html",
        {
            "person": person,
            "back": current[0].household if current else None,
            "rows": selectors.person_history(request.user, person),
            # 名寄せ: the record it was merged into, or the way to merge a duplicate into it
            "merge": merge,
            "merge_readable": merge is not None and access.may_read_merge(request.user, merge),
            "kept_readable": merge is not None
            and access.person_decision(request.user, merge.kept).can_view,
            "may_merge": not person.merged_into_id and access.may_merge(request.user, person),
            "merges_into": [
                m for m in selectors.merges_into(person) if access.may_read_merge(request.user, m)
            ],
        },
    )


def _household_form_page(
    request: HttpRequest, household: Household, form: forms.BaseForm, *, title: str
) -> HttpResponse:
    """A form about one household, with the household as the crumb and the way back."""
    url = reverse("cases:household", args=[household.pk])
    return form_page(request, form, title=title, cancel_url=url, crumbs=[(url, household.name)])


@login_required
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = access.household_for(request.user, pk, change=True, request=request)[0]
    form = HouseholdForm(
        request.POST or None,
        initial={
            "name": household.name,
            "postal_code": household.postal_code,
            "address": household.address,
            "phone": household.phone,
            "area": household.area_id,
            "version": household.version,
        },
    )

    def save() -> None:
        data = dict(form.cleaned_data)
        services.household_update(
            actor=request.user,
            household=household,
            expected_version=data.pop("version"),
            data=data,
        )

    if submit(request, form, save):
        messages.success(request, _("The household was saved."))
        return redirect("cases:household", pk=household.pk)
    return _household_form_page(request, household, form, title=_("Edit the household"))


@login_required
def person_new(request: HttpRequest, pk: int) -> HttpResponse:
    household = access.household_for(request.user, pk, change=True, request=request)[0]
    form = PersonForm(request.POST or None)

    def add() -> None:
        services.person_add(
            actor=request.user, household=household, data=PersonData(**form.cleaned_data)
        )

    if submit(request, form, add):
        messages.success(request, _("The person was added to the household."))
        return redirect("cases:household", pk=household.pk)
    return _household_form_page(request, household, form, title=_("Add a household member"))


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Households and persons by name, kana or birth date: only those the policy allows."""
    access.require_case_role(request.user)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["birth_date"]):
        results = selectors.search(
            request.user, text=form.cleaned_data["q"], birth_date=form.cleaned_data["birth_date"]
        )
        access.log_list_reads(request.user, results["persons"], request=request, action="search")
        access.log_list_reads(request.user, results["households"], request=request, action="search")
    template = "cases/_search_results.html" if wants_partial(request) else "cases/search.html"
    return render(request, template, {"form": form, "results": results})


@login_required
def person_move(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """Record a move: the membership here ends, one in the other household starts."""
    household = access.household_for(request.user, pk, change=True, request=request)[0]
    membership = get_object_or_404(
        household.memberships.select_related("person"), person_id=person_pk, ended_on__isnull=True
    )
    mine = [a.pk for a in access.case_agencies(request.user)]
    targets = (
        access.visible_households(request.user)
        .filter(owner_agency_id__in=mine)
        .exclude(pk=household.pk)
    )
    form = PersonMoveForm(
        request.POST or None, households=targets, initial={"on": timezone.localdate()}
    )

    def move() -> None:
        services.person_move(
            actor=request.user,
            person=membership.person,
            to_household=form.cleaned_data["household"],
            relation=form.cleaned_data["relation"],
            on=form.cleaned_data["on"],
        )

    if submit(request, form, move):
        messages.success(request, _("The move was recorded."))
        return redirect("cases:household", pk=form.cleaned_data["household"].pk)
    return _household_form_page(
        request,
        household,
        form,
        title=_("Move %(name)s to another household") % {"name": membership.person.full_name},
    )
