"""Reads for communities pages and API: shaped for the page, query counts pinned in tests."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import Community, Invitation, Membership, Network, Organization


def community_list_visible(*, user: Any) -> QuerySet[Community]:
    visible = Q(is_public=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(memberships__user=user)
    return (
        Community.objects.filter(visible)
        .distinct()
        .select_related("network")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def community_list_for_member(*, user: Any) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("community", "community__network")


def network_list() -> QuerySet[Network]:
    return Network.objects.annotate(community_count=Count("communities")).order_by("name")


def network_communities(*, network: Network, user: Any) -> QuerySet[Community]:
    return community_list_visible(user=user).filter(network=network)


def membership_list(*, community: Community) -> QuerySet[Membership]:
    return community.memberships.select_related("user", "organization").order_by(
        "role", "user__name"
    )


def invitation_list(*, community: Community) -> QuerySet[Invitation]:
    return community.invitations.select_related("invited_by").order_by("-created_at")


def organization_list(*, community: Community) -> QuerySet[Organization]:
    return community.organizations.order_by("name")
