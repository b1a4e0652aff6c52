"""Enrolment (authenticator app, passkeys, recovery codes) and the second step of signing in.

All of these are open to a session that has not passed its second factor (the middleware
lets /accounts/ through), so each view checks for itself what such a session may do:
enrol only while it has no factor yet, otherwise pass the second step first."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import User
from agencies.two_factor import services
from agencies.two_factor.forms import CodeForm, TotpConfirmForm


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _to_verify(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("two_factor:verify") + "?" + urlencode({"next": request.path}))


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required ran first
    return user


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """What the user has enrolled, and how to add an authenticator app or a passkey."""
    user = _user(request)
    if not services.may_enrol(user):
        return _to_verify(request)
    return render(
        request,
        "agencies/two_factor/setup.html",
        {
            **services.summary(user),
            "verified": services.is_verified(user),
            "required": settings.REQUIRE_2FA,
        },
    )


@login_required
def totp(request: HttpRequest) -> HttpResponse:
    """Scan a QR code, type the code the app shows: the app is then the user's factor."""
    user = _user(request)
    if not services.may_enrol(user):
        return _to_verify(request)
    device = services.totp_device_pending(user=user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_confirm(
            request=request, user=user, device=device, code=form.cleaned_data["code"]
        ):
            messages.success(request, _("The authenticator app is set up."))
            if not services.summary(user)["has_recovery"]:
                return _show_recovery_codes(request, user)
            return redirect("two_factor:setup")
        form.add_error("code", str(services.WRONG_CODE))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "agencies/two_factor/totp.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
            "secret": _grouped(device),
        },
    )


@login_required
@require_POST
def passkey_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of the user's own passkeys (a confirmation in the browser first)."""
    user = _user(request)
    if not services.is_verified(user):
        return _to_verify(request)
    try:
        services.passkey_remove(user=user, passkey_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The passkey was removed."))
    return redirect("two_factor:setup")


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """A new set of recovery codes, shown on this one answer only."""
    user = _user(request)
    if not services.is_verified(user):
        return _to_verify(request)
    return _show_recovery_codes(request, user)


def _show_recovery_codes(request: HttpRequest, user: User) -> HttpResponse:
    codes = services.recovery_codes_issue(user=user)
    return render(request, "agencies/two_factor/recovery_codes.html", {"codes": codes})


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, after the password."""
    user = _user(request)
    next_url = _next_url(request)
    if services.is_verified(user):
        return redirect(next_url)
    if not services.has_second_factor(user):
        return redirect("two_factor:setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_code(request=request, user=user, code=form.cleaned_data["code"]):
            return redirect(next_url)
        form.add_error("code", str(services.WRONG_CODE))
    summary = services.summary(user)
    return render(
        request,
        "agencies/two_factor/verify.html",
        {"form": form, "next": next_url, "has_passkey": bool(summary["passkeys"]), **summary},
    )


def _grouped(device: TOTPDevice) -> str:
    """The TOTP secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
