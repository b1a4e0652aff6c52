"""The report pages: who gets them, what they show, and that they cost a bounded number of
queries whatever the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from reports.tables import SUPPRESSION_NOTE
from tests.reports.conftest import FY, more_cases

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]

INDEX = reverse("reports:index")


def signed_in(client, user):
    client.force_login(user)
    return client


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_anonymous_visitor_gets_no_csv(client):
    response = client.get(reverse("reports:csv"))
    assert response.status_code == 302


def test_hub_report_viewer_sees_the_city_figures(client, city, today):
    response = signed_in(client, city.hub_viewer).get(INDEX, {"year": FY})
    assert response.status_code == 200
    assert "令和6年度（2024年度）" in response.content.decode()
    assert response.context["question"].scope.is_city


def test_partner_caseworker_sees_their_agency_figures(client, city, today):
    response = signed_in(client, city.east_worker).get(INDEX, {"year": FY})
    assert response.status_code == 200
    assert response.context["question"].scope.agencies == {city.east.pk}


def test_account_without_an_agency_is_refused(client, city, today):
    response = signed_in(client, city.no_agency).get(INDEX)
    assert response.status_code == 403


def test_partner_user_asking_for_the_hubs_figures_is_refused(client, city, today):
    response = signed_in(client, city.east_viewer).get(INDEX, {"year": FY, "agency": city.hub.pk})
    assert response.status_code == 403


def test_a_year_not_offered_is_a_form_error(client, city, today):
    response = signed_in(client, city.hub_viewer).get(INDEX, {"year": "1990"})
    assert response.status_code == 400
    assert "question" not in response.context
    assert response.context["form"].errors["year"]


def test_an_agency_that_is_not_a_number_is_a_form_error(client, city, today):
    response = signed_in(client, city.hub_viewer).get(INDEX, {"year": FY, "agency": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["agency"]


def test_the_page_draws_charts_beside_the_tables(client, city, today):
    body = signed_in(client, city.hub_viewer).get(INDEX, {"year": FY}).content.decode()
    assert body.count("<svg") >= 5
    assert 'id="table-new_cases_by_source"' in body


def test_the_screen_shows_exact_small_counts(client, city, today):
    response = signed_in(client, city.hub_viewer).get(INDEX, {"year": FY})
    shown = {t["table"].key: t["rows"] for s in response.context["sections"] for t in s["tables"]}
    assert shown["households_connected"][0][:2] == [3, 1]


def test_the_paper_suppresses_small_counts_and_says_so(client, city, today):
    response = signed_in(client, city.hub_viewer).get(reverse("reports:paper"), {"year": FY})
    body = response.content.decode()
    assert response.status_code == 200
    assert escape(str(SUPPRESSION_NOTE)) in body
    shown = {t["table"].key: t["rows"] for t in response.context["tables"]}
    assert [str(c) for c in shown["households_connected"][0][:2]] == ["3", "<3"]


def test_the_csv_is_the_report_as_published(client, city, today):
    response = signed_in(client, city.hub_viewer).get(reverse("reports:csv"), {"year": FY})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="report-2024.csv"'
    assert text.startswith("\ufeff")
    assert "3,<3,33.3" in text


def test_the_area_drill_down_lists_the_elementary_districts(client, city, today):
    response = signed_in(client, city.hub_viewer).get(INDEX, {"year": FY, "area": city.north_jh.pk})
    assert [a.name for a in response.context["drill_down"]] == ["北小学校区", "西小学校区"]


def test_the_navigation_offers_the_figures_to_staff(client, city, today):
    body = signed_in(client, city.east_worker).get(reverse("home")).content.decode()
    assert f'href="{INDEX}"' in body


def test_the_page_costs_a_bounded_number_of_queries(
    client, city, today, django_assert_max_num_queries
):
    signed_in(client, city.hub_viewer)
    client.get(INDEX, {"year": FY})  # sessions and caches warmed
    # 47 today: session, user, memberships, the agencies to narrow to, the first case's
    # date (years), the areas; then the report's own aggregates (41, docs/reports.md).
    with django_assert_max_num_queries(50):
        client.get(INDEX, {"year": FY})


def test_more_data_costs_no_more_queries(client, city, today):
    signed_in(client, city.hub_viewer)
    client.get(INDEX, {"year": FY})
    with CaptureQueriesContext(connection) as before:
        client.get(INDEX, {"year": FY})
    more_cases(city, 3)
    with CaptureQueriesContext(connection) as after:
        client.get(INDEX, {"year": FY})
    assert len(after) == len(before)


def test_the_year_selector_offers_this_year_and_every_earlier_year_with_cases(client, city, today):
    form = signed_in(client, city.hub_viewer).get(INDEX).context["form"]
    # Today is in FY2025; the first case (c5) was opened in FY2023.
    assert form.fields["year"].choices == [
        (2025, "令和7年度（2025年度）"),
        (2024, "令和6年度（2024年度）"),
        (2023, "令和5年度（2023年度）"),
    ]


def test_the_area_selector_lists_each_junior_high_district_before_its_schools(client, city, today):
    form = signed_in(client, city.hub_viewer).get(INDEX).context["form"]
    labels = [label for _value, label in form.fields["area"].choices][1:]
    assert labels == ["北中学校区", "　北小学校区", "　西小学校区", "南中学校区", "　南小学校区"]


def test_a_partner_user_gets_the_paper_of_their_own_agency(client, city, today):
    response = signed_in(client, city.east_viewer).get(reverse("reports:paper"), {"year": FY})
    assert response.status_code == 200
    assert response.context["question"].scope.agencies == {city.east.pk}


def test_the_csv_download_is_written_to_the_export_log(client, city, today, caplog):
    with caplog.at_level("INFO", logger="reports.export"):
        signed_in(client, city.east_viewer).get(reverse("reports:csv"), {"year": FY})
    assert f"user={city.east_viewer.username} year=2024 agencies=[{city.east.pk}]" in caplog.text


def test_the_paper_draws_no_chart_that_would_show_a_suppressed_count(client, city, today):
    response = signed_in(client, city.hub_viewer).get(reverse("reports:paper"), {"year": FY})
    assert "<svg" not in response.content.decode()
