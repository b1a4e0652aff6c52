"""Reading the read log (`cases.models.AccessLog`) for the privacy officer: the viewer's
rows, "who read this person's file", who read one case, and the daily list of unusual
reading. Every query starts from the officer's scope (`cases.access.audit_scope`); the
pages and the CSV are in reports/views_audit.py. docs/audit.md says it for the officers."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import holidays
from django.conf import settings
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import access
from cases.access import LogScope
from cases.models import AccessLog, Case, Household, HouseholdMembership, Person
from cases.models.access import Basis
from cases.selectors import SEARCH_ORDER, person_name_matches
from core import wareki
from reports.tables import Table

# A name search offers at most this many persons to choose from.
CANDIDATES_MAX = 20
# "Who read this case" groups at most this many (user, agency, basis, channel) lines.
CASE_READERS_MAX = 50

ACTION_LABELS = {
    "view": _("Opened the record"),
    "list": _("In a list"),
    "search": _("In search results"),
    "home": _("On the home page"),
    "household": _("On the household page"),
    "inbox": _("In the referral inbox"),
    "meeting": _("On a meeting's agenda"),
    "suggestion": _("Suggested for an agenda"),
    "minutes": _("In the minutes form"),
    "print": _("Printed"),
    access.AUDIT_VIEW: _("Privacy officer's review"),
    access.AUDIT_SEARCH: _("Privacy officer's person search"),
    access.AUDIT_EXPORT: _("Privacy officer's export"),
}
KIND_LABELS = dict(AccessLog.Kind.choices)
BASIS_LABELS = dict(Basis.choices)
CHANNEL_LABELS = dict(AccessLog.Channel.choices)
NO_BASIS = _("— (privacy officer)")


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def basis_label(basis: str) -> str:
    return str(BASIS_LABELS.get(basis, basis or NO_BASIS))


def record_label(kind: str, object_id: int) -> str:
    """A record by kind and number, never by name: ケース #00012, 世帯 34."""
    if kind == AccessLog.Kind.CASE:
        return f"{KIND_LABELS[kind]} #{object_id:05d}"
    return f"{KIND_LABELS.get(kind, kind)} {object_id}"


def day_bounds(since: dt.date, until: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    """From midnight starting `since` to midnight ending `until` (default: the same day),
    in Asia/Tokyo."""
    tz = timezone.get_default_timezone()
    last = until or since
    start = dt.datetime.combine(since, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def at_label(moment: dt.datetime) -> str:
    """令和8年12月3日 14:05 (Asia/Tokyo)."""
    local = timezone.localtime(moment)
    return f"{wareki.to_wareki(local)} {local:%H:%M}"


# --- who read this person's file ---------------------------------------------------------


@dataclass(frozen=True)
class PersonFile:
    """A person and everything "their file" means in the log: the person, every household
    they belong or belonged to, and every case of those households."""

    person: Person
    households: Sequence[Household]
    case_ids: Sequence[int]

    @property
    def records(self) -> list[tuple[str, int]]:
        return [
            (AccessLog.Kind.PERSON, self.person.pk),
            *((AccessLog.Kind.HOUSEHOLD, h.pk) for h in self.households),
            *((AccessLog.Kind.CASE, pk) for pk in self.case_ids),
        ]

    @property
    def case_references(self) -> list[str]:
        return [f"#{pk:05d}" for pk in self.case_ids]

    def condition(self) -> Q:
        return (
            Q(kind=AccessLog.Kind.PERSON, object_id=self.person.pk)
            | Q(kind=AccessLog.Kind.HOUSEHOLD, object_id__in=[h.pk for h in self.households])
            | Q(kind=AccessLog.Kind.CASE, object_id__in=list(self.case_ids))
        )


def persons_in_scope(scope: LogScope) -> QuerySet[Person]:
    """The persons an officer may look up: anyone for the city's officer; for an agency's,
    only persons its staff read (a person row logged under the agency), so the viewer tells
    them nothing about residents their agency never dealt with."""
    persons = Person.objects.all()
    if scope.city:
        return persons
    read_here = AccessLog.objects.filter(
        kind=AccessLog.Kind.PERSON, object_id=OuterRef("pk"), agency_id__in=scope.agency_ids
    )
    return persons.filter(Exists(read_here))


def find_persons(scope: LogScope, text: str) -> list[Person]:
    """Persons by number (the digits of a person's id) or by name or kana, among those the
    officer may look up: at most CANDIDATES_MAX, in kana order."""
    text = text.strip()
    persons = persons_in_scope(scope)
    if text.isdigit() and len(text) < 19:
        return list(persons.filter(pk=int(text)))
    return list(persons.filter(person_name_matches(text)).order_by(*SEARCH_ORDER)[:CANDIDATES_MAX])


def _read_under(scope: LogScope, kind: str) -> Exists:
    return Exists(
        AccessLog.objects.filter(
            kind=kind, object_id=OuterRef("pk"), agency_id__in=scope.agency_ids
        )
    )


def person_file(scope: LogScope, person: Person) -> PersonFile:
    """Two queries: the households (past ones too), then their cases. An agency's officer
    is named only the households and cases its staff read (the rows they may see are of
    those anyway): a person who moved on is not followed to a household their agency never
    knew (access-rules.md, moves)."""
    households = Household.objects.filter(
        pk__in=HouseholdMembership.objects.filter(person=person).values("household_id")
    )
    cases = Case.objects.filter(household__in=households)
    if not scope.city:
        households = households.filter(_read_under(scope, AccessLog.Kind.HOUSEHOLD))
        cases = cases.filter(_read_under(scope, AccessLog.Kind.CASE))
    return PersonFile(
        person=person,
        households=list(households.order_by("pk")),
        case_ids=list(cases.order_by("pk").values_list("pk", flat=True)),
    )


# --- the viewer's rows -------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilters:
    person: PersonFile | None = None
    case_id: int | None = None
    user_id: int | None = None
    agency_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    basis: str = ""
    channel: str = ""


def log_rows(scope: LogScope, filters: LogFilters) -> QuerySet[AccessLog]:
    """The rows the officer asked for, within their scope, newest first (ordered on the
    indexed `at`, then the primary key), with the user and agency each row names."""
    rows = scope.rows()
    if filters.person is not None:
        rows = rows.filter(filters.person.condition())
    if filters.case_id is not None:
        rows = rows.filter(kind=AccessLog.Kind.CASE, object_id=filters.case_id)
    if filters.user_id is not None:
        rows = rows.filter(user_id=filters.user_id)
    if filters.agency_id is not None:
        rows = rows.filter(agency_id=filters.agency_id)
    if filters.since:
        rows = rows.filter(at__gte=day_bounds(filters.since)[0])
    if filters.until:
        rows = rows.filter(at__lt=day_bounds(filters.until)[1])
    if filters.basis:
        rows = rows.filter(basis=filters.basis)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    return rows.select_related("user", "agency").order_by("-at", "-id")


LOG_HEADINGS = (
    _("Date and time (JST)"),
    _("Date (和暦)"),
    _("Login ID"),
    _("Staff member"),
    _("Agency"),
    _("Record"),
    _("Record kind"),
    _("Record number"),
    _("Basis"),
    _("Channel"),
    _("Operation"),
    _("Page or endpoint"),
)


def log_table(rows: QuerySet[AccessLog]) -> Table:
    """The rows as a table for the CSV, read in chunks (constant memory)."""

    def cells() -> Iterator[list[object]]:
        for row in rows.iterator(chunk_size=2000):
            local = timezone.localtime(row.at)
            yield [
                local.replace(microsecond=0),
                str(wareki.to_wareki(local)),
                row.username,
                row.user.display_name if row.user else "",
                row.agency.name if row.agency else "",
                record_label(row.kind, row.object_id),
                str(KIND_LABELS.get(row.kind, row.kind)),
                row.object_id,
                basis_label(row.basis),
                str(CHANNEL_LABELS.get(row.channel, row.channel)),
                action_label(row.action),
                row.path,
            ]

    return Table(key="read-log", title=_("Read log"), headings=LOG_HEADINGS, rows=cells())


# --- who read this case ------------------------------------------------------------------


@dataclass(frozen=True)
class CaseReaders:
    """One line of "who read this case": a user reading for an agency, on a basis, through
    a channel, how often and when last."""

    user_id: int | None
    username: str
    name: str
    agency: str
    basis: str
    channel: str
    reads: int
    last: dt.datetime


def case_readers(case: Case, *, days: int | None = None) -> list[CaseReaders]:
    """The case's reads of the past `days` days (REPORT_CASE_READERS_DAYS), grouped by
    user, agency, basis and channel, the latest first: one aggregate query. Privacy
    officers' reviews are left out (`access.case_reads`)."""
    days = settings.REPORT_CASE_READERS_DAYS if days is None else days
    since = timezone.now() - dt.timedelta(days=days)
    groups = (
        access.case_reads(case.pk)
        .filter(at__gte=since)
        .values("user_id", "username", "user__full_name", "agency__name", "basis", "channel")
        .annotate(reads=Count("id"), last=Max("at"))
        .order_by("-last")[:CASE_READERS_MAX]
    )
    return [
        CaseReaders(
            user_id=g["user_id"],
            username=g["username"],
            name=g["user__full_name"] or g["username"],
            agency=g["agency__name"] or "",
            basis=basis_label(g["basis"]),
            channel=str(CHANNEL_LABELS.get(g["channel"], g["channel"])),
            reads=g["reads"],
            last=g["last"],
        )
        for g in groups
    ]


# --- the daily list of unusual reading ---------------------------------------------------


@lru_cache(maxsize=8)
def _japanese_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("JP", years=year, language="ja")


def holiday_name(day: dt.date) -> str:
    """The Japanese public holiday on `day` (振替休日 and 国民の休日 included), or ""."""
    return _japanese_holidays(day.year).get(day, "")


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not holiday_name(day)


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


@dataclass(frozen=True)
class Reader:
    """One user's reading for one agency on the day."""

    user_id: int | None
    username: str
    name: str
    agency_id: int | None
    agency: str
    reads: int
    first: dt.datetime
    last: dt.datetime
    # Heavy readers: the median of the agency's other readers that day.
    median: float | None = None

    @property
    def ratio(self) -> float | None:
        return round(self.reads / self.median, 1) if self.median else None


@dataclass(frozen=True)
class UnusualDay:
    day: dt.date
    working_day: bool
    holiday: str
    heavy: list[Reader] = field(default_factory=list)
    off_hours: list[Reader] = field(default_factory=list)
    factor: float = 3.0
    min_reads: int = 0
    start_hour: int = 8
    end_hour: int = 19


def _readers(rows: QuerySet[AccessLog]) -> list[Reader]:
    """GROUP BY user and agency: one query."""
    groups = (
        rows.values("user_id", "username", "user__full_name", "agency_id", "agency__name")
        .annotate(reads=Count("id"), first=Min("at"), last=Max("at"))
        .order_by()
    )
    return [
        Reader(
            user_id=g["user_id"],
            username=g["username"],
            name=g["user__full_name"] or g["username"],
            agency_id=g["agency_id"],
            agency=g["agency__name"] or "",
            reads=g["reads"],
            first=g["first"],
            last=g["last"],
        )
        for g in groups
    ]


def heavy_readers(readers: list[Reader], *, factor: float, min_reads: int) -> list[Reader]:
    """Readers whose count is at least `factor` times the median count of the other users
    who read for the same agency that day, and at least `min_reads`. A user alone in their
    agency that day has nobody to be compared with and is not listed."""
    by_agency: dict[int | None, list[Reader]] = defaultdict(list)
    for reader in readers:
        by_agency[reader.agency_id].append(reader)
    heavy = []
    for group in by_agency.values():
        for reader in group:
            others = [r.reads for r in group if r is not reader]
            if not others or reader.reads < min_reads:
                continue
            median = statistics.median(others)
            if reader.reads >= factor * median:
                heavy.append(replace(reader, median=median))
    return sorted(heavy, key=lambda r: (-r.reads, r.username))


def unusual_reading(scope: LogScope, day: dt.date) -> UnusualDay:
    """The day's list for review, in two aggregate queries over the officer's scope: reads
    per user and agency (heavy readers, against their agency's median), and reads outside
    working hours per user and agency (on a weekend or public holiday: every read)."""
    start, end = day_bounds(day)
    start_hour = settings.REPORT_WORKING_HOURS_START
    end_hour = settings.REPORT_WORKING_HOURS_END
    factor = settings.REPORT_UNUSUAL_FACTOR
    min_reads = settings.REPORT_UNUSUAL_MIN_READS
    rows = scope.rows().filter(at__gte=start, at__lt=end)
    working = is_working_day(day)
    outside = rows
    if working:
        opens = start + dt.timedelta(hours=start_hour)
        closes = start + dt.timedelta(hours=end_hour)
        outside = rows.filter(Q(at__lt=opens) | Q(at__gte=closes))
    off_hours = sorted(_readers(outside), key=lambda r: (-r.reads, r.username))
    return UnusualDay(
        day=day,
        working_day=working,
        holiday=holiday_name(day),
        heavy=heavy_readers(_readers(rows), factor=factor, min_reads=min_reads),
        off_hours=off_hours,
        factor=factor,
        min_reads=min_reads,
        start_hour=start_hour,
        end_hour=end_hour,
    )
