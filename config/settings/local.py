"""The embedded demo: SQLite, Celery eager unless REDIS_URL is set, debug on."""

from .base import *
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="local-demo-only-not-secret-7c1f0e5a9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e",
)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
