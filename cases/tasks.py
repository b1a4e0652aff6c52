"""Celery tasks of the cases app: housekeeping run by beat, idempotent and acked late."""

from celery import shared_task

from cases.access.partitions import maintain_access_log as maintain


@shared_task(acks_late=True)
def maintain_access_log() -> dict:
    """Daily: the read log's coming months created, months past the retention removed."""
    done = maintain()
    return {"created": done.created, "removed": done.removed, "deleted_rows": done.deleted_rows}
