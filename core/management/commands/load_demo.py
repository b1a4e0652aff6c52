from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.module_loading import import_string

from agencies import demo

# The demo loaders, in order; each is idempotent. Named by dotted path so that core does
# not import the apps above it: a later app adds its loader here.
DEMO_LOADERS = (
    "agencies.demo.load_city",
    "cases.demo.load_cases",
    "meetings.demo.load_meetings",
    "community.demo.load_community",
    "participation.demo.load_participation",
)


def summary(path: str, result: object) -> str:
    """One line per loader: what it created, or that it was already there."""
    if isinstance(result, demo.DemoCity):
        if result.created:
            return f"Loaded the demo city {demo.CITY}."
        return f"The demo city {demo.CITY} is already loaded."
    if isinstance(result, int) and not isinstance(result, bool):
        if result:
            return f"{path}: created {result} demo records."
        return f"{path}: already loaded, nothing created."
    return f"{path}: {result}"


class Command(BaseCommand):
    help = "Load the fictional demo city and its demo cases (idempotent); print the logins."

    def handle(self, *args, **options) -> None:
        translation.activate("ja")
        city = None
        for path in DEMO_LOADERS:
            result = import_string(path)()
            if isinstance(result, demo.DemoCity):
                city = result
            created = result.created if isinstance(result, demo.DemoCity) else bool(result)
            line = summary(path, result)
            self.stdout.write(self.style.SUCCESS(line) if created else line)
        if city is None:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD})")
        for username, agency, role in city.logins:
            self.stdout.write(f"  {username:<26} {role:<14} {agency}")
        if city.service_token:
            self.stdout.write("")
            self.stdout.write(
                f"Partner system {demo.SERVICE_ACCOUNT[0]}: "
                f"curl -H 'Authorization: Token {city.service_token}' "
                "http://127.0.0.1:8000/api/v1/me/"
            )
