"""Settings shared by every environment. Every value that differs between machines comes
from the environment (12-factor, django-environ); the defaults are those of the embedded
demo: SQLite, no Redis, Celery eager."""

import os
from collections.abc import MutableMapping
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def read_dot_env(base_dir: Path, environment: MutableMapping[str, str]) -> bool:
    """Read `base_dir`/.env into `environment` only when DJANGO_READ_DOT_ENV_FILE is true
    there. A .env left in a checkout or copied into an image (a developer's secret key, a
    DEBUG=true) must never configure a server by its mere presence. Values already in the
    environment win. True when the file was read."""
    wanted = environment.get("DJANGO_READ_DOT_ENV_FILE", "").lower()
    dot_env = base_dir / ".env"
    if wanted not in environ.Env.BOOLEAN_TRUE_STRINGS or not dot_env.exists():
        return False
    reader = type("DotEnvReader", (environ.Env,), {"ENVIRON": environment})
    reader.read_env(dot_env, overwrite=False)
    return True


read_dot_env(BASE_DIR, os.environ)
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# --- Applications -----------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "django_htmx",
    "axes",
    "csp",
    # Second factors: TOTP apps and recovery codes (django-otp), passkeys (WebAuthn).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]
LOCAL_APPS = [
    "core",
    "agencies",
    "cases",
    "meetings",
    "planning",
    "participation",
    "community",
    "reminders",
    "reports",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Facts asked several times in one request, forgotten after it (core/request_cache.py).
    "core.request_cache.RequestCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pushes the idle timeout on, saving the session at most once a minute.
    "core.middleware.IdleSessionMiddleware",
    "core.middleware.JapaneseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # /api/: a JSON 413 for a body too large, no APPEND_SLASH redirect that drops a POST.
    "core.middleware.ApiRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): did this session pass a second factor?
    "django_otp.middleware.OTPMiddleware",
    # REQUIRE_2FA: a session that has not passed one sees only the two-factor pages.
    "agencies.two_factor.middleware.RequireTwoFactorMiddleware",
    # Cache-Control: no-store for anything a signed-in user (or API token) was answered.
    "core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes wants to be last: it turns a lockout signal into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# The permission tables' covering indexes INCLUDE the validity columns on PostgreSQL;
# SQLite (demo, local tests) builds the same index without them, which is all it can do.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Short OLTP queries: PostgreSQL's JIT compiles the big-city list queries for 50–60 ms
    # to save a few (docs/performance.md). Off unless asked for.
    DATABASES["default"].setdefault("OPTIONS", {})
    planner = [f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}"]
    if not env.bool("DATABASE_JIT", default=False):
        planner.append("-c jit=off")
    # An index probe on SSD storage costs little more than a sequential read
    # (random_page_cost 1.1, not the spinning-disk default of 4): otherwise PostgreSQL
    # seq-scans 660,000 household memberships to join a search's few thousand persons.
    DATABASES["default"]["OPTIONS"].setdefault("options", " ".join(planner))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication ---------------------------------------------------------------------
AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out (username, IP) pairs before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle sessions end after SESSION_IDLE_TIMEOUT_MINUTES: a request pushes the expiry on,
# saving the session at most once every SESSION_TOUCH_SECONDS (core.middleware
# .IdleSessionMiddleware) rather than with an UPDATE on every request.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Two factors (docs/access-rules.md, "Signing in"): when on, a staff session that has not
# passed a second factor (TOTP, recovery code or passkey) reaches only the two-factor pages,
# and the API refuses its session. Production turns it on; off, every page says so.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=False)
# What an authenticator app shows next to the codes.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Chouso")
# Passkeys are bound to this host name (RP ID) and accepted only from these origins.
OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", default="localhost")
OTP_WEBAUTHN_RP_NAME = env("OTP_WEBAUTHN_RP_NAME", default="Chouso")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", default=["http://localhost:8000"]
)
# A passkey is a second factor only: it never replaces the password.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Recovery codes handed out at a time.
RECOVERY_CODE_COUNT = 10

# django-axes: 5 failures for one (username, IP) pair lock that pair out; AXES_IP_FAILURE_LIMIT
# failures from one address, whatever the usernames, lock the address (password spraying).
# The per-address limit is higher because a town hall's PCs share one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# The order matters: core.lockout.AddressAwareHandler reads the pair's count first.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "core.lockout.AddressAwareHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"

# django-guardian: object permissions are granted to agency groups only.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# --- 支援会議 (art. 106-6) ------------------------------------------------------------------
# Hub agencies (多機関協働) organise 支援会議; these agency ids may too.
SUPPORT_MEETING_ORGANISER_IDS = env.list("SUPPORT_MEETING_ORGANISER_IDS", cast=int, default=[])
# How long pledged participants read the summary after the meeting: default, and a cap that
# no meeting (nor this setting) may pass: 90 days.
MEETING_GRANT_DAYS_DEFAULT = env.int("MEETING_GRANT_DAYS_DEFAULT", default=14)
MEETING_GRANT_DAYS_MAX = min(env.int("MEETING_GRANT_DAYS_MAX", default=90), 90)
# A meeting is planned at most this many days ahead (a grant cannot start in 2099).
MEETING_PLAN_AHEAD_DAYS = env.int("MEETING_PLAN_AHEAD_DAYS", default=365)
# Lists count at most this many rows, then say "N件以上" (core/pagination.py).
LIST_COUNT_CAP = env.int("LIST_COUNT_CAP", default=10_000)
# The read log (who read which record) is kept this many whole months past the current
# one, then dropped month by month (cases/access/partitions.py, docs/deployment.md). Five
# years: a person may ask years later who read their file, and the privacy officer answers
# from this log; set it to the keeping period the municipality's records rules give the
# case files it describes.
ACCESS_LOG_RETENTION_MONTHS = env.int("ACCESS_LOG_RETENTION_MONTHS", default=60)
# The first answer to a POST sent with an Idempotency-Key is replayed to its retries for
# this many hours, then deleted (core/api/idempotency.py). The answer may hold personal
# data, so keep it no longer than a partner's retries need.
IDEMPOTENCY_TTL_HOURS = env.int("IDEMPOTENCY_TTL_HOURS", default=24)

# --- Printed forms (帳票, docs/prints.md) ------------------------------------------------
# The issuer printed above every form's agency (e.g. "あさひ野市 福祉部"); empty: the agency only.
PRINT_ISSUER = env("PRINT_ISSUER", default="")
# The 決裁欄 (approval stamp boxes) of internal forms: off where the city does not use one;
# the boxes' labels, left to right (empty: 担当・係長・課長 in the page's language).
PRINT_APPROVAL_BOX = env.bool("PRINT_APPROVAL_BOX", default=True)
PRINT_APPROVAL_STAMPS = env.list("PRINT_APPROVAL_STAMPS", default=[])

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static files: everything is vendored, nothing comes from a CDN ---------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Content Security Policy: only this origin. No inline scripts, no external hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"

# --- E-mail -----------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="chouso@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the site is reached, for links in e-mails (e.g. https://chouso.city.example.jp).
SITE_URL = env("DJANGO_SITE_URL", default="").rstrip("/")

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# No broker configured: run tasks in-process so the demo needs nothing else.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "purge-expired-sessions": {
        "task": "core.tasks.purge_expired_sessions",
        "schedule": timedelta(hours=1),
    },
    # Derived from the database: a missed run is caught up by the next one.
    "sweep-reminders": {
        "task": "reminders.tasks.sweep_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    "send-digests": {
        "task": "reminders.tasks.send_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    # Idempotent: creates the coming months' read-log partitions, drops those past the
    # retention. Daily, so that months of missed runs still leave months in hand.
    "maintain-access-log": {
        "task": "cases.tasks.maintain_access_log",
        "schedule": crontab(hour=3, minute=15),
    },
    # Idempotent: deletes stored API answers older than IDEMPOTENCY_TTL_HOURS.
    "purge-idempotency-records": {
        "task": "core.tasks.purge_idempotency_records",
        "schedule": timedelta(hours=1),
    },
    # Idempotent: deletes the files of exports past REPORT_EXPORT_EXPIRY_HOURS.
    "expire-exports": {
        "task": "reports.tasks.expire_exports",
        "schedule": timedelta(minutes=15),
    },
}

# Long-running cases (reminders/rules.py): thresholds, in months or days.
REMINDERS = {
    "LONG_RUNNING_MONTHS": env.int("REMINDER_LONG_RUNNING_MONTHS", default=6),
    "LONG_RUNNING_EVERY_MONTHS": env.int("REMINDER_LONG_RUNNING_EVERY_MONTHS", default=3),
    "NO_CONTACT_DAYS": env.int("REMINDER_NO_CONTACT_DAYS", default=30),
    "REFERRAL_UNANSWERED_DAYS": env.int("REMINDER_REFERRAL_UNANSWERED_DAYS", default=7),
    "HUB_LINGERING_DAYS": env.int("REMINDER_HUB_LINGERING_DAYS", default=90),
    "CONSENT_EXPIRING_DAYS": env.int("REMINDER_CONSENT_EXPIRING_DAYS", default=30),
    "ESCALATE_AFTER_DAYS": env.int("REMINDER_ESCALATE_AFTER_DAYS", default=7),
    "SWEEP_CHUNK": env.int("REMINDER_SWEEP_CHUNK", default=20_000),
}

# --- REST API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Partner tokens (hashed, expiring, scoped: agencies/tokens.py) first, so a 401
        # names the Bearer scheme; then the browser session.
        "agencies.api.authentication.PartnerTokenAuthentication",
        # Session auth, refused to a session without its second factor under REQUIRE_2FA.
        "agencies.two_factor.api.VerifiedSessionAuthentication",
    ],
    # Per token (partner systems) and per user (sessions): API_THROTTLE_* below.
    "DEFAULT_THROTTLE_CLASSES": [
        "agencies.api.throttling.BurstThrottle",
        "agencies.api.throttling.SustainedThrottle",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        # ?ordering= and ?updated_since= on the lists that name theirs (core/api/filters.py).
        "core.api.filters.OrderingFilter",
        "core.api.filters.UpdatedSinceFilter",
    ],
    # JSON only: a form body cannot say null, an empty list or a nested object, so the
    # schema would promise what a form cannot carry. The one upload (a consent's scanned
    # form) also reads multipart (cases/api/record_views.py). A body nested too deeply is
    # a 400, not a RecursionError (core/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.ListPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Service errors become 400 with field errors, stale edits 409, refusals 403 with reason.
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
}
# Partner tokens expire this many days after they are issued (docs/api.md).
PARTNER_TOKEN_TTL_DAYS = env.int("PARTNER_TOKEN_TTL_DAYS", default=365)
# API rate limits per partner token / per signed-in user, as DRF rates ("60/min",
# "5000/day"); counted in the default cache (Redis in production, shared by all processes).
API_THROTTLE_BURST = env("API_THROTTLE_BURST", default="60/min")
API_THROTTLE_SUSTAINED = env("API_THROTTLE_SUSTAINED", default="5000/day")
# reports/: counts below this are shown as "<3" in whatever leaves the system.
REPORT_SUPPRESS_BELOW = env.int("REPORT_SUPPRESS_BELOW", default=3)
# The privacy officer's daily list of unusual reading (reports/audit.py, docs/audit.md): a
# user is listed whose reads that day are at least REPORT_UNUSUAL_FACTOR times the median of
# their agency's readers that day, and at least REPORT_UNUSUAL_MIN_READS (a list page of 50
# cases is 50 reads: a quiet agency's median of 4 should not list a user at 12).
REPORT_UNUSUAL_FACTOR = env.float("REPORT_UNUSUAL_FACTOR", default=3.0)
REPORT_UNUSUAL_MIN_READS = env.int("REPORT_UNUSUAL_MIN_READS", default=100)
# Working hours (Asia/Tokyo, from the start hour up to the end hour): reads outside them,
# and every read on a Saturday, Sunday or Japanese public holiday, are listed for review.
REPORT_WORKING_HOURS_START = env.int("REPORT_WORKING_HOURS_START", default=8)
REPORT_WORKING_HOURS_END = env.int("REPORT_WORKING_HOURS_END", default=19)
# "Who read this case" on the case page covers this many past days.
REPORT_CASE_READERS_DAYS = env.int("REPORT_CASE_READERS_DAYS", default=90)
# An export's file (personal data when it is a case list) is downloadable by the user who
# asked for it for this many hours, then deleted by the beat task below (docs/exports.md).
REPORT_EXPORT_EXPIRY_HOURS = env.int("REPORT_EXPORT_EXPIRY_HOURS", default=24)

SPECTACULAR_SETTINGS = {
    "TITLE": "重層的支援 case management API",
    "DESCRIPTION": "REST API for partner agencies' systems. Every endpoint applies the same "
    "access policy as the browser. How to get a token, the error format, paging, retries "
    "and concurrent edits: docs/api.md in the source tree.",
    "VERSION": "1",
    # Operation ids name the resource (`cases_list`), not the version (`v1_cases_list`).
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # A required text that may not be blank says so (minLength 1): blank is a 400.
    "ENFORCE_NON_BLANK_FIELDS": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Idempotency-Key, If-Match and ETag are handled for every endpoint in one place
    # (core/api/idempotency.py, preconditions.py), so they are documented in one place too.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_preconditions",
        "core.api.schema.document_common_errors",
        "core.api.schema.document_input_rules",
        "config.api_schema.tag_by_resource",
    ],
}

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
