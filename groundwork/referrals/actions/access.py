"""Reading a person's details: what this reader may see, and the access record of the read."""

from typing import Any

from django.db import transaction

from ..models import AccessRecord, Referral
from ..rules import handling_organization, receiver_may_see_details

DETAIL_FIELDS = {
    "name": ("name",),
    "contact": ("phone", "email", "best_times", "contact_methods"),
    "note": ("note",),
}


@transaction.atomic
def referral_details_read(*, actor: Any, referral: Referral, reason: str) -> dict[str, Any]:
    """The person's details as this reader may see them, and the record of the read.

    The sender sees everything it recorded; the receiver what the consent covers. The caller
    has checked ``referrals.view_details``."""
    organization_id = handling_organization(actor, referral.community)
    person = referral.person
    consent = referral.consent
    sender_side = organization_id == referral.sender_id
    shown: dict[str, Any] = {}
    for group, names in DETAIL_FIELDS.items():
        if not sender_side and not consent.covers(group):
            continue
        for name in names:
            shown[name] = getattr(referral if name == "note" else person, name)
    AccessRecord.objects.create(
        referral=referral,
        community=referral.community,
        viewer=actor,
        viewer_name=str(actor)[:200],
        organization_id=organization_id,
        fields=[k for k in shown if k != "contact_methods"] + ["messages"],
        reason=reason,
    )
    return shown


def receiver_sees_details(referral: Referral) -> bool:
    return referral.details_erased_at is None and receiver_may_see_details(referral)
