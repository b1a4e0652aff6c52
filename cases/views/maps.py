"""The household's genogram and eco-map (printable), and the eco-map's links. Both are
drawn from what the reader may read (cases/genogram.py, cases/ecomap.py); the read is
logged like the household page's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agencies.models import User
from cases import access, ecomap, genogram
from cases.models import EcoLink, Household
from cases.services import ecomap as ecomap_services
from core.forms import form_page, submit


def read_maps(
    user: User, pk: int, request: HttpRequest | None = None, *, channel: str = "web"
) -> tuple[Household, access.Decision, genogram.Genogram, list]:
    """The household (household_for: 404, 403 with the card), its genogram as the reader
    may read it, and the named persons, whose read is logged."""
    household, decision = access.household_for(user, pk, request=request, channel=channel)
    graph, named = genogram.genogram_for(user, household, decision)
    access.log_reads(user, named, decision, channel=channel, request=request)
    return household, decision, graph, named


def centre_lines(graph: genogram.Genogram) -> list[str]:
    """The household's members as the eco-map's centre lists them: name and age, or the
    relation only for a member the reader may not read by name."""
    lines = []
    for n in graph.nodes:
        if not n.in_household:
            continue
        if n.shape == genogram.WITHHELD:
            lines.append(f"{n.relation}（{n.label}）")
        else:
            age = _("%(age)s yrs") % {"age": n.age} if n.age is not None else ""
            lines.append(" ".join(filter(None, [n.label, age])))
    return lines


@login_required
def household_genogram(request: HttpRequest, pk: int) -> HttpResponse:
    maps = read_maps(request.user, pk, request)
    household, graph = maps[0], maps[2]
    return render(
        request,
        "cases/household_genogram.html",
        {
            "household": household,
            "svg": mark_safe(genogram.render_svg(graph)),  # noqa: S308 - every text escaped
        },
    )


class EcoLinkForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("link to"))
    label = forms.CharField(label=gettext_lazy("name"), max_length=100, required=False)
    role = forms.CharField(label=gettext_lazy("role or relation"), max_length=100, required=False)
    strength = forms.ChoiceField(
        label=gettext_lazy("strength"), choices=EcoLink.Strength, initial=EcoLink.Strength.WEAK
    )
    note = forms.CharField(label=gettext_lazy("note"), max_length=300, required=False)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = choices


class EcoLinkEditForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("name"), max_length=100, required=False)
    role = forms.CharField(label=gettext_lazy("role or relation"), max_length=100, required=False)
    strength = forms.ChoiceField(label=gettext_lazy("strength"), choices=EcoLink.Strength)
    note = forms.CharField(label=gettext_lazy("note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


@login_required
def household_ecomap(request: HttpRequest, pk: int) -> HttpResponse:
    """The eco-map, the list of its links and the form that adds one (POST here)."""
    household, decision, graph = read_maps(request.user, pk, request)[:3]
    choices = ecomap.source_choices(request.user, household)
    form = EcoLinkForm(request.POST or None, choices=choices)
    may_write = decision.can_write
    if request.method == "POST":
        access.require_household_write(request.user, household)
        done = submit(
            request,
            form,
            lambda: ecomap_services.eco_link_add(
                actor=request.user, household=household, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, _("The eco-map link was added."))
            return redirect("cases:household_ecomap", pk=household.pk)
    eco = ecomap.ecomap_for(request.user, household, decision, members=centre_lines(graph))
    return render(
        request,
        "cases/household_ecomap.html",
        {
            "household": household,
            "svg": mark_safe(ecomap.render_svg(eco)),  # noqa: S308 - every text escaped
            "nodes": eco.nodes,
            "form": form if may_write else None,
        },
    )


def _link(request: HttpRequest, pk: int, link_pk: int) -> EcoLink:
    household = access.household_for(request.user, pk, request=request)[0]
    return get_object_or_404(
        EcoLink.objects.select_related("household", "owner_agency"),
        pk=link_pk,
        household=household,
        ended_on__isnull=True,
    )


@login_required
def eco_link_edit(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    link = _link(request, pk, link_pk)
    access.require_eco_link_change(request.user, link)
    form = EcoLinkEditForm(
        request.POST or None,
        initial={
            "label": link.label,
            "role": link.role,
            "strength": link.strength,
            "note": link.note,
            "version": link.version,
        },
    )

    def save() -> EcoLink:
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return ecomap_services.eco_link_update(
            actor=request.user, link=link, expected_version=version, data=data
        )

    if submit(request, form, save):
        messages.success(request, _("The eco-map link was saved."))
        return redirect("cases:household_ecomap", pk=pk)
    url = reverse("cases:household_ecomap", args=[pk])
    return form_page(
        request,
        form,
        title=_("Change the eco-map link"),
        cancel_url=url,
        crumbs=[(reverse("cases:household", args=[pk]), link.household.name), (url, _("Eco-map"))],
    )


@login_required
@require_POST
def eco_link_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    link = _link(request, pk, link_pk)
    ecomap_services.eco_link_end(actor=request.user, link=link)
    messages.success(request, _("The eco-map link was removed."))
    return redirect("cases:household_ecomap", pk=pk)
