"""Screenshots of the main pages for docs/screens.md, taken in headless Chromium from the demo.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py load_demo
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py runserver 127.0.0.1:8765 &
    python scripts/screens.py http://127.0.0.1:8765

Needs Debian's `chromium` and `fonts-noto-cjk` (without the fonts the Japanese is tofu)."""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screens"
PASSWORD = "asahino-demo-2026"  # noqa: S105 - the fictional demo staff's published password


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{base}/")


def shot(page, name: str, full: bool = True) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
    print("saved", name)


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(
            locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1366, "height": 900}
        )
        page = context.new_page()
        log_in(page, base, "sogo-worker")
        shot(page, "home")
        page.goto(f"{base}/cases/?scope=all")
        shot(page, "case-list")
        # The 8050 household of the demo (佐々木) and its case.
        page.goto(f"{base}/search/?q=ささき")
        page.locator("main a[href*='/households/']").first.click()
        household = page.url
        shot(page, "household")
        page.goto(household.rstrip("/") + "/genogram/")
        shot(page, "genogram")
        page.goto(household.rstrip("/") + "/ecomap/")
        shot(page, "ecomap")
        page.goto(household)
        page.locator("main a[href^='/cases/']").filter(has_text=re.compile(r"#?\d")).first.click()
        case = page.url.split("#")[0]
        shot(page, "case-overview")
        page.get_by_role("tab", name="経過").click()
        shot(page, "case-timeline")
        page.get_by_role("tab", name="チームと同意").click()
        shot(page, "case-team")
        page.goto(case.rstrip("/") + "/print/plan/")
        shot(page, "print-plan")
        page.goto(f"{base}/planning/calendar/")
        shot(page, "my-calendar")
        page.goto(f"{base}/accounts/logout/") if False else None
        context.clear_cookies()
        log_in(page, base, "sogo-coordinator")
        page.goto(f"{base}/meetings/calendar/")
        shot(page, "meeting-calendar")
        page.goto(f"{base}/meetings/")
        page.locator("main table a[href*='/meetings/']").first.click()
        shot(page, "meeting")
        page.goto(page.url.rstrip("/") + "/paper/")
        shot(page, "print-meeting-record")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765")
