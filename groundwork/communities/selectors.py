"""Reads for communities pages and API: shaped for the page, query counts pinned in tests."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from . import counties
from .maturity import RATING_FIELDS, Maturity, community_maturity
from .models import (
    CoalitionStrategy,
    Community,
    CountyGoal,
    Invitation,
    Membership,
    Network,
    NetworkGoal,
    Organization,
    Strategy,
)


def visible_to(user: Any) -> Q:
    """Communities ``user`` may see: the public ones and their own (join duplicates rows:
    use it with distinct() or in a subquery)."""
    visible = Q(is_public=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(memberships__user=user)
    return visible


def community_list_visible(*, user: Any) -> QuerySet[Community]:
    return (
        Community.objects.filter(visible_to(user))
        .distinct()
        .select_related("network")
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


# The coalition profile ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    field: str
    label: Any
    value: int | None


@dataclass(frozen=True)
class Profile:
    counties: list[counties.County]
    focus_areas: list[str]
    maturity: Maturity
    ratings: list[Rating]
    strategies: list[CoalitionStrategy]
    county_goals: list[CountyGoal]


def community_profile(*, community: Community) -> Profile:
    """Everything the public profile shows, in two queries."""
    return Profile(
        counties=community.counties(),
        focus_areas=community.focus_area_labels(),
        maturity=community_maturity(community),
        ratings=[
            Rating(name, Community._meta.get_field(name).verbose_name, getattr(community, name))
            for name in RATING_FIELDS
        ],
        strategies=list(community.strategy_links.select_related("strategy")),
        county_goals=list(community.county_goals.select_related("network_goal")),
    )


def network_strategies(*, network: Network) -> QuerySet[Strategy]:
    """The theory of change, each strategy with how many public coalitions pursue it."""
    return network.strategies.annotate(
        coalition_count=Count(
            "coalition_links",
            filter=Q(coalition_links__community__is_public=True),
            distinct=True,
        )
    ).order_by("position", "id")


def network_goals(*, network: Network) -> QuerySet[NetworkGoal]:
    """Statewide goals, each with the public coalitions' county goals working toward it."""
    return network.goals.prefetch_related(
        Prefetch(
            "county_goals",
            queryset=CountyGoal.objects.filter(community__is_public=True)
            .select_related("community")
            .order_by("community__name", "id"),
        )
    ).order_by("position", "id")


def network_items_for_staff(*, network: Network, kind: str) -> QuerySet[Any]:
    """The strategies or statewide goals on the staff's management page, each with how many
    coalitions (public or not) pursue it or county goals are linked to it."""
    if kind == "strategies":
        return network.strategies.annotate(linked=Count("coalition_links")).order_by(
            "position", "id"
        )
    return network.goals.annotate(linked=Count("county_goals")).order_by("position", "id")


def network_coalitions_by_confirmation(*, network: Network, user: Any) -> QuerySet[Community]:
    """The network's coalitions, the profiles confirmed longest ago (or never) first."""
    return network_communities(network=network, user=user).order_by(
        F("profile_confirmed_at").asc(nulls_first=True), "name"
    )
