"""Production: every secret from the environment, HTTPS behind a TLS-terminating proxy.

`python manage.py check --deploy` passes with no warnings once DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DATABASE_URL and REDIS_URL are set (.ci/run checks it)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import REDIS_URL, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Without Redis, base.py runs Celery tasks inside the web request (CELERY_TASK_ALWAYS_EAGER)
# with no beat, and every gunicorn worker keeps its own cache: fine for the demo, silently
# wrong for a municipality (no reminders, no digests, lockouts per process).
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. redis://redis:6379/0): without it Celery "
        "would run tasks in the web process, no periodic jobs would run and each process "
        "would keep its own cache."
    )

# Staff sign in with two factors (MIC guideline, OWASP ASVS level 2).
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=True)
# Passkeys belong to the site's host name and are accepted only over HTTPS from it.
OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", default=ALLOWED_HOSTS[0])
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", default=[f"https://{OTP_WEBAUTHN_RP_ID}"]
)

DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# HTTPS: the load balancer terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The load balancer probes /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind the proxy, axes must see the client's address, not the proxy's.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=1)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGGING["root"]["level"] = env("DJANGO_LOG_LEVEL", default="WARNING")
