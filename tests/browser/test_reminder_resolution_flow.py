import datetime as dt
import os

import pytest
from django.utils import timezone

from agencies.models import Membership
from cases.models import Case
from core.wareki import short_wareki
from reminders import services
from reminders.models import Reminder
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_case_flow import _log_in, _log_out
from tests.factories import AgencyFactory, StaffFactory, consultation_data, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_closing_a_case_resolves_its_no_contact_reminder_on_the_home_and_case_pages(
    browser_page, live_server
):
    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER, full_name="担当 花子")
    supervisor = StaffFactory(agency=hub, role=Membership.Role.SUPERVISOR)
    quiet = timezone.now() - dt.timedelta(days=45)
    case = open_case(
        worker=worker,
        name="連絡途絶世帯",
        title="連絡が途絶えている相談",
        opened_on=quiet.date(),
        consultation=consultation_data(occurred_at=quiet),
    )
    services.sweep(kinds={Reminder.Kind.NO_CONTACT})
    page = browser_page

    _log_in(page, base, worker.username)
    assert case.reference in page.locator("#reminders-h").locator("..").inner_text()
    page.goto(f"{base}/cases/{case.pk}/closure/")
    page.select_option("select[name=reason]", "goals_met")
    page.fill("textarea[name=evaluation]", "世帯の生活が安定した。")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    _log_out(page)

    _log_in(page, base, supervisor.username)
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator("a[href$='/decide/']").click()
    page.check("input[name=decision][value=approve]")
    page.fill("textarea[name=evaluation]", "世帯の生活が安定した。")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED
    _log_out(page)

    _log_in(page, base, worker.username)
    assert page.locator("#reminders-h").count() == 0  # nothing open: no panel
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator("details.reminder-history summary").click()
    page.screenshot(path=os.path.join(ARTIFACTS, "reminder-resolved.png"), full_page=True)
    reminder = Reminder.objects.get(case=case)
    assert reminder.status == Reminder.Status.RESOLVED
    ended = page.locator("[data-reminders=ended] li")
    assert ended.count() == 1
    assert short_wareki(timezone.localtime(reminder.resolved_at)) in ended.inner_text()
    assert page.locator("[data-reminders=open] li.muted").count() == 1  # "no open reminder"
