import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from agencies.models import Area, Membership
from core.wareki import short_wareki
from participation import services
from participation.models import FollowUp, Matching
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_case_flow import _log_in
from tests.factories import AgencyFactory, StaffFactory, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_case_find_a_menu_propose_it_and_follow_up(browser_page, live_server):
    from playwright.sync_api import expect

    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    shakyo = AgencyFactory(name="ブラウザ市 社会福祉協議会")
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER)
    csw = StaffFactory(agency=shakyo, role=Membership.Role.CASEWORKER)
    east = Area.objects.create(name="東中学校区", level=Area.Level.JUNIOR_HIGH)
    case = open_case(worker=worker, name="山田家", title="長男のひきこもりと母の介護")
    cafe = services.host_create(actor=csw, name="カフェ こもれび", contact="店長 0561-00-1234")
    services.menu_create(
        actor=csw,
        title="パン作り",
        what="カフェ厨房で生地の成形と袋詰め",
        host=cafe,
        capacity=2,
        kind="work_experience",
        target="youth",
        area=east,
        schedule="毎週火・木 10:00〜13:00",
    )
    services.menu_create(
        actor=csw,
        title="商店街清掃",
        what="歩道のごみ拾い",
        host=cafe,
        capacity=5,
        kind="volunteering",
    )
    page = browser_page

    # From the case page, the caseworker looks for a work-experience menu in the east.
    _log_in(page, base, worker.username)
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("tab", name="プラン").click()
    panel = page.locator("section[aria-labelledby=participation-h]")
    panel.locator("select[name=area]").select_option(label="東中学校区")
    panel.locator("select[name=kind]").select_option("work_experience")
    results = panel.locator("#participation-results")
    # Each change asks again; the city-wide volunteering menu goes once both apply.
    expect(results).to_contain_text("パン作り")
    expect(results).not_to_contain_text("商店街清掃")
    result = results.locator("li.menu-result", has_text="パン作り")

    # One step: this menu, for the son, with a note.
    result.locator("select[name=person]").select_option(label="山田 一郎")
    result.locator("input[name=note]").fill("本人が「パンが好き」と話していた")
    result.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/participation/matchings/\d+/$"))
    matching_url = page.url
    assert "パン作り" in page.locator("h1").inner_text()
    assert "山田 一郎" in page.locator("h1").inner_text()
    assert page.locator(".matching-status").get_attribute("data-status") == "proposed"

    # The person tries it out: the trial takes one of the two places.
    page.locator("form.move button[name=to][value=trial]").click()
    page.wait_for_url(matching_url)
    assert page.locator(".matching-status").get_attribute("data-status") == "trial"

    # The follow-up of the host, with the next date.
    next_on = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    form = page.locator("form.follow-up")
    form.locator("input[name=about][value=host]").check()
    form.locator("textarea[name=note]").fill("店長に電話。指示は紙に書くとよいとのこと。")
    form.locator("input[name=next_on]").fill(next_on)
    form.locator("button[type=submit]").click()
    page.wait_for_url(matching_url)
    follow_ups = page.locator("ol.follow-ups").inner_text()
    assert "指示は紙に書くとよい" in follow_ups
    assert short_wareki(dt.date.fromisoformat(next_on)) in follow_ups
    page.screenshot(path=os.path.join(ARTIFACTS, "participation-matching.png"), full_page=True)

    # Back on the case page, the panel shows the match on trial.
    page.goto(f"{base}/cases/{case.pk}/")
    assert "パン作り" in page.locator("ul.matchings").inner_text()
    page.screenshot(path=os.path.join(ARTIFACTS, "participation-case.png"), full_page=True)

    matching = Matching.objects.get()
    assert (matching.status, matching.agency, matching.proposed_by) == ("trial", hub, worker)
    follow_up = FollowUp.objects.get()
    assert (follow_up.about, follow_up.agency, str(follow_up.next_on)) == ("host", hub, next_on)
