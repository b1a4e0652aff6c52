"""Housekeeping tasks run by beat."""

from importlib import import_module

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.api.idempotency import purge_expired


@shared_task(acks_late=True)
def purge_expired_sessions() -> int:
    """Delete expired sessions: idle sessions end after 30 minutes and should not linger.

    Idempotent: a second run finds nothing left to delete. Returns how many were removed."""
    engine = import_module(settings.SESSION_ENGINE)
    expired = Session.objects.filter(expire_date__lt=timezone.now()).count()
    engine.SessionStore.clear_expired()
    return expired


@shared_task(acks_late=True)
def purge_idempotency_records() -> int:
    """Delete the stored answers to Idempotency-Key requests once IDEMPOTENCY_TTL_HOURS have
    passed (they may hold personal data). Idempotent. Returns how many were removed."""
    return purge_expired()
