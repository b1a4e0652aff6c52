"""`manage.py bench_search`: p50 / p95 of name search and of duplicate matching (名寄せ at
intake) over the generated city (`manage.py generate_city`), on PostgreSQL.

Searches are what workers type, in every spelling core.kana folds together: a family name
in kanji, a kana family name in hiragana, in katakana and in half-width kana, a full kana
name with a space, a two-character prefix (the short-term rule), and a phone number.
Matching is `possible_matches` for a person typed with the kana and birth date of someone
on record (half-width kana), and for a phone number; each as the hub's caseworker (reads
much of the city) and a small agency's caseworker (reads little, so most matches are
"elsewhere"). Every subject is drawn from the database with a fixed seed. Reads only:
nothing is written but the read log of the searches it times (rolled back)."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

import jaconv
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from agencies.models import Membership, User
from cases import selectors
from cases.models import Person
from cases.services import matching


class Rollback(Exception):
    pass


def p95(ms: list[float]) -> float:
    ordered = sorted(ms)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


class Command(BaseCommand):
    help = "Time search and duplicate matching over the generated city (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=50, help="subjects per measurement")
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args, runs: int, seed: int, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL (DATABASE_URL).")
        rng = random.Random(seed)  # noqa: S311 - picking subjects, reproducible by seed
        persons = Person.objects.count()
        self.stdout.write(f"persons: {persons:,}; {runs} subjects per row, seed {seed}")
        sample = self.sample(rng, runs)
        users = self.users()
        rows: list[tuple[str, str, list[float], float]] = []
        for who, user in users.items():
            for label, texts in self.searches(sample).items():
                ms, found = self.time(lambda t, u=user: selectors.search(u, text=t), texts)
                rows.append((f"search: {label}", who, ms, found))
            for label, datas in self.matches(sample).items():
                ms, found = self.time(
                    lambda d, u=user: matching.possible_matches(user=u, data=d), datas
                )
                rows.append((f"match: {label}", who, ms, found))
        self.stdout.write("")
        self.stdout.write("| what | who | p50 ms | p95 ms | max ms | mean results |")
        self.stdout.write("|---|---|---:|---:|---:|---:|")
        for label, who, ms, found in rows:
            self.stdout.write(
                f"| {label} | {who} | {statistics.median(ms):.1f} | {p95(ms):.1f} | "
                f"{max(ms):.1f} | {found:.1f} |"
            )

    def users(self) -> dict[str, User]:
        """The generator's benchmark users (cases/city), else a hub and a small agency's
        caseworker."""
        bench = {u.username: u for u in User.objects.filter(username__startswith="bench-")}
        if "bench-hub-worker" in bench and "bench-small-worker" in bench:
            return {
                "hub worker": bench["bench-hub-worker"],
                "small-agency worker": bench["bench-small-worker"],
            }
        caseworkers = Membership.objects.filter(
            role=Membership.Role.CASEWORKER, is_active=True, user__kind=User.Kind.STAFF
        ).select_related("user", "agency")
        hub = caseworkers.filter(agency__is_hub=True).first()
        small = caseworkers.filter(agency__is_hub=False).order_by("agency_id").last()
        if hub is None or small is None:
            raise CommandError("Generate the city first (manage.py generate_city).")
        return {"hub worker": hub.user, "small-agency worker": small.user}

    def sample(self, rng: random.Random, runs: int) -> list[Person]:
        """`runs` persons with kana, a birth date and a phone, spread over the table."""
        top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        picked: list[Person] = []
        while len(picked) < runs:
            ids = [rng.randint(1, top) for _ in range(runs * 2)]
            picked += list(
                Person.objects.filter(pk__in=ids, birth_date__isnull=False)
                .exclude(family_name_kana="")
                .exclude(phone="")
            )
        return picked[:runs]

    def searches(self, sample: list[Person]) -> dict[str, list[str]]:
        def kata(p: Person) -> str:
            return jaconv.hira2kata(p.family_name_kana)

        return {
            "family name (kanji)": [p.family_name for p in sample],
            "family kana, hiragana": [jaconv.kata2hira(p.family_name_kana) for p in sample],
            "family kana, katakana": [kata(p) for p in sample],
            "family kana, half-width": [jaconv.z2h(kata(p), kana=True) for p in sample],
            "full kana with a space": [f"{p.family_name_kana} {p.given_name_kana}" for p in sample],
            "two-character prefix": [jaconv.kata2hira(p.family_name_kana)[:2] for p in sample],
            "phone number": [p.phone for p in sample],
        }

    def matches(self, sample: list[Person]) -> dict[str, list[matching.MatchData]]:
        def half(text: str) -> str:
            return jaconv.z2h(jaconv.hira2kata(text), kana=True)

        return {
            "kana (half-width) + birth date": [
                matching.MatchData(
                    family_name=p.family_name,
                    family_name_kana=half(p.family_name_kana),
                    given_name_kana=half(p.given_name_kana),
                    birth_date=p.birth_date,
                )
                for p in sample
            ],
            "phone": [matching.MatchData(family_name="誰か", phone=p.phone) for p in sample],
        }

    def time(self, call: Callable, subjects: list) -> tuple[list[float], float]:
        """Milliseconds per subject, after one warm-up call; the mean number found."""
        ms: list[float] = []
        found: list[int] = []
        try:
            with transaction.atomic():
                call(subjects[0])
                for subject in subjects:
                    start = time.perf_counter()
                    result = call(subject)
                    ms.append((time.perf_counter() - start) * 1000)
                    if isinstance(result, dict):
                        found.append(len(result["persons"]))
                    else:
                        found.append(len(result.readable) + len(result.withheld))
                raise Rollback
        except Rollback:
            pass
        return ms, statistics.mean(found)
