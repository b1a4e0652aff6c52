"""A network's members and donations: added and removed by the agency that registered the
network."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import access, services
from community.forms import (
    DonationForm,
    NetworkMemberForm,
)
from community.models import Donation, Network, NetworkMember
from community.views.editing import community_form_page
from core.forms import submit

# --- network members and donations ---------------------------------------------------------


def _editable_network(request: HttpRequest, pk: int) -> Network:
    access.require_read(request.user)
    network = get_object_or_404(Network.objects.select_related("owner"), pk=pk)
    access.require_edit(request.user, network)
    return network


def _network_form_page(
    request: HttpRequest,
    network: Network,
    form,
    *,
    title: str,
    on_valid: Callable[[dict], Any],
    success: str,
) -> HttpResponse:
    if submit(request, form, lambda: on_valid(form.cleaned_data)):
        messages.success(request, success)
        return redirect("community:network_detail", pk=network.pk)
    cancel = reverse("community:network_detail", args=[network.pk])
    return community_form_page(request, form, title=title, cancel_url=cancel, record=network)


@login_required
def network_member_new(request: HttpRequest, pk: int) -> HttpResponse:
    network = _editable_network(request, pk)
    return _network_form_page(
        request,
        network,
        NetworkMemberForm(request.POST or None),
        title=_("Add a member"),
        on_valid=lambda data: services.network_member_add(
            actor=request.user, network=network, **data
        ),
        success=_("The member was added."),
    )


@login_required
def donation_new(request: HttpRequest, pk: int) -> HttpResponse:
    network = _editable_network(request, pk)
    return _network_form_page(
        request,
        network,
        DonationForm(request.POST or None),
        title=_("Record a donation"),
        on_valid=lambda data: services.donation_record(actor=request.user, network=network, **data),
        success=_("The donation was recorded."),
    )


@login_required
@require_POST
def network_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    network = _editable_network(request, pk)
    member = get_object_or_404(NetworkMember, pk=member_pk, network=network)
    services.network_member_remove(actor=request.user, network=network, member=member)
    messages.success(request, _("%(name)s was removed from the network.") % {"name": member})
    return redirect("community:network_detail", pk=network.pk)


@login_required
@require_POST
def donation_remove(request: HttpRequest, pk: int, donation_pk: int) -> HttpResponse:
    network = _editable_network(request, pk)
    donation = get_object_or_404(Donation, pk=donation_pk, network=network)
    services.donation_remove(actor=request.user, network=network, donation=donation)
    messages.success(request, _("The donation was removed."))
    return redirect("community:network_detail", pk=network.pk)
