"""A caseworker exports their case list to Excel from the case list page, watches the job
finish and downloads the workbook, which opens with their case in it."""

import os

import openpyxl
import pytest

from agencies.models import Membership
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_case_flow import _log_in
from tests.factories import AgencyFactory, StaffFactory, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_exports_the_case_list_to_excel_and_downloads_it(
    browser_page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    hub = AgencyFactory(name="ブラウザ市 福祉総合相談課", is_hub=True)
    worker = StaffFactory(agency=hub, role=Membership.Role.CASEWORKER)
    case = open_case(worker=worker, name="出力世帯", title="出力される相談")
    page = browser_page

    _log_in(page, base, worker.username)
    page.goto(f"{base}/cases/")
    page.locator("form.export-start button[value=xlsx]").click()
    page.wait_for_url(f"{base}/reports/exports/*/")
    link = page.locator("#export-progress a[href$='/download/']")
    link.wait_for()
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    page.screenshot(path=os.path.join(ARTIFACTS, "export.png"), full_page=True)

    assert download.suggested_filename.startswith("case-list-")
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(saved).active
    assert sheet["A2"].value == "ケース番号"
    assert [sheet["A3"].value, sheet["B3"].value, sheet["C3"].value] == [
        case.reference,
        "出力される相談",
        "出力世帯",
    ]
