"""The case columns the lists sort by and show (last contact, current lead agency), kept in
the transaction of the write that changes them, and rebuilt set-based for many cases.

They are derived from the records: a plain UPDATE (no history row, no version bump), so a
consultation logged by one worker never makes another worker's open case form stale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from agencies.models import Agency
from cases.models import Case, Consultation, LeadAssignment


def contact_logged(case: Case, occurred_at: dt.datetime) -> None:
    """A contact at `occurred_at`: the case's last contact moves forward if it is later."""
    Case.objects.filter(pk=case.pk).filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=occurred_at)
    ).update(last_contact_at=occurred_at)
    if case.last_contact_at is None or case.last_contact_at < occurred_at:
        case.last_contact_at = occurred_at


def lead_set(case: Case, agency: Agency | None) -> None:
    Case.objects.filter(pk=case.pk).update(lead_agency=agency)
    case.lead_agency = agency


def _last_contact() -> Subquery:
    return Subquery(
        Consultation.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(last=Max("occurred_at"))
        .values("last")
    )


def _current_lead() -> Subquery:
    return Subquery(
        LeadAssignment.objects.filter(case=OuterRef("pk"), ended_on__isnull=True).values("agency")[
            :1
        ]
    )


def refresh(cases: QuerySet[Case] | Iterable[int]) -> int:
    """Recompute both columns from the records for the given cases, in one UPDATE."""
    qs = cases if isinstance(cases, QuerySet) else Case.objects.filter(pk__in=list(cases))
    return qs.update(last_contact_at=_last_contact(), lead_agency=_current_lead())


def rebuild_all(chunk: int = 10_000) -> int:
    """Every case, in id ranges (one UPDATE each, so no transaction holds every row)."""
    last = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    done = 0
    for start in range(0, last + 1, chunk):
        done += refresh(Case.objects.filter(pk__gte=start, pk__lt=start + chunk))
    return done
