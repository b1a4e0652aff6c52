from django.core.management.base import BaseCommand
from django.utils import translation

from agencies import demo


class Command(BaseCommand):
    help = "Load the fictional demo city (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        translation.activate("ja")
        city = demo.load_city()
        if city.created:
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo city {demo.CITY}."))
        else:
            self.stdout.write(f"The demo city {demo.CITY} is already loaded.")
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
