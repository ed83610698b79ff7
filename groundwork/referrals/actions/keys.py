"""Re-encrypting every personal field with the newest key (key rotation)."""

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.services import audit_record

from .. import crypto
from ..models import Consent, Message, Person, Referral

# Every encrypted column, for the rotation command.
ENCRYPTED = [
    (Person, ("name", "phone", "email", "best_times")),
    (Consent, ("signature",)),
    (Referral, ("note",)),
    (Message, ("body",)),
]


def keys_rotate() -> dict[str, int]:
    """Encrypt every personal field again with the newest key and recompute the look-up
    hashes under the current look-up key. Row by row, each in its own transaction; safe to
    run again after an interruption. Returns the rows rewritten per model."""
    counts: dict[str, int] = {}
    for model, names in ENCRYPTED:
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
