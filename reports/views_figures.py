"""The fiscal-year figures: the page (exact counts, charts beside the tables), the paper
"as published" for the 包括的支援推進会議 (every table suppressed, A4) and its CSV.

Who sees whose figures is cases/access's answer (`report_scope`); figures are counts, not
personal data, so no read-log row is written (docs/reports.md says why); the CSV download
is written to the `reports.export` log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Area, User
from cases import access
from reports import charts, figures
from reports.exports.csv import csv_response
from reports.figures_forms import ReportForm, area_choices, available_years, year_label
from reports.tables import SUPPRESSION_NOTE, Table, suppress

logger = logging.getLogger("reports.export")


@dataclass(frozen=True)
class Question:
    scope: access.ReportScope
    year: int
    area: Area | None


@dataclass(frozen=True)
class Asked:
    form: ReportForm
    question: Question | None
    areas: list[Area]
    # The user's scope before any narrowing: the agencies they may narrow to.
    base: access.ReportScope


def _asked(request: HttpRequest) -> Asked:
    """The form and, when it is valid, the question it asks. The policy refuses first
    (403 for someone without figures, or for an agency the user may not see)."""
    base = access.report_scope(request.user)
    years = available_years()
    areas = area_choices()
    data = request.GET if request.GET else None
    form = ReportForm(data, years=years, areas=areas)
    if data is None:
        return Asked(form, Question(base, years[0], None), areas, base)
    if not form.is_valid():
        return Asked(form, None, areas, base)
    agency = form.cleaned_data["agency"]
    scope = base if agency is None else access.report_scope(request.user, agency)
    question = Question(scope, form.cleaned_data["year"], form.cleaned_data["area"])
    return Asked(form, question, areas, base)


def _shown(table: Table) -> dict:
    rows = [list(r) for r in table.rows]
    return {"table": table, "rows": rows, "chart": charts.chart_for(table, rows)}


def _querystring(request: HttpRequest) -> str:
    return request.GET.urlencode()


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The figures of the year with exact counts, for the people entitled to them."""
    asked = _asked(request)
    question = asked.question
    context: dict = {
        "form": asked.form,
        "querystring": _querystring(request),
        "agency_choices": asked.base.choices if len(asked.base.choices) > 1 else (),
        "chosen_agency": asked.form.data.get("agency", "") if asked.form.is_bound else "",
    }
    if question is None:
        return render(request, "reports/index.html", context, status=400)
    context.update(
        question=question,
        year_label=year_label(question.year),
        sections=[
            {"section": s, "tables": [_shown(t) for t in s.tables]}
            for s in figures.sections(question.scope, question.year, area=question.area)
        ],
        drill_down=[a for a in asked.areas if question.area and a.parent_id == question.area.pk],
    )
    return render(request, "reports/index.html", context)


def _published(question: Question) -> list[Table]:
    return [
        suppress(t) for t in figures.tables_for(question.scope, question.year, area=question.area)
    ]


@login_required
def paper(request: HttpRequest) -> HttpResponse:
    """ "As published": every table suppressed, for the 包括的支援推進会議 papers (A4)."""
    asked = _asked(request)
    question = asked.question
    if question is None:
        return render(request, "reports/index.html", {"form": asked.form}, status=400)
    tables = [{"table": t, "rows": [list(r) for r in t.rows]} for t in _published(question)]
    return render(
        request,
        "reports/paper.html",
        {
            "question": question,
            "year_label": year_label(question.year),
            "tables": tables,
            "suppression_note": SUPPRESSION_NOTE,
            "printed_at": timezone.localtime(),
        },
    )


def _one_table(question: Question, tables: list[Table]) -> Table:
    """The report as one CSV: per table its title, headings, rows and a blank line."""
    heading = [
        year_label(question.year),
        question.scope.label,
        question.area.name if question.area else _("All areas"),
    ]

    def rows() -> Iterator[list[object]]:
        yield [str(SUPPRESSION_NOTE)]
        yield []
        for table in tables:
            yield [str(table.title)]
            yield [str(h) for h in table.headings]
            yield from table.rows
            if table.note:
                yield [str(table.note)]
            yield []

    return Table(key="report", title=_("Fiscal-year report"), headings=heading, rows=rows())


@login_required
def report_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The report as published (suppressed), as CSV."""
    asked = _asked(request)
    question = asked.question
    if question is None:
        return render(request, "reports/index.html", {"form": asked.form}, status=400)
    user: User = request.user  # type: ignore[assignment]
    logger.info(
        "report csv: user=%s year=%s agencies=%s area=%s",
        user.get_username(),
        question.year,
        "city" if question.scope.is_city else sorted(question.scope.agencies or ()),
        question.area.pk if question.area else "-",
    )
    table = _one_table(question, _published(question))
    return csv_response(table, f"report-{question.year}")
