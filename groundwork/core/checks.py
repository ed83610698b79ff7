"""Start-up rules Django's own checks do not cover."""

from typing import Any

from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = "Set SECRET_KEY (or DEBUG=true for local development)."  # noqa: S105


def _has_secret_key() -> bool:
    try:
        return bool(settings.SECRET_KEY)  # Django refuses to read an empty key
    except ImproperlyConfigured:
        return False


def secret_key_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A deployment check (`manage.py check --deploy`): without SECRET_KEY nothing can be
    signed. Commands that sign nothing (makemigrations, migrate) still run without it."""
    return [] if _has_secret_key() else [Error(MISSING_SECRET_KEY, id="groundwork.E001")]


def require_secret_key() -> None:
    """The WSGI and ASGI entry points call this: a server never starts without the key."""
    if not _has_secret_key():
        raise ImproperlyConfigured(MISSING_SECRET_KEY)


# Caches that keep counts per process (or not at all): rate limits would not hold.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "keeps its counts in one process",
    "django.core.cache.backends.dummy.DummyCache": "keeps no counts at all",
}


def rate_limit_cache_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Stands in for django-ratelimit's own cache checks (silenced in settings): theirs
    predate Django's RedisCache (atomic, but warned about as unknown) and refuse the file
    and database caches because their increments are not atomic. Groundwork accepts that
    trade-off for a single machine (two simultaneous requests may both be let through at the
    edge of a limit; see docs/operations.md) and refuses only caches that no two processes
    share, where a limit would not hold at all."""
    backend = settings.CACHES.get(settings.RATELIMIT_USE_CACHE, {}).get("BACKEND", "")
    reason = UNSHARED_CACHES.get(backend)
    if reason is None or not settings.RATELIMIT_ENABLE:
        return []
    return [
        Error(
            f"The rate-limit cache ({backend}) {reason}.",
            hint="Set CACHE_URL to redis://… or leave it unset for the file cache in var/cache.",
            id="groundwork.E002",
        )
    ]
