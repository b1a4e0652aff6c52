"""Celery tasks: each takes ids (or nothing), is idempotent and acknowledged late, so a
retry or a worker dying mid-run loses nothing and duplicates nothing."""

from celery import shared_task
from django.db import transaction

from reminders import services


@shared_task(acks_late=True)
def sweep_reminders() -> dict:
    """Daily: wake snoozed reminders, create what is due and resolve what no longer is,
    escalate what was ignored."""
    woken = services.wake_snoozed()
    result = services.sweep()
    escalated = services.escalate()
    return {
        "created": result.created,
        "resolved": result.resolved,
        "closed": result.closed,
        "woken": woken,
        "escalated": escalated,
    }


@shared_task(acks_late=True)
def send_digests() -> int:
    """Daily: one digest task per user with something to read (enqueued after commit)."""
    recipients = services.digest_recipients()
    for user_id in recipients:
        transaction.on_commit(lambda user_id=user_id: send_digest_to.delay(user_id))
    return len(recipients)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_digest_to(user_id: int) -> bool:
    return services.send_digest(user_id=user_id)
