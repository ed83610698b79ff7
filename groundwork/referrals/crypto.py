"""Encryption of personal fields at rest, and keyed look-up hashes.

Keys come from the environment (``FIELD_ENCRYPTION_KEYS``: Fernet keys, comma-separated, the
newest first; ``FIELD_LOOKUP_KEY``: the secret of the look-up hashes). A value is encrypted
with the newest key and decrypted with whichever key made it (``MultiFernet``), so keys can
be rotated: add a new key in front, run ``manage.py referrals_rotate_keys`` (which encrypts
every value again with the newest key and recomputes the look-up hashes), then drop the old
key. Look-ups (the duplicate check) compare HMAC-SHA256 digests of normalized contact
details, never the clear text.

Without keys nothing personal can be stored: the functions here raise ImproperlyConfigured,
and ``manage.py check --deploy`` fails (``referrals.checks``). Development (DEBUG) and the
tests derive keys from SECRET_KEY in settings.py; production never does.
"""

import base64
import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_KEYS = (
    "Set FIELD_ENCRYPTION_KEYS (Fernet keys, comma-separated, newest first) and "
    "FIELD_LOOKUP_KEY; see docs/operations.md."
)


def derive_key(secret: str, purpose: str) -> str:
    """A Fernet key derived from a secret (development and tests only, see settings.py)."""
    digest = hashlib.sha256(f"groundwork.referrals.{purpose}:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def configured_keys() -> tuple[str, ...]:
    return tuple(k.strip() for k in getattr(settings, "FIELD_ENCRYPTION_KEYS", []) if k.strip())


@lru_cache(maxsize=4)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    keys = configured_keys()
    if not keys:
        raise ImproperlyConfigured(MISSING_KEYS)
    try:
        return _multifernet(keys)
    except ValueError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS: {error}") from error


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A personal field cannot be decrypted with FIELD_ENCRYPTION_KEYS: was a key "
            "dropped before manage.py referrals_rotate_keys ran?"
        ) from error


def rotate(token: str) -> str:
    """The same value encrypted again with the newest key."""
    return cipher().rotate(token.encode()).decode()


def newest_key_made(token: str) -> bool:
    """Whether the newest key encrypted this value (used by the rotation command's report)."""
    try:
        Fernet(configured_keys()[0].encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def _lookup_key() -> bytes:
    key = getattr(settings, "FIELD_LOOKUP_KEY", "")
    if not key:
        raise ImproperlyConfigured(MISSING_KEYS)
    return key.encode()


def normalize_phone(value: str) -> str:
    """Digits only; a leading US country code (1 before ten digits) is dropped."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def normalize_email(value: str) -> str:
    return unicodedata.normalize("NFKC", (value or "").strip()).casefold()


def normalize_name(value: str) -> str:
    text = unicodedata.normalize("NFKC", value or "").casefold()
    return " ".join(text.split())


def lookup_hash(kind: str, normalized: str) -> str:
    """HMAC-SHA256 of a normalized value under FIELD_LOOKUP_KEY; blank for a blank value."""
    if not normalized:
        return ""
    message = f"{kind}:{normalized}".encode()
    return hmac.new(_lookup_key(), message, hashlib.sha256).hexdigest()
