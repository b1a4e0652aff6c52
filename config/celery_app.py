"""Celery application: one app for the web process, the worker and beat.

Without REDIS_URL the settings make tasks run eagerly in-process, so the demo needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("chouso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
