"""The five 重層 projects: cases enrolled per project; アウトリーチ等を通じた継続的支援:
cases found, contacts by outcome, converted to consent."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseProject, Consent, Consultation, Project
from reports.figures.base import TOTAL, Context, grouped, month_cells, month_headings
from reports.tables import Table


def enrolments_by_project(ctx: Context) -> Table:
    """Per project: cases enrolled at any time in the year (started on or before its last
    day, not ended before its first), newly enrolled in the year (started_on), and enrolled
    on its last day. One query."""
    during = Q(started_on__lte=ctx.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=ctx.start))
    at_end = Q(started_on__lte=ctx.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=ctx.end))
    counts = {
        row["project"]: row
        for row in CaseProject.objects.filter(ctx.cases("case__"))
        .values("project")
        .annotate(
            during=Count("case", filter=during, distinct=True),
            new=Count("case", filter=ctx.in_year("started_on"), distinct=True),
            at_end=Count("case", filter=at_end, distinct=True),
        )
        .order_by()
    }
    rows = [
        [
            str(label),
            counts.get(value, {}).get("during", 0),
            counts.get(value, {}).get("new", 0),
            counts.get(value, {}).get("at_end", 0),
        ]
        for value, label in Project.choices
    ]
    return Table(
        key="enrolments_by_project",
        title=_("Cases enrolled per project"),
        headings=[
            _("project"),
            _("enrolled during the year"),
            _("newly enrolled"),
            _("enrolled at the year's end"),
        ],
        rows=rows,
        count_columns=frozenset({1, 2, 3}),
        note=_("A case enrolled in several projects is counted under each."),
    )


def new_enrolments_by_month(ctx: Context) -> Table:
    """New enrolments (started_on in the year) per project and month. One query."""
    rows = (
        CaseProject.objects.filter(ctx.in_year("started_on"), ctx.cases("case__"))
        .annotate(month=ExtractMonth("started_on"))
        .values("project", "month")
        .annotate(n=Count("case", distinct=True))
        .order_by()
    )
    counts = grouped(rows, "project")
    out: list[list[object]] = []
    for value, label in Project.choices:
        cells = month_cells(counts.get(value, {}))
        out.append([str(label), *cells, sum(cells)])
    return Table(
        key="new_enrolments_by_month",
        title=_("New project enrolments by month"),
        headings=[_("project"), *month_headings(), TOTAL],
        rows=out,
        count_columns=frozenset(range(1, 14)),
    )


def outreach(ctx: Context) -> Table:
    """Outreach: cases found (enrolled in the outreach project in the year), contacts of
    the year on outreach cases by outcome (Consultation.outcome), and outreach cases whose
    first consent (valid_from) falls in the year. Three queries."""
    outreach_cases = CaseProject.objects.filter(project=Project.OUTREACH)
    found = (
        outreach_cases.filter(ctx.in_year("started_on"), ctx.cases("case__"))
        .values("case")
        .distinct()
        .count()
    )
    outcomes = dict(
        Consultation.objects.filter(
            ctx.in_year_at("occurred_at"),
            ctx.cases("case__"),
            Exists(outreach_cases.filter(case=OuterRef("case"))),
        )
        .exclude(outcome="")
        .values("outcome")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("outcome", "n")
    )
    first_consent = Consent.objects.filter(case=OuterRef("pk")).order_by("valid_from")
    consented = (
        Case.objects.filter(ctx.cases(), Exists(outreach_cases.filter(case=OuterRef("pk"))))
        .annotate(first=first_consent.values("valid_from")[:1])
        .filter(first__gte=ctx.start, first__lte=ctx.end)
        .count()
    )
    rows: list[list[object]] = [[str(_("Cases found")), found]]
    rows += [
        [str(_("Contacts: %(outcome)s") % {"outcome": label}), outcomes.get(value, 0)]
        for value, label in Consultation.Outcome.choices
    ]
    rows.append([str(_("Converted to consent")), consented])
    return Table(
        key="outreach",
        title=_("Outreach"),
        headings=[_("figure"), _("count")],
        rows=rows,
        count_columns=frozenset({1}),
    )


def tables(ctx: Context) -> list[Table]:
    return [enrolments_by_project(ctx), new_enrolments_by_month(ctx), outreach(ctx)]
