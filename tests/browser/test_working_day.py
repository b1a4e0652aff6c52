"""A working day in the browser: a case found by search goes on an agenda (and the
重層的支援会議's consent check refuses an uncovered attendee), a guest's paper pledge, a
planned visit that becomes the consultation record."""

import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from agencies.models import Membership
from cases import services as case_services
from cases.models import Consent
from meetings import services as meeting_services
from meetings.models import Meeting
from planning.models import PlannedContact
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_case_flow import _log_in
from tests.factories import AgencyFactory, StaffFactory, record_consent
from tests.factories import open_case as make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _meeting(coordinator, kind: str) -> Meeting:
    return meeting_services.meeting_create(
        actor=coordinator,
        kind=kind,
        title="12月 定例会議",
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="市役所 会議室A",
        grant_days_after=7,
    )


def test_a_case_found_by_search_joins_the_agenda_and_an_uncovered_agency_is_refused(
    browser_page, live_server
):
    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    east = AgencyFactory(name="ブラウザ市 東部地域包括支援センター")
    west = AgencyFactory(name="ブラウザ市 西部障がい者相談支援センター")
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER)
    coordinator = StaffFactory(agency=hub, role=Membership.Role.COORDINATOR)
    east_worker = StaffFactory(agency=east, role=Membership.Role.CASEWORKER)
    west_worker = StaffFactory(agency=west, role=Membership.Role.CASEWORKER)
    case = make_case(worker=worker, name="新井家", title="新しい8050の相談")
    case_services.team_add(actor=worker, case=case, agency=east)
    record_consent(
        case=case,
        by=worker,
        all_team_agencies=False,
        agencies=[east],
        purposes=[Consent.Purpose.SHARING, Consent.Purpose.MEETING],
    )
    meeting = _meeting(coordinator, Meeting.Kind.MULTI_LAYERED)
    meeting_services.participant_add(
        actor=coordinator, meeting=meeting, user=east_worker, agency=east
    )
    page = browser_page

    _log_in(page, base, coordinator.username)
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.fill("#agenda-case-q", "新井")
    found = page.locator("#case-search-results li", has_text="新井家")
    found.locator("select[name=purpose]").select_option("roles")
    found.get_by_role("button").click()
    page.wait_for_url(f"{base}/meetings/{meeting.pk}/")
    assert "新しい8050の相談" in page.locator("#agenda-h + ol").inner_text()

    # An agency the person's consent does not name cannot attend this 重層的支援会議.
    invite = page.locator("form[action$='/participants/']")
    invite.locator("select[name=user]").select_option(str(west_worker.pk))
    invite.locator("select[name=agency]").select_option(str(west.pk))
    invite.get_by_role("button").click()
    page.wait_for_url(f"{base}/meetings/{meeting.pk}/")
    said = page.locator(".messages").inner_text()
    assert west.name in said and "同意" in said
    assert not meeting.participants.filter(user=west_worker).exists()
    page.screenshot(path=os.path.join(ARTIFACTS, "meeting-agenda-search.png"), full_page=True)


def test_a_guest_signs_the_pledge_on_paper_and_the_coordinator_confirms_it(
    browser_page, live_server
):
    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    coordinator = StaffFactory(agency=hub, role=Membership.Role.COORDINATOR)
    meeting = _meeting(coordinator, Meeting.Kind.SUPPORT)
    page = browser_page

    _log_in(page, base, coordinator.username)
    page.goto(f"{base}/meetings/{meeting.pk}/")
    guests = page.locator("form[action$='/guests/']")
    guests.locator("input[name=name]").fill("朝日 花子")
    guests.locator("input[name=organisation]").fill("朝日野地区民生委員児童委員協議会")
    guests.locator("input[name=role]").fill("民生委員")
    guests.get_by_role("button").click()
    page.wait_for_url(f"{base}/meetings/{meeting.pk}/")

    row = page.locator("section[aria-labelledby=guests-h] tr", has_text="朝日 花子")
    assert "誓約なし" in row.inner_text() or "未" in row.inner_text()
    row.locator("input[name=signed_on]").fill("R8.12.1")
    row.get_by_role("button", name=re.compile("誓約書")).click()
    page.wait_for_url(f"{base}/meetings/{meeting.pk}/")
    row = page.locator("section[aria-labelledby=guests-h] tr", has_text="朝日 花子")
    assert "R8.12.1" in row.inner_text()
    row.get_by_role("button", name="出席").click()
    page.wait_for_url(f"{base}/meetings/{meeting.pk}/")
    guest = meeting.guests.get()
    assert guest.attended is True
    assert guest.pledge_signed_on == dt.date(2026, 12, 1)
    page.screenshot(path=os.path.join(ARTIFACTS, "meeting-guests.png"), full_page=True)


def test_a_planned_visit_turns_into_the_consultation_record(browser_page, live_server):
    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER)
    case = make_case(worker=worker, name="予定家", title="母の受診が途絶えている")
    page = browser_page

    _log_in(page, base, worker.username)
    page.goto(f"{base}/cases/{case.pk}/#tab-timeline")
    page.locator("#tab-timeline").get_by_role("link", name="予定を入れる").click()
    when = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT10:30")
    page.fill("input[name=starts_at]", when)
    page.fill("input[name=place]", "自宅")
    page.fill("input[name=purpose]", "受診同行の相談")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/"))
    assert "受診同行の相談" in page.locator("#tab-timeline").inner_text()

    page.goto(f"{base}/")
    assert "予定家" in page.locator("section[aria-labelledby=planned-h]").inner_text()
    page.screenshot(path=os.path.join(ARTIFACTS, "home-planned.png"), full_page=True)
    page.locator("section[aria-labelledby=planned-h]").get_by_role(
        "link", name="実施を記録"
    ).click()
    page.fill("textarea[name=narrative]", "予定どおり訪問。母は受診に同意した。")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/"))
    assert "母は受診に同意した" in page.locator(".timeline").inner_text()
    assert PlannedContact.objects.get().status == PlannedContact.Status.DONE

    page.goto(f"{base}/planning/calendar/")
    page.screenshot(path=os.path.join(ARTIFACTS, "my-calendar.png"), full_page=True)
