"""The fiscal-year figures (年度の実績), one module per family. Every figure is a function
of a `Context` (scope, fiscal year, area) returning a `Table` of counts, computed with
aggregate queries; docs/reports.md defines each.

Other code calls `tables_for(scope, fiscal_year, area=...)` (every table of the report, in
order) or `sections(...)` (the same, grouped as the page shows them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agencies.models import Area
from reports.figures import (
    casework,
    community,
    consultation,
    meetings,
    participation,
    projects,
    summary,
)
from reports.figures.base import Context, Scope
from reports.tables import Table


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    tables: list[Table]


FAMILIES: list[tuple[str, str | Promise, Callable[[Context], list[Table]]]] = [
    ("summary", _("Key figures"), summary.tables),
    ("consultation", _("Comprehensive consultation support"), consultation.tables),
    ("projects", _("Projects and outreach"), projects.tables),
    ("meetings", _("Meetings"), meetings.tables),
    ("casework", _("Referrals, plans and closures"), casework.tables),
    ("participation", _("Participation support"), participation.tables),
    ("community", _("Community development"), community.tables),
]


def sections(scope: Scope, fiscal_year: int, *, area: Area | None = None) -> list[Section]:
    ctx = Context(scope, fiscal_year, area)
    return [Section(key, title, build(ctx)) for key, title, build in FAMILIES]


def tables_for(scope: Scope, fiscal_year: int, *, area: Area | None = None) -> list[Table]:
    """Every table of the fiscal year's report, in the page's order."""
    return [t for s in sections(scope, fiscal_year, area=area) for t in s.tables]


__all__ = ["Context", "Scope", "Section", "sections", "tables_for"]
