"""What the referral actions share: limits, the receiving organization of a service, the
members who handle an organization's referrals, and in-app and e-mail notices."""

from typing import Any

from django.db import transaction

from groundwork.communities.models import Membership, Organization, ReferralsRole
from groundwork.core.errors import ApplicationError
from groundwork.directory.models import Service

from ..models import Notification, Referral

NAME_LIMIT = 200
NOTE_LIMIT = 2000
MESSAGE_LIMIT = 2000


def receiving_organization(service: Service) -> Organization | None:
    if service.organization_id is None:
        return None
    return Organization.objects.filter(
        community_id=service.community_id, hsds_id=service.organization_id
    ).first()


def require(condition: bool, message: str, field: str | None = None) -> None:
    if not condition:
        raise ApplicationError(message, field=field)


def members_handling(organization: Organization) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            organization=organization,
            community_id=organization.community_id,
            referrals_role__in=(ReferralsRole.STAFF, ReferralsRole.ADMIN),
        ).select_related("user")
    ]


def notify_organization(referral: Referral, organization: Organization, kind: str) -> None:
    for user in members_handling(organization):
        Notification.objects.create(recipient=user, referral=referral, kind=kind)


def email_notice(referral: Referral, user_ids: list[int], kind: str, base_url: str = "") -> None:
    """After commit, one e-mail per member, in their language (``tasks.referral_notice_email``):
    it names no one, only the referral's number and a link."""
    from ..tasks import referral_notice_email

    referral_id = referral.pk
    for user_id in sorted(set(user_ids)):
        transaction.on_commit(
            lambda user_id=user_id: referral_notice_email.enqueue(
                referral_id=referral_id, user_id=user_id, kind=kind, base_url=base_url
            )
        )


def notify_receiver(referral: Referral, base_url: str = "") -> None:
    """A referral was sent: in the app and by e-mail for everyone handling the receiving
    organization's referrals."""
    notify_organization(referral, referral.receiver, Notification.Kind.RECEIVED)
    email_notice(
        referral,
        [u.pk for u in members_handling(referral.receiver)],
        Notification.Kind.RECEIVED,
        base_url,
    )


def notify_sender(referral: Referral, kind: str, base_url: str = "") -> None:
    """In the app for everyone handling the sender's referrals, and by e-mail to the member
    who sent it."""
    notify_organization(referral, referral.sender, kind)
    if referral.sent_by_id:
        email_notice(referral, [referral.sent_by_id], kind, base_url)
