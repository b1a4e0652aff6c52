"""Field-level changes from django-simple-history rows, in words a person reads.

A *source* is the historical rows of one tracked model that a reader may see (the policy
narrows the queryset, and may hide single versions or single fields). `entries` reads each
source in one query ordered by (object, date), pairs every row with the previous row of
the same object in Python (no query per row), and says for each row which fields changed,
from what to what: field names as their (translated) verbose names, choices as their
labels, foreign keys as the related object's name (fetched in bulk, one query per related
model), dates in 和暦, booleans as はい/いいえ, long text shortened with the whole of it kept.

A creation row shows the initial values of the fields that hold something; a deletion says
the record was deleted; a change lists what changed. Internal columns (id, version,
timestamps) are never shown. When the reader may not read the previous version of a record,
its old values are shown as withheld; fields the reader may not see are left out, and a row
whose only changes are such fields is left out too (the reader learns nothing from it).

The rows come from the apps (cases, and the apps registering with cases.history_sources);
this module imports none of them."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.history import reason_text
from core.wareki import to_wareki

# Columns of every record that say nothing to a person reading its history.
INTERNAL_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})
SHORT_TEXT = 60  # longer values are shown shortened, the whole text one click away
EMPTY = "—"
WITHHELD = gettext_lazy("(not shown to you)")
REMOVED = gettext_lazy("(removed)")
ATTACHED = gettext_lazy("attached")

CREATED, CHANGED, DELETED = "+", "~", "-"


@dataclass(frozen=True)
class Source:
    """The historical rows of one model a reader may see.

    `rows`: a queryset of a simple-history model, already narrowed by the policy.
    `hidden`: fields never shown in this listing (the record it hangs on: the case of a
    consultation). `readable(row)`: whether the reader may read this version (default: every
    one). `withheld(row)`: fields of this version the reader may not see (住所秘匿).
    `choices`: labels of the codes a JSON list field, or a plain field without choices of
    its own, holds ({field: {code: label}}: the names of the records an eco-map link's
    `source` code names)."""

    rows: QuerySet[Any]
    hidden: frozenset[str] = frozenset()
    readable: Callable[[Any], bool] | None = None
    withheld: Callable[[Any], Collection[str]] | None = None
    choices: Mapping[str, Mapping[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One field of one history row: its label and the old and new values, displayed.
    `old` is None for a creation (there was nothing before)."""

    field: str
    label: str
    old: str | None
    new: str

    @property
    def old_short(self) -> str | None:
        return None if self.old is None else shorten(self.old)

    @property
    def new_short(self) -> str:
        return shorten(self.new)

    @property
    def old_is_long(self) -> bool:
        return self.old is not None and len(self.old) > SHORT_TEXT

    @property
    def new_is_long(self) -> bool:
        return len(self.new) > SHORT_TEXT


@dataclass(frozen=True)
class Entry:
    """One history row as a reader sees it."""

    at: dt.datetime
    model: Any  # the kind of record, its (lazy) verbose name
    type: str  # "+", "~" or "-"
    user: Any  # the user who made the change, or None
    reason: str  # in the reader's language (core.history.reason_text)
    changes: list[Change]
    object_id: int  # the record's id: for tests and grouping, not shown

    @property
    def change(self) -> str:
        return {CREATED: "created", DELETED: "deleted"}.get(self.type, "changed")


def shorten(text: str) -> str:
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"


class _Withheld:
    """The old value of a version the reader may not read."""


_WITHHELD = _Withheld()


@dataclass
class _Pending:
    row: Any
    model: type[Model]
    # (field, old raw value or _WITHHELD or None for a creation, new raw value)
    raw: list[tuple[models.Field, Any, Any]]
    choices: Mapping[str, Mapping[Any, Any]]
    creation: bool


def shown_fields(source: Source) -> tuple[list[models.Field], list[models.ManyToManyField]]:
    """The tracked fields of the source's model a person is shown (no internal column, none
    the source hides), and its tracked many-to-many fields."""
    history_model = source.rows.model
    model = history_model.instance_type
    skip = INTERNAL_FIELDS | source.hidden
    plain = [
        model._meta.get_field(f.name)
        for f in history_model.tracked_fields
        if f.name not in skip and not f.primary_key
    ]
    m2m = [f for f in getattr(history_model, "_history_m2m_fields", ()) if f.name not in skip]
    return plain, m2m


def _m2m_values(source: Source, m2m: list[models.ManyToManyField], history_ids: list[int]):
    """{field name: {history row id: frozenset of related ids}}: one query per field."""
    values: dict[str, dict[int, frozenset[int]]] = {}
    history_model = source.rows.model
    for m2m_field in m2m:
        through = history_model.__dict__[m2m_field.name].model
        target = m2m_field.m2m_reverse_field_name()
        by_row: dict[int, set[int]] = defaultdict(set)
        for history_id, related in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", f"{target}_id"
        ):
            by_row[history_id].add(related)
        values[m2m_field.name] = {h: frozenset(by_row.get(h, ())) for h in history_ids}
    return values


def _value(row: Any, model_field: models.Field, m2m: Mapping[str, Mapping[int, Any]]) -> Any:
    if model_field.many_to_many:
        return m2m[model_field.name].get(row.history_id, frozenset())
    return getattr(row, model_field.attname)


def _meaningful(value: Any) -> bool:
    return value not in (None, "", False) and value != [] and value != {} and value != frozenset()


def _pending_of(source: Source) -> list[_Pending]:
    plain, m2m = shown_fields(source)
    fields = [*plain, *m2m]
    rows = list(
        source.rows.select_related("history_user").order_by("id", "history_date", "history_id")
    )
    m2m_values = _m2m_values(source, m2m, [r.history_id for r in rows]) if m2m else {}
    model = source.rows.model.instance_type
    pending: list[_Pending] = []
    previous = None
    for row in rows:
        before = previous if previous is not None and previous.id == row.id else None
        previous = row
        if source.readable is not None and not source.readable(row):
            continue
        withheld = set(source.withheld(row)) if source.withheld is not None else set()
        raw: list[tuple[models.Field, Any, Any]] = []
        creation = row.history_type == CREATED
        if creation:
            raw = [
                (f, None, v)
                for f in fields
                if f.name not in withheld and _meaningful(v := _value(row, f, m2m_values))
            ]
        elif row.history_type == CHANGED and before is not None:
            before_readable = source.readable is None or source.readable(before)
            changed = [
                f for f in fields if _value(row, f, m2m_values) != _value(before, f, m2m_values)
            ]
            raw = [
                (
                    f,
                    _value(before, f, m2m_values) if before_readable else _WITHHELD,
                    _value(row, f, m2m_values),
                )
                for f in changed
                if f.name not in withheld
            ]
            if changed and not raw:
                continue  # only what the reader may not see changed
        pending.append(_Pending(row, model, raw, source.choices, creation))
    return pending


def _labels(pending: Iterable[_Pending]) -> dict[tuple[type[Model], Any], str]:
    """The names of every related object the rows name, one query per related model."""
    wanted: dict[type[Model], set[Any]] = defaultdict(set)
    for p in pending:
        for model_field, old, new in p.raw:
            related = model_field.related_model
            if model_field.is_relation and isinstance(related, type):
                for value in (old, new):
                    if isinstance(value, frozenset):
                        wanted[related].update(value)
                    elif value is not None and value is not _WITHHELD:
                        wanted[related].add(value)
    labels: dict[tuple[type[Model], Any], str] = {}
    for related, ids in wanted.items():
        for pk, obj in related._base_manager.in_bulk(list(ids)).items():
            labels[(related, pk)] = str(getattr(obj, "display_name", None) or obj)
    return labels


def display(
    model_field: models.Field,
    value: Any,
    labels: Mapping[tuple[Any, Any], str],
    choices: Mapping[str, Mapping[Any, Any]] | None = None,
) -> str:
    """A stored value as a person reads it."""
    if value is _WITHHELD:
        return str(WITHHELD)
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        related = model_field.related_model
        if isinstance(value, frozenset):
            names = sorted(labels.get((related, v), str(REMOVED)) for v in value)
            return "、".join(names) if names else EMPTY
        return labels.get((related, value), str(REMOVED))
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    codes = (choices or {}).get(model_field.name, {})
    if isinstance(model_field, models.CharField) and codes:
        return str(codes.get(value, value))
    if isinstance(model_field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(model_field, models.DateTimeField):
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{to_wareki(local)} {local:%H:%M}"
    if isinstance(model_field, models.DateField):
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return str(to_wareki(value))
    if isinstance(model_field, models.FileField):
        return str(ATTACHED)
    if isinstance(model_field, models.JSONField):
        if isinstance(value, list):
            return "、".join(str(codes.get(v, v)) for v in value) if value else EMPTY
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def entries(sources: Iterable[Source], *, limit: int = 300) -> list[Entry]:
    """The rows of every source, newest first (at most `limit`), each with its changes."""
    pending: list[_Pending] = []
    for source in sources:
        pending.extend(_pending_of(source))
    pending.sort(key=lambda p: (p.row.history_date, p.row.history_id), reverse=True)
    pending = pending[:limit]
    labels = _labels(pending)
    return [
        Entry(
            at=p.row.history_date,
            model=p.model._meta.verbose_name,
            type=p.row.history_type,
            user=p.row.history_user,
            reason=reason_text(p.row.history_change_reason),
            changes=[
                Change(
                    field=f.name,
                    label=str(f.verbose_name),
                    old=None if p.creation else display(f, old, labels, p.choices),
                    new=display(f, new, labels, p.choices),
                )
                for f, old, new in p.raw
            ],
            object_id=p.row.id,
        )
        for p in pending
    ]
