"""Recompute the derived list columns of every case (last contact, current lead agency)
from the records, in id ranges. Safe to run at any time; the services keep the columns
current, so this is for after a bulk import or a repair."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cases.services import columns


class Command(BaseCommand):
    help = "Recompute every case's last contact and current lead agency from the records."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--chunk", type=int, default=10_000, help="cases per UPDATE")

    def handle(self, *args, chunk: int, **options) -> None:
        done = columns.rebuild_all(chunk=chunk)
        self.stdout.write(_("%(n)d cases refreshed.") % {"n": done})
