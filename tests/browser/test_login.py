import os

import pytest

from agencies.models import Membership
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD, AgencyFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_logs_in_and_sees_the_japanese_home_page(browser_page, live_server):
    agency = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=agency, role=Membership.Role.CASEWORKER, full_name="試験 花子")
    page = browser_page

    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "ログイン"
    page.get_by_label("ユーザー名").fill(worker.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "ホーム"
    assert "ブラウザ市 福祉総合相談課" in page.locator("main").inner_text()
    assert "相談員" in page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == "ja"
    page.screenshot(path=os.path.join(ARTIFACTS, "home.png"), full_page=True)


def test_the_directory_filters_as_you_choose_without_a_page_reload(browser_page, live_server):
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    AgencyFactory(name="ブラウザ市 保健センター")
    worker = StaffFactory(agency=hub)
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ユーザー名").fill(worker.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{live_server.url}/")

    directory = page.locator(".site-nav a", has_text="機関・連絡先").first
    if not directory.is_visible():  # inside one of the header's menus
        directory.locator("xpath=ancestor::details[1]/summary").click()
    directory.click()
    assert "ブラウザ市 保健センター" in page.locator("#agency-rows").inner_text()
    page.get_by_label("多機関協働の実施機関のみ").select_option("true")
    page.wait_for_url("**is_hub=true**")
    rows = page.locator("#agency-rows")
    assert "ブラウザ市 保健センター" not in rows.inner_text()
    assert "ブラウザ市 福祉総合相談課" in rows.inner_text()
    page.screenshot(path=os.path.join(ARTIFACTS, "directory.png"), full_page=True)
