"""Tests: fast hashing, in-memory mail, a cache per process. DATABASE_URL and REDIS_URL come
from the environment so CI runs the same suite on PostgreSQL and Redis."""

from .base import *
from .base import env

DEBUG = False
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="test-only-not-secret-0b9f8e7d6c5b4a39281706f5e4d3c2b1a0"
)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests run tasks eagerly unless they start a real worker (tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
# No API rate limits, except in the tests that set them (tests/agencies/test_throttling.py).
API_THROTTLE_BURST = None
API_THROTTLE_SUSTAINED = None
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Two factors are off unless a test turns them on (settings.REQUIRE_2FA = True).
REQUIRE_2FA = False
