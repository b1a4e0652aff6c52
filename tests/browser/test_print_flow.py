"""Every printed form in Chromium: nothing to click on the sheet, 和暦 dates, the print
button (static JS under the CSP) calls the browser's print, the bar is not printed; each
form is saved as a screenshot and as an A4 PDF (the browser's print-to-PDF) in
test-artifacts/. Printing the ordinary case page hides its actions too."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from agencies.models import Membership
from cases import services as case_services
from cases.models import Consent
from cases.services.plans import ActionData
from meetings import services as meeting_services
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_case_flow import _log_in
from tests.factories import AgencyFactory, StaffFactory, open_case, record_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _story():
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    east = AgencyFactory(name="ブラウザ市 東部地域包括支援センター")
    coordinator = StaffFactory(agency=hub, role=Membership.Role.COORDINATOR)
    case = open_case(worker=coordinator, name="印刷世帯")
    case_services.team_add(actor=coordinator, case=case, agency=east)
    consent = record_consent(
        case=case,
        by=coordinator,
        purposes=[Consent.Purpose.SHARING, Consent.Purpose.MEETING],
    )
    case_services.concern_add(actor=coordinator, case=case, category="care", note="要介護2")
    case_services.assessment_record(actor=coordinator, case=case, summary="母の介護負担が大きい。")
    case_services.plan_create(
        actor=coordinator,
        case=case,
        goals="介護サービスの利用を始める。",
        review_on=timezone.localdate() + dt.timedelta(days=90),
        actions=[ActionData("介護認定の申請に同行", east, timezone.localdate())],
    )
    meeting = meeting_services.meeting_create(
        actor=coordinator,
        kind="support",
        title="12月 支援会議",
        starts_at=timezone.now() + dt.timedelta(days=2),
        place="市役所 会議室A",
        grant_days_after=14,
    )
    meeting_services.agenda_add(actor=coordinator, meeting=meeting, case=case, purpose="roles")
    return coordinator, case, consent, meeting


def test_every_printed_form_has_nothing_to_click_and_prints_in_wareki(browser_page, live_server):
    base = live_server.url
    coordinator, case, consent, meeting = _story()
    consultation = case.consultations.first()
    prints = {
        "consultation": f"/cases/{case.pk}/consultations/{consultation.pk}/print/",
        "assessment": f"/cases/{case.pk}/print/assessment/",
        "plan": f"/cases/{case.pk}/print/plan/",
        "consent": f"/cases/{case.pk}/consents/{consent.pk}/print/",
        "record": f"/cases/{case.pk}/print/record/",
        "meeting-agenda": f"/meetings/{meeting.pk}/paper/agenda/",
        "meeting-record": f"/meetings/{meeting.pk}/paper/",
    }
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _log_in(page, base, coordinator.username)
    os.makedirs(ARTIFACTS, exist_ok=True)
    for name, path in prints.items():
        page.emulate_media(media="screen")
        page.goto(base + path)
        sheet = page.locator("#print-area")
        assert sheet.locator("a").count() == 0, name
        assert sheet.locator("form, button, input, select").count() == 0, name
        assert "令和" in sheet.inner_text(), name
        # The button calls window.print() (print.js, no inline script under the CSP).
        page.evaluate("window.print = () => { window.__printed = true; }")
        page.locator("[data-print]").click()
        assert page.evaluate("window.__printed === true"), name
        page.screenshot(path=os.path.join(ARTIFACTS, f"print-{name}.png"), full_page=True)
        page.emulate_media(media="print")
        assert not page.locator(".print-toolbar").is_visible(), name
        page.pdf(path=os.path.join(ARTIFACTS, f"print-{name}.pdf"), prefer_css_page_size=True)
    assert not [e for e in errors if "Content Security Policy" in e]


def test_printing_the_case_page_hides_its_actions_and_navigation(browser_page, live_server):
    base = live_server.url
    coordinator, case, *_ = _story()
    page = browser_page
    _log_in(page, base, coordinator.username)
    page.goto(f"{base}/cases/{case.pk}/")
    assert page.locator(".actions a.button").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".actions").first.is_visible()
    assert not page.locator(".print-links").first.is_visible()
    assert page.locator("form:visible, button:visible, a.button:visible").count() == 0
    printed = page.locator("main").inner_text()
    assert case.title in printed
    assert "未着手" in printed  # the plan action's status, without its select
    page.screenshot(path=os.path.join(ARTIFACTS, "print-case-page.png"), full_page=True)
