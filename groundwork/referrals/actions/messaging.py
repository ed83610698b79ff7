"""Messages between the two organizations on a referral, and the in-app notices read."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..models import Message, Notification, Referral, Status
from ..rules import handling_organization
from .common import MESSAGE_LIMIT, notify_organization, require


@transaction.atomic
def message_send(*, actor: Any, referral: Referral, body: str) -> Message:
    organization_id = handling_organization(actor, referral.community)
    if organization_id not in (referral.sender_id, referral.receiver_id) or (
        organization_id == referral.receiver_id and referral.status == Status.AWAITING_CONSENT
    ):
        raise ApplicationError(_("Only the two organizations can write on a referral."))
    body = body.strip()
    require(bool(body), _("Write a message."), "body")
    require(len(body) <= MESSAGE_LIMIT, _("The message is too long."), "body")
    message = Message(referral=referral, author=actor, organization_id=organization_id, body=body)
    message.full_clean()
    message.save()
    audit_record(
        community=referral.community,
        actor=actor,
        action="referral.message",
        target=referral,
        details={"message": message.pk},
    )
    other = referral.receiver if organization_id == referral.sender_id else referral.sender
    notify_organization(referral, other, Notification.Kind.MESSAGE)
    return message


@transaction.atomic
def notifications_mark_read(*, user: Any, community: Community) -> int:
    return Notification.objects.filter(
        recipient=user, referral__community=community, read_at__isnull=True
    ).update(read_at=timezone.now())
