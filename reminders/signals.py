"""Resolving a case's reminders as soon as a write changes their condition, not at the
next day's sweep: a closure, a change of lead, a contact, a new plan, a consent, an
action's status.

`cases` never imports `reminders`, so the writes are seen through post_save of the records
that carry a condition. The case is queued on the transaction and resolved once after it
commits (the rules read the case's list columns, which the cases services update after
the record is saved, in the same transaction). The sweep stays the safety net: whatever
this misses, it resolves the next morning."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_save

from cases.models import (
    Case,
    Consent,
    Consultation,
    LeadAssignment,
    PlanAction,
    Referral,
    SupportPlan,
)

_PENDING = "_reminder_cases_to_resolve"

# What is queued: (None, case id), or (a model and the lookup from it to its case, row id)
# when the case is not a column of the row (read once, at the flush).
Key = tuple[tuple[type[Model], str] | None, int]


def _case_ids(keys: set[Key]) -> set[int]:
    ids = {pk for via, pk in keys if via is None}
    lookups: dict[tuple[type[Model], str], set[int]] = defaultdict(set)
    for via, pk in keys:
        if via is not None:
            lookups[via].add(pk)
    for (model, path), pks in lookups.items():
        ids |= set(model._default_manager.filter(pk__in=pks).values_list(path, flat=True))
    return {pk for pk in ids if pk is not None}


def _flush() -> None:
    """Resolve every queued case. The first callback of a commit does the work; the
    others, registered by the same transaction's other saves, find nothing left."""
    from reminders import services  # services imports the rules, which import the apps

    connection = transaction.get_connection()
    keys: set[Key] = getattr(connection, _PENDING, set())
    setattr(connection, _PENDING, set())
    if keys:
        services.resolve_for_cases(_case_ids(keys))


def _queue(key: Key) -> None:
    """Queue `key` and resolve it after the commit (at once outside a transaction). Keys
    queued by a transaction that was rolled back are resolved with the next commit's:
    resolving only ends what no longer holds, so that costs a query and changes nothing
    that should stay."""
    connection = transaction.get_connection()
    pending: set[Key] = getattr(connection, _PENDING, set())
    pending.add(key)
    setattr(connection, _PENDING, pending)
    transaction.on_commit(_flush)


def queue_case(case_id: int | None) -> None:
    """Resolve the case's reminders whose condition ended, once, after the current
    transaction commits (at once outside a transaction)."""
    if case_id is not None:
        _queue((None, case_id))


def watch(model: type[Model], case: str) -> None:
    """Queue the case of every saved `model` row: `case` is the row's case column
    ("case_id"), or a lookup to it ("plan__case_id"), read after the commit so the save
    costs no query. A raw fixture load is left alone."""

    def saved(sender, instance, raw=False, **kwargs) -> None:
        if raw:
            return
        if "__" in case:
            _queue(((model, case), instance.pk))
        else:
            queue_case(getattr(instance, case))

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"reminders:{model._meta}")


def connect() -> None:
    watch(Case, "pk")
    for model in (Consultation, LeadAssignment, SupportPlan, Consent, Referral):
        watch(model, "case_id")
    watch(PlanAction, "plan__case_id")
