"""Groundwork settings: one module, configured from the environment.

Defaults are safe for production (DEBUG off, secure cookies, HTTPS redirect, HSTS).
`make run` sets DEBUG=true for local development. Variables:

    DEBUG                 "true" for local development only
    SECRET_KEY            required unless DEBUG
    ALLOWED_HOSTS         comma-separated host names
    CSRF_TRUSTED_ORIGINS  comma-separated origins (https://example.org)
    DATABASE_URL          sqlite:////abs/path.sqlite3 (default) or postgres://user:pw@host:5432/db
    EMAIL_URL             smtp+tls://user:pw@host:587, consolemail:// (default when DEBUG)
    DEFAULT_FROM_EMAIL    sender of invitations and password resets
    SECURE_SSL_REDIRECT   default: on unless DEBUG (turn off when a proxy terminates TLS and
                          redirects itself)
    FIELD_ENCRYPTION_KEYS Fernet keys for personal fields, comma-separated, newest first
                          (required unless DEBUG; see docs/operations.md)
    FIELD_LOOKUP_KEY      secret of the keyed hashes used to find duplicate referrals
                          (required unless DEBUG)
    REFERRAL_RETENTION_DAYS  days after a referral ends before its personal details are
                          erased (default 365)
    LOG_FORMAT            "plain" (default) or "json"
    METRICS_TOKEN, METRICS_ALLOWED_IPS  who may read /metrics (nobody by default)
    SENTRY_DSN            report errors to Sentry (off by default)
"""

import os
import secrets
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from groundwork.core.observability import init_sentry, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _development_secret_key() -> str:
    """A per-checkout key for local development, created once and kept out of the repo."""
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if "SECRET_KEY" in env:
    SECRET_KEY = env.str("SECRET_KEY")
elif DEBUG:
    SECRET_KEY = _development_secret_key()
else:
    # Left empty: Django refuses to use an empty key, `check --deploy` fails and wsgi.py and
    # asgi.py refuse to start (groundwork/core/checks.py), while commands that sign nothing,
    # like makemigrations, still run.
    SECRET_KEY = ""

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "anymail",
    "groundwork.core",
    "groundwork.accounts",
    "groundwork.communities",
    "groundwork.planning",
    "groundwork.gatherings",
    "groundwork.deliberation",
    "groundwork.themes",
    "groundwork.plans",
    "groundwork.funding",
    "groundwork.measures",
    "groundwork.landscape",
    "groundwork.directory",
    "groundwork.referrals",
    "groundwork.library",
    "groundwork.boards",
    "groundwork.scheduler",
    "groundwork.newsletters",
    "groundwork.api",
    "groundwork.field",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "groundwork.core.pagecache.CsrfPlaceholderMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "groundwork.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "groundwork.core.permissions.LoginRedirectMiddleware",
]

ROOT_URLCONF = "groundwork.urls"
WSGI_APPLICATION = "groundwork.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "groundwork" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # After Django's own csrf processor: pages hold a placeholder, never a token
                # (groundwork.core.pagecache), so that rendered pages can be kept.
                "groundwork.core.pagecache.csrf_placeholder",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'groundwork.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the background worker read while the other writes.
    # `timeout` (seconds) reaches sqlite3.connect as the busy timeout: a writer waits that long
    # for the lock instead of failing with "database is locked" (no busy_timeout pragma here:
    # it would overwrite this value). IMMEDIATE transactions take the write lock when they
    # begin, so a reader never has to upgrade its lock half-way through (which fails at once).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.float("SQLITE_TIMEOUT", default=20.0),
        }
    )
    # The tests' database is in memory unless SQLITE_TEST_NAME names a file. The browser tests
    # use a file: the live server's request threads then each have their own connection, as
    # the web server's do, instead of all sharing the test's one in-memory connection.
    if test_name := env.str("SQLITE_TEST_NAME", default=""):
        DATABASES["default"]["TEST"] = {"NAME": test_name}
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# A request that still finds the database locked after the timeout gets a "busy, try again"
# page (503) instead of an error page.
MIDDLEWARE += ["groundwork.core.middleware.DatabaseBusyMiddleware"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling: five failures for one account from one address lock it for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The preload directive only allows submitting the domain to browsers' HTTPS-only list;
# operators who cannot commit every subdomain to HTTPS set SECURE_HSTS_PRELOAD=false.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Sessions are kept in the database and read from the cache: a signed-in page costs no query for
# its session (a lost cache entry is read again from the table; signing out deletes both).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Internationalization ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "groundwork" / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The front-end packages `npm ci` installs (package-lock.json).
NODE_MODULES = Path(env.str("NODE_MODULES", default=str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [BASE_DIR / "groundwork" / "static"]
# Field mode's service worker, page script and icons, built from node_modules by `npm run build`
# (the Makefile's set-up) from groundwork/field/frontend/.
FIELD_BUILD = Path(env.str("FIELD_BUILD", default=str(BASE_DIR / "build" / "field")))
# Front-end libraries installed from npm (package-lock.json); never copied into the repo. Only
# the files pages use are collected: these entry files, and for a stylesheet the fonts, images
# and source map it refers to (groundwork/core/staticfiles.py).
VENDOR_STATIC = {
    "vendor/uswds": (NODE_MODULES / "@uswds" / "uswds" / "dist", ["css/uswds.min.css"]),
    "vendor/htmx": (NODE_MODULES / "htmx.org" / "dist", ["htmx.min.js"]),
    "vendor/leaflet": (
        NODE_MODULES / "leaflet" / "dist",
        ["leaflet.js", "leaflet.js.map", "leaflet.css"],
    ),
    "vendor/leaflet.markercluster": (
        NODE_MODULES / "leaflet.markercluster" / "dist",
        ["leaflet.markercluster.js", "leaflet.markercluster.js.map", "MarkerCluster.css"],
    ),
    "field": (FIELD_BUILD, ["queue.js", "icon-192.png", "icon-512.png"]),
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "groundwork.core.staticfiles.VendorFinder",
]
# County boundaries for the coalition map (us-atlas from npm, read from disk; see landscape/geo.py).
LANDSCAPE_TOPOJSON = env.str(
    "LANDSCAPE_TOPOJSON", default=str(NODE_MODULES / "us-atlas" / "counties-albers-10m.json")
)
# The directory's map: the same counties unprojected (longitude, latitude), from the same package.
DIRECTORY_MAP_TOPOJSON = env.str(
    "DIRECTORY_MAP_TOPOJSON", default=str(NODE_MODULES / "us-atlas" / "counties-10m.json")
)
# A tile server under the directory's map (off by default: the map is then the county outlines
# and the points). A URL template such as https://tiles.example.org/{z}/{x}/{y}.png; its origin
# is allowed in the Content-Security-Policy of the pages that show the map, and only then.
DIRECTORY_MAP_TILES_URL = env.str("DIRECTORY_MAP_TILES_URL", default="")
DIRECTORY_MAP_TILES_ATTRIBUTION = env.str("DIRECTORY_MAP_TILES_ATTRIBUTION", default="")
# A geocoder for the addresses of assets and locations (off by default; see docs/operations.md):
# "census" (the U.S. Census Bureau's one-line address geocoder) or "" for none.
DIRECTORY_GEOCODER = env.str("DIRECTORY_GEOCODER", default="")
DIRECTORY_GEOCODER_URL = env.str(
    "DIRECTORY_GEOCODER_URL",
    default="https://geocoding.geo.census.gov/geocoder/locations/onelineaddress",
)
DIRECTORY_GEOCODER_TIMEOUT = env.float("DIRECTORY_GEOCODER_TIMEOUT", default=5.0)
# Static files are served by WhiteNoise, compressed (gzip and Brotli copies made by
# collectstatic), in production and under `make run` alike: `make run` collects, then serves
# with `runserver --nostatic` so that WhiteNoise answers. Production names files by their
# content hash (cached for ever); `make run` (DEBUG) keeps plain names, which is quicker to
# collect. Tests that never collect set STATICFILES_BACKEND to Django's StaticFilesStorage.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedStaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Files served at the site's root: /favicon.ico, which browsers and feed readers ask for.
WHITENOISE_ROOT = BASE_DIR / "groundwork" / "root_files"
# Serve what collectstatic wrote (with its compressed copies), not the sources.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=False)
# Source maps are for developer tools only: not worth compressing (the slowest part).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "ico", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("woff", "woff2", "mp4", "webm", "pdf", "map"),
]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
# A provider's API through django-anymail instead of SMTP, e.g.
# EMAIL_BACKEND=anymail.backends.postmark.EmailBackend with ANYMAIL_POSTMARK_SERVER_TOKEN=...;
# every ANYMAIL_* variable becomes a key of ANYMAIL. ANYMAIL_WEBHOOK_SECRET ("user:password")
# protects the bounce and complaint webhooks at /anymail/<provider>/tracking/.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Groundwork <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `manage.py worker`: a task still "running" after this many seconds, or whose worker process
# is gone, was interrupted; it is queued again until it has been started WORKER_MAX_ATTEMPTS
# times, then marked failed.
WORKER_STALE_TASK_SECONDS = env.float("WORKER_STALE_TASK_SECONDS", default=1800.0)
WORKER_MAX_ATTEMPTS = env.int("WORKER_MAX_ATTEMPTS", default=3)
# The site's address for links in e-mails sent by scheduled work (digests, reminders,
# newsletters); scheduled jobs that e-mail links do nothing while it is empty.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# `manage.py scheduler` enqueues these tasks when due (an RFC 5545 RRULE in TIME_ZONE), once
# per occurrence however many schedulers run; each task gets base_url=SITE_URL.
# A survey's one reminder goes to invited people who have not answered this many hours before
# it closes.
SURVEY_REMINDER_HOURS = env.int("SURVEY_REMINDER_HOURS", default=48)
SCHEDULED_JOBS = {
    "plan-digests": {
        "task": "groundwork.plans.tasks.plan_digests_due",
        "schedule": "FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=0;BYSECOND=0",
    },
    "directory-reminders": {
        "task": "groundwork.directory.tasks.directory_reminders_send",
        "schedule": "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0",
    },
    "referrals-daily": {
        "task": "groundwork.referrals.tasks.referrals_daily",
        "schedule": "FREQ=DAILY;BYHOUR=6;BYMINUTE=30;BYSECOND=0",
    },
    "newsletters-due": {
        "task": "groundwork.newsletters.tasks.newsletters_send_due",
        "schedule": "FREQ=MINUTELY;BYSECOND=0",
    },
    # Requests to subscribe nobody confirmed within FOLLOW_CONFIRM_DAYS: the address is removed.
    "newsletters-prune": {
        "task": "groundwork.newsletters.tasks.newsletters_prune_unconfirmed",
        "schedule": "FREQ=DAILY;BYHOUR=4;BYMINUTE=0;BYSECOND=0",
    },
    # Grant reports due within FUNDING_REPORT_REMINDER_DAYS: an e-mail to the coordinators of
    # the coalitions funded, once per person and reporting date.
    "funding-report-reminders": {
        "task": "groundwork.funding.tasks.funding_report_reminders",
        "schedule": "FREQ=DAILY;BYHOUR=8;BYMINUTE=30;BYSECOND=0",
    },
    # Reminders a day and an hour before a gathering that were not sent when they fell due
    # (each registration's own reminder tasks usually send them; this catches what they missed).
    "gathering-reminders": {
        "task": "groundwork.gatherings.tasks.send_due_reminders_task",
        "schedule": "FREQ=MINUTELY;INTERVAL=10;BYSECOND=0",
    },
    # Survey invitations by e-mail: reminders falling due, and anything a stopped run left.
    "survey-invitations": {
        "task": "groundwork.measures.tasks.survey_invitations_due",
        "schedule": "FREQ=MINUTELY;INTERVAL=10;BYSECOND=0",
    },
    # Each series' next six months kept as gatherings people can register for.
    "gathering-series": {
        "task": "groundwork.gatherings.tasks.sync_all_series_task",
        "schedule": "FREQ=DAILY;BYHOUR=3;BYMINUTE=0;BYSECOND=0",
    },
}

# --- Logging, metrics, error reporting ---------------------------------------------------------
# Plain lines by default; LOG_FORMAT=json writes one JSON object a line (for log collectors),
# each with the request id (or the task id in the worker). REQUEST_LOG writes a line per request
# (method, URL pattern name, status, milliseconds; never the path, which may hold tokens).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
REQUEST_LOG = env.bool("REQUEST_LOG", default=LOG_FORMAT == "json")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))
MIDDLEWARE.insert(0, "groundwork.core.observability.RequestIdMiddleware")
# /metrics (Prometheus) answers a bearer token or listed scraper addresses; with neither it is
# not served at all.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
# Error reports to Sentry only when a DSN is set (the SDK is imported only then; nothing personal
# is sent: see groundwork/core/observability.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
init_sentry(
    SENTRY_DSN,
    environment=env.str("SENTRY_ENVIRONMENT", default=""),
    release=env.str("SENTRY_RELEASE", default=""),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)

# --- Groundwork --------------------------------------------------------------------------------
# How many days before a grant's reporting date its coalitions' coordinators are reminded.
FUNDING_REPORT_REMINDER_DAYS = env.int("FUNDING_REPORT_REMINDER_DAYS", default=14)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
SITE_NAME = "Groundwork"
CSRF_FAILURE_VIEW = "groundwork.core.views.csrf_failure"
AXES_VERBOSE = False
# API lists are paginated (?limit=&offset=); one page never holds more than a thousand rows.
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000

# --- Cache and limits on writes ---------------------------------------------------------------
# One cache shared by every web and worker process: it holds the rate-limit counters and the
# rendered plan pages. CACHE_URL picks it: redis://host:6379/0 in production (Django's own
# RedisCache; install the pinned `redis` client with `pip install -c requirements/lock.txt
# ".[redis]"`), and by default files under var/cache, which the web server and the worker on
# one machine share (see docs/operations.md).
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
    # Django's file cache, counted once a minute instead of on every write (core/filecache.py).
    CACHES["default"]["BACKEND"] = "groundwork.core.filecache.FileCache"
RATELIMIT_USE_CACHE = "default"
INSTALLED_APPS += ["django_ratelimit"]
# django-ratelimit's own cache checks are replaced by groundwork.core.checks.rate_limit_cache_check:
# theirs warn about Django's RedisCache (atomic; their list predates it) and refuse the file and
# database caches, whose increments are not atomic: at the edge of a limit two simultaneous
# requests may both pass, which the defaults accept on one machine (docs/operations.md). Caches
# that no two processes share (local memory, dummy) are still refused.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Behind a proxy, the client's address is in a header the proxy sets (e.g. HTTP_X_REAL_IP);
# leave unset when clients connect directly.
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default=None)
# Webhook endpoints are HTTPS addresses on the public internet; development may allow plain
# HTTP and private addresses (a receiver on the same machine).
WEBHOOKS_ALLOW_HTTP = env.bool("WEBHOOKS_ALLOW_HTTP", default=False)
WEBHOOKS_ALLOW_PRIVATE = env.bool("WEBHOOKS_ALLOW_PRIVATE", default=False)
# Seconds before a failed delivery is tried again the first time; each later wait doubles.
WEBHOOKS_RETRY_FIRST_SECONDS = env.int("WEBHOOKS_RETRY_FIRST_SECONDS", default=30)
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# Writes one visitor may make: per person (a participant, an account, a survey's link cookie,
# an e-mail address) and per client address, as "count/period" (s, m, h, d). A resident
# answers a few times; forty people at a gathering share one address, so "client" is generous.
# RATE_LIMITS='{"answer": {"person": "5/h"}}' in the environment overrides single entries.
RATE_LIMITS = {
    "answer": {"person": "10/h", "client": "300/h"},
    "vote": {"person": "300/h", "client": "3000/h"},
    "statement": {"person": "10/h", "client": "200/h"},
    "endorsement": {"person": "10/h", "client": "300/h"},
    "survey_response": {"person": "10/h", "client": "300/h"},
    "follow": {"person": "5/h", "client": "30/h"},
    "comment": {"person": "30/h", "client": "300/h"},
    # Registering for gatherings, per e-mail address or phone number (each one gets e-mails).
    "registration": {"person": "10/h", "client": "100/h"},
    "signup": {"person": "5/h", "client": "20/h"},
    "api_write": {"person": "60/h", "client": "300/h"},
}
for _kind, _limits in env.json("RATE_LIMITS", default={}).items():
    RATE_LIMITS.setdefault(_kind, {}).update(_limits)

# Forms and query strings that are not UTF-8 are refused (400) before anything decodes them.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "groundwork.core.encoding.Utf8FormMiddleware",
)

# --- Following a plan by e-mail ---------------------------------------------------------------
# Days a follow request waits for its confirmation link to be opened before it is removed.
FOLLOW_CONFIRM_DAYS = env.int("FOLLOW_CONFIRM_DAYS", default=7)

# --- Referrals: personal fields encrypted at rest ----------------------------------------------
# Fernet keys (``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key()
# .decode())"``), newest first: values are written with the first and read with any, so a key
# is rotated by putting a new one in front and running `manage.py referrals_rotate_keys`.
# Local development (DEBUG) derives keys from SECRET_KEY; the test suite sets its own in
# pyproject.toml ([tool.pytest.ini_options] env); production never derives one: without the
# variables `check --deploy` fails and nothing personal can be stored.
if "FIELD_ENCRYPTION_KEYS" in env:
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")
    FIELD_LOOKUP_KEY = env.str("FIELD_LOOKUP_KEY", default="")
elif DEBUG and SECRET_KEY:
    from groundwork.referrals.crypto import derive_key

    FIELD_ENCRYPTION_KEYS = [derive_key(SECRET_KEY, "fields")]
    FIELD_LOOKUP_KEY = env.str("FIELD_LOOKUP_KEY", default=derive_key(SECRET_KEY, "lookup"))
else:
    FIELD_ENCRYPTION_KEYS = []
    FIELD_LOOKUP_KEY = env.str("FIELD_LOOKUP_KEY", default="")
# A referral's personal details are erased this many days after it ends (closed, declined or
# forwarded); the audit trail and the de-identified figures stay.
REFERRAL_RETENTION_DAYS = env.int("REFERRAL_RETENTION_DAYS", default=365)
# Business days without an answer after which a sent referral is flagged.
REFERRAL_RESPONSE_DAYS = env.int("REFERRAL_RESPONSE_DAYS", default=3)
# The directory: how often an organization is asked to confirm its details (and after how long
# a service not verified counts as stale), and how long the link in that e-mail works.
DIRECTORY_REMINDER_MONTHS = env.int("DIRECTORY_REMINDER_MONTHS", default=6)
DIRECTORY_CONFIRM_LINK_DAYS = env.int("DIRECTORY_CONFIRM_LINK_DAYS", default=60)
# The largest HSDS package a steward may upload on the import page, and how large its files
# may be once unzipped (a zip is refused before it is read when they would be larger).
DIRECTORY_IMPORT_MAX_MB = env.int("DIRECTORY_IMPORT_MAX_MB", default=50)
DIRECTORY_IMPORT_MAX_UNPACKED_MB = env.int("DIRECTORY_IMPORT_MAX_UNPACKED_MB", default=500)
