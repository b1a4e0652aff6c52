"""Each figure of fiscal year 2024 against the hand-built city of conftest.py, whose
docstring lists what happened when; the answers below follow from it."""

import pytest
from django.utils.translation import gettext as _

from agencies.models import Area
from cases import access
from reports.figures import Context, sections, tables_for
from reports.figures.base import _interpolated, month_headings
from reports.tables import SUPPRESSED, suppress
from tests.reports.conftest import FY

pytestmark = [pytest.mark.django_db, pytest.mark.shared_fixtures]


def table(city, key: str, *, year: int = FY, area: Area | None = None, user=None):
    scope = access.report_scope(user or city.hub_viewer)
    found = {t.key: t for t in tables_for(scope, year, area=area)}
    return found[key]


def row(t, label: str) -> list:
    return next(list(r) for r in t.rows if str(r[0]) == label)


def months(cells) -> dict[str, int]:
    return {m: c for m, c in zip(month_headings(), cells, strict=True) if c}


# --- fiscal years ----------------------------------------------------------------------


def test_a_case_opened_on_31_march_counts_in_the_year_that_ends_then(city, today):
    by_source = table(city, "new_cases_by_source")
    assert months(row(by_source, "家族")[1:13]) == {"3月": 1}


def test_a_case_opened_on_1_april_counts_in_the_new_year(city, today):
    assert months(row(table(city, "new_cases_by_source", year=2025), "本人")[1:13]) == {"4月": 1}
    assert row(table(city, "new_cases_by_source"), "本人")[13] == 1  # c4 only, not c2


def test_a_consultation_half_an_hour_into_1_april_tokyo_time_counts_in_the_new_year(city, today):
    assert row(table(city, "consultations_by_mode"), "来所")[13] == 0
    assert months(row(table(city, "consultations_by_mode", year=2025), "来所")[1:13]) == {"4月": 1}


def test_fiscal_year_2019_is_labelled_reiwa_gannen(city):
    assert Context(access.report_scope(city.hub_viewer), 2019).label == "令和元年度（2019年度）"


def test_the_year_before_reiwa_is_heisei_30(city):
    assert Context(access.report_scope(city.hub_viewer), 2018).label == "平成30年度（2018年度）"


# --- consultation ----------------------------------------------------------------------


def test_new_cases_are_counted_by_referral_route_with_a_total(city, today):
    t = table(city, "new_cases_by_source")
    assert row(t, "民生委員")[13] == 1
    assert row(t, _("Total"))[13] == 3


def test_new_cases_are_counted_under_each_of_their_concern_categories(city, today):
    t = table(city, "new_cases_by_concern")
    assert row(t, "介護")[1] == 1
    assert row(t, "ひきこもり")[1] == 1
    assert row(t, "困窮")[1] == 1
    assert row(t, _("No concern recorded"))[1] == 1  # c4
    assert row(t, _("Cases opened"))[1] == 3


def test_consultations_are_counted_by_mode(city, today):
    t = table(city, "consultations_by_mode")
    assert row(t, "電話")[13] == 2
    assert months(row(t, "訪問")[1:13]) == {"5月": 1, "6月": 1}


def test_consultations_are_counted_by_recording_agency(city, today):
    t = table(city, "consultations_by_agency")
    assert row(t, city.east.name)[-1] == 3
    assert row(t, city.hub.name)[-1] == 1


def test_households_with_two_or_more_concern_categories_have_compound_problems(city, today):
    assert list(table(city, "households_connected").rows[0]) == [3, 1, 33.3]


def test_new_cases_are_counted_by_junior_high_school_district(city, today):
    t = table(city, "new_cases_by_area")
    assert row(t, "北中学校区")[1:] == [3, 3]
    assert row(t, "南中学校区")[1:] == [0, 0]


def test_a_junior_high_school_district_drills_down_to_its_elementary_districts(city, today):
    t = table(city, "new_cases_by_area", area=city.north_jh)
    # c1 in 北小, c3 in 北一区 (a 自治区 of 北小), c4 in 西小.
    assert [list(r) for r in t.rows] == [["北小学校区", 2, 2], ["西小学校区", 1, 1]]


def test_an_elementary_district_counts_only_its_households(city, today):
    assert table(city, "households_connected", area=city.west_es).rows[0][0] == 1


def test_an_area_filters_every_case_figure(city, today):
    assert row(table(city, "new_cases_by_source", area=city.south_jh), _("Total"))[13] == 0


# --- projects and outreach ---------------------------------------------------------------


def test_enrolments_are_counted_per_project_during_new_and_at_the_years_end(city, today):
    t = table(city, "enrolments_by_project")
    assert row(t, "包括的相談支援事業")[1:] == [3, 2, 2]
    assert row(t, "アウトリーチ等を通じた継続的支援事業")[1:] == [1, 1, 0]
    assert row(t, "多機関協働事業")[1:] == [1, 1, 1]


def test_outreach_counts_cases_found_contacts_by_outcome_and_consents(city, today):
    t = table(city, "outreach")
    assert [r[1] for r in t.rows] == [1, 1, 0, 1, 1]


# --- meetings ----------------------------------------------------------------------------


def test_meetings_held_are_counted_by_kind_and_month_with_cases_discussed(city, today):
    t = table(city, "meetings_held")
    assert months(row(t, "包括的支援推進会議")[1:13]) == {"11月": 1}
    assert row(t, "ケース会議")[13:] == [1, 1]


def test_cases_discussed_are_counted_by_concern_category(city, today):
    t = table(city, "cases_discussed_by_concern")
    assert row(t, "介護")[1:] == [0, 0, 1]


# --- casework ------------------------------------------------------------------------------


def test_referrals_are_counted_by_answer_with_median_and_90th_percentile_response(city, today):
    # Answered after 2 (c1), 4 (c5) and 10 (c4) days.
    assert list(table(city, "referrals").rows[0]) == [3, 2, 1, 0, 0, 4.0, 8.8]


def test_a_partner_agency_counts_the_referrals_it_sent_or_received(city, today):
    assert table(city, "referrals", user=city.east_worker).rows[0][0] == 2  # r4 sent, r1 received


def test_plans_made_and_approved_are_counted(city, today):
    assert list(table(city, "plans").rows[0]) == [2, 1, 2]


def test_closures_are_counted_by_reason(city, today):
    assert row(table(city, "closures_by_reason"), "目標達成")[1] == 1


def test_closures_are_counted_by_duration_with_the_median_in_months(city, today):
    t = table(city, "closures_by_duration")
    assert row(t, "6〜12か月")[1] == 1
    assert row(t, _("Median time open (months)"))[1] == 6.0


def test_open_cases_at_the_years_end_are_counted_by_the_caseloads_aging_buckets(city, today):
    t = table(city, "long_running")
    assert [r[1] for r in t.rows] == [1, 0, 1, 1, 0, 3]


# --- participation and community ----------------------------------------------------------


def test_matchings_proposed_in_the_year_are_counted_by_status(city, today):
    t = table(city, "matchings_by_status")
    assert [r[1] for r in t.rows] == [0, 0, 1, 1, 2, 2]


def test_retention_counts_who_still_takes_part_after_3_and_6_months(city, today):
    assert [list(r[1:]) for r in table(city, "retention").rows] == [[2, 1, 50.0], [2, 1, 50.0]]


def test_menus_developed_in_the_year_are_counted_by_kind(city, today):
    assert row(table(city, "menus_developed"), "就労体験")[1] == 1


def test_groups_are_compared_with_the_previous_year_by_kind(city, today):
    t = table(city, "groups_by_kind")
    assert row(t, "サロン")[1:] == [1, 1]
    assert row(t, "こども食堂")[1:] == [0, 1]


def test_groups_are_compared_with_the_previous_year_by_area(city, today):
    t = table(city, "groups_by_area")
    assert [list(r) for r in t.rows] == [["北中学校区", 0, 1], ["南中学校区", 1, 1]]


def test_donations_are_counted_by_month(city, today):
    assert months(table(city, "donations").rows[0][1:13]) == {"12月": 1}


def test_key_figures_compare_the_year_with_the_previous_one(city, today):
    assert row(table(city, "key_figures"), _("New consultations (cases opened)"))[1:] == [1, 3]


# --- the report as a whole -------------------------------------------------------------------


def test_the_sections_hold_every_table_of_the_report_in_order(city, today):
    scope = access.report_scope(city.hub_viewer)
    from_sections = [t.key for s in sections(scope, FY) for t in s.tables]
    assert from_sections == [t.key for t in tables_for(scope, FY)]
    assert len(set(from_sections)) == len(from_sections)


def test_suppression_hides_counts_of_one_and_two_in_every_table(city, today):
    for t in tables_for(access.report_scope(city.hub_viewer), FY):
        for cells in suppress(t).rows:
            for i in t.count_columns:
                assert cells[i] not in (1, 2), (t.key, cells)


def test_suppression_keeps_zero_and_leaves_medians_alone(city, today):
    published = next(iter(suppress(table(city, "referrals")).rows))
    assert published == [3, SUPPRESSED, SUPPRESSED, 0, 0, 4.0, 8.8]


def test_percentiles_interpolate_as_percentile_cont_does():
    assert _interpolated([2.0, 4.0, 10.0], 0.5) == 4.0
    assert _interpolated([2.0, 4.0, 10.0], 0.9) == pytest.approx(8.8)
    assert _interpolated([], 0.5) is None
