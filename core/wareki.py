"""和暦 (Japanese era) dates and fiscal years (年度, April to March).

Era boundaries are the first day of each era: 平成 began 1989-01-08, 令和 2019-05-01. The
first year of an era is written 元年.

A fiscal year is named by the year it begins in (FY2024 = 2024-04-01 to 2025-03-31). Its
era name is the one in force for the greater part of that year, i.e. on 1 October: so
FY2019 is 令和元年度 (as the government and municipalities name it), FY1988 昭和63年度."""

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import jaconv
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


# Reading what a worker types ------------------------------------------------------------
# 「昭和19年3月15日」「S19.3.15」「s19/3/15」「令和元年5月1日」「H元.1.8」, 西暦「2024-04-01」
# 「2024/4/1」「2024年4月1日」「20240401」: any width, with or without spaces. We wrote this
# rather than use japanera (docs/dependencies.md): it parses one strptime-style format at a
# time, knows some 250 historical eras (so 「S」 or 「元」 are ambiguous to it), and its
# refusals are untranslatable exceptions that do not say which rule the date breaks.

UNREADABLE = _("Enter a date such as R6.4.1, 令和6年4月1日 or 2024-04-01.")
NO_SUCH_MONTH = _("There is no month %(month)s: a month is 1 to 12.")
NO_SUCH_DAY = _("Month %(month)s of %(year)s has no day %(day)s (it has %(days)s days).")
NO_YEAR_ZERO = _("An era has no year 0: its first year is 元年 (1).")
ERA_NOT_BEGUN = _("%(era)s began on %(first)s (%(first_iso)s): the date you gave is %(actual)s.")
ERA_ENDED = _("%(era)s ended on %(last)s (%(last_iso)s): the date you gave is %(actual)s.")

_ERA_BY_PREFIX: dict[str, Era] = {}
for _era in ERAS:
    _ERA_BY_PREFIX[_era.name] = _era
    _ERA_BY_PREFIX[_era.name[0]] = _era  # 昭19.3.15
    _ERA_BY_PREFIX[_era.romaji[0]] = _era  # S19.3.15 (upper-cased before the lookup)

_SEP = r"[./-]"
_WAREKI_TEXT = re.compile(
    rf"(?P<era>明治|大正|昭和|平成|令和|[明大昭平令MTSHR])(?P<year>\d{{1,3}}|元)(?:年|{_SEP})"
    rf"(?P<month>\d{{1,2}})(?:月|{_SEP})(?P<day>\d{{1,2}})日?"
)
_SEIREKI_TEXT = re.compile(
    rf"(?P<year>\d{{4}})(?:年|{_SEP})(?P<month>\d{{1,2}})(?:月|{_SEP})(?P<day>\d{{1,2}})日?"
    r"|(?P<cyear>\d{4})(?P<cmonth>\d{2})(?P<cday>\d{2})"
)
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ーｰ", "-") | {"・": ".", "．": ".", "／": "/"})
_SPACES = re.compile(r"\s+")  # includes the ideographic space U+3000


def _fold(text: str) -> str:
    """Full-width letters, digits and punctuation → ASCII, dashes → '-', no spaces, upper."""
    text = jaconv.z2h(text, kana=False, ascii=True, digit=True).translate(_DASHES)
    return _SPACES.sub("", text).upper()


def _refuse(message: Any, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _real_date(year: int, month: int, day: int) -> date:
    if not 1 <= year <= 9999:
        raise _refuse(UNREADABLE, "invalid")
    if not 1 <= month <= 12:
        raise _refuse(NO_SUCH_MONTH, "no_such_month", month=month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise _refuse(NO_SUCH_DAY, "no_such_day", year=year, month=month, day=day, days=days)
    return date(year, month, day)


def _era_end(era: Era) -> date | None:
    """The last day of an era (None for the era in force)."""
    newer = ERAS.index(era) - 1
    return ERAS[newer].start - timedelta(days=1) if newer >= 0 else None


def _within_era(era: Era, day: date) -> date:
    if day < era.start:
        raise _refuse(
            ERA_NOT_BEGUN,
            "era_not_begun",
            era=era.name,
            first=str(to_wareki(era.start)),
            first_iso=era.start.isoformat(),
            actual=_describe(day),
        )
    end = _era_end(era)
    if end is not None and day > end:
        raise _refuse(
            ERA_ENDED,
            "era_ended",
            era=era.name,
            last=str(to_wareki(end)),
            last_iso=end.isoformat(),
            actual=_describe(day),
        )
    return day


def _describe(day: date) -> str:
    return f"{to_wareki(day)} ({day.isoformat()})" if day >= ERAS[-1].start else day.isoformat()


def parse(text: str) -> date:
    """The date a worker typed, in 和暦 or 西暦. A ValidationError (translatable, with a
    code) that names the problem otherwise: no such month or day, or a year of an era
    before it began or after it ended (昭和64年1月8日 was 平成元年1月8日)."""
    folded = _fold(text or "")
    if found := _WAREKI_TEXT.fullmatch(folded):
        era = _ERA_BY_PREFIX[found["era"]]
        year = 1 if found["year"] == "元" else int(found["year"])
        if year == 0:
            raise _refuse(NO_YEAR_ZERO, "no_year_zero")
        day = _real_date(era.start.year + year - 1, int(found["month"]), int(found["day"]))
        return _within_era(era, day)
    if found := _SEIREKI_TEXT.fullmatch(folded):
        parts = ("year", "month", "day") if found["year"] else ("cyear", "cmonth", "cday")
        # Any real day: how far back a date may go is the form's or the service's rule.
        return _real_date(*(int(found[part]) for part in parts))
    raise _refuse(UNREADABLE, "invalid")
