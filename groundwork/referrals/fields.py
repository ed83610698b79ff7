"""A text field stored encrypted (``crypto.encrypt``) and read back as clear text."""

from typing import Any

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Clear text in Python, a Fernet token in the database. An empty value stays empty (an
    erased field is an empty string). Encrypted values cannot be searched or ordered: look-ups
    use the keyed hashes beside them."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(value)
