"""The fiscal year's figures as an export kind ("figures"): the report as published —
every table with its small counts suppressed — one sheet per table, the year in 和暦 on
each. Whose figures is the policy's answer (`access.report_scope`), asked when the export
is started and again when it is built (a role may have ended in between)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from agencies.models import Area, User
from cases import access
from reports import figures
from reports.figures_forms import ReportForm, area_choices, available_years
from reports.tables import Table, suppress

KIND = "figures"
BAD_QUESTION = _("The year, area or agency asked for is not one this report offers.")


def allowed(user: User) -> bool:
    return access.may_see_figures(user)


def clean(user: User, params: Mapping[str, Any]) -> dict[str, Any]:
    """The figures page's query string (year, area, agency) as the export's parameters;
    a ValidationError for a year or area the page does not offer, the policy's 403 for an
    agency whose figures the user may not see."""
    raw = params.get("filters", "")
    data = QueryDict(raw) if isinstance(raw, str) else raw
    years = available_years()
    form = ReportForm(data if data else None, years=years, areas=area_choices())
    if form.is_bound and not form.is_valid():
        raise ValidationError(BAD_QUESTION)
    cleaned = form.cleaned_data if form.is_bound else {"year": years[0]}
    agency = cleaned.get("agency")
    access.report_scope(user, agency)
    area = cleaned.get("area")
    return {
        "fiscal_year": cleaned["year"],
        "area": area.pk if area else None,
        "agency": agency,
    }


def build(user: User, params: Mapping[str, Any]) -> list[Table]:
    scope = access.report_scope(user, params.get("agency"))
    area = Area.objects.filter(pk=params["area"]).first() if params.get("area") else None
    tables = figures.tables_for(scope, params["fiscal_year"], area=area)
    return [suppress(table) for table in tables]
