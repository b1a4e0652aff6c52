from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core import wareki


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(2024, 5, 1), "令和6年5月1日"),
    ],
)
def test_dates_are_written_in_the_era_in_force_that_day(day, expected):
    assert str(wareki.to_wareki(day)) == expected


def test_an_aware_datetime_is_read_in_tokyo_time():
    # 2019-04-30 15:00 UTC is already 2019-05-01 00:00 in Tokyo: the first day of 令和.
    moment = datetime(2019, 4, 30, 15, 0, tzinfo=ZoneInfo("UTC"))
    assert str(wareki.to_wareki(moment)) == "令和元年5月1日"


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2024, 3, 31), 2023),
        (date(2024, 4, 1), 2024),
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
    ],
)
def test_the_fiscal_year_runs_from_april_to_march(day, fiscal_year):
    assert wareki.fiscal_year(day) == fiscal_year


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2024, 4, 1), "令和6年度"),
        (date(2025, 3, 31), "令和6年度"),
        (date(2019, 3, 31), "平成30年度"),
        (date(2019, 4, 1), "令和元年度"),
        (date(2019, 4, 30), "令和元年度"),
        (date(2020, 3, 31), "令和元年度"),
        (date(2020, 4, 1), "令和2年度"),
        (date(1989, 3, 31), "昭和63年度"),
        (date(1989, 4, 1), "平成元年度"),
    ],
)
def test_fiscal_year_labels_use_the_era_of_the_greater_part_of_the_year(day, label):
    assert wareki.fiscal_year_label_for(day) == label


def test_fiscal_year_bounds_are_april_first_to_march_thirty_first():
    assert wareki.fiscal_year_bounds(2024) == (date(2024, 4, 1), date(2025, 3, 31))


def test_dates_before_meiji_are_refused():
    with pytest.raises(ValueError, match="before the Meiji era"):
        wareki.to_wareki(date(1860, 1, 1))


def test_template_filters_render_wareki_and_fiscal_year():
    from django.template import Context, Template

    rendered = Template("{% load wareki %}{{ d|wareki }} {{ d|fiscal_year_label }}").render(
        Context({"d": date(2019, 5, 1)})
    )
    assert rendered == "令和元年5月1日 令和元年度"
