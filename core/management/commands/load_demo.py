from django.core.management.base import BaseCommand
from django.utils import translation

from core.demo import demo_loaders


class Command(BaseCommand):
    help = "Load the fictional demo city and its demo cases (idempotent); print the logins."

    def handle(self, *args, **options) -> None:
        # The loaders are registered by the apps (core.demo.register_demo_loader), in order;
        # each is idempotent and reports one line, plus lines to print at the end.
        translation.activate("ja")
        after: list[str] = []
        for loader in demo_loaders():
            report = loader.run()
            self.stdout.write(self.style.SUCCESS(report.line) if report.created else report.line)
            after.extend(report.after)
        for line in after:
            self.stdout.write(line)
