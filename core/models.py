"""Abstract building blocks every app's models use."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic locking: a form carries the version it was rendered with, and the service
    refuses to save over a newer one (see core.concurrency)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key`, replayed to its retries
    (core/api/idempotency.py).

    A technical table, not a record of the domain: no change history (a history row would
    keep the stored answer, which may be personal data, past its 24 hours), never in the
    admin, and deleted by `core.tasks.purge_idempotency_records` once
    IDEMPOTENCY_TTL_HOURS have passed. `status` is null while the first request is still
    running. The key is scoped per user (account): the tokens of one partner account share
    its keys, so the systems using them should draw keys that cannot collide (UUIDs). The
    user's rows go when one of their memberships ends (agencies.services), so a stored
    answer is never replayed to someone who may no longer read it."""

    # CASCADE: the rows are a short-lived cache of the user's own answers, not an audit
    # trail; nothing is lost that should outlive the user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("idempotency key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    body = models.JSONField(_("response body"), null=True, blank=True)
    headers = models.JSONField(_("response headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_user_key")
        ]
        indexes = [models.Index(fields=["created_at"], name="core_idempotency_created")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"
