"""Create the read log's partitions for the coming months and remove the months past
ACCESS_LOG_RETENTION_MONTHS (on SQLite: delete the rows past it). Beat runs the same every
night (cases.tasks.maintain_access_log); running it by hand again changes nothing."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from cases.access.partitions import maintain_access_log


class Command(BaseCommand):
    help = (
        "Create the read log's partitions for the coming months and remove those past "
        "ACCESS_LOG_RETENTION_MONTHS (on SQLite: delete the rows past it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months-ahead", type=int, default=3, help="months after this one to prepare"
        )
        parser.add_argument(
            "--retention-months",
            type=int,
            default=None,
            help="override ACCESS_LOG_RETENTION_MONTHS for this run",
        )
        parser.add_argument(
            "--detach",
            action="store_true",
            help="detach old partitions (to archive, then drop by hand) instead of dropping",
        )

    def handle(
        self,
        *args,
        months_ahead: int,
        retention_months: int | None,
        detach: bool,
        **options,
    ) -> None:
        try:
            done = maintain_access_log(
                retention_months=retention_months, months_ahead=max(months_ahead, 0), detach=detach
            )
        except ValueError as error:
            raise CommandError(error) from error
        for name in done.created:
            self.stdout.write(_("Created %(name)s.") % {"name": name})
        for name in done.removed:
            message = _("Detached %(name)s.") if detach else _("Dropped %(name)s.")
            self.stdout.write(message % {"name": name})
        self.stdout.write(_("%(n)d rows past the retention deleted.") % {"n": done.deleted_rows})
