import base64
import os

import pytest
from django_otp.oath import totp

from agencies.models import Membership
from agencies.two_factor import services
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD, AgencyFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(secret: str, *, steps_ahead: int = 0) -> str:
    key = base64.b32decode(secret.replace(" ", ""))
    # t0 moved back = the code of a later 30-second step (within the app's tolerance of one).
    return str(totp(key, t0=-30 * steps_ahead)).zfill(6)


def _password_step(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_a_caseworker_sets_up_an_app_and_signs_in_with_its_code(
    browser_page, live_server, settings
):
    settings.REQUIRE_2FA = True
    agency = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=agency, role=Membership.Role.CASEWORKER)
    page = browser_page
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    _password_step(page, live_server.url, worker.username)
    page.wait_for_url("**/accounts/two-factor/?next=*")
    page.locator("a[href='/accounts/two-factor/app/']").click()
    page.wait_for_url("**/accounts/two-factor/app/")
    assert page.locator(".qr img").get_attribute("src").startswith("data:image/svg+xml")
    page.locator("main summary").click()
    secret = page.locator("#totp-secret").inner_text()
    page.locator("input[name=code]").fill(_code(secret))
    page.locator("form button[type=submit].primary").click()

    codes = page.locator("#recovery-codes li")
    codes.first.wait_for()
    assert codes.count() == 10
    page.screenshot(path=os.path.join(ARTIFACTS, "recovery-codes.png"), full_page=True)
    page.locator("a.button.primary").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "ホーム"

    page.locator(".account form button").click()
    _password_step(page, live_server.url, worker.username)
    page.wait_for_url("**/accounts/two-factor/verify/*")
    page.locator("input[name=code]").fill(_code(secret, steps_ahead=1))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "ホーム"
    assert refused == []


def test_the_passkey_script_loads_under_the_content_security_policy(browser_page, live_server):
    agency = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=agency)
    page = browser_page
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _password_step(page, live_server.url, worker.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/two-factor/")
    # django-otp-webauthn's script replaces the placeholder with the register button.
    page.locator("#passkey-register-button").wait_for()
    assert refused == []


def _virtual_authenticator(page):
    """Chromium's virtual authenticator (DevTools WebAuthn domain): a passkey without a
    person touching a security key."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_a_caseworker_registers_a_passkey_and_signs_in_with_it(browser_page, live_server, settings):
    settings.REQUIRE_2FA = True
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    agency = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=agency)
    page = browser_page
    _virtual_authenticator(page)

    _password_step(page, live_server.url, worker.username)
    page.wait_for_url("**/accounts/two-factor/?next=*")
    page.locator("#passkey-register-button").click()
    # The page reloads after registration and lists the passkey; the session is verified.
    page.locator("form[action='/accounts/two-factor/recovery-codes/']").wait_for()
    assert worker.history.filter(history_change_reason=services.ENROLLED_PASSKEY).exists()
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "ホーム"

    page.locator(".account form button").click()
    _password_step(page, live_server.url, worker.username)
    page.wait_for_url("**/accounts/two-factor/verify/*")
    before = _session_id(page)
    page.locator("#passkey-verification-button").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "ホーム"
    assert _session_id(page) != before


def _session_id(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")


def test_a_passkey_the_server_refuses_is_explained_in_japanese(browser_page, live_server):
    """The server checks the passkey's origin (OTP_WEBAUTHN_ALLOWED_ORIGINS, here not this
    test server's) and refuses it: the library's script says so with its own text, which it
    takes from the JavaScript catalogue (locale/ja/LC_MESSAGES/djangojs.po)."""
    agency = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=agency)
    page = browser_page
    _virtual_authenticator(page)
    _password_step(page, live_server.url, worker.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/two-factor/")

    page.locator("#passkey-register-button").click()
    status = page.locator("#passkey-register-status-message")
    status.filter(has_text="。").wait_for()

    assert (
        status.inner_text()
        == "登録できませんでした。サーバーがこのパスキーを確認できませんでした。"
    )


def test_a_passkey_registration_after_the_session_ended_is_explained_in_japanese(
    browser_page, live_server
):
    """The session ended while the page was open: the script shows the message the
    endpoint answers with (django-otp-webauthn's, whose Japanese locale/ja carries:
    agencies/two_factor/library_messages.py)."""
    agency = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=agency)
    page = browser_page
    _virtual_authenticator(page)
    _password_step(page, live_server.url, worker.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/two-factor/")
    page.locator("#passkey-register-button").wait_for()
    page.context.clear_cookies(name="sessionid")

    page.locator("#passkey-register-button").click()
    status = page.locator("#passkey-register-status-message")
    status.filter(has_text="。").wait_for()

    assert status.inner_text() == "ログインしてください。"
