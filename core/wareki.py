"""和暦 (Japanese era) dates and fiscal years (年度, April to March).

Era boundaries are the first day of each era: 平成 began 1989-01-08, 令和 2019-05-01. The
first year of an era is written 元年.

A fiscal year is named by the year it begins in (FY2024 = 2024-04-01 to 2025-03-31). Its
era name is the one in force for the greater part of that year, i.e. on 1 October: so
FY2019 is 令和元年度 (as the government and municipalities name it), FY1988 昭和63年度."""

from datetime import date, datetime
from typing import NamedTuple

from django.utils import timezone


class Era(NamedTuple):
    name: str
    romaji: str
    start: date


# Newest first. 明治 is counted from the adoption of the solar calendar (1873-01-01 =
# 明治6年) for dates we will realistically meet; earlier dates are not supported.
ERAS: tuple[Era, ...] = (
    Era("令和", "Reiwa", date(2019, 5, 1)),
    Era("平成", "Heisei", date(1989, 1, 8)),
    Era("昭和", "Showa", date(1926, 12, 25)),
    Era("大正", "Taisho", date(1912, 7, 30)),
    Era("明治", "Meiji", date(1868, 1, 25)),
)
FISCAL_YEAR_START_MONTH = 4


class WarekiDate(NamedTuple):
    era: Era
    year: int
    month: int
    day: int

    @property
    def year_label(self) -> str:
        return "元" if self.year == 1 else str(self.year)

    def __str__(self) -> str:
        return f"{self.era.name}{self.year_label}年{self.month}月{self.day}日"


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def era_for(value: date | datetime) -> Era:
    day = _as_date(value)
    for era in ERAS:
        if day >= era.start:
            return era
    raise ValueError(f"{day} is before the Meiji era")


def to_wareki(value: date | datetime) -> WarekiDate:
    """2019-05-01 → 令和元年5月1日; 2019-04-30 → 平成31年4月30日."""
    day = _as_date(value)
    era = era_for(day)
    return WarekiDate(era, day.year - era.start.year + 1, day.month, day.day)


def fiscal_year(value: date | datetime) -> int:
    """The fiscal year a date falls in, named by its starting year: 2025-03-31 → 2024."""
    day = _as_date(value)
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    """First and last day of fiscal year `year`: 2024 → (2024-04-01, 2025-03-31)."""
    return date(year, FISCAL_YEAR_START_MONTH, 1), date(year + 1, FISCAL_YEAR_START_MONTH - 1, 31)


def fiscal_year_label(year: int) -> str:
    """2024 → 令和6年度; 2019 → 令和元年度; 2018 → 平成30年度."""
    named_on = date(year, 10, 1)
    era = era_for(named_on)
    n = year - era.start.year + 1
    return f"{era.name}{'元' if n == 1 else n}年度"


def fiscal_year_label_for(value: date | datetime) -> str:
    """The 和暦 fiscal-year label of the year a date falls in: 2025-03-31 → 令和6年度."""
    return fiscal_year_label(fiscal_year(value))


def short_wareki(value: date | datetime) -> str:
    """2026-12-02 → R8.12.2; 2019-05-01 → R1.5.1 (tables and lists)."""
    w = to_wareki(value)
    return f"{w.era.romaji[0]}{w.year}.{w.month}.{w.day}"
