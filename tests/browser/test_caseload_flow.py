import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from agencies.models import Membership
from cases.models import Case
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_case_flow import _log_in
from tests.factories import AgencyFactory, StaffFactory, consultation_data, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_drills_into_old_cases_reviews_one_and_approves_its_closure(
    browser_page, live_server
):
    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER, full_name="担当 太郎")
    supervisor = StaffFactory(agency=hub, role=Membership.Role.SUPERVISOR)
    eight_months = timezone.now() - dt.timedelta(days=240)
    case = open_case(
        worker=worker,
        name="八か月世帯",
        title="8か月続いている相談",
        opened_on=eight_months.date(),
        consultation=consultation_data(occurred_at=eight_months),
    )
    open_case(worker=worker, name="新しい世帯", title="先週始まった相談")
    page = browser_page

    _log_in(page, base, supervisor.username)
    page.goto(f"{base}/reminders/caseload/")
    page.locator("svg.chart a[href$='bucket=6-12']").click()
    page.wait_for_url(re.compile(r"bucket=6-12"))
    listed = page.locator("main table").inner_text()
    assert "8か月続いている相談" in listed
    assert "先週始まった相談" not in listed

    page.locator(f"a[href$='/reminders/review/{case.pk}/']").click()
    page.check("input[name=closure_possible]")
    page.check("input[name=decision][value=closure]")
    page.fill("textarea[name=note]", "就労が安定し、母の介護サービスも定着した。")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")

    page.locator("a[href$='/decide/']").click()
    page.check("input[name=decision][value=approve]")
    page.fill("textarea[name=evaluation]", "世帯の生活が安定した。")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    page.screenshot(path=os.path.join(ARTIFACTS, "closed.png"), full_page=True)
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED
    assert "終結" in page.locator(".case-head").inner_text()
