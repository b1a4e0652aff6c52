"""The kinds of export a user may ask for, each registered once (in ReportsConfig.ready()
or by the module that builds it): what it is called, who may ask for it, and how its
tables are built for one user and one set of parameters.

`build(user, params)` returns the tables; their rows may be lazy and are read once, by the
export task. A kind whose rows are personal data logs each record it writes (the case list
logs every case under the agency whose basis allowed it, channel "export")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from agencies.models import User
from reports.tables import Table

Build = Callable[[User, Mapping[str, Any]], Iterable[Table]]
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class ExportKind:
    kind: str
    title: str | Promise
    build: Build
    allowed: Callable[[User], bool]
    formats: tuple[str, ...] = FORMATS
    # How many rows the export will have, for the progress bar (None: not known ahead).
    count: Callable[[User, Mapping[str, Any]], int | None] | None = None
    # The parameters as the export keeps them (raises ValidationError on bad input).
    clean: Callable[[User, Mapping[str, Any]], dict[str, Any]] | None = None
    # The file's name, without extension (ASCII).
    filename: str = ""


_KINDS: dict[str, ExportKind] = {}


def register(
    kind: str,
    *,
    title: str | Promise,
    build: Build,
    allowed: Callable[[User], bool],
    formats: tuple[str, ...] = FORMATS,
    count: Callable[[User, Mapping[str, Any]], int | None] | None = None,
    clean: Callable[[User, Mapping[str, Any]], dict[str, Any]] | None = None,
    filename: str = "",
) -> ExportKind:
    """Register (or, for the same kind, replace) an export kind."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown export formats {sorted(unknown)}")
    entry = ExportKind(kind, title, build, allowed, tuple(formats), count, clean, filename or kind)
    _KINDS[kind] = entry
    return entry


def get(kind: str) -> ExportKind | None:
    return _KINDS.get(kind)


def all_kinds() -> list[ExportKind]:
    return list(_KINDS.values())
