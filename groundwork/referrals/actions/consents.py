"""The person's consent: confirmed through their link, revoked by them or by the sender."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..models import Consent, Notification, Referral, Status, StatusChange
from ..rules import handling_organization
from .common import notify_receiver, notify_sender


@transaction.atomic
def consent_confirm(*, referral: Referral, base_url: str = "") -> Consent:
    """The person confirms through their link: the consent holds from now and the referrals
    that waited for it are sent."""
    consent = Consent.objects.select_for_update().get(pk=referral.consent_id)
    if consent.revoked_at is not None:
        raise ApplicationError(_("You withdrew this consent; it cannot be given again here."))
    if consent.expires_at <= timezone.now():
        raise ApplicationError(_("This consent has ended."))
    if consent.confirmed_at is not None:
        return consent
    now = timezone.now()
    consent.confirmed_at = now
    consent.save(update_fields=["confirmed_at", "updated_at"])
    for waiting in Referral.objects.filter(consent=consent, status=Status.AWAITING_CONSENT):
        StatusChange.objects.create(
            referral=waiting,
            from_status=Status.AWAITING_CONSENT,
            to_status=Status.SENT,
            by_person=True,
        )
        waiting.status = Status.SENT
        waiting.sent_at = now
        waiting.save(update_fields=["status", "sent_at", "updated_at"])
        notify_receiver(waiting, base_url)
    audit_record(
        community=referral.community,
        actor_label=_("the person referred"),
        action="referral.consent_confirmed",
        target=referral,
    )
    return consent


@transaction.atomic
def consent_revoke(
    *, referral: Referral, actor: Any = None, by_person: bool = False, base_url: str = ""
) -> Consent:
    """Revoke the consent behind a referral (the sender on the person's behalf, or the person
    through their link). Nothing more is shared, and organizations that had not accepted
    their referral no longer see the details."""
    if not by_person and handling_organization(actor, referral.community) != referral.sender_id:
        raise ApplicationError(
            _("Only the sending organization can revoke on the person's behalf.")
        )
    consent = Consent.objects.select_for_update().get(pk=referral.consent_id)
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at = timezone.now()
    consent.revoked_by_person = by_person
    consent.save(update_fields=["revoked_at", "revoked_by_person", "updated_at"])
    audit_record(
        community=referral.community,
        actor=None if by_person else actor,
        actor_label=_("the person referred") if by_person else "",
        action="referral.consent_revoked",
        target=referral,
        details={"by_person": by_person},
    )
    notify_sender(referral, Notification.Kind.REVOKED, base_url)
    return consent
