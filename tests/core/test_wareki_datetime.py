"""The `wareki_datetime` filter of printed forms: a moment in 和暦, in local time."""

import datetime as dt

from core.templatetags.wareki import wareki_datetime


def test_a_moment_reads_as_its_local_wareki_date_and_time():
    moment = dt.datetime(2026, 12, 4, 5, 30, tzinfo=dt.UTC)  # 14:30 in Tokyo
    assert wareki_datetime(moment) == "令和8年12月4日 14:30"


def test_a_moment_late_in_utc_is_the_next_day_in_tokyo():
    moment = dt.datetime(2019, 4, 30, 15, 0, tzinfo=dt.UTC)  # 2019-05-01 00:00 in Tokyo
    assert wareki_datetime(moment) == "令和元年5月1日 00:00"


def test_no_moment_prints_nothing():
    assert wareki_datetime(None) == ""
