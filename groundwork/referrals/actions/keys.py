"""Re-encrypting every encrypted field with the newest key (key rotation)."""

from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.services import audit_record

from .. import crypto
from ..fields import EncryptedTextField
from ..models import Person


def encrypted_columns() -> list[tuple[Any, tuple[str, ...]]]:
    """Every model with encrypted columns, in any app (referrals' personal fields, webhook
    secrets), with the names of those columns."""
    found = []
    for model in apps.get_models():
        names = tuple(
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        )
        if names:
            found.append((model, names))
    return found


def keys_rotate() -> dict[str, int]:
    """Encrypt every personal field again with the newest key and recompute the look-up
    hashes under the current look-up key. Row by row, each in its own transaction; safe to
    run again after an interruption. Returns the rows rewritten per model."""
    counts: dict[str, int] = {}
    for model, names in encrypted_columns():
        rewritten = 0
        for pk in model.objects.order_by("pk").values_list("pk", flat=True).iterator():
            with transaction.atomic():
                row = model.objects.select_for_update().get(pk=pk)
                changes = {name: getattr(row, name) for name in names}
                if isinstance(row, Person):
                    changes["phone_hash"] = crypto.lookup_hash(
                        "phone", crypto.normalize_phone(row.phone)
                    )
                    changes["email_hash"] = crypto.lookup_hash(
                        "email", crypto.normalize_email(row.email)
                    )
                # update() passes every value through the field again: encrypted afresh.
                model.objects.filter(pk=pk).update(**changes)
                rewritten += 1
        counts[model._meta.model_name or ""] = rewritten
    audit_record(action="referrals.keys_rotated", actor_label=_("key rotation"), details=counts)
    return counts
