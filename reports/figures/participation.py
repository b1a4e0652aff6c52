"""参加支援: matchings by status, retention at 3 and 6 months, menus developed."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models import Matching, SupportMenu
from reports.figures.base import TOTAL, Context, date_days_between, share
from reports.tables import Table

RETENTION_DAYS = {3: 91, 6: 183}
POSITIVE_ENDINGS = (Matching.Outcome.SETTLED, Matching.Outcome.STEPPED_UP)


def _matchings(ctx: Context):
    return Matching.objects.filter(ctx.agencies("agency"), ctx.in_area("case__household__area"))


def matchings_by_status(ctx: Context) -> Table:
    """Matchings proposed in the year (proposed_on), by their status now; and those that
    started a trial or began taking part in the year. One query."""
    result = _matchings(ctx).aggregate(
        **{
            f"s_{value}": Count("pk", filter=ctx.in_year("proposed_on") & Q(status=value))
            for value, _l in Matching.Status.choices
        },
        started_trial=Count("pk", filter=ctx.in_year("trial_on")),
        started_active=Count("pk", filter=ctx.in_year("started_on")),
    )
    rows: list[list[object]] = [
        [str(_("Proposed in the year, now: %(status)s") % {"status": label}), result[f"s_{value}"]]
        for value, label in Matching.Status.choices
    ]
    rows.append([str(_("Trials started in the year")), result["started_trial"]])
    rows.append([str(_("Began taking part in the year")), result["started_active"]])
    return Table(
        key="matchings_by_status",
        title=_("Matchings"),
        headings=[_("figure"), _("matchings")],
        rows=rows,
        count_columns=frozenset({1}),
    )


def retention(ctx: Context) -> Table:
    """Of the matchings that began taking part in the year (started_on) and have been
    going for at least 3 (6) months by today: those still taking part then (not ended, or
    ended no sooner than 91 (183) days after starting, or ended settled / moved on). One
    query."""
    today = timezone.localdate()
    started = _matchings(ctx).filter(ctx.in_year("started_on"))
    lasted = date_days_between("ended_on", "started_on")
    aggregates = {}
    for months, days in RETENTION_DAYS.items():
        cohort = Q(started_on__lte=today - dt.timedelta(days=days))
        kept = Q(ended_on__isnull=True) | Q(outcome__in=POSITIVE_ENDINGS) | Q(lasted__gte=days)
        aggregates[f"c{months}"] = Count("pk", filter=cohort)
        aggregates[f"k{months}"] = Count("pk", filter=cohort & kept)
    result = started.annotate(lasted=lasted).aggregate(**aggregates)
    rows = [
        [
            str(_("%(months)s months") % {"months": months}),
            result[f"c{months}"],
            result[f"k{months}"],
            share(result[f"k{months}"], result[f"c{months}"]),
        ]
        for months in RETENTION_DAYS
    ]
    return Table(
        key="retention",
        title=_("Retention in participation"),
        headings=[_("after"), _("began taking part"), _("still taking part"), _("share (%)")],
        rows=rows,
        count_columns=frozenset({1, 2}),
    )


def menus_developed(ctx: Context) -> Table:
    """Support menus developed in the year (developed_on) by the scope's agencies, by
    kind; with an area, menus of that area (menus for the whole city are not in any
    area). One query."""
    counts = dict(
        SupportMenu.objects.filter(
            ctx.in_year("developed_on"), ctx.agencies("developed_by"), ctx.in_area("area")
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("kind", "n")
    )
    rows: list[list[object]] = [
        [str(label), counts.get(value, 0)] for value, label in SupportMenu.Kind.choices
    ]
    rows.append([str(TOTAL), sum(counts.values())])
    return Table(
        key="menus_developed",
        title=_("Support menus developed"),
        headings=[_("kind"), _("menus")],
        rows=rows,
    )


def tables(ctx: Context) -> list[Table]:
    return [matchings_by_status(ctx), retention(ctx), menus_developed(ctx)]
