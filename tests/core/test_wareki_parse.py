"""Reading the dates workers type: 和暦 in any of its everyday spellings, or 西暦."""

from datetime import date
from typing import NamedTuple

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core import wareki


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昭和19年3月15日", date(1944, 3, 15)),
        ("S19.3.15", date(1944, 3, 15)),
        ("s19/3/15", date(1944, 3, 15)),
        ("昭19.3.15", date(1944, 3, 15)),
        ("R6/4/1", date(2024, 4, 1)),
        ("令和6年4月1日", date(2024, 4, 1)),
        ("令和6.4.1", date(2024, 4, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("H元.1.8", date(1989, 1, 8)),
        ("T1.7.30", date(1912, 7, 30)),
        ("明治45年7月29日", date(1912, 7, 29)),
        ("Ｒ６．４．１", date(2024, 4, 1)),
        ("令和６年４月１日", date(2024, 4, 1)),
        ("２０２４－０４－０１", date(2024, 4, 1)),
        ("2024-04-01", date(2024, 4, 1)),
        ("2024/4/1", date(2024, 4, 1)),
        ("2024年4月1日", date(2024, 4, 1)),
        ("20240401", date(2024, 4, 1)),
        (" 令和 6年　4月 1日 ", date(2024, 4, 1)),
        ("2024 / 4 / 1", date(2024, 4, 1)),
    ],
)
def test_everyday_spellings_of_a_date_are_read(text, expected):
    assert wareki.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("大正15年12月24日", date(1926, 12, 24)),
        ("昭和元年12月25日", date(1926, 12, 25)),
    ],
)
def test_the_first_and_last_days_of_an_era_are_accepted(text, expected):
    assert wareki.parse(text) == expected


class Refusal(NamedTuple):
    code: str
    messages: list[str]


def _refusal(text: str) -> Refusal:
    """The refusal's code and messages, read in English (the msgids) whatever the locale."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        wareki.parse(text)
    with translation.override("en"):
        return Refusal(caught.value.code, caught.value.messages)


def test_a_showa_date_after_showa_ended_is_refused_naming_its_last_day():
    error = _refusal("昭和64年1月8日")
    assert error.code == "era_ended"
    assert error.messages == [
        "昭和 ended on 昭和64年1月7日 (1989-01-07): "
        "the date you gave is 平成元年1月8日 (1989-01-08)."
    ]


def test_a_heisei_date_after_heisei_ended_is_refused():
    error = _refusal("平成31年5月1日")
    assert error.code == "era_ended"
    assert "平成31年4月30日 (2019-04-30)" in error.messages[0]


def test_a_reiwa_date_before_reiwa_began_is_refused_naming_its_first_day():
    error = _refusal("令和元年4月30日")
    assert error.code == "era_not_begun"
    assert error.messages == [
        "令和 began on 令和元年5月1日 (2019-05-01): "
        "the date you gave is 平成31年4月30日 (2019-04-30)."
    ]


def test_year_zero_of_an_era_is_refused():
    assert _refusal("平成0年1月1日").code == "no_year_zero"


def test_a_day_the_month_does_not_have_is_refused():
    error = _refusal("令和6年2月30日")
    assert error.code == "no_such_day"
    assert error.messages == ["Month 2 of 2024 has no day 30 (it has 29 days)."]


def test_29_february_of_a_common_year_is_refused():
    assert _refusal("R5.2.29").code == "no_such_day"


def test_month_13_is_refused():
    error = _refusal("2024-13-01")
    assert error.code == "no_such_month"
    assert error.messages == ["There is no month 13: a month is 1 to 12."]


def test_a_western_date_before_meiji_is_read_leaving_its_range_to_the_form():
    assert wareki.parse("1800-01-01") == date(1800, 1, 1)


@pytest.mark.parametrize(
    "text", ["", "hello", "6.4.1", "R6", "24-4-1", "R6.4.1.2", "令和六年", "0000-01-01"]
)
def test_text_that_is_not_a_date_is_refused_with_examples_of_what_is(text):
    error = _refusal(text)
    assert error.code == "invalid"
    assert "R6.4.1" in error.messages[0]


@given(st.dates(min_value=wareki.ERAS[-1].start, max_value=date(2100, 12, 31)))
def test_a_date_written_in_wareki_reads_back_as_the_same_date(day):
    assert wareki.parse(str(wareki.to_wareki(day))) == day


@given(st.dates(min_value=wareki.ERAS[-1].start, max_value=date(2100, 12, 31)))
def test_a_date_written_as_short_wareki_reads_back_as_the_same_date(day):
    assert wareki.parse(wareki.short_wareki(day)) == day
