"""A referral's steps along the transition table, forwarding included."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.directory.models import Service

from ..models import Consent, DeclineReason, Notification, Outcome, Referral, Status, StatusChange
from ..rules import handling_organization
from ..transitions import ENDED, PERSON, RECEIVER, allowed
from .common import notify_receiver, notify_sender, receiving_organization, require


@transaction.atomic
def referral_transition(
    *,
    actor: Any,
    referral: Referral,
    to_status: str,
    reason: str = "",
    forward_to: Service | None = None,
    base_url: str = "",
) -> Referral:
    """Move a referral one step along ``transitions.TRANSITIONS``; any other step is refused.
    Declining needs a reason, closing an outcome, forwarding a service the consent covers."""
    referral = Referral.objects.select_for_update().select_related("consent").get(pk=referral.pk)
    who = allowed(referral.status, to_status)
    if who is None:
        raise ApplicationError(
            _("A referral that is %(status)s cannot become %(to)s.")
            % {
                "status": Status(referral.status).label.lower(),
                "to": Status(to_status).label.lower() if to_status in Status.values else to_status,
            }
        )
    if who == PERSON:
        raise ApplicationError(_("Only the person's own confirmation sends this referral."))
    assert who == RECEIVER
    organization_id = handling_organization(actor, referral.community)
    if organization_id != referral.receiver_id:
        raise ApplicationError(_("Only the receiving organization can do this."))
    now = timezone.now()
    if to_status == Status.ACCEPTED:
        if not referral.consent.is_effective():
            raise ApplicationError(
                _(
                    "The person's consent was revoked or has ended: "
                    "this referral cannot be accepted."
                )
            )
        referral.accepted_at = now
    if to_status == Status.DECLINED:
        require(reason in DeclineReason.values, _("Choose a reason."), "reason")
        referral.decline_reason = reason
    if to_status == Status.CLOSED:
        require(reason in Outcome.values, _("Choose an outcome."), "reason")
        referral.outcome = reason
    forwarded = None
    if to_status == Status.FORWARDED:
        forwarded = _forward(actor=actor, referral=referral, service=forward_to, base_url=base_url)
        referral.forwarded_to = forwarded
    if to_status in ENDED:
        referral.closed_at = now
    StatusChange.objects.create(
        referral=referral,
        from_status=referral.status,
        to_status=to_status,
        actor=actor,
        organization_id=organization_id,
        reason=reason if to_status in (Status.DECLINED, Status.CLOSED) else "",
    )
    referral.status = to_status
    referral.full_clean()
    referral.save()
    audit_record(
        community=referral.community,
        actor=actor,
        action=f"referral.{to_status}",
        target=referral,
        details={"reason": reason} if reason else {},
    )
    kind = {
        Status.ACCEPTED: Notification.Kind.ACCEPTED,
        Status.DECLINED: Notification.Kind.DECLINED,
        Status.CLOSED: Notification.Kind.CLOSED,
        Status.FORWARDED: Notification.Kind.FORWARDED,
    }.get(Status(to_status))
    if kind:
        notify_sender(referral, kind, base_url)
    return referral


def _forward(
    *, actor: Any, referral: Referral, service: Service | None, base_url: str = ""
) -> Referral:
    require(service is not None, _("Choose the service to forward to."), "forward_to")
    assert service is not None
    require(
        service.community_id == referral.community_id and service.pk != referral.service_id,
        _("Choose another service of this community."),
        "forward_to",
    )
    consent = referral.consent
    require(consent.is_effective(), _("The person's consent no longer holds."), "forward_to")
    organization = receiving_organization(service)
    require(
        organization is not None and consent.organizations.filter(pk=organization.pk).exists(),
        _("The person's consent does not cover that organization."),
        "forward_to",
    )
    if service.sensitive:
        require(
            consent.method != Consent.Method.VERBAL,
            _("A sensitive service needs the person's written consent."),
            "forward_to",
        )
    assert organization is not None
    now = timezone.now()
    new = Referral(
        community=referral.community,
        person_id=referral.person_id,
        consent=consent,
        service=service,
        sender=referral.sender,
        receiver=organization,
        sent_by=referral.sent_by,
        status=Status.SENT,
        needs=referral.needs,
        urgency=referral.urgency,
        note=referral.note,
        sensitive=service.sensitive,
        sent_at=now,
    )
    new.full_clean()
    new.save()
    StatusChange.objects.create(
        referral=new, to_status=Status.SENT, actor=actor, organization=referral.receiver
    )
    notify_receiver(new, base_url)
    return new
