"""Ages of persons: {% load ages %} {{ person|age_label }} → 82歳.

Duck-typed (anything with `age` and `age_on(day)`, as cases.Person has), so core imports
no app. Show it only where the reader may read the birth date: it is derived from it."""

from datetime import date

from django import template

from core.dates import age_label as _label

register = template.Library()


@register.filter
def age_label(person: object) -> str:
    """{{ person|age_label }} → 82歳; empty for an unknown birth date."""
    return _label(getattr(person, "age", None))


@register.filter
def age_on_label(person: object, day: date | None) -> str:
    """{{ person|age_on_label:case.opened_on }} → 80歳: the age the person was that day."""
    age_on = getattr(person, "age_on", None)
    if age_on is None or day is None:
        return ""
    return _label(age_on(day))
