"""The year's figures as an Excel export: as published (small counts suppressed), one
sheet per table with the fiscal year in 和暦, whose figures decided by the policy."""

import pytest
from django.urls import reverse

from cases import access
from reports import figures
from reports.models import Export
from tests.reports.conftest import FY, body, workbook_of

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def start(client, user, capture, filters: str):
    client.force_login(user)
    with capture(execute=True):
        return client.post(
            reverse("reports:export_new"),
            {"kind": "figures", "format": "xlsx", "filters": filters},
        )


def test_a_city_viewer_gets_every_table_as_a_sheet_with_the_year_in_wareki(
    client, city, today, django_capture_on_commit_callbacks
):
    response = start(client, city.hub_viewer, django_capture_on_commit_callbacks, f"year={FY}")
    export = Export.objects.get(user=city.hub_viewer)
    assert response.status_code == 302
    assert export.status == Export.Status.DONE

    book = workbook_of(body(client.get(reverse("reports:export_download", args=[export.pk]))))

    expected = figures.tables_for(figures_scope(city), FY)
    assert len(book.worksheets) == len(expected)
    assert "令和6年度" in str(book.worksheets[0]["A1"].value)


def test_small_counts_leave_as_less_than_three(
    client, city, today, django_capture_on_commit_callbacks
):
    start(client, city.hub_viewer, django_capture_on_commit_callbacks, f"year={FY}")
    export = Export.objects.get(user=city.hub_viewer)
    book = workbook_of(body(client.get(reverse("reports:export_download", args=[export.pk]))))

    cells = [
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    ]

    assert "<3" in cells


def test_a_partner_asking_for_the_hubs_figures_is_refused(
    client, city, today, django_capture_on_commit_callbacks
):
    asked = f"year={FY}&agency={city.hub.pk}"
    response = start(client, city.east_viewer, django_capture_on_commit_callbacks, asked)

    assert response.status_code == 403
    assert not Export.objects.filter(user=city.east_viewer).exists()


def test_an_account_without_figures_cannot_export_them(
    client, city, today, django_capture_on_commit_callbacks
):
    response = start(client, city.no_agency, django_capture_on_commit_callbacks, f"year={FY}")

    assert response.status_code == 403


def test_a_year_the_report_does_not_offer_is_a_form_error(
    client, city, today, django_capture_on_commit_callbacks
):
    response = start(client, city.hub_viewer, django_capture_on_commit_callbacks, "year=1990")

    assert response.status_code == 400
    assert not Export.objects.filter(user=city.hub_viewer).exists()


def figures_scope(city):
    return access.report_scope(city.hub_viewer)
