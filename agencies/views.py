"""Agency directory, area list, and an agency administrator's staff management."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agencies import access, selectors, services, tokens
from agencies.filters import AgencyFilter
from agencies.forms import (
    AgencyForm,
    MembershipRoleForm,
    PartnerTokenForm,
    ServiceAccountForm,
    StaffCreateForm,
)
from agencies.models import Agency, Membership, PartnerToken, User
from agencies.two_factor import services as two_factor
from agencies.two_factor.forms import ResetForm
from core.concurrency import ConcurrentEditError
from core.forms import form_page, submit
from core.htmx import wants_partial

PAGE_SIZE = 50


def _managed_agency(request: HttpRequest, pk: int) -> Agency:
    """The agency, if the user may manage it (403 naming the rule otherwise)."""
    agency = get_object_or_404(Agency, pk=pk)
    access.require_manage_agency(request.user, agency)
    return agency


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    access.require_works_at_an_agency_or_administers(request.user)
    agency_filter = AgencyFilter(request.GET, queryset=selectors.agency_directory())
    page = Paginator(agency_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = (
        "agencies/_agency_rows.html" if wants_partial(request) else "agencies/agency_list.html"
    )
    return render(
        request,
        template,
        {"filter": agency_filter, "page": page, "querystring": query.urlencode()},
    )


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_works_at_an_agency_or_administers(request.user)
    agency = get_object_or_404(selectors.agency_directory(), pk=pk)
    return render(
        request,
        "agencies/agency_detail.html",
        {"agency": agency, "can_manage": access.can_manage_agency(request.user, agency)},
    )


@login_required
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _managed_agency(request, pk)
    if request.method == "POST":
        form = AgencyForm(request.POST, instance=Agency.objects.get(pk=agency.pk))
    else:
        form = AgencyForm(instance=agency, initial={"version": agency.version})

    def save() -> None:
        services.agency_update(
            actor=request.user,
            agency=agency,
            expected_version=form.cleaned_data["version"],
            data=form.contact_data(),
            fields=form.cleaned_data["fields"],
            areas_served=form.cleaned_data["areas_served"],
        )

    if submit(request, form, save):
        messages.success(request, _("The agency's details were saved."))
        return redirect("agencies:detail", pk=agency.pk)
    title = _("Edit details")
    return form_page(
        request,
        form,
        title=title,
        heading=f"{agency.name} — {title}",
        cancel_url=reverse("agencies:detail", args=[agency.pk]),
    )


@login_required
def areas(request: HttpRequest) -> HttpResponse:
    access.require_works_at_an_agency_or_administers(request.user)
    return render(request, "agencies/areas.html", {"tree": selectors.area_tree()})


@login_required
def my_staff(request: HttpRequest) -> HttpResponse:
    managed = access.managed_agencies(request.user)
    if not managed:
        raise PermissionDenied(access.NOT_AGENCY_ADMIN)
    return redirect("agencies:staff", pk=managed[0].pk)


@login_required
def staff_list(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _managed_agency(request, pk)
    return render(
        request,
        "agencies/staff_list.html",
        {"agency": agency, "memberships": selectors.agency_staff(agency)},
    )


@login_required
def staff_create(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _managed_agency(request, pk)
    form = StaffCreateForm(request.POST or None)

    def create() -> User:
        data = form.cleaned_data
        return services.staff_create(
            actor=request.user,
            agency=agency,
            username=data["username"],
            full_name=data["full_name"],
            full_name_kana=data["full_name_kana"],
            email=data["email"],
            role=data["role"],
            password=data["password1"],
        )

    if done := submit(request, form, create):
        messages.success(
            request, _("%(name)s was added to the staff.") % {"name": done.value.display_name}
        )
        return redirect("agencies:staff", pk=agency.pk)
    title = _("Add staff member")
    return form_page(
        request,
        form,
        title=title,
        heading=f"{agency.name} — {title}",
        submit_label=_("Add"),
        cancel_url=reverse("agencies:staff", args=[agency.pk]),
    )


def _token_shown_once(
    request: HttpRequest, membership: Membership, token: PartnerToken, clear: str
) -> HttpResponse:
    """The one page that ever shows the clear token: never cached, never re-rendered."""
    return render(
        request,
        "agencies/service_account_token.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "account": membership.user,
            "token": token,
            "clear": clear,
        },
    )


@login_required
@never_cache
def service_account_create(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _managed_agency(request, pk)
    form = ServiceAccountForm(request.POST or None)
    if done := submit(
        request,
        form,
        lambda: services.service_account_create(
            actor=request.user, agency=agency, **form.cleaned_data
        ),
    ):
        user, clear = done.value
        membership = user.memberships.select_related("agency", "user").get(agency=agency)
        return _token_shown_once(request, membership, user.partner_tokens.get(), clear)
    title = _("Add partner system account")
    return form_page(
        request,
        form,
        title=title,
        heading=f"{agency.name} — {title}",
        submit_label=_("Add"),
        cancel_url=reverse("agencies:staff", args=[agency.pk]),
        template="agencies/service_account_form.html",
    )


def _membership(request: HttpRequest, pk: int, membership_pk: int) -> Membership:
    agency = _managed_agency(request, pk)
    return get_object_or_404(
        Membership.objects.select_related("user", "agency"), pk=membership_pk, agency=agency
    )


@login_required
def membership_edit(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = _membership(request, pk, membership_pk)
    form = MembershipRoleForm(
        request.POST or None,
        initial={"role": membership.role, "version": membership.version},
        membership=membership,
    )

    def change() -> None:
        services.membership_change_role(
            actor=request.user,
            membership=membership,
            role=form.cleaned_data["role"],
            expected_version=form.cleaned_data["version"],
        )

    if submit(request, form, change):
        messages.success(request, _("The role was changed."))
        return redirect("agencies:staff", pk=membership.agency_id)
    title = _("Change role")
    return form_page(
        request,
        form,
        title=title,
        heading=f"{membership.user.display_name} — {title}",
        cancel_url=reverse("agencies:staff", args=[membership.agency_id]),
    )


@login_required
@require_POST
def membership_deactivate(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = _membership(request, pk, membership_pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.membership_deactivate(
            actor=request.user, membership=membership, expected_version=version
        )
    except ConcurrentEditError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s no longer belongs to this agency.") % {"name": membership.user},
        )
    return redirect("agencies:staff", pk=membership.agency_id)


@login_required
def membership_reset_two_factor(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """Remove a member's second factors (lost smartphone): they enrol anew at next sign-in.
    Who may is agencies.access.require_manage_member (another agency's staff: 404)."""
    membership = _managed_member(request, pk, membership_pk)
    if membership.user.is_service_account:
        raise PermissionDenied(two_factor.RESET_SERVICE_ACCOUNT)
    form = ResetForm(request.POST or None)
    if submit(
        request,
        form,
        lambda: two_factor.devices_reset(
            actor=request.user, membership=membership, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(
            request,
            _("%(name)s's two-factor sign-in was reset: they set it up again at next sign-in.")
            % {"name": membership.user},
        )
        return redirect("agencies:staff", pk=membership.agency_id)
    return form_page(
        request,
        form,
        title=_("Reset two-factor sign-in"),
        heading=f"{membership.user.display_name} — {_('Reset two-factor sign-in')}",
        cancel_url=reverse("agencies:staff", args=[membership.agency_id]),
        submit_label=_("Reset"),
        template="agencies/two_factor_reset.html",
    )


# --- partner tokens: the agency administrator's page for one service account -----------


def _token_account(request: HttpRequest, pk: int, membership_pk: int) -> Membership:
    """An active service account's membership of an agency the user manages
    (access.require_manage_member: the agency's other staff get 403 saying why, anyone else
    the 404 of an account that does not exist)."""
    return _managed_member(request, pk, membership_pk, is_active=True, user__kind=User.Kind.SERVICE)


def _managed_member(request: HttpRequest, pk: int, membership_pk: int, **lookup) -> Membership:
    """A membership of an agency the user manages (access.require_manage_member: the
    agency's other staff get 403 saying why, anyone else the 404 of a missing member)."""
    agency = get_object_or_404(Agency, pk=pk)
    access.require_manage_member(request.user, agency)
    return get_object_or_404(
        Membership.objects.select_related("user", "agency"),
        pk=membership_pk,
        agency=agency,
        **lookup,
    )


def _token_list_page(
    request: HttpRequest, membership: Membership, form: PartnerTokenForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "agencies/partner_tokens.html",
        {
            "agency": membership.agency,
            "membership": membership,
            "account": membership.user,
            "tokens": selectors.partner_tokens(membership.user),
            "form": form,
        },
        status=status,
    )


@login_required
def partner_tokens(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = _token_account(request, pk, membership_pk)
    return _token_list_page(request, membership, PartnerTokenForm())


@login_required
@require_POST
@never_cache
def partner_token_create(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = _token_account(request, pk, membership_pk)
    form = PartnerTokenForm(request.POST)
    if done := submit(
        request,
        form,
        lambda: tokens.token_issue(
            actor=request.user,
            membership=membership,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
        ),
    ):
        token, clear = done.value
        return _token_shown_once(request, membership, token, clear)
    return _token_list_page(request, membership, form, status=400)


def _account_token(membership: Membership, token_pk: int) -> PartnerToken:
    return get_object_or_404(PartnerToken, pk=token_pk, user=membership.user)


@login_required
@require_POST
@never_cache
def partner_token_rotate(
    request: HttpRequest, pk: int, membership_pk: int, token_pk: int
) -> HttpResponse:
    membership = _token_account(request, pk, membership_pk)
    old = _account_token(membership, token_pk)
    try:
        token, clear = tokens.token_rotate(actor=request.user, membership=membership, token=old)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("agencies:partner_tokens", pk=pk, membership_pk=membership_pk)
    return _token_shown_once(request, membership, token, clear)


@login_required
@require_POST
def partner_token_revoke(
    request: HttpRequest, pk: int, membership_pk: int, token_pk: int
) -> HttpResponse:
    membership = _token_account(request, pk, membership_pk)
    token = _account_token(membership, token_pk)
    tokens.token_revoke(actor=request.user, membership=membership, token=token)
    messages.success(
        request, _("The token %(name)s was revoked. It stops working at once.") % {"name": token}
    )
    return redirect("agencies:partner_tokens", pk=pk, membership_pk=membership_pk)
