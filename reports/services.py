"""Exports as jobs: asked for by a user (`export_start`), built by a Celery task
(`export_run`), downloaded by that user only, and deleted when they expire
(`exports_expire`). docs/exports.md says how it fits together."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.models import User
from core.history import save_with_history
from reports.exports import files, kinds
from reports.models import Export

logger = logging.getLogger(__name__)

UNKNOWN_KIND = _("There is no such export.")
BAD_FORMAT = _("This export cannot be written in that format.")
NOT_ALLOWED = _("Your role does not allow this export.")
# Stored as English message ids (shown with gettext on the job page).
FAILED = gettext_noop(
    "The export could not be written. Try again; if it fails again, tell your system administrator."
)
NO_LONGER_ALLOWED = gettext_noop("Your role no longer allows this export, so it was not written.")
ABANDONED = gettext_noop("The export did not finish in time and was abandoned. Try again.")
DONE = gettext_noop("The file is ready.")
NOT_QUEUED = gettext_noop(
    "The export could not be started: the background service is not answering. Try again "
    "later; if it goes on, tell your system administrator."
)


def expiry_delta() -> dt.timedelta:
    return dt.timedelta(hours=settings.REPORT_EXPORT_EXPIRY_HOURS)


def export_start(*, user: User, kind: str, format: str, params: Mapping[str, Any]) -> Export:
    """Queue an export of `kind` in `format` for `user`; the task is sent once the
    transaction commits. Refuses an unknown kind or format (ValidationError) and a user
    the kind does not allow (PermissionDenied)."""
    entry = kinds.get(kind)
    if entry is None:
        raise ValidationError(UNKNOWN_KIND)
    if format not in entry.formats:
        raise ValidationError({"format": BAD_FORMAT})
    if not entry.allowed(user):
        raise PermissionDenied(NOT_ALLOWED)
    cleaned = entry.clean(user, params) if entry.clean else dict(params)
    with transaction.atomic():
        export = save_with_history(
            Export(user=user, kind=kind, format=format, params=cleaned),
            user,
            gettext_noop("export requested"),
        )
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    """Send the task; a broker that cannot be reached fails the export with a message
    rather than the request that asked for it (this runs after the commit, inside it)."""
    from reports.tasks import run_export

    try:
        run_export.delay(export_id)
    except Exception:
        logger.exception("export %s could not be queued", export_id)
        export = Export.objects.select_related("user").get(pk=export_id)
        _finish(export, Export.Status.FAILED, NOT_QUEUED, gettext_noop("export not queued"))


def _finish(export: Export, status: str, message: str, reason: str) -> Export:
    export.status = status
    export.message = message
    export.finished_at = timezone.now()
    return save_with_history(export, export.user, reason)


def export_run(*, export_id: int) -> Export | None:
    """Build the file of one queued export: rows written are counted into `done` every
    few hundred rows (one UPDATE each time, not one per row), the file is kept in private
    storage, and the export is marked done with its expiry, or failed with a message.
    Never raises for a failure of the build: the job page says what happened. Running it
    again for an export no longer queued does nothing (the task is acks_late)."""
    with transaction.atomic():
        # Claimed under a row lock: a redelivered task waits here and then finds it taken.
        export = (
            Export.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status != Export.Status.QUEUED:
            return export
        export.status = Export.Status.RUNNING
        save_with_history(export, export.user, gettext_noop("export started"))
    entry = kinds.get(export.kind)
    if entry is None or not entry.allowed(export.user):
        return _finish(
            export, Export.Status.FAILED, NO_LONGER_ALLOWED, gettext_noop("export refused")
        )

    def progress(done: int) -> None:
        Export.objects.filter(pk=export.pk).update(done=done)

    try:
        with translation.override(settings.LANGUAGE_CODE):
            total = entry.count(export.user, export.params) if entry.count else None
            if total is not None:
                Export.objects.filter(pk=export.pk).update(total=total)
            with tempfile.TemporaryFile() as spool:
                written = files.write(
                    entry.build(export.user, export.params),
                    spool,
                    format=export.format,
                    fiscal_year=export.params.get("fiscal_year"),
                    progress=progress,
                )
                spool.seek(0)
                export.file.save(f"{entry.filename}.{export.format}", File(spool), save=False)
    except Exception:
        logger.exception("export %s (%s) failed", export.pk, export.kind)
        return _finish(export, Export.Status.FAILED, FAILED, gettext_noop("export failed"))
    export.done = export.total = written
    export.expires_at = timezone.now() + expiry_delta()
    return _finish(export, Export.Status.DONE, DONE, gettext_noop("export finished"))


def exports_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of finished exports whose time is up and mark them expired; fail
    exports that were never finished within the expiry (a worker lost). Idempotent;
    returns how many exports expired."""
    now = now or timezone.now()
    expired = 0
    for export in Export.objects.filter(status=Export.Status.DONE, expires_at__lte=now):
        if export.file:
            export.file.delete(save=False)
        export.status = Export.Status.EXPIRED
        save_with_history(export, None, gettext_noop("export expired"))
        expired += 1
    stale = Export.objects.filter(
        status__in=[Export.Status.QUEUED, Export.Status.RUNNING],
        created_at__lte=now - expiry_delta(),
    )
    for export in stale:
        _finish(export, Export.Status.FAILED, ABANDONED, gettext_noop("export abandoned"))
    return expired
