import os

import pytest

from tests.conftest import CHROMIUM

ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture
def browser_page(require_chromium, live_server, monkeypatch):
    """A Playwright page in Debian's headless Chromium (no browser download)."""
    # Playwright's sync API runs an event loop in this thread; Django must allow ORM calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            os.makedirs(ARTIFACTS, exist_ok=True)
            context.close()
            browser.close()
