"""The quick intake in a browser: person rows are added and removed (static/js/formset.js)
and the server registers exactly the rows left."""

import re

import pytest

from agencies.models import Membership
from cases.models import Case
from tests.browser.test_case_flow import _log_in
from tests.factories import AgencyFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person(page, index: int, given: str, relation: str) -> None:
    page.fill(f"input[name=person-{index}-family_name]", "森")
    page.fill(f"input[name=person-{index}-given_name]", given)
    page.select_option(f"select[name=person-{index}-relation]", relation)


def test_two_rows_added_one_removed_and_three_persons_registered(browser_page, live_server):
    base = live_server.url
    worker = StaffFactory(
        agency=AgencyFactory(name="ブラウザ市 福祉総合相談課"), role=Membership.Role.CASEWORKER
    )
    page = browser_page
    _log_in(page, base, worker.username)
    page.goto(f"{base}/cases/intake/")
    page.fill("input[name=household_name]", "森家")
    _person(page, 0, "春子", "head")
    _person(page, 1, "夏男", "child")

    add = page.locator("[data-formset-add]")
    add.click()
    add.click()
    assert page.locator("fieldset[data-formset-row]").count() == 4
    assert page.input_value("input[name=person-TOTAL_FORMS]") == "4"
    _person(page, 2, "秋子", "child")
    _person(page, 3, "冬美", "grandchild")

    # The first row added goes: the last one takes its place and its number.
    page.locator("fieldset[data-formset-row]").nth(2).locator("[data-formset-remove]").click()
    assert page.locator("fieldset[data-formset-row]").count() == 3
    assert page.input_value("input[name=person-TOTAL_FORMS]") == "3"
    assert page.input_value("input[name=person-2-given_name]") == "冬美"

    page.fill("input[name=title]", "三世代の世帯の生活について")
    page.select_option("select[name=referral_source]", "family")
    page.select_option("select[name=mode]", "visit")
    page.fill("textarea[name=narrative]", "母が来所。孫の不登校と自身の体調について。")
    page.locator("form.intake button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))

    household = Case.objects.get(title="三世代の世帯の生活について").household
    names = sorted(household.memberships.values_list("person__given_name", flat=True))
    assert names == sorted(["春子", "夏男", "冬美"])
    members = page.locator("main").inner_text()
    assert all(name in members for name in ("春子", "夏男", "冬美"))
    assert "秋子" not in members
