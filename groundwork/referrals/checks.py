"""`manage.py check --deploy` fails without the keys that encrypt personal fields."""

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error

from .crypto import MISSING_KEYS


def encryption_keys_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    keys = [k.strip() for k in getattr(settings, "FIELD_ENCRYPTION_KEYS", []) if k.strip()]
    if not keys or not getattr(settings, "FIELD_LOOKUP_KEY", ""):
        return [Error(MISSING_KEYS, id="referrals.E001")]
    errors = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            errors.append(
                Error(
                    f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key "
                    "(32 url-safe base64-encoded bytes).",
                    id="referrals.E002",
                )
            )
    if settings.FIELD_LOOKUP_KEY in keys:
        errors.append(
            Error("FIELD_LOOKUP_KEY must differ from the encryption keys.", id="referrals.E003")
        )
    return errors
