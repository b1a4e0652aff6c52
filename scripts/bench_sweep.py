"""Benchmark the reminder sweep on PostgreSQL with N open cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python scripts/bench_sweep.py --cases 100000

Creates a dedicated database (`bench_sweep` on the server DATABASE_URL points at; the
database named in the URL is only used to connect), migrates it, fills it fast with
bulk inserts (households, cases, leads, team rows, consultations, plans and their actions, consents,
referrals and meeting action items, dated over three years), then times
`reminders.services.sweep()` twice: the first run creates, the second finds nothing
new. Prints the set-up time, both runs' timings, reminders created and resolved per kind
and the time each rule spent inserting (all its chunks) and resolving, checks that there
are no duplicates and that every case's open_reminders is its count of open reminders,
then drops the database (unless --keep). With --explain it also prints EXPLAIN ANALYZE
of each rule's INSERT … SELECT for one chunk and of its resolving UPDATE.

This is a benchmark, not a test: it sets up with bulk_create and no history rows (the
sweep itself writes its history rows as in production)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time

from scratch_db import create_database, drop_database, server_url, setup_django

BENCH_DB = "bench_sweep"
BATCH = 5000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="open cases to create")
    parser.add_argument("--seed", type=int, default=8050)
    parser.add_argument("--database", default=BENCH_DB, help="scratch database to create")
    parser.add_argument("--keep", action="store_true", help="do not drop the database after")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="EXPLAIN ANALYZE each rule's query, and the insert path, for one chunk",
    )
    return parser.parse_args()


# --- the scratch database ----------------------------------------------------------------


# --- fast set-up -------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.steps: list[tuple[str, float, int]] = []

    def step(self, label: str, started: float, rows: int) -> None:
        seconds = time.perf_counter() - started
        self.steps.append((label, seconds, rows))
        print(f"  {label:<22} {rows:>9,} rows {seconds:7.1f} s", flush=True)


def bulk(model, objects: list, clock: Clock, label: str) -> list:
    started = time.perf_counter()
    created = model.objects.bulk_create(objects, batch_size=BATCH)
    clock.step(label, started, len(objects))
    return created


def populate(n_cases: int, rng: random.Random) -> dict[str, int]:
    """N open cases (and some closed ones) with what the rules read, dated over three years
    back from today. Returns row counts per table."""
    from django.db import connection
    from django.utils import timezone

    from agencies.models import Agency, User
    from agencies.services import agency_create
    from cases.models import (
        Case,
        CaseTeam,
        Consent,
        Consultation,
        Household,
        LeadAssignment,
        Person,
        PlanAction,
        Referral,
        SupportPlan,
    )
    from meetings.models import ActionItem, AgendaItem, Meeting

    clock = Clock()
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    three_years = 3 * 365

    def day_between(start: dt.date, end: dt.date) -> dt.date:
        span = (end - start).days
        return start + dt.timedelta(days=rng.randint(0, max(span, 0)))

    def moment_on(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(rng.randint(8, 19), rng.randint(0, 59)), tz)

    started = time.perf_counter()
    kinds = [k for k, _label in Agency.Kind.choices]
    # Agencies through the service (each needs its permission group); only 25 of them.
    agencies = [
        agency_create(actor=None, name="福祉総合相談課（ハブ）", kind=kinds[0], is_hub=True)
    ]
    agencies += [
        agency_create(actor=None, name=f"支援機関{i:02d}", kind=kinds[i % len(kinds)])
        for i in range(1, 25)
    ]
    hub, others = agencies[0], agencies[1:]
    workers = User.objects.bulk_create(
        [
            User(username=f"worker{i:03d}", full_name=f"相談員{i:03d}", password="!")  # noqa: S106 (unusable)
            for i in range(200)
        ]
    )
    clock.step("agencies and users", started, len(agencies) + len(workers))

    # Cases: 30 % taken in by the hub, 10 % closed (the sweep skips them).
    owners = [hub if rng.random() < 0.3 else rng.choice(others) for _ in range(n_cases)]
    households = bulk(
        Household,
        [Household(name=f"世帯{i}", owner_agency=owners[i]) for i in range(n_cases)],
        clock,
        "households",
    )
    open_statuses = list(Case.OPEN_STATUSES)
    cases = []
    for i, household in enumerate(households):
        opened = today - dt.timedelta(days=rng.randint(0, three_years))
        closed = rng.random() < 0.1
        cases.append(
            Case(
                household=household,
                owner_agency=owners[i],
                title="8050世帯：母の介護と長男のひきこもり",
                status=Case.Status.CLOSED if closed else rng.choice(open_statuses),
                referral_source=Case.Source.FAMILY,
                opened_on=opened,
                closed_on=day_between(opened, today) if closed else None,
                worker=rng.choice(workers),
            )
        )
    cases = bulk(Case, cases, clock, "cases")

    # Leads: the intake agency; for 20 % a handover to another agency later on.
    leads, team = [], []
    for case in cases:
        team.append(CaseTeam(case=case, agency=case.owner_agency, joined_on=case.opened_on))
        if rng.random() < 0.2:
            handed = day_between(case.opened_on, today)
            new_lead = rng.choice([a for a in others if a.pk != case.owner_agency_id])
            leads.append(
                LeadAssignment(
                    case=case,
                    agency=case.owner_agency,
                    started_on=case.opened_on,
                    ended_on=handed,
                    reason="受付",
                )
            )
            leads.append(
                LeadAssignment(case=case, agency=new_lead, started_on=handed, reason="引継ぎ")
            )
            team.append(CaseTeam(case=case, agency=new_lead, joined_on=handed))
        else:
            leads.append(
                LeadAssignment(
                    case=case, agency=case.owner_agency, started_on=case.opened_on, reason="受付"
                )
            )
            if rng.random() < 0.5:
                partner = rng.choice([a for a in others if a.pk != case.owner_agency_id])
                team.append(
                    CaseTeam(
                        case=case, agency=partner, joined_on=day_between(case.opened_on, today)
                    )
                )
    bulk(LeadAssignment, leads, clock, "lead assignments")
    bulk(CaseTeam, team, clock, "team rows")

    # Consultations: the first on the opening day, then 0–5 more.
    consultations = []
    for case in cases:
        later = (
            day_between(case.opened_on, case.closed_on or today) for _ in range(rng.randint(0, 5))
        )
        days = [case.opened_on, *sorted(later)]
        for day in days:
            consultations.append(
                Consultation(
                    case=case,
                    agency=case.owner_agency,
                    staff=case.worker,
                    occurred_at=moment_on(day),
                    mode=Consultation.Mode.PHONE,
                    minutes=30,
                    narrative="電話相談。",
                    projects=["consultation"],
                )
            )
    bulk(Consultation, consultations, clock, "consultations")

    # Support plans for 40 % (a superseded one for a quarter of those).
    plans = []
    for case in rng.sample(cases, k=int(n_cases * 0.4)):
        review = day_between(case.opened_on + dt.timedelta(days=30), today + dt.timedelta(days=180))
        number = 1
        if rng.random() < 0.25:
            plans.append(
                SupportPlan(
                    case=case,
                    number=1,
                    goals="初回プラン",
                    review_on=review - dt.timedelta(days=180),
                    status=SupportPlan.Status.SUPERSEDED,
                )
            )
            number = 2
        plans.append(SupportPlan(case=case, number=number, goals="生活の安定", review_on=review))
    plans = bulk(SupportPlan, plans, clock, "support plans")

    # Two actions per plan in effect, due from a month after the opening to three months
    # ahead; a third of them done.
    actions = [
        PlanAction(
            plan=plan,
            description="同行支援",
            responsible_agency=plan.case.owner_agency,
            due_on=day_between(
                plan.case.opened_on + dt.timedelta(days=30), today + dt.timedelta(days=90)
            ),
            status=PlanAction.Status.DONE if rng.random() < 0.33 else PlanAction.Status.TODO,
        )
        for plan in plans
        if plan.status == SupportPlan.Status.ACTIVE
        for _ in range(2)
    ]
    bulk(PlanAction, actions, clock, "plan actions")

    # Consents for 40 %: one person each; valid until anywhere from two months ago to a
    # year ahead (open-ended for a fifth); 5 % withdrawn.
    consent_cases = rng.sample(cases, k=int(n_cases * 0.4))
    persons = bulk(
        Person,
        [
            Person(family_name="山田", given_name=f"{i}", owner_agency=c.owner_agency)
            for i, c in enumerate(consent_cases)
        ],
        clock,
        "persons",
    )
    consents = []
    for case, person in zip(consent_cases, persons, strict=True):
        until = (
            None
            if rng.random() < 0.2
            else day_between(today - dt.timedelta(days=60), today + dt.timedelta(days=365))
        )
        consents.append(
            Consent(
                case=case,
                person=person,
                all_team_agencies=True,
                purposes=["sharing"],
                method=Consent.Method.WRITTEN,
                valid_from=case.opened_on,
                valid_until=until,
                withdrawn_at=moment_on(today - dt.timedelta(days=1))
                if rng.random() < 0.05
                else None,
            )
        )
    bulk(Consent, consents, clock, "consents")

    # Referrals for 10 %: half still waiting, sent within the last 30 days.
    referrals = []
    for case in rng.sample(cases, k=int(n_cases * 0.1)):
        waiting = rng.random() < 0.5
        sent = today - dt.timedelta(days=rng.randint(0, 30))
        referrals.append(
            Referral(
                case=case,
                from_agency=case.owner_agency,
                to_agency=rng.choice([a for a in agencies if a.pk != case.owner_agency_id]),
                reason="支援依頼",
                summary="概要",
                status=Referral.Status.SENT if waiting else Referral.Status.ACCEPTED,
                sent_at=moment_on(sent),
            )
        )
    bulk(Referral, referrals, clock, "referrals")

    # Meetings: one per 200 cases, five cases on each agenda, an action item per case.
    n_meetings = max(n_cases // 200, 1)
    meetings = bulk(
        Meeting,
        [
            Meeting(
                kind=Meeting.Kind.SUPPORT,
                title="支援会議",
                starts_at=moment_on(today - dt.timedelta(days=rng.randint(0, three_years))),
                organiser=hub,
                status=Meeting.Status.APPROVED,
            )
            for _ in range(n_meetings)
        ],
        clock,
        "meetings",
    )
    items, actions = [], []
    for meeting in meetings:
        for position, case in enumerate(rng.sample(cases, k=5)):
            items.append(AgendaItem(meeting=meeting, case=case, purpose="roles", position=position))
    items = bulk(AgendaItem, items, clock, "agenda items")
    for item in items:
        held = timezone.localtime(item.meeting.starts_at).date()
        actions.append(
            ActionItem(
                meeting=item.meeting,
                item=item,
                description="家庭訪問",
                agency=rng.choice(agencies),
                due_on=held + dt.timedelta(days=rng.randint(7, 60)),
                status=ActionItem.Status.OPEN if rng.random() < 0.3 else ActionItem.Status.DONE,
            )
        )
    bulk(ActionItem, actions, clock, "action items")

    # The list columns the services keep on every write (last contact, current lead), which
    # the rules read; bulk_create bypassed the services, so they are rebuilt here.
    from cases.services import columns

    started = time.perf_counter()
    clock.step("case list columns", started, columns.rebuild_all())

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    clock.step("ANALYZE", started, 0)
    return {label: rows for label, _s, rows in clock.steps}


# --- timing the sweep --------------------------------------------------------------------


def run_sweep(label: str):
    from reminders import services

    started = time.perf_counter()
    result = services.sweep()
    seconds = time.perf_counter() - started
    print(
        f"\n{label}: {seconds:.2f} s, {result.total:,} reminders created in {result.chunks} "
        f"chunks, {sum(result.resolved.values()):,} resolved, {result.closed:,} of closed cases"
    )
    print(f"  {'kind':<13}{'created':>10}{'resolved':>10}{'insert s':>10}{'resolve s':>11}")
    for kind, created in result.created.items():
        inserting, resolving = result.seconds[kind]
        print(
            f"  {kind:<13}{created:>10,}{result.resolved.get(kind, 0):>10,}"
            f"{inserting:>10.2f}{resolving:>11.2f}"
        )
    return seconds, result


def check() -> dict[str, int]:
    """Duplicates (the unique constraint forbids them) and cases whose open_reminders is not
    their count of open reminders."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) - COUNT(DISTINCT (kind, target, period)) FROM reminders_reminder"
        )
        (duplicates,) = cursor.fetchone()
        cursor.execute(
            "SELECT COUNT(*) FROM cases_case c LEFT JOIN (SELECT case_id, COUNT(*) AS n "
            "FROM reminders_reminder WHERE status = 'open' GROUP BY case_id) r "
            "ON r.case_id = c.id WHERE c.open_reminders <> COALESCE(r.n, 0)"
        )
        (wrong_counts,) = cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM reminders_reminder")
        (reminders,) = cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM reminders_historicalreminder")
        (history,) = cursor.fetchone()
    print(
        f"  {reminders:,} reminders, {history:,} history rows, {duplicates} duplicates, "
        f"{wrong_counts} cases with a wrong open_reminders"
    )
    return {"duplicates": duplicates, "wrong_counts": wrong_counts}


def explain_rules() -> None:
    """EXPLAIN ANALYZE, for each rule, the INSERT … SELECT of its first chunk and its
    resolving UPDATE (in a transaction rolled back afterwards)."""
    from django.db import connection, transaction
    from django.db.models import Min
    from django.utils import timezone

    from reminders import bulk, rules, services

    today = timezone.localdate()
    chunk = rules.setting("SWEEP_CHUNK")

    def explain(label: str, sql_text: str, params) -> None:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql_text, params)
            plan = "\n".join(f"    {row[0][:160]}" for row in cursor.fetchall())
        print(f"\n  {label}:\n{plan}")

    for rule in rules.rules():
        if rule.rows is None:
            continue
        lo = rule.model.objects.aggregate(lo=Min("pk"))["lo"] or 0
        with transaction.atomic():
            explain(
                f"{rule.kind}: insert, first chunk",
                *bulk.insert_sql(rule.rows(today, lo, lo + chunk), bulk.new_token()),
            )
            transaction.set_rollback(True)
        captured: list[tuple[str, tuple]] = []

        def capture(execute, sql_text, params, many, context, captured=captured):
            captured.append((sql_text, params))
            return execute(sql_text, params, many, context)

        with transaction.atomic(), connection.execute_wrapper(capture):
            services._resolve(services._no_longer_due(rule, today), "explain")
            transaction.set_rollback(True)
        with transaction.atomic():
            explain(f"{rule.kind}: resolve", *captured[0])
            transaction.set_rollback(True)


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL=postgres://user@host:port/any-database")
    bench_url = server_url(url, args.database)
    print(f"creating database {args.database}", flush=True)
    create_database(url, args.database)
    try:
        setup_django(bench_url)
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)

        print(f"populating {args.cases:,} cases", flush=True)
        started = time.perf_counter()
        counts = populate(args.cases, random.Random(args.seed))  # noqa: S311 (test data)
        setup_seconds = time.perf_counter() - started
        print(f"set-up: {sum(counts.values()):,} rows in {setup_seconds:.1f} s")

        if args.explain:
            print("\nEXPLAIN ANALYZE, first chunk of each rule:")
            explain_rules()

        first_s, first = run_sweep("first sweep (creates)")
        first_check = check()
        second_s, second = run_sweep("second sweep (nothing to create)")
        second_check = check()
        source_rows = sum(
            counts[label]
            for label in (
                "cases",
                "lead assignments",
                "support plans",
                "consents",
                "referrals",
                "action items",
            )
        )
        print("\nsummary")
        print(f"  cases                 {args.cases:,} (about 10 % of them closed)")
        print(f"  rows the rules range over {source_rows:,}")
        print(
            f"  first sweep           {first_s:.2f} s  {first.total:,} created  "
            f"{first.total / first_s:,.0f} reminders/s  {source_rows / first_s:,.0f} rows/s"
        )
        print(
            f"  second sweep          {second_s:.2f} s  {second.total:,} created  "
            f"{source_rows / second_s:,.0f} rows/s"
        )
        print(
            f"  duplicates            {first_check['duplicates']} after the first, "
            f"{second_check['duplicates']} after the second; cases with a wrong count "
            f"{first_check['wrong_counts']}, {second_check['wrong_counts']}"
        )
        connection.close()
    finally:
        if args.keep:
            print(f"kept database {args.database}")
        else:
            from django.db import connections

            connections.close_all()
            drop_database(url, args.database)
            print(f"dropped database {args.database}")


if __name__ == "__main__":
    main()
