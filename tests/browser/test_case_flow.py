import os
import re

import pytest

from agencies.models import Membership
from tests.browser.conftest import ARTIFACTS
from tests.factories import PASSWORD, AgencyFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{base}/")


def _log_out(page) -> None:
    page.get_by_role("button", name="ログアウト").click()


def test_intake_refer_accept_and_the_receiver_sees_only_the_card(browser_page, live_server):
    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True, phone="0000-11-2233")
    other = AgencyFactory(name="ブラウザ市 東部地域包括支援センター")
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER)
    receiver = StaffFactory(agency=other, role=Membership.Role.CASEWORKER)
    page = browser_page

    # A caseworker takes in a new household with one keyboard-friendly form.
    _log_in(page, base, worker.username)
    page.get_by_role("link", name="新規相談").first.click()
    page.fill("input[name=household_name]", "川田家")
    page.fill("input[name=person-0-family_name]", "川田")
    page.fill("input[name=person-0-given_name]", "ハル")
    page.fill("input[name=person-0-family_name_kana]", "かわだ")
    page.select_option("select[name=person-0-relation]", "head")
    page.fill("input[name=title]", "高齢の母と無職の息子の生活について")
    page.select_option("select[name=referral_source]", "welfare_commissioner")
    page.select_option("select[name=mode]", "home_visit")
    page.fill(
        "textarea[name=narrative]", "民生委員と同行訪問。室内に物が多く、母は通院できていない。"
    )
    page.get_by_role("button", name="ケースを開始").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = page.url
    assert "高齢の母と無職の息子の生活について" in page.locator("h1").inner_text()
    assert "民生委員と同行訪問" in page.locator(".timeline").inner_text()

    # It is handed over, not thrown: the sender sees what the receiver will see.
    page.get_by_role("link", name="つなぐ").click()
    page.select_option("select[name=to_agency]", label=other.name)
    page.fill("input[name=reason]", "母の介護保険申請の支援をお願いします")
    page.fill("textarea[name=summary]", "80代女性、通院が途絶えている。")
    page.get_by_role("button", name="送る前に確認").click()
    assert "80代女性、通院が途絶えている。" in page.locator(".preview").inner_text()
    page.get_by_role("button", name="つなぎを送る").click()
    page.wait_for_url(case_url)
    _log_out(page)

    # The receiving agency acknowledges it from its inbox.
    _log_in(page, base, receiver.username)
    page.locator("details[data-nav-menu] > summary", has_text="ケース").click()
    page.locator(".site-nav").get_by_role("link", name="つなぎ", exact=True).click()
    assert "80代女性、通院が途絶えている。" in page.locator("main").inner_text()
    page.get_by_role("button", name="受け入れる").click()
    page.wait_for_url(f"{base}/referrals/")

    # Without the person's consent it sees only that the case exists and whom to call.
    response = page.goto(case_url)
    assert response.status == 403
    card = page.locator("main").inner_text()
    assert hub.name in card and "0000-11-2233" in card
    assert "同意" in card
    assert "民生委員と同行訪問" not in card
    page.screenshot(path=os.path.join(ARTIFACTS, "card.png"), full_page=True)
    _log_out(page)

    # The owner sees the receiver on the team, marked as not covered by consent.
    _log_in(page, base, worker.username)
    page.goto(case_url)
    page.get_by_role("tab", name="チームと同意").click()
    team = page.locator("section[aria-labelledby=team-h]").inner_text()
    assert other.name in team
    assert "同意なし" in team
    page.screenshot(path=os.path.join(ARTIFACTS, "case.png"), full_page=True)
