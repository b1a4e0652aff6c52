"""The report page's question: which fiscal year, which area, which agency."""

from __future__ import annotations

from django import forms
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Area
from cases.models import Case
from core.wareki import fiscal_year, fiscal_year_label

# How far back the selector goes at most, whatever the oldest case.
MAX_YEARS = 15


def year_label(year: int) -> str:
    """令和6年度（2024年度）."""
    return f"{fiscal_year_label(year)}（{year}年度）"


def available_years() -> list[int]:
    """The current fiscal year and every earlier one since the first case was opened,
    newest first (one query: the smallest opened_on, an index's end)."""
    current = fiscal_year(timezone.localdate())
    first = Case.objects.aggregate(first=Min("opened_on"))["first"]
    oldest = fiscal_year(first) if first else current
    oldest = max(oldest, current - MAX_YEARS + 1)
    return list(range(current, min(oldest, current) - 1, -1))


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"　{obj.name}" if obj.level == Area.Level.ELEMENTARY else obj.name


def area_choices() -> list[Area]:
    """Each 中学校区 followed by its 小学校区 (one query)."""
    areas = list(
        Area.objects.filter(level__in=[Area.Level.JUNIOR_HIGH, Area.Level.ELEMENTARY]).order_by(
            "kana", "name"
        )
    )
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    ordered: list[Area] = []
    for district in children.get(None, []):
        ordered.append(district)
        ordered.extend(children.get(district.pk, []))
    return ordered


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("fiscal year"), coerce=int)
    area = AreaChoiceField(
        label=_("area"),
        queryset=Area.objects.filter(level__in=[Area.Level.JUNIOR_HIGH, Area.Level.ELEMENTARY]),
        required=False,
        empty_label=_("All areas"),
    )
    agency = forms.IntegerField(label=_("agency"), required=False, min_value=1)

    def __init__(self, data, *, years: list[int], areas: list[Area]) -> None:
        super().__init__(data)
        self.fields["year"].choices = [(y, year_label(y)) for y in years]
        self.fields["year"].initial = years[0]
        self.fields["area"].choices = [("", _("All areas"))] + [
            (a.pk, self.fields["area"].label_from_instance(a)) for a in areas
        ]
