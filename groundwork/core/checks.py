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
