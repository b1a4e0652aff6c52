"""`manage.py generate_city`: the fictional big city 大比良市 for benchmarks (see
cases/city/). Fills an empty, migrated database; PostgreSQL loads by COPY."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.city import generate as city
from cases.city import names

NOT_EMPTY = gettext_lazy(
    "The database already holds cases. Generate the city into an empty, migrated database "
    "(createdb, then manage.py migrate)."
)
MISMATCHES = gettext_lazy(
    "%(n)d of %(checked)d sampled cases have permission rows that differ from case_rows()."
)


class Command(BaseCommand):
    help = "Generate the fictional city 大比良市 for benchmarks (300,000 households by default)."

    report: city.Report | None = None

    def add_arguments(self, parser: CommandParser) -> None:
        full = city.PRESETS["full"]
        parser.add_argument("--preset", choices=sorted(city.PRESETS), default="full")
        parser.add_argument("--cases", type=int, help=f"households and cases ({full.cases})")
        parser.add_argument(
            "--consultations-per-case",
            type=float,
            help=f"mean consultations per case ({full.consultations_per_case:g})",
        )
        parser.add_argument(
            "--agencies", type=int, help=f"agencies, the hub included ({full.agencies})"
        )
        parser.add_argument("--staff", type=int, help=f"staff accounts ({full.staff})")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, preset: str, seed: int, **options) -> None:
        base = city.PRESETS[preset]
        size = city.Size(
            cases=options["cases"] or base.cases,
            consultations_per_case=options["consultations_per_case"] or base.consultations_per_case,
            agencies=options["agencies"] or base.agencies,
            staff=options["staff"] or base.staff,
            junior_high=base.junior_high,
            elementary_per_district=base.elementary_per_district,
            neighbourhoods_per_school=base.neighbourhoods_per_school,
        )
        if size.cases < 1 or size.agencies < 2 or size.staff < size.agencies:
            raise CommandError(_("Need at least one case, two agencies and a staff member each."))
        self.stdout.write(
            _(
                "Generating %(city)s: %(cases)d households and cases, %(agencies)d agencies, "
                "%(staff)d staff (seed %(seed)d)."
            )
            % {
                "city": names.CITY,
                "cases": size.cases,
                "agencies": size.agencies,
                "staff": size.staff,
                "seed": seed,
            }
        )
        try:
            report = city.generate(size, seed=seed, say=self.stdout.write)
        except city.CityNotEmpty:
            raise CommandError(NOT_EMPTY) from None
        self.report = report
        self.stdout.write(_("Rows written:"))
        for table, n in sorted(report.counts.items()):
            self.stdout.write(f"  {table:<42} {n:>10,}")
        self.stdout.write(
            _("Case %(id)d has %(n)d consultations (for the detail benchmark).")
            % {"id": report.detail_case_id, "n": city.DETAIL_CONSULTATIONS}
        )
        for username, planned in report.planned_open_visible.items():
            self.stdout.write(
                _("%(user)s sees %(seen)d open cases (planned %(planned)d).")
                % {"user": username, "seen": city.open_cases_seen(username), "planned": planned}
            )
        self.stdout.write(
            _("The small agency is %(agency)s. Password of the bench users: %(password)s")
            % {"agency": report.small_agency, "password": city.BENCH_PASSWORD}
        )
        self.stdout.write(
            _("Permission rows checked against case_rows() for %(n)d cases: %(bad)d mismatches.")
            % {"n": report.checked, "bad": report.mismatches}
        )
        self.stdout.write(_("Done in %(seconds).1f s.") % {"seconds": report.seconds})
        if report.mismatches:
            raise CommandError(MISMATCHES % {"n": report.mismatches, "checked": report.checked})
