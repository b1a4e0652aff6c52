"""Municipal networks are closed (LGWAN): nothing may be loaded from another host."""

import json
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# An external reference: a URL with a host, or a protocol-relative one, in a place that
# makes the browser fetch it.
EXTERNAL = re.compile(
    r"""(?:src|href|action|url\(|@import)\s*=?\s*["']?\s*(?:https?:)?//(?!www\.w3\.org/)""",
    re.IGNORECASE,
)
ANY_URL = re.compile(r"https?://(?!www\.w3\.org/)[\w.-]+", re.IGNORECASE)


def _files(*folders: str, suffixes=(".html", ".js", ".css", ".svg")):
    for folder in folders:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in suffixes:
                yield path


def test_no_template_or_static_file_loads_from_an_external_host():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _files("templates", "static")
        for match in EXTERNAL.finditer(path.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert offenders == []


def test_our_own_templates_and_scripts_name_no_external_host_at_all():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _files("templates", "static/js", "static/css")
        for match in ANY_URL.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_htmx_is_vendored():
    assert (ROOT / "static/vendor/htmx/htmx.min.js").stat().st_size > 10_000


def test_the_vendored_htmx_is_the_version_package_json_pins():
    """`make vendor` copies htmx from npm; a hand-edited or stale copy would not say the
    version package.json asks for."""
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["htmx.org"]
    vendored = re.search(
        r'version:"([0-9.]+)"', (ROOT / "static/vendor/htmx/htmx.min.js").read_text()
    )
    assert vendored is not None, "the vendored htmx names no version"
    assert vendored.group(1) == pinned


def test_the_content_security_policy_allows_only_this_origin(client):
    header = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in header
    assert "http" not in header
