"""名寄せ: two records of one person made one, and undone.

Every reference to the merged record moves to the kept one. The references are found from
Person's relations themselves (`person_references`: every foreign key and many-to-many
field of any app that points at Person, hidden ones included), so a model added later is
moved without a change here. Not moved: the history tables (they keep what was), the
merges' own records, `Person.merged_into` (an earlier merge into the merged record stays
as it was: undoing is last in, first out), and the permission rows, which are derived and
rebuilt by `recompute_case_permissions`.

A reference that would break a unique rule once moved (both records live in the same
household, both have a plan in one case, a relation between the two records themselves)
stays on the merged record and is recorded as dropped; pages and lists do not show merged
records as persons (`merged_into` is set), so it is not shown twice.

`PersonMerge.moved` lists what the merge did, one entry a reference:
`[app_label.model, pk, field]` moved, `[..., "dropped"]` stayed on the merged record,
`["cases.person", kept pk, "address_confidential", "set"]` the kept record took the merged
one's 住所秘匿. Undoing reads it back, and only it.

Both writes lock the rows of the cases whose records move (SELECT … FOR UPDATE) before
moving anything, then rebuild those cases' permissions, in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalChanges

from agencies.models import User
from cases import access
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    Household,
    HouseholdMembership,
    Person,
    PersonMerge,
)
from core.history import attribute, save_with_history, with_detail
from core.models import VersionedModel

REASON_REQUIRED = _("Say why these two records are the same person.")
MERGE_ITSELF = _("A record cannot be merged into itself: choose the other record of the person.")
ALREADY_MERGED = _(
    "%(person)s has already been merged into another record. Open that record to merge "
    "into it, or undo the earlier merge first."
)
TWO_HOUSEHOLDS = _(
    "%(kept)s lives in %(kept_household)s and %(merged)s in %(merged_household)s. A person "
    "lives in one household: record the move of one of them first, then merge."
)
MERGE_RACE = _("%(person)s was merged by someone else at the same moment. Read the record again.")
ALREADY_UNDONE = _("This merge has already been undone.")
UNDO_LATER_FIRST = _(
    "%(person)s has since been merged into another record: undo that later merge first."
)
UNDO_CONFLICT = _(
    "The merge cannot be undone: a %(record)s moved back to %(person)s would conflict with "
    "one recorded since. Correct that record first."
)

MOVED_REASON = gettext_noop("person records merged")
MERGED_REASON = gettext_noop("merged into another record")
KEPT_REASON = gettext_noop("another record merged into this one")
UNDO_REASON = gettext_noop("merge of person records undone")

DROPPED = "dropped"
FLAG_SET = "set"
CONFIDENTIAL = "address_confidential"

# Models that point at Person but whose rows a merge does not move (see the module's doc).
NOT_MOVED: frozenset[type[Model]] = frozenset({PersonMerge, CaseGroupObjectPermission})


@dataclass(frozen=True)
class Reference:
    """One way a record points at a person: `field` of `model` (a foreign key, or a
    many-to-many field when `many`)."""

    model: type[Model]
    field: str
    many: bool = False

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


Rows = list[tuple[Reference, Model]]


def person_references() -> list[Reference]:
    """Every foreign key and many-to-many field that points at Person, in any app."""
    references = []
    for relation in cast(list[Any], Person._meta.get_fields(include_hidden=True)):
        if not (relation.auto_created and not relation.concrete):
            continue  # Person's own fields
        model = relation.related_model
        if (
            model in NOT_MOVED
            or issubclass(model, HistoricalChanges)
            or model._meta.auto_created  # a many-to-many table: moved through its field
            or (model is Person and relation.field.name == "merged_into")
        ):
            continue
        references.append(Reference(model, relation.field.name, bool(relation.many_to_many)))
    return references


# --- merging --------------------------------------------------------------------------


def person_merge(*, actor: User, kept: Person, merged: Person, reason: str) -> PersonMerge:
    """Merge `merged` into `kept`: every reference moves, `merged.merged_into` is set, both
    records keep their history. Refused for one record twice, a record already merged,
    records living in two households, and by `access.require_merge`."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if kept.pk == merged.pk:
        raise ValidationError({"other": MERGE_ITSELF})
    agency = access.require_merge(actor, kept, merged)
    history_reason = with_detail(MOVED_REASON, reason)
    with transaction.atomic():
        kept, merged = _lock_persons(kept, merged)
        for person in (kept, merged):
            if person.merged_into_id is not None:
                raise ValidationError({"other": ALREADY_MERGED % {"person": person.full_name}})
        _one_household(kept, merged)
        rows, cases = _lock_cases(lambda: _rows_pointing_at(merged))
        moved: list[list] = []
        for reference, row in rows:
            moved.append(_move(reference, row, merged, kept, actor, history_reason))
        if merged.address_confidential and not kept.address_confidential:
            # The stricter rule follows the person: merged's households stay hidden.
            kept.address_confidential = True
            moved.append([Person._meta.label_lower, kept.pk, CONFIDENTIAL, FLAG_SET])
        merged.merged_into = kept
        _save(merged, actor, with_detail(MERGED_REASON, reason))
        _save(kept, actor, with_detail(KEPT_REASON, reason))
        merge = PersonMerge(
            kept=kept, merged=merged, agency=agency, merged_by=actor, reason=reason, moved=moved
        )
        try:
            with transaction.atomic():
                save_with_history(merge, actor, history_reason)
        except IntegrityError:  # `person_merged_once`: a merge that slipped past the lock
            raise ValidationError(
                {"other": MERGE_RACE % {"person": merged.full_name}}, code="conflict"
            ) from None
        for case in cases:
            access.recompute_case_permissions(case)
    return merge


def _lock_persons(first: Person, second: Person) -> tuple[Person, Person]:
    """Both records locked, in id order (two merges of one pair queue, in either order)."""
    locked = Person.objects.select_for_update().in_bulk([first.pk, second.pk])
    return locked[first.pk], locked[second.pk]


def _one_household(kept: Person, merged: Person) -> None:
    current = {
        m.person_id: m
        for m in HouseholdMembership.objects.filter(
            person__in=[kept, merged], ended_on__isnull=True
        ).select_related("household")
    }
    mine, theirs = current.get(kept.pk), current.get(merged.pk)
    if mine and theirs and mine.household_id != theirs.household_id:
        raise ValidationError(
            {
                "other": TWO_HOUSEHOLDS
                % {
                    "kept": kept.full_name,
                    "kept_household": mine.household.name,
                    "merged": merged.full_name,
                    "merged_household": theirs.household.name,
                }
            }
        )


def _rows_pointing_at(person: Person) -> Rows:
    """Every record that points at `person`, locked (the records owning a many-to-many
    link are read, not locked: the link is what moves)."""
    rows: Rows = []
    for reference in person_references():
        found = reference.model._base_manager.filter(**{reference.field: person}).order_by("pk")
        if not reference.many:
            found = found.select_for_update()
        rows.extend((reference, row) for row in found)
    return rows


def _lock_cases(read: Callable[[], Rows]) -> tuple[Rows, list[Case]]:
    """Lock the rows of every case the records `read()` returns hang on, then read them
    again, until no new case appears (a record written meanwhile on another case)."""
    locked: dict[int, Case] = {}
    while True:
        rows = read()
        wanted = _case_ids(row for _, row in rows) - locked.keys()
        if not wanted:
            return rows, list(locked.values())
        for case in Case.objects.select_for_update().filter(pk__in=wanted).order_by("pk"):
            locked[case.pk] = case


def _case_ids(rows: Iterable[Model]) -> set[int]:
    """The cases a record belongs to: through its case, or its household's cases."""
    case_ids: set[int] = set()
    household_ids: set[int] = set()
    for row in rows:
        if isinstance(row, Household):
            household_ids.add(row.pk)
        for field in row._meta.concrete_fields:
            if not field.is_relation or getattr(row, field.attname) is None:
                continue
            if field.related_model is Case:
                case_ids.add(getattr(row, field.attname))
            elif field.related_model is Household:
                household_ids.add(getattr(row, field.attname))
    if household_ids:
        case_ids |= set(
            Case.objects.filter(household_id__in=household_ids).values_list("pk", flat=True)
        )
    return case_ids


def _conflicts(row: Model) -> bool:
    try:
        row.validate_unique()
        row.validate_constraints()
    except ValidationError:
        return True
    return False


def _move(
    reference: Reference, row: Model, source: Person, target: Person, actor: User, reason: str
) -> list:
    """Point `row` at `target` instead of `source`; the entry `moved` records."""
    entry = [reference.label, row.pk, reference.field]
    if reference.many:
        links = getattr(row, reference.field)
        if links.filter(pk=target.pk).exists():
            return [*entry, DROPPED]
        attribute(row, actor, reason)
        links.remove(source)
        links.add(target)
        return entry
    setattr(row, reference.field, target)
    if _conflicts(row):
        setattr(row, reference.field, source)
        return [*entry, DROPPED]
    _save(row, actor, reason)
    return entry


def _save(row: Model, actor: User, reason: str) -> None:
    """Save with who and why; a record edited in forms gets a new version, so a form
    opened before the merge cannot save the old person back over it."""
    if isinstance(row, VersionedModel):
        row.version += 1
    attribute(row, actor, reason)
    row.save()


# --- undoing --------------------------------------------------------------------------


def person_merge_undo(*, actor: User, merge: PersonMerge, reason: str) -> PersonMerge:
    """Put back exactly what the merge moved (`merge.moved`), clear `merged_into`: a
    supervisor of the agency that merged (`access.require_merge_undo`)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    access.require_merge_undo(actor, merge)
    history_reason = with_detail(UNDO_REASON, reason)
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ValidationError({"reason": ALREADY_UNDONE})
        kept, merged = _lock_persons(merge.kept, merge.merged)
        if kept.merged_into_id is not None:
            raise ValidationError({"reason": UNDO_LATER_FIRST % {"person": kept.full_name}})
        rows, cases = _lock_cases(lambda: _moved_rows(merge, kept))
        for reference, row in rows:
            _move_back(reference, row, kept, merged, actor, history_reason)
        if [Person._meta.label_lower, kept.pk, CONFIDENTIAL, FLAG_SET] in merge.moved:
            kept.address_confidential = False
        merged.merged_into = None
        _save(merged, actor, history_reason)
        _save(kept, actor, history_reason)
        merge.undone_at = timezone.now()
        merge.undone_by = actor
        save_with_history(merge, actor, history_reason)
        for case in cases:
            access.recompute_case_permissions(case)
    return merge


def _moved_rows(merge: PersonMerge, kept: Person) -> Rows:
    """The records the merge moved that still point at the kept record (one changed by
    hand since stays as it was changed)."""
    rows: Rows = []
    for label, pk, field, *action in merge.moved:
        if action:
            continue  # dropped (never moved) or the 住所秘匿 flag
        model = apps.get_model(label)
        many = model._meta.get_field(field).many_to_many
        found = model._base_manager.filter(pk=pk, **{field: kept})
        if not many:
            found = found.select_for_update()
        row = found.first()
        if row is not None:
            rows.append((Reference(model, field, many), row))
    return rows


def _move_back(
    reference: Reference, row: Model, kept: Person, merged: Person, actor: User, reason: str
) -> None:
    if reference.many:
        attribute(row, actor, reason)
        links = getattr(row, reference.field)
        links.remove(kept)
        links.add(merged)
        return
    setattr(row, reference.field, merged)
    if _conflicts(row):
        raise ValidationError(
            {
                "reason": UNDO_CONFLICT
                % {"record": reference.model._meta.verbose_name, "person": merged.full_name}
            }
        )
    _save(row, actor, reason)
