"""Two-factor sign-in: enrolment, the second step, REQUIRE_2FA, the administrator's reset."""

import hashlib
import os
import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from rest_framework.test import APIClient

from agencies.two_factor import services
from tests.factories import PASSWORD, ServiceAccountFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA = True


def _code(device: TOTPDevice, *, offset: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0 - offset * device.step)
    return str(value).zfill(device.digits)


def _app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def _recovery(user, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def _sign_in_verified(client, user):
    device = _app(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


# --- REQUIRE_2FA on: where an unverified session may go --------------------------------


def test_a_user_without_a_second_factor_is_sent_to_set_one_up(client, people, required):
    client.force_login(people.hub_worker)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup") + "?next=%2F"


def test_a_user_with_a_second_factor_is_sent_to_the_second_step(client, people, required):
    _app(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.get(reverse("agencies:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:verify") + "?next=")


def test_a_verified_session_reaches_every_page(client, people, required):
    _sign_in_verified(client, people.hub_worker)
    assert client.get(reverse("home")).status_code == 200


def test_the_two_factor_pages_stay_open_to_an_unverified_session(client, people, required):
    _app(people.hub_worker)
    client.force_login(people.hub_worker)
    assert client.get(reverse("two_factor:verify")).status_code == 200


def test_an_htmx_request_is_told_to_load_the_whole_second_step_page(client, people, required):
    _app(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.get(reverse("agencies:list"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("two_factor:verify"))


def test_the_password_step_leads_to_the_second_step(client, people, required):
    _app(people.hub_worker)
    response = client.post(
        reverse("login"),
        {"username": people.hub_worker.username, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor:verify"))


def test_without_require_2fa_an_unverified_user_works_and_sees_the_banner(client, people):
    client.force_login(people.hub_worker)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert 'class="demo-banner"' in response.text


def test_with_require_2fa_there_is_no_banner(client, people, required):
    _sign_in_verified(client, people.hub_worker)
    assert 'class="demo-banner"' not in client.get(reverse("home")).text


# --- the API -----------------------------------------------------------------------------


def test_the_api_refuses_an_unverified_session_under_require_2fa(people, required):
    api = APIClient()
    api.force_login(people.hub_worker)
    assert api.get(reverse("api:me")).status_code in (401, 403)


def test_the_api_accepts_a_verified_session(client, people, required):
    _sign_in_verified(client, people.hub_worker)
    assert client.get(reverse("api:me")).status_code == 200


def test_the_api_accepts_an_unverified_session_without_require_2fa(people):
    api = APIClient()
    api.force_login(people.hub_worker)
    assert api.get(reverse("api:me")).status_code == 200


def test_a_partner_token_needs_no_second_factor(people, required):
    _, token = ServiceAccountFactory(agency=people.other)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api:agency-list")).status_code == 200


# --- enrolling an authenticator app ------------------------------------------------------


def test_the_set_up_page_shows_a_qr_code_drawn_on_the_server(client, people):
    client.force_login(people.hub_worker)
    response = client.get(reverse("two_factor:totp"))
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in response.text


def test_anonymous_visitors_are_sent_to_log_in_from_enrolment(client, people):
    response = client.get(reverse("two_factor:totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_right_code_confirms_the_app_and_shows_ten_recovery_codes(client, people, required):
    client.force_login(people.hub_worker)
    client.get(reverse("two_factor:totp"))
    device = TOTPDevice.objects.get(user=people.hub_worker)
    response = client.post(reverse("two_factor:totp"), {"code": _code(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.text)
    assert len(codes) == 10
    assert client.get(reverse("home")).status_code == 200


def test_setting_up_the_app_is_written_to_the_users_history(client, people):
    client.force_login(people.hub_worker)
    client.get(reverse("two_factor:totp"))
    device = TOTPDevice.objects.get(user=people.hub_worker)
    client.post(reverse("two_factor:totp"), {"code": _code(device)})
    reasons = set(people.hub_worker.history.values_list("history_change_reason", flat=True))
    assert {services.ENROLLED_APP, services.ISSUED_RECOVERY_CODES} <= reasons


def test_a_wrong_code_is_a_form_error_and_confirms_nothing(client, people):
    client.force_login(people.hub_worker)
    client.get(reverse("two_factor:totp"))
    response = client.post(reverse("two_factor:totp"), {"code": "000000x"})
    assert response.status_code == 200
    assert str(services.WRONG_CODE) in response.context["form"].errors["code"]
    assert not TOTPDevice.objects.get(user=people.hub_worker).confirmed


def test_a_password_alone_cannot_add_a_factor_to_an_enrolled_account(client, people):
    _app(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.get(reverse("two_factor:totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:verify"))


def test_a_password_alone_cannot_register_a_passkey_on_an_enrolled_account(client, people):
    _app(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.post(
        reverse("otp_webauthn:credential-registration-begin"), content_type="application/json"
    )
    assert response.status_code == 403


def test_a_user_without_a_factor_may_begin_registering_a_passkey(client, people):
    client.force_login(people.hub_worker)
    response = client.post(
        reverse("otp_webauthn:credential-registration-begin"), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["rp"]["id"] == "localhost"


def test_the_passkey_scripts_are_served_from_our_static_files_not_inline(client, people):
    client.force_login(people.hub_worker)
    response = client.get(reverse("two_factor:setup"))
    scripts = re.findall(r"<script([^>]*)>", response.text)
    assert any("django_otp_webauthn/otp_webauthn_register.js" in s for s in scripts)
    assert all("src=" in s or 'type="application/json"' in s for s in scripts)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# --- recovery codes ------------------------------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(client, people):
    _sign_in_verified(client, people.hub_worker)
    _recovery(people.hub_worker, "oldcode1")
    response = client.post(reverse("two_factor:recovery_codes"))
    assert response.status_code == 200
    tokens = set(StaticToken.objects.filter(device__user=people.hub_worker).values_list("token"))
    assert len(tokens) == 10
    assert ("oldcode1",) not in tokens


def test_recovery_codes_need_a_verified_session(client, people):
    _app(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.post(reverse("two_factor:recovery_codes"))
    assert response.status_code == 302
    assert not StaticDevice.objects.filter(user=people.hub_worker).exists()


# --- the second step ---------------------------------------------------------------------


def test_the_current_app_code_passes_the_second_step(client, people, required):
    device = _app(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.post(
        reverse("two_factor:verify"), {"code": _code(device), "next": "/agencies/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/agencies/"
    assert client.get(reverse("agencies:list")).status_code == 200


def test_a_recovery_code_passes_once(client, people, required):
    _app(people.hub_worker)
    _recovery(people.hub_worker, "abcd2345")
    client.force_login(people.hub_worker)
    assert client.post(reverse("two_factor:verify"), {"code": "ABCD-2345"}).status_code == 302
    client.logout()
    client.force_login(people.hub_worker)
    response = client.post(reverse("two_factor:verify"), {"code": "abcd2345"})
    assert response.status_code == 200
    assert str(services.WRONG_CODE) in response.context["form"].errors["code"]


def test_a_wrong_code_does_not_pass(client, people, required):
    _app(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.post(reverse("two_factor:verify"), {"code": "123"})
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_an_empty_code_is_a_form_error(client, people):
    _app(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.post(reverse("two_factor:verify"), {"code": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_the_second_step_never_sends_to_another_host(client, people):
    device = _app(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.post(
        reverse("two_factor:verify"), {"code": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_the_second_step_changes_the_session_id(client, people):
    device = _app(people.hub_worker)
    client.force_login(people.hub_worker)
    before = client.session.session_key
    client.post(reverse("two_factor:verify"), {"code": _code(device)})
    assert client.session.session_key != before


# --- the agency administrator's reset ----------------------------------------------------


def _reset_url(people, who=None):
    membership = (who or people.hub_worker).memberships.get()
    return reverse("agencies:reset_two_factor", args=[membership.agency_id, membership.pk])


def test_the_agency_admin_resets_a_members_devices_with_a_reason(client, people):
    _app(people.hub_worker)
    _recovery(people.hub_worker, "abcd2345")
    client.force_login(people.hub_admin)
    response = client.post(_reset_url(people), {"reason": "lost smartphone"})
    assert response.status_code == 302
    assert not services.has_second_factor(people.hub_worker)
    record = people.hub_worker.history.first()
    assert record.history_user == people.hub_admin
    assert record.history_change_reason == "two-factor sign-in reset: lost smartphone"


def test_a_reset_ends_the_members_verified_sessions(client, people, required):
    _sign_in_verified(client, people.hub_worker)
    other = type(client)()
    _sign_in_verified(other, people.hub_admin)
    other.post(_reset_url(people), {"reason": "lost smartphone"})
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("two_factor:setup"))


def test_a_reset_without_a_reason_is_a_form_error(client, people):
    _app(people.hub_worker)
    client.force_login(people.hub_admin)
    response = client.post(_reset_url(people), {"reason": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert services.has_second_factor(people.hub_worker)


def test_another_agencys_admin_is_not_told_the_member_exists(client, people):
    _app(people.hub_worker)
    client.force_login(people.other_admin)
    assert client.post(_reset_url(people), {"reason": "x"}).status_code == 404
    assert services.has_second_factor(people.hub_worker)


def test_a_caseworker_of_the_agency_is_told_only_the_admin_may(client, people):
    client.force_login(people.hub_coordinator)
    response = client.post(_reset_url(people), {"reason": "x"})
    assert response.status_code == 403


def test_an_admin_cannot_reset_someone_who_also_works_where_they_have_no_say(client, people):
    from agencies import services as agency_services
    from agencies.models import Membership

    agency_services.membership_add(
        actor=None, agency=people.other, user=people.hub_worker, role=Membership.Role.SUPERVISOR
    )
    _app(people.hub_worker)
    client.force_login(people.hub_admin)
    membership = people.hub_worker.memberships.get(agency=people.hub)
    url = reverse("agencies:reset_two_factor", args=[people.hub.pk, membership.pk])
    response = client.post(url, {"reason": "lost smartphone"})
    assert response.status_code == 403
    assert people.other.name in response.text
    assert services.has_second_factor(people.hub_worker)


def test_anonymous_visitors_are_sent_to_log_in_from_the_reset(client, people):
    response = client.post(_reset_url(people), {"reason": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_partner_system_account_has_nothing_to_reset(client, people):
    account, _ = ServiceAccountFactory(agency=people.hub)
    client.force_login(people.hub_admin)
    assert client.get(_reset_url(people, account)).status_code == 403


def test_the_staff_page_offers_the_reset(client, people):
    _sign_in_verified(client, people.hub_admin)
    response = client.get(reverse("agencies:staff", args=[people.hub.pk]))
    assert _reset_url(people) in response.text


# --- removing one passkey ----------------------------------------------------------------


def _passkey(user, name: str = "職場のPC") -> WebAuthnCredential:
    credential_id = os.urandom(16)
    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=credential_id,
        public_key=b"key",
        aaguid="00000000-0000-0000-0000-000000000000",
        credential_id_sha256=hashlib.sha256(credential_id).hexdigest(),
    )


def _sign_in_with(client, user, device):
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def test_a_user_removes_one_of_their_passkeys_and_it_is_in_their_history(client, people):
    _sign_in_verified(client, people.hub_worker)
    old, kept = _passkey(people.hub_worker, "返却したPC"), _passkey(people.hub_worker)
    response = client.post(reverse("two_factor:passkey_remove", args=[old.pk]))
    assert response.status_code == 302
    assert list(WebAuthnCredential.objects.filter(user=people.hub_worker)) == [kept]
    latest = people.hub_worker.history.latest("history_date")
    assert latest.history_change_reason == services.REMOVED_PASSKEY


def test_another_users_passkey_is_not_found(client, people):
    _sign_in_verified(client, people.hub_worker)
    theirs = _passkey(people.other_worker)
    response = client.post(reverse("two_factor:passkey_remove", args=[theirs.pk]))
    assert response.status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_a_session_without_the_second_step_cannot_remove_a_passkey(client, people):
    mine = _passkey(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.post(reverse("two_factor:passkey_remove", args=[mine.pk]))
    assert response["Location"].startswith(reverse("two_factor:verify"))
    assert WebAuthnCredential.objects.filter(pk=mine.pk).exists()


def test_the_only_factor_cannot_be_removed_while_two_factors_are_required(client, people, required):
    only = _passkey(people.hub_worker)
    _recovery(people.hub_worker, "12345678")
    _sign_in_with(client, people.hub_worker, only)
    response = client.post(reverse("two_factor:passkey_remove", args=[only.pk]), follow=True)
    assert WebAuthnCredential.objects.filter(pk=only.pk).exists()
    assert "認証アプリ" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, people):
    mine = _passkey(people.hub_worker)
    response = client.post(reverse("two_factor:passkey_remove", args=[mine.pk]))
    assert response["Location"].startswith(reverse("login"))


def test_the_passkey_scripts_messages_are_in_japanese(client, people):
    client.force_login(people.hub_worker)
    catalog = client.get(reverse("otp_webauthn:js-i18n-catalog"), HTTP_ACCEPT_LANGUAGE="ja")
    assert catalog.status_code == 200
    text = catalog.content.decode()
    assert "\\u30d1\\u30b9\\u30ad\\u30fc\\u3092\\u767b\\u9332" in text or "パスキーを登録" in text
