from datetime import date, datetime

from django import template
from django.utils import timezone

from core import wareki as w

register = template.Library()


@register.filter
def wareki(value: date | datetime | None) -> str:
    """{{ some_date|wareki }} → 令和6年5月1日"""
    if not value:
        return ""
    return str(w.to_wareki(value))


@register.filter
def fiscal_year_label(value: date | datetime | None) -> str:
    """{{ some_date|fiscal_year_label }} → 令和6年度"""
    if not value:
        return ""
    return w.fiscal_year_label_for(value)


@register.filter
def wareki_short(value: date | datetime | None) -> str:
    """{{ some_date|wareki_short }} → R8.12.2: for tables, where a date must not wrap."""
    if not value:
        return ""
    return w.short_wareki(value)


@register.filter
def wareki_datetime(value: datetime | None) -> str:
    """{{ some_moment|wareki_datetime }} → 令和8年12月4日 14:30 (local time)."""
    if not value:
        return ""
    return f"{w.to_wareki(value)} {timezone.localtime(value):%H:%M}"
