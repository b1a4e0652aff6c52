"""Two-factor sign-in reads in Japanese: our pages, the messages django-otp-webauthn's
endpoints answer with (its scripts show them as they come), and the texts its scripts take
from the JavaScript catalogue. The library ships no ja: locale/ja carries it
(agencies/two_factor/library_messages.py says why the msgids are listed there)."""

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django_otp_webauthn
import pytest
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.two_factor import library_messages
from tests.agencies.test_two_factor import _passkey

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

JA = {"HTTP_ACCEPT_LANGUAGE": "ja"}
LIBRARY = Path(django_otp_webauthn.__file__).parent
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# Latin words a Japanese page rightly shows: product names, the language switcher's
# "English", and abbreviations written in Latin letters in Japanese too.
NAMES = {"Google", "Authenticator", "Microsoft", "Windows", "Hello", "Touch", "ID"}
NAMES |= {"English", "PC", "PIN", "QR", "JSON", "CBOR", "COSE", "EC"}


class _Visible(HTMLParser):
    """The text a reader sees, and the attributes a browser shows or reads out; not the
    scripts, nor what is shown to be copied (the app's secret, the recovery codes)."""

    SHOWN = {"title", "alt", "aria-label", "placeholder", "data-confirm"}
    HIDDEN = {"script", "style", "code"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden_in: str | None = None  # the tag of the hidden element we are in

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.hidden_in is None and (tag in self.HIDDEN or "token" in classes):
            self.hidden_in = tag
        self.parts += [v for k, v in attrs if k in self.SHOWN and v]

    def handle_endtag(self, tag):
        if tag == self.hidden_in:
            self.hidden_in = None

    def handle_data(self, data):
        if self.hidden_in is None:
            self.parts.append(data)


def _english(html: str) -> set[str]:
    """Latin words on the page that are not names."""
    parser = _Visible()
    parser.feed(html)
    words = set(re.findall(r"[A-Za-z]{2,}", " ".join(parser.parts)))
    return words - NAMES


def _verified(client, user) -> None:
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _recovery(user) -> None:
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd2345")


# --- our pages -----------------------------------------------------------------------------


def test_the_set_up_page_without_a_factor_reads_in_japanese(client, people):
    client.force_login(people.hub_worker)
    response = client.get(reverse("two_factor:setup"), **JA)
    assert response.status_code == 200
    assert _english(response.content.decode()) == set()


def test_the_set_up_page_with_a_passkey_and_recovery_codes_reads_in_japanese(client, people):
    _verified(client, people.hub_worker)
    _passkey(people.hub_worker, name="")
    _recovery(people.hub_worker)
    response = client.get(reverse("two_factor:setup"), **JA)
    assert _english(response.content.decode()) == set()


def test_the_authenticator_app_page_and_its_error_read_in_japanese(client, people):
    client.force_login(people.hub_worker)
    response = client.post(reverse("two_factor:totp"), {"code": "000000"}, **JA)
    assert response.status_code == 200
    assert _english(response.content.decode()) == set()


def test_the_second_step_page_with_a_passkey_reads_in_japanese(client, people):
    TOTPDevice.objects.create(user=people.hub_worker, name="authenticator", confirmed=True)
    _passkey(people.hub_worker)
    client.force_login(people.hub_worker)
    response = client.post(reverse("two_factor:verify"), {"code": ""}, **JA)
    assert response.status_code == 200
    assert _english(response.content.decode()) == set()


def test_the_recovery_codes_page_reads_in_japanese(client, people):
    _verified(client, people.hub_worker)
    response = client.post(reverse("two_factor:recovery_codes"), **JA)
    assert response.status_code == 200
    assert _english(response.content.decode()) == set()


def test_the_administrators_reset_page_and_its_error_read_in_japanese(client, people):
    membership = people.hub_worker.memberships.get()
    client.force_login(people.hub_admin)
    url = reverse("agencies:reset_two_factor", args=[membership.agency_id, membership.pk])
    response = client.post(url, {"reason": ""}, **JA)
    assert response.status_code == 200
    assert _english(response.content.decode()) == set()


# --- what the passkey endpoints answer (shown by the library's scripts) --------------------


def _detail(response) -> str:
    return response.json()["detail"]


def _post(client, name: str, body: str = "{}"):
    return client.post(
        reverse(f"otp_webauthn:{name}"), data=body, content_type="application/json", **JA
    )


@pytest.mark.parametrize(
    "name",
    [
        "credential-registration-begin",
        "credential-registration-complete",
        "credential-authentication-begin",
        "credential-authentication-complete",
    ],
)
def test_a_malformed_passkey_request_is_answered_in_japanese(client, people, name):
    client.force_login(people.hub_worker)
    response = _post(client, name, body="{not json")
    assert response.status_code == 400
    assert _detail(response) == "リクエストの形式が正しくありません（JSONを読み取れません）。"


def test_registering_a_passkey_before_the_second_step_is_refused_in_japanese(client, people):
    TOTPDevice.objects.create(user=people.hub_worker, name="authenticator", confirmed=True)
    client.force_login(people.hub_worker)
    response = _post(client, "credential-registration-begin")
    assert response.status_code == 403
    assert JAPANESE.search(_detail(response))


def test_registering_a_passkey_signed_out_is_refused_in_japanese(client):
    response = _post(client, "credential-registration-begin")
    assert response.status_code == 403
    assert JAPANESE.search(_detail(response))


def test_signing_in_with_a_passkey_alone_is_refused_in_japanese(client):
    response = _post(client, "credential-authentication-begin")
    assert response.status_code == 403
    assert JAPANESE.search(_detail(response))


def test_a_detail_the_library_leaves_unmarked_is_answered_in_japanese(client, people):
    """utils.py's message for a credential without an id is a plain string."""
    TOTPDevice.objects.create(user=people.hub_worker, name="authenticator", confirmed=True)
    _passkey(people.hub_worker)
    client.force_login(people.hub_worker)
    assert _post(client, "credential-authentication-begin").status_code == 200
    response = _post(client, "credential-authentication-complete")
    assert response.status_code == 422
    assert _detail(response) == "送られたJSONデータに問題があります。"


def _library_details() -> set[str]:
    """Every message the library's endpoints can answer with: the strings it marks with
    `_()` and those it passes as `detail=` (in exceptions.py, views.py and utils.py)."""
    found = set()
    for name in ("exceptions.py", "views.py", "utils.py"):
        for node in ast.walk(ast.parse((LIBRARY / name).read_text())):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name) and node.func.id == "_" and node.args:
                found.add(node.args[0].value)  # type: ignore[attr-defined]
            found |= {
                k.value.value
                for k in node.keywords
                if k.arg == "detail" and isinstance(k.value, ast.Constant)
            }
    return found


def test_our_catalogue_lists_every_message_the_passkey_endpoints_answer_with():
    assert _library_details() - set(library_messages.ALL) == set()


@pytest.mark.parametrize("msgid", library_messages.ALL)
def test_every_listed_passkey_message_has_its_japanese(msgid):
    with translation.override("ja"):
        assert JAPANESE.search(translation.gettext(msgid)), msgid


# --- what the passkey scripts take from the JavaScript catalogue ----------------------------


def _script_msgids() -> set[str]:
    found = set()
    for script in ("otp_webauthn_register.js", "otp_webauthn_auth.js"):
        text = (LIBRARY / "static/django_otp_webauthn" / script).read_text()
        found |= {json.loads(f'"{m}"') for m in re.findall(r'gettext\("((?:[^"\\]|\\.)*)"\)', text)}
    return found


def test_every_text_the_passkey_scripts_show_is_japanese_in_the_catalogue_they_load(client):
    response = client.get(reverse("otp_webauthn:js-i18n-catalog"), **JA)
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", response.text, re.S)[1])
    msgids = _script_msgids()
    assert len(msgids) > 20
    untranslated = {m for m in msgids if not JAPANESE.search(catalog.get(m, ""))}
    assert untranslated == set()
