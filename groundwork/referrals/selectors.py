"""Reads about referrals, shaped for the pages. None of them decrypts a person's details:
only ``actions.access.referral_details_read`` does, and it records the read."""

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from groundwork.communities.models import Community

from .models import AccessRecord, Message, Notification, Referral, Status, StatusChange

BOXES = ("received", "sent")


def inbox(*, community: Community, organization_id: int, box: str = "received") -> QuerySet:
    """An organization's referrals: those it received (once sent), or those it sent.
    ``person`` is deferred: listing never reads (or decrypts) anyone's details."""
    referrals = Referral.objects.filter(community=community)
    if box == "sent":
        referrals = referrals.filter(sender_id=organization_id)
    else:
        referrals = referrals.filter(receiver_id=organization_id).exclude(
            status=Status.AWAITING_CONSENT
        )
    return (
        referrals.select_related("service", "sender", "receiver")
        .defer("note")
        .order_by("-created_at", "-id")
    )


def history(referral: Referral) -> QuerySet:
    return StatusChange.objects.filter(referral=referral).select_related("actor", "organization")


def messages(referral: Referral) -> QuerySet:
    return Message.objects.filter(referral=referral).select_related("author", "organization")


def access_log_for_person(referral: Referral) -> QuerySet:
    """Every recorded read of the person's details on the referrals made with the same
    consent (what the person's link shows)."""
    return (
        AccessRecord.objects.filter(referral__consent_id=referral.consent_id)
        .select_related("organization")
        .order_by("-created_at", "-id")
    )


def access_log_for_organization(*, community: Community, organization_id: int) -> QuerySet:
    """Reads of details on the referrals an organization sent or received (its admins')."""
    return (
        AccessRecord.objects.filter(community=community)
        .filter(Q(referral__sender_id=organization_id) | Q(referral__receiver_id=organization_id))
        .select_related("organization")
        .order_by("-created_at", "-id")
    )


def related_referrals(referral: Referral) -> QuerySet:
    """The other referrals made with the same consent (for the person's page)."""
    return (
        Referral.objects.filter(consent_id=referral.consent_id)
        .exclude(pk=referral.pk)
        .select_related("service", "receiver")
        .order_by("pk")
    )


def notifications(*, user: Any, community: Community, limit: int = 20) -> QuerySet:
    return Notification.objects.filter(
        recipient=user, referral__community=community, read_at__isnull=True
    ).order_by("-created_at", "-id")[:limit]


def notices_without_details(user: Any, community: Community) -> list[dict[str, Any]]:
    """A member's unread notices as (number, what happened, status now), for those who have
    no inbox (coordinators told of unanswered referrals); no referral is loaded."""
    found = list(notifications(user=user, community=community))
    statuses = dict(
        Referral.objects.filter(pk__in=[n.referral_id for n in found]).values_list("pk", "status")
    )
    return [
        {
            "number": n.referral_id,
            "kind": n.get_kind_display(),
            "status": Status(statuses[n.referral_id]).label,
        }
        for n in found
    ]


def referral_in_community(*, slug: str, referral_id: int) -> Referral:
    """A referral looked up through the community in the URL (404 when it is another
    community's), with what its pages and API answers show; the caller checks permission.
    The person is not joined: their fields decrypt on loading, which only
    ``actions.access.referral_details_read`` does, for a reader who may see them."""
    community = get_object_or_404(Community, slug=slug)
    return get_object_or_404(
        Referral.objects.select_related("community", "consent", "service", "sender", "receiver"),
        community=community,
        pk=referral_id,
    )
