"""Second factors: enrolling them, checking a code, and an administrator's reset.

The devices are django-otp's (TOTP, static recovery codes) and django-otp-webauthn's
(passkeys); none of those tables keeps history, so what matters for the audit (a reset) is
written to the member's own history with the acting administrator and the reason."""

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from agencies import access
from agencies.models import Membership, User
from core.history import attribute, with_detail

WRONG_CODE = _("That code is not right, or it was already used. Try the current one.")
RESET_SERVICE_ACCOUNT = _("A partner system signs in with its token, not with two factors.")
RESET_ELSEWHERE = _(
    "This person also works at %(agencies)s: their second factors are reset by a system "
    "administrator, or by an administrator of every agency they work at."
)
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
RESET_REASON = gettext_noop("two-factor sign-in reset")
ENROLLED_APP = gettext_noop("two-factor: authenticator app set up")
ENROLLED_PASSKEY = gettext_noop("two-factor: passkey registered")
ISSUED_RECOVERY_CODES = gettext_noop("two-factor: new recovery codes")
NOT_VERIFIED = _("Pass the second step of signing in first.")
REMOVED_PASSKEY = gettext_noop("two-factor: passkey removed")
LAST_FACTOR = _(
    "This passkey is your only way to pass the second step of signing in. Set up an "
    "authenticator app or another passkey before you remove it."
)


def is_verified(user: User | AnonymousUser) -> bool:
    """Did this request's session pass a second factor (django_otp.middleware.OTPMiddleware)?"""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def has_second_factor(user: User | AnonymousUser) -> bool:
    """A confirmed TOTP app, passkey or set of recovery codes."""
    return user.is_authenticated and bool(user_has_device(user, confirmed=True))


def may_enrol(user: User | AnonymousUser) -> bool:
    """Adding or replacing a factor needs the second step first, once the user has one:
    a password alone must not be enough to add an attacker's authenticator."""
    if not user.is_authenticated or not isinstance(user, User):
        return False
    return is_verified(user) or not has_second_factor(user)


def summary(user: User) -> dict[str, Any]:
    """What the user has enrolled, for the overview page."""
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return {
        "totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "passkeys": list(
            WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")
        ),
        "recovery_left": recovery.token_set.count() if recovery else 0,
        "has_recovery": recovery is not None,
    }


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator the set-up page shows as a QR code: the same one until
    it is confirmed, so that reloading the page does not invalidate a scanned code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=TOTP_NAME)
    return device


def totp_confirm(*, request: HttpRequest, user: User, device: TOTPDevice, code: str) -> bool:
    """Confirm a scanned authenticator with a code it shows. It replaces any earlier
    authenticator, and marks this session as having passed the second factor."""
    if device.user_id != user.pk or device.confirmed:
        return False
    if not device.verify_token(_digits(code)):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_enrolment(user=user, what=ENROLLED_APP)
    otp_login(request, device)
    return True


def recovery_codes_issue(*, user: User) -> list[str]:
    """A fresh set of single-use recovery codes; the earlier set stops working. The codes
    are shown once: only the device holds them afterwards."""
    with transaction.atomic():
        device = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
        )[0]
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        record_enrolment(user=user, what=ISSUED_RECOVERY_CODES)
    return codes


def record_enrolment(*, user: User, what: str) -> None:
    """The devices' tables keep no history: the user's own history says when a factor was
    added (by the user themself; a reset names the administrator)."""
    attribute(user, user, what)
    user.save()


def verify_code(*, request: HttpRequest, user: User, code: str) -> bool:
    """The second step with a typed code: the authenticator's current code or one unused
    recovery code (which is then used up). django-otp throttles each device after failures."""
    typed = re.sub(r"[\s-]", "", code).lower()
    candidates: list[tuple[Any, str]] = []
    if typed.isdigit():
        candidates += [(d, typed) for d in TOTPDevice.objects.filter(user=user, confirmed=True)]
    candidates += [(d, typed) for d in StaticDevice.objects.filter(user=user, confirmed=True)]
    for device, token in candidates:
        if token and verify_token(user, device.persistent_id, token) is not None:
            # A new session id for the stronger session (no fixation across the step).
            request.session.cycle_key()
            otp_login(request, device)
            return True
    return False


def passkey_remove(*, user: User, passkey_id: int) -> None:
    """The user removes one of their own passkeys (a PC handed back, a lost security key).
    Only from a session that passed the second step; another user's passkey is not found;
    the last factor cannot go while two factors are required. Written to their history."""
    if not is_verified(user):
        raise PermissionDenied(NOT_VERIFIED)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        passkey = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).first()
        if passkey is None:
            raise Http404
        others = [
            d
            for d in devices_for_user(user, confirmed=True)
            if d.persistent_id != passkey.persistent_id
        ]
        if settings.REQUIRE_2FA and not any(not isinstance(d, StaticDevice) for d in others):
            raise ValidationError(LAST_FACTOR)
        passkey.delete()
        attribute(user, user, REMOVED_PASSKEY)
        user.save()


def devices_reset(*, actor: User, membership: Membership, reason: str) -> int:
    """An agency administrator removes all of a member's second factors (lost phone, lost
    recovery codes); the member enrols anew at their next sign-in. The member's history
    records who did it and why. Returns how many devices were removed."""
    access.require_manage_member(actor, membership.agency)
    user = membership.user
    if user.is_service_account:
        raise PermissionDenied(RESET_SERVICE_ACCOUNT)
    # Second factors are the person's, not the membership's: an agency's administrator may
    # not strip them from someone who also works where they have no say (nor from a
    # system administrator), or a phished password would take over the other agency's
    # account through a re-enrolment.
    elsewhere = [
        m.agency
        for m in access.active_memberships(user)
        if not access.can_manage_agency(actor, m.agency)
    ]
    if elsewhere or (user.is_superuser and not actor.is_superuser):
        names = "、".join(a.name for a in elsewhere) or str(_("the system administration"))
        raise PermissionDenied(RESET_ELSEWHERE % {"agencies": names})
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        attribute(user, actor, with_detail(RESET_REASON, reason.strip()))
        user.save()
    return len(devices)


def _digits(code: str) -> str:
    return re.sub(r"\D", "", code)
