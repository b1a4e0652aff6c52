import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from agencies.models import Membership
from cases import services as case_services
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_case_flow import _log_in
from tests.factories import AgencyFactory, StaffFactory, consultation_data
from tests.factories import open_case as make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_builds_publishes_and_decides_and_the_case_shows_it(
    browser_page, live_server
):
    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    east = AgencyFactory(name="ブラウザ市 東部地域包括支援センター")
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER)
    coordinator = StaffFactory(agency=hub, role=Membership.Role.COORDINATOR)
    long_ago = timezone.localdate() - dt.timedelta(days=240)
    case = make_case(
        worker=worker,
        name="長期世帯",
        title="長期化している8050世帯",
        opened_on=long_ago,
        consultation=consultation_data(occurred_at=timezone.now() - dt.timedelta(days=240)),
    )
    case_services.team_add(actor=worker, case=case, agency=east)
    page = browser_page

    _log_in(page, base, coordinator.username)
    page.goto(f"{base}/meetings/new/")
    page.select_option("select[name=kind]", "support")
    page.fill("input[name=title]", "12月 支援会議")
    page.fill(
        "input[name=starts_at]",
        (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT10:00"),
    )
    page.fill("input[name=place]", "市役所 会議室A")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    meeting_url = page.url

    # The long-running case is suggested; one click puts it on the agenda.
    suggestion = page.locator(f"form[action$='/agenda/cases/']:has(input[value='{case.pk}'])")
    suggestion.locator("select[name=purpose]").select_option("roles")
    suggestion.locator("button").click()
    page.wait_for_url(meeting_url)
    assert "長期化している8050世帯" in page.locator("#agenda-h + ol").inner_text()

    page.locator("form[action$='/publish/'] button").click()
    page.wait_for_url(meeting_url)
    # The hub (the case's intake and lead agency) is marked present: only then may the
    # meeting decide on the lead.
    page.locator("form[action$='/attendance/'] button[value=yes]").first.click()
    page.wait_for_url(meeting_url)
    page.locator("form[action$='/hold/'] button").click()
    page.wait_for_url(meeting_url)

    page.locator("a[href$='/decisions/']").first.click()
    page.select_option("select[name=kind]", "lead")
    page.fill("input[name=text]", "介護が中心のため東部包括を主導役に")
    page.select_option("select[name=agency]", label=east.name)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(meeting_url)
    page.screenshot(path=os.path.join(ARTIFACTS, "meeting.png"), full_page=True)

    page.goto(f"{base}/cases/{case.pk}/")
    head = page.locator(".case-head").inner_text()
    assert east.name in head
    timeline = page.locator(".timeline").inner_text()
    assert "介護が中心のため東部包括を主導役に" in timeline
    assert "支援会議" in timeline
