"""The household's genogram and eco-map in a real browser: both drawings are visible,
the print button is there and the print stylesheet hides the navigation."""

import os

import pytest

from agencies.models import Membership
from cases.models import EcoLink
from cases.services.ecomap import eco_link_add
from tests.browser.conftest import ARTIFACTS
from tests.cases.family import yamada_family
from tests.factories import PASSWORD, AgencyFactory, StaffFactory, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _Story:
    """What tests.cases.family needs: the case and who recorded it."""

    def __init__(self, case, worker) -> None:
        self.case = case
        self.owner_worker = worker


def test_the_genogram_and_the_ecomap_are_drawn_and_printable(browser_page, live_server):
    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER)
    case = open_case(worker=worker)
    family = yamada_family(_Story(case, worker))
    for label, strength in (
        ("民生委員 森田さん", EcoLink.Strength.WEAK),
        ("隣家の大野さん", EcoLink.Strength.STRONG),
        ("町内会（ごみ出し）", EcoLink.Strength.STRESSFUL),
    ):
        eco_link_add(actor=worker, household=family.household, label=label, strength=strength)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ユーザー名").fill(worker.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/households/{family.household.pk}/")
    page.locator(f"a[href='/households/{family.household.pk}/genogram/']").first.click()
    genogram = page.locator("figure#genogram svg.genogram")
    genogram.wait_for(state="visible")
    assert genogram.bounding_box()["width"] > 600
    assert page.locator("svg.genogram g.person").count() == 6
    assert page.locator("svg.genogram g.deceased").count() == 1
    assert page.locator("svg.genogram path.divorce").count() == 1
    assert page.locator("button[data-print]").is_visible()
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "genogram.png"), full_page=True)

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("button[data-print]").is_visible()
    assert genogram.is_visible()
    page.emulate_media(media="screen")

    page.locator(f"a[href='/households/{family.household.pk}/ecomap/']").first.click()
    ecomap = page.locator("figure#ecomap svg.ecomap")
    ecomap.wait_for(state="visible")
    assert page.locator("svg.ecomap path.line.stressful[data-node]").count() == 1
    assert page.locator("svg.ecomap path.line.strong[data-node]").count() == 1
    page.screenshot(path=os.path.join(ARTIFACTS, "ecomap.png"), full_page=True)
