"""The forms of a household's "Family and relatives" section: relations between its
persons, relatives outside the household, the key person, and a person's record (their
death too). Each is for those who may change the household (household_for(change=True):
a stranger gets the 404, a reader the 403 naming its basis); the services decide the rest
(both persons changeable, of the household's circle, dates)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cases import access, services
from cases.family_forms import (
    KeyPersonForm,
    PersonEditForm,
    RelationEditForm,
    RelationForm,
    RelativeForm,
)
from cases.family_reads import circle_relations, phrases
from cases.models import Household, Person, PersonRelation
from cases.services import family
from core.forms import form_page, submit


def _changeable(request: HttpRequest, pk: int) -> Household:
    return access.household_for(request.user, pk, change=True, request=request)[0]


def _page(
    request: HttpRequest,
    household: Household,
    form: forms.BaseForm,
    *,
    title: str,
    **context,
) -> HttpResponse:
    url = reverse("cases:household", args=[household.pk]) + "#family"
    return form_page(
        request,
        form,
        title=title,
        cancel_url=url,
        crumbs=[(url, household.name)],
        template="cases/family_form.html",
        **context,
    )


def _back(household: Household) -> HttpResponse:
    return redirect(reverse("cases:household", args=[household.pk]) + "#family")


def _relation_of(household: Household, relation_pk: int) -> PersonRelation:
    return get_object_or_404(circle_relations(household), pk=relation_pk)


@login_required
def relation_new(request: HttpRequest, pk: int) -> HttpResponse:
    household = _changeable(request, pk)
    form = RelationForm(request.POST or None, circle=family.circle_of(household))

    def add() -> PersonRelation:
        return services.relation_add(actor=request.user, household=household, **form.cleaned_data)

    if submit(request, form, add):
        messages.success(request, _("The relation was recorded."))
        return _back(household)
    return _page(request, household, form, title=_("Add a relation"))


@login_required
def relation_edit(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    household = _changeable(request, pk)
    relation = _relation_of(household, relation_pk)
    form = RelationEditForm(request.POST or None, initial=RelationEditForm.initial_for(relation))

    def save() -> PersonRelation:
        data = dict(form.cleaned_data)
        return services.relation_update(
            actor=request.user,
            relation=relation,
            expected_version=data.pop("version"),
            data=data,
        )

    if submit(request, form, save):
        messages.success(request, _("The relation was saved."))
        return _back(household)
    said = phrases(relation, relation.person.full_name, relation.relative.full_name)[0]
    return _page(request, household, form, title=_("Change a relation"), heading=said)


class RemoveForm(forms.Form):
    pass


@login_required
def relation_remove(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    household = _changeable(request, pk)
    relation = _relation_of(household, relation_pk)
    form = RemoveForm(request.POST if request.method == "POST" else None)

    if submit(
        request, form, lambda: services.relation_remove(actor=request.user, relation=relation)
    ):
        messages.success(request, _("The relation was removed."))
        return _back(household)
    said = phrases(relation, relation.person.full_name, relation.relative.full_name)[0]
    return _page(
        request,
        household,
        form,
        title=_("Remove a relation"),
        heading=_("Remove: %(relation)s") % {"relation": said},
        submit_label=_("Remove"),
    )


@login_required
def relative_new(request: HttpRequest, pk: int) -> HttpResponse:
    household = _changeable(request, pk)
    form = RelativeForm(request.POST or None, circle=family.circle_of(household))

    def add() -> Person:
        data = dict(form.cleaned_data)
        relation = {name: data.pop(name) for name in ("related_to", "kind", "label")}
        relation.update(married_on=data.pop("married_on"), divorced_on=data.pop("divorced_on"))
        return services.relative_add(
            actor=request.user, household=household, data=family.RelativeData(**data), **relation
        )

    if submit(request, form, add):
        messages.success(request, _("The relative was recorded."))
        return _back(household)
    return _page(
        request,
        household,
        form,
        title=_("Add a relative outside the household"),
        intro=_(
            "A relative who lives elsewhere or has died. They are read through this "
            "household: whoever may read it may read them."
        ),
    )


@login_required
def key_person(request: HttpRequest, pk: int) -> HttpResponse:
    household = _changeable(request, pk)
    form = KeyPersonForm(
        request.POST or None,
        circle=family.circle_of(household),
        initial={"person": household.key_person_id, "version": household.version},
    )

    def save() -> Household:
        return services.key_person_set(
            actor=request.user,
            household=household,
            person=form.cleaned_data["person"],
            expected_version=form.cleaned_data["version"],
        )

    if submit(request, form, save):
        messages.success(request, _("The key person was saved."))
        return _back(household)
    return _page(request, household, form, title=_("Set the key person"))


@login_required
def person_edit(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """A member's or a relative's record, their death too (deceased, date of death)."""
    household = _changeable(request, pk)
    person = get_object_or_404(family.circle_of(household), pk=person_pk)
    form = PersonEditForm(request.POST or None, initial=PersonEditForm.initial_for(person))

    def save() -> Person:
        data = dict(form.cleaned_data)
        return services.person_update(
            actor=request.user, person=person, expected_version=data.pop("version"), data=data
        )

    if submit(request, form, save):
        messages.success(request, _("The person was saved."))
        return _back(household)
    return _page(
        request,
        household,
        form,
        title=_("Edit %(name)s") % {"name": person.full_name},
    )
