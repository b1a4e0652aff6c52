from django.core.management.base import BaseCommand

from reminders import services


class Command(BaseCommand):
    help = (
        "Create the reminders that are due (idempotent), resolve those no longer due, wake "
        "snoozed ones and escalate ignored ones. For deployments without beat, and for the "
        "demo."
    )

    def handle(self, *args, **options) -> None:
        woken = services.wake_snoozed()
        result = services.sweep()
        escalated = services.escalate()
        for kind, count in result.created.items():
            self.stdout.write(
                f"  {kind:<10} {count} created, {result.resolved.get(kind, 0)} resolved"
            )
        self.stdout.write(
            f"created {result.total} reminders in {result.chunks} chunks; "
            f"{sum(result.resolved.values())} resolved, {result.closed} of closed cases; "
            f"{woken} woken, {escalated} escalated"
        )
