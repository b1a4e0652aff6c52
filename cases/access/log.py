"""Rule 7: reads of personal data are logged — who, for which agency, what, on which basis,
through which channel — under the agency whose basis allowed the read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AnonymousUser
from django.db import connections, router
from django.db.models import IntegerField, Q, Value
from django.http import HttpRequest

from agencies.models import Agency, User
from cases.access.base import VIEW, Decision, case_agencies, groups_of
from cases.access.decisions import RANK
from cases.access.filters import group_rows, user_rows
from cases.models import AccessLog, Case, Household, Person
from cases.models.access import Basis

KIND = {
    Case: AccessLog.Kind.CASE,
    Household: AccessLog.Kind.HOUSEHOLD,
    Person: AccessLog.Kind.PERSON,
}


def _write(rows: list[AccessLog]) -> None:
    """The rows in one INSERT. A single statement is atomic by itself, so outside a
    transaction it runs in autocommit: bulk_create() would wrap it in BEGIN … COMMIT, two
    round trips more on every page. Inside a transaction it is part of that transaction.
    Only where the database takes fewer parameters than the rows need (SQLite, 100 rows)
    is it bulk_create's batches, in one transaction."""
    if not rows:
        return
    fields = [f for f in AccessLog._meta.concrete_fields if not f.primary_key]
    db = router.db_for_write(AccessLog)
    if connections[db].ops.bulk_batch_size(fields, rows) < len(rows):
        AccessLog.objects.bulk_create(rows)
        return
    # QuerySet._insert: what save() and bulk_create() call, without the transaction.
    AccessLog.objects._insert(rows, fields=fields, using=db)  # type: ignore[attr-defined]


def _fallback_agency(user: User | AnonymousUser) -> Agency | None:
    agencies = case_agencies(user)
    return agencies[0] if agencies else None


def log_reads(
    user: User | AnonymousUser,
    objects: Iterable[Case | Household | Person],
    decision: Decision | None = None,
    *,
    channel: str = AccessLog.Channel.WEB,
    request: HttpRequest | None = None,
    action: str = "view",
    basis: str | None = None,
) -> None:
    """One row per record read, written in one INSERT, under the decision's agency."""
    if not user.is_authenticated:
        return
    agency = decision.agency if decision and decision.agency else _fallback_agency(user)
    path = request.get_full_path()[:300] if request is not None else ""
    _write(
        [
            AccessLog(
                user=user,
                username=user.get_username(),
                agency=agency,
                kind=KIND[type(obj)],
                object_id=obj.pk,
                basis=(decision.basis if decision else basis) or Basis.OWNER,
                channel=channel,
                action=action,
                path=path,
            )
            for obj in objects
        ]
    )


def _best_bases(user: User | AnonymousUser, rows_filter: Q, key: str) -> dict[int, tuple[str, int]]:
    """For each record: the best basis on which the user reads it now, and the agency that
    basis belongs to."""
    groups = {g: a.pk for g, a in groups_of(user).items()}
    best: dict[int, tuple[str, int]] = {}

    def offer(pk: int, basis: str, agency_id: int) -> None:
        if pk not in best or RANK[Basis(basis)] < RANK[Basis(best[pk][0])]:
            best[pk] = (basis, agency_id)

    # One query for both tables: group rows carry their group, personal rows their agency
    # (the other column is NULL in each half of the UNION).
    none = Value(None, output_field=IntegerField())
    rows = (
        group_rows(user, VIEW)
        .filter(rows_filter)
        .annotate(row_agency=none)
        .values_list(key, "basis", "group_id", "row_agency")
        .union(
            user_rows(user, VIEW)
            .filter(rows_filter)
            .annotate(row_group=none)
            .values_list(key, "basis", "row_group", "agency_id"),
            all=True,
        )
    )
    for pk, basis, group_id, agency_id in rows:
        offer(pk, basis, groups[group_id] if group_id is not None else agency_id)
    return best


def case_bases(user: User | AnonymousUser, case_ids: Iterable[int]) -> dict[int, str]:
    """The best basis on which the user may read each of these cases now (absent: may
    not read it), in one query whatever the number of cases."""
    found = _best_bases(user, Q(content_object_id__in=list(case_ids)), "content_object_id")
    return {pk: basis for pk, (basis, _agency) in found.items()}


def log_list_reads(
    user: User | AnonymousUser,
    objects: Sequence[Case | Household | Person],
    *,
    channel: str = AccessLog.Channel.WEB,
    request: HttpRequest | None = None,
    action: str = "list",
) -> None:
    """Rule 7 for lists, searches and inboxes: one row per record shown, each with the basis
    on which it was shown and the agency that basis belongs to, in a bounded number of
    queries whatever the page size (bases, then one INSERT)."""
    if not user.is_authenticated or not objects:
        return
    own = {a.pk for a in case_agencies(user)}
    kind = type(objects[0])
    ids = [o.pk for o in objects]
    if kind is Case:
        bases = _best_bases(user, Q(content_object_id__in=ids), "content_object_id")
    elif kind is Household:
        bases = _best_bases(
            user, Q(content_object__household_id__in=ids), "content_object__household_id"
        )
    else:
        bases = _best_bases(
            user,
            Q(content_object__household__memberships__person_id__in=ids),
            "content_object__household__memberships__person_id",
        )
    fallback = _fallback_agency(user)
    path = request.get_full_path()[:300] if request is not None else ""

    def basis_of(obj: Case | Household | Person) -> tuple[str, int | None]:
        owner = getattr(obj, "owner_agency_id", None)
        if owner in own:
            return Basis.OWNER, owner
        if obj.pk in bases:
            return bases[obj.pk]
        return Basis.OWNER, fallback.pk if fallback else None

    rows = []
    for obj in objects:
        basis, agency_id = basis_of(obj)
        rows.append(
            AccessLog(
                user=user,
                username=user.get_username(),
                agency_id=agency_id,
                kind=KIND[kind],
                object_id=obj.pk,
                basis=basis,
                channel=channel,
                action=action,
                path=path,
            )
        )
    _write(rows)


def log_decided_reads(
    user: User | AnonymousUser,
    reads: Iterable[tuple[Case | Household | Person, Decision, str]],
    *,
    channel: str = AccessLog.Channel.WEB,
) -> None:
    """Rule 7 for reads already decided one by one (an export, with `case_decisions`):
    one row per (record, decision, action), under each decision's own agency and basis, in
    one INSERT. Records the user was not allowed to read are never passed."""
    if not user.is_authenticated:
        return
    fallback = _fallback_agency(user)
    _write(
        [
            AccessLog(
                user=user,
                username=user.get_username(),
                agency=decision.agency or fallback,
                kind=KIND[type(obj)],
                object_id=obj.pk,
                basis=decision.basis or Basis.OWNER,
                channel=channel,
                action=action,
                path="",
            )
            for obj, decision, action in reads
        ]
    )
