"""Celery tasks of the reports app: each takes ids (or nothing), is idempotent and
acknowledged late, and calls a service."""

from celery import shared_task

from reports import services


@shared_task(acks_late=True)
def run_export(export_id: int) -> str | None:
    """Build one export's file. Returns its status; a failure is recorded on the export
    (the job page shows it), never raised."""
    export = services.export_run(export_id=export_id)
    return export.status if export is not None else None


@shared_task(acks_late=True)
def expire_exports() -> int:
    """Every 15 minutes (beat): delete the files of exports past
    REPORT_EXPORT_EXPIRY_HOURS. Returns how many expired."""
    return services.exports_expire()
