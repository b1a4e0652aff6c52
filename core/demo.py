"""The demo loaders other apps register in AppConfig.ready(), so that `manage.py load_demo`
needs no import of the apps it loads (core imports no other app of the project).

A loader is idempotent and returns what it created. By default the command reads an int
as "created this many records"; an app whose loader returns something else registers a
`report` that turns the result into a `DemoReport`."""

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class DemoReport:
    created: bool  # printed as a success when something was created
    line: str  # one line: what was created, or that it was already there
    after: tuple[str, ...] = field(default=())  # printed once all loaders have run


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable[[], object] | str  # a callable, or its dotted path (imported when run)
    order: int = 50
    report: Callable[[str, object], DemoReport] | None = None  # (name, result) -> report

    def run(self) -> DemoReport:
        load = import_string(self.load) if isinstance(self.load, str) else self.load
        result = load()
        return (self.report or default_report)(self.name, result)


def default_report(name: str, result: object) -> DemoReport:
    if isinstance(result, int) and not isinstance(result, bool):
        if result:
            return DemoReport(True, f"{name}: created {result} demo records.")
        return DemoReport(False, f"{name}: already loaded, nothing created.")
    return DemoReport(bool(result), f"{name}: {result}")


_LOADERS: dict[str, DemoLoader] = {}


def register_demo_loader(
    name: str,
    load: Callable[[], object] | str,
    *,
    order: int = 50,
    report: Callable[[str, object], DemoReport] | None = None,
) -> None:
    """Add a loader; loaders run by `order` (lower first: an app's loader after the
    loaders of the apps it builds on). Registering a name again replaces it."""
    _LOADERS[name] = DemoLoader(name, load, order, report)


def demo_loaders() -> list[DemoLoader]:
    return sorted(_LOADERS.values(), key=lambda loader: loader.order)


@contextmanager
def demo_clock(at: dt.datetime) -> Iterator[None]:
    """Inside, `timezone.now()` (and so `timezone.localdate()`, `auto_now_add`, the
    services' own stamps and simple-history's `history_date`) reads `at`, one millisecond
    later on each call so that what is written keeps its order. For the demo's back-dated
    year only (docs/demo.md): the loader is one thread in one command, and a record
    written "on" a past day then carries that day everywhere a figure reads it."""
    if timezone.is_naive(at):
        raise ValueError("demo_clock needs an aware datetime")
    start = at.astimezone(dt.UTC)
    ticks = itertools.count()

    def now() -> dt.datetime:
        return start + dt.timedelta(milliseconds=next(ticks))

    with mock.patch.object(timezone, "now", now):
        yield
