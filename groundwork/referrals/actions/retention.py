"""Erasing a referral's personal details once the retention period has passed."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.services import audit_record

from ..models import Consent, Message, Person, Referral, Status
from ..transitions import ENDED


@transaction.atomic
def referral_details_erase(*, referral: Referral, now: dt.datetime | None = None) -> bool:
    """Erase a referral's personal details (its note and messages), and the person's once
    none of their referrals keeps them. Figures, statuses and the audit trail stay."""
    now = now or timezone.now()
    if referral.details_erased_at is not None:
        return False
    Referral.objects.filter(pk=referral.pk).update(note="", details_erased_at=now)
    Message.objects.filter(referral=referral).update(body="")
    person = referral.person
    if not person.referrals.filter(details_erased_at__isnull=True).exists():
        Person.objects.filter(pk=person.pk).update(
            name="",
            phone="",
            email="",
            best_times="",
            contact_methods=[],
            phone_hash="",
            email_hash="",
            details_erased_at=now,
        )
        Consent.objects.filter(person=person).update(signature="")
    audit_record(
        community=referral.community,
        actor_label=_("retention"),
        action="referral.details_erased",
        target=referral,
    )
    return True


def referrals_erase_expired(
    *, now: dt.datetime | None = None, days: int | None = None
) -> list[int]:
    """Erase the details of referrals that ended (or waited for consent) more than ``days``
    (REFERRAL_RETENTION_DAYS) ago. Safe to run twice; returns the referrals erased."""
    now = now or timezone.now()
    days = settings.REFERRAL_RETENTION_DAYS if days is None else days
    cutoff = now - dt.timedelta(days=days)
    due = Referral.objects.filter(details_erased_at__isnull=True).filter(
        Q(status__in=ENDED, closed_at__lte=cutoff)
        | Q(status=Status.AWAITING_CONSENT, created_at__lte=cutoff)
    )
    erased = []
    for referral in due.select_related("person", "community").order_by("pk"):
        if referral_details_erase(referral=referral, now=now):
            erased.append(referral.pk)
    return erased
