"""The 和暦 date field in a real browser: typing 和暦 moves the picker, picking a day writes
it in 和暦, and the script runs under our CSP."""

import pytest

from agencies.models import Membership
from tests.browser.test_case_flow import _log_in
from tests.factories import AgencyFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typed_wareki_and_the_picker_keep_each_other_in_step(browser_page, live_server):
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER)
    page = browser_page
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    _log_in(page, live_server.url, worker.username)
    page.goto(f"{live_server.url}/cases/intake/")
    text = page.locator("input[name=person-0-birth_date]")
    box = page.locator("[data-wareki-date]", has=text)
    picker = box.locator("[data-wareki-picker]")

    assert picker.is_visible()
    text.fill("Ｓ２７．３．１")
    assert picker.input_value() == "1952-03-01"
    assert "1952年3月1日" in box.locator("[data-wareki-hint]").inner_text()

    picker.fill("2024-04-01")
    assert text.input_value() == "令和6年4月1日"

    text.fill("平成31年5月1日")
    assert picker.input_value() == ""
    assert refused == []
