"""The pages of the city benchmark: one definition of what is measured, for whom, and the
number of queries each may run. `manage.py bench_city` times them on a generated city;
tests/perf/test_city_queries.py asserts their query counts on the small preset, so a change
in the shape of a page's queries fails CI (timings are never asserted).

Nothing here creates data: the subjects (a case, the case with the most consultations, a
household, a kana name) are found in whatever city the database holds."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.db.models import Count
from django.urls import reverse

from agencies.models import User
from cases import selectors
from cases.models import Case, Consultation, Household
from cases.views import cases as case_views

HUB, SMALL, SUPERVISOR = "hub", "small", "supervisor"
WHO = {HUB: "hub worker", SMALL: "small-agency worker", SUPERVISOR: "hub supervisor"}
SIZES = (10, 50, 100)
DEEP_PAGE = 500
WEB, API = "web", "api"


@dataclass
class Subjects:
    """What one user's pages are about, found among the cases the user may read."""

    user: User
    case: Case | None = None
    big_case: Case | None = None
    big_case_consultations: int = 0
    household: Household | None = None
    kana: str = ""
    open_cases: int = 0  # rows of the case list (capped at DEEP_PAGE * max(SIZES) + 1)

    def deep_page(self, size: int) -> int:
        """Page DEEP_PAGE, or the last page when the user's list is shorter."""
        return max(1, min(DEEP_PAGE, math.ceil(self.open_cases / size)))


def find_subjects(user: User, *, kana: str = "") -> Subjects:
    """The newest case of the user's list, the readable case with the most consultations,
    the household of the first, and (unless given) the kana family name of its oldest
    member."""
    subjects = Subjects(user=user)
    cases = selectors.case_list(user)
    subjects.open_cases = cases.order_by().values("pk")[: DEEP_PAGE * max(SIZES) + 1].count()
    subjects.case = cases.first()
    busiest = Consultation.objects.values("case_id").annotate(n=Count("pk")).order_by("-n")[:50]
    counts = {row["case_id"]: row["n"] for row in busiest}
    readable = selectors.case_list(user, filters=selectors.CaseFilters(include_closed=True)).filter(
        pk__in=counts
    )
    big = max(readable, key=lambda c: counts[c.pk], default=None)
    if big is not None:
        subjects.big_case, subjects.big_case_consultations = big, counts[big.pk]
    if subjects.case is not None:
        subjects.household = subjects.case.household
        members = selectors.household_members(subjects.household)
        subjects.kana = kana or next(
            (m.person.family_name_kana for m in members if m.person.family_name_kana), ""
        )
    else:
        subjects.kana = kana
    return subjects


@dataclass(frozen=True)
class Page:
    """One page or endpoint. `max_queries` is what it runs today with warm caches, counted
    as CI counts it: inside the test's transaction, where a write is a SAVEPOINT/RELEASE
    or nothing instead of BEGIN/COMMIT (the benchmark, in autocommit, counts those too).
    The goals are the issue's and are only reported by the benchmark."""

    key: str
    label: str
    url_name: str
    who: tuple[str, ...]
    max_queries: int
    args: Callable[[Subjects], tuple] = lambda s: ()
    query: Callable[[Subjects], dict] = lambda s: {}
    needs: Callable[[Subjects], bool] = lambda s: True
    listing: str = ""  # WEB or API: measured at each of SIZES, on page 1 and the deep page
    api: bool = False
    goal_queries: int | None = None
    goal_p95_ms: float | None = None


@dataclass(frozen=True)
class Measurement:
    """One URL for one user (and, for a listing, one page size and page number)."""

    page: Page
    who: str
    path: str
    size: int | None = None
    number: int | None = None
    headers: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.page.listing:
            return f"{self.page.label}, size {self.size}, page {self.number}"
        return self.page.label


def _case(s: Subjects) -> tuple:
    return (s.case.pk,)


def _big_case(s: Subjects) -> tuple:
    return (s.big_case.pk,)


BOTH = (HUB, SMALL)

PAGES: tuple[Page, ...] = (
    Page(
        "case-list",
        "case list page",
        "cases:list",
        BOTH,
        max_queries=12,  # +2: the filter form's worker and area choices
        listing=WEB,
        goal_queries=8,
        goal_p95_ms=150,
    ),
    Page(
        "case-list-api",
        "cases API",
        "api:case-list",
        BOTH,
        max_queries=10,
        listing=API,
        api=True,
        goal_queries=8,
        goal_p95_ms=150,
    ),
    Page(
        "case-detail",
        "case detail page",
        "cases:detail",
        BOTH,
        max_queries=43,  # +4: planned contacts, attachments, the family panels
        args=_case,
        needs=lambda s: s.case is not None,
        goal_p95_ms=100,
    ),
    Page(
        "case-detail-api",
        "case detail API",
        "api:case-detail",
        BOTH,
        max_queries=8,
        args=_case,
        needs=lambda s: s.case is not None,
        api=True,
        goal_p95_ms=100,
    ),
    Page(
        "big-case-detail",
        "case detail page, busiest case",
        "cases:detail",
        BOTH,
        max_queries=43,  # +4: planned contacts, attachments, the family panels
        args=_big_case,
        needs=lambda s: s.big_case is not None,
        goal_p95_ms=100,
    ),
    Page(
        "big-case-detail-api",
        "case detail API, busiest case",
        "api:case-detail",
        BOTH,
        max_queries=8,
        args=_big_case,
        needs=lambda s: s.big_case is not None,
        api=True,
        goal_p95_ms=100,
    ),
    Page(
        "search-kana",
        "person search page (kana)",
        "cases:search",
        BOTH,
        # +1: the probe of the first matches for a big reader; +1: the households are
        # those of the persons listed plus the first visible ones by name (head, decided);
        # +2: a reader that is not wide lists the households it reads (owned, of its
        # cases: access.readable_household_ids) and is searched from them.
        max_queries=16,
        query=lambda s: {"q": s.kana},
        needs=lambda s: bool(s.kana),
        goal_p95_ms=150,
    ),
    Page(
        "persons-api-kana",
        "persons API (kana filter)",
        "api:person-list",
        BOTH,
        max_queries=12,  # +2: access.readable_household_ids (the narrow reader's plan)
        query=lambda s: {"kana": s.kana},
        needs=lambda s: bool(s.kana),
        api=True,
        goal_p95_ms=150,
    ),
    Page(
        "household",
        "household page",
        "cases:household",
        BOTH,
        max_queries=19,  # +2: relations and relatives
        args=lambda s: (s.household.pk,),
        needs=lambda s: s.household is not None,
    ),
    Page("referrals", "referral inbox", "cases:referrals", BOTH, max_queries=7),
    Page("reminders", "reminders page", "reminders:list", BOTH, max_queries=4),
    Page("home", "home page", "home", BOTH, max_queries=18),  # +2: plans, meetings ahead
    Page(
        "caseload",
        "caseload (supervisor dashboard)",
        "reminders:dashboard",
        (SUPERVISOR,),
        max_queries=5,
        goal_p95_ms=300,
    ),
)


def measurements(
    page: Page, who: str, subjects: Subjects, sizes: tuple[int, ...] = SIZES
) -> list[Measurement]:
    """The URLs to request for one page and user (none when the data lacks its subject)."""
    if not page.needs(subjects):
        return []
    headers = {"HTTP_ACCEPT": "application/json"} if page.api else {}
    base = reverse(page.url_name, args=page.args(subjects))
    query = page.query(subjects)
    if not page.listing:
        return [Measurement(page, who, _with_query(base, query), headers=headers)]

    def params(size: int, number: int) -> dict:
        # The API takes its page size from the request; the web list's is set in-process.
        sized = {"page_size": size} if page.api else {}
        return {**query, **sized, "page": number}

    return [
        Measurement(page, who, _with_query(base, params(size, number)), size, number, headers)
        for size in sizes
        for number in sorted({1, subjects.deep_page(size)})
    ]


def _with_query(path: str, query: dict) -> str:
    from urllib.parse import urlencode

    return f"{path}?{urlencode(query)}" if query else path


@contextmanager
def page_size(measurement: Measurement) -> Iterator[None]:
    """The web list has a fixed PAGE_SIZE (cases/views/cases.py): the benchmark sets it
    in-process, on the very attribute the view reads. The API takes `page_size` from the
    request (core/api/pagination.py), which the URL carries."""
    if measurement.size is None or measurement.page.listing != WEB:
        yield
    else:
        with mock.patch.object(case_views, "PAGE_SIZE", measurement.size):
            yield
