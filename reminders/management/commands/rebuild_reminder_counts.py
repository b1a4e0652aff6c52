"""Recount every case's open reminders (Case.open_reminders) from the reminders, in id
ranges. Safe to run at any time; the sweep and the workers' actions keep the count, so this
is for after a bulk import or a repair. (cases' rebuild_case_columns leaves this column to
the reminders app: cases never imports reminders.)"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reminders import bulk


class Command(BaseCommand):
    help = "Recount every case's open reminders from the reminders."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--chunk", type=int, default=10_000, help="cases per UPDATE")

    def handle(self, *args, chunk: int, **options) -> None:
        changed = bulk.recount_all(chunk=chunk)
        self.stdout.write(_("%(n)d cases had a wrong count of open reminders.") % {"n": changed})
