"""Who may do what in a community. Every view and API route asks these rules."""

from typing import Any

import rules
from django.utils.functional import LazyObject

from .models import Community, Network, Region, Role


def role_in(user: Any, community: Community | None) -> str | None:
    """The user's role in the community, cached on the user object for the request."""
    if community is None or not getattr(user, "is_authenticated", False):
        return None
    if isinstance(user, LazyObject):  # request.user: the cache goes on the user itself
        user = user._wrapped
    cache: dict[int, str | None] = user.__dict__.setdefault("_community_roles", {})
    if community.pk not in cache:
        cache[community.pk] = (
            community.memberships.filter(user=user).values_list("role", flat=True).first()
        )
    return cache[community.pk]


def has_role(*roles: str) -> rules.Predicate:
    name = "has_role:" + ",".join(roles)

    @rules.predicate(name=name)
    def predicate(user: Any, community: Community | None) -> bool:
        return role_in(user, community) in roles

    return predicate


@rules.predicate
def is_member(user: Any, community: Community | None) -> bool:
    return role_in(user, community) is not None


@rules.predicate
def is_public_community(user: Any, community: Community | None) -> bool:
    return community is not None and community.is_public


@rules.predicate
def is_network_steward(user: Any, network: Network | None) -> bool:
    if network is None or not getattr(user, "is_authenticated", False):
        return False
    return network.stewards.filter(pk=user.pk).exists()


@rules.predicate
def is_steward_of_its_network(user: Any, community: Community | None) -> bool:
    """The community is a network's own directory (``Community.directory_of``) and the user
    is one of that network's stewards (the networks they steward are cached per request)."""
    if community is None or community.directory_of_id is None:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    if "_stewarded_networks" not in user.__dict__:
        user.__dict__["_stewarded_networks"] = set(
            user.stewarded_networks.values_list("pk", flat=True)
        )
    return community.directory_of_id in user.__dict__["_stewarded_networks"]


@rules.predicate
def stewards_regions_network(user: Any, region: Region | None) -> bool:
    return region is not None and is_network_steward(user, region.network)


@rules.predicate
def is_region_steward(user: Any, region: Region | None) -> bool:
    """One of the region's own stewards (the regions they steward are cached per request)."""
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    if "_stewarded_regions" not in user.__dict__:
        user.__dict__["_stewarded_regions"] = set(
            user.stewarded_regions.values_list("pk", flat=True)
        )
    return region.pk in user.__dict__["_stewarded_regions"]


@rules.predicate
def is_site_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


@rules.predicate
def is_a_coalition(user: Any, community: Community | None) -> bool:
    """A community proper, not the row that holds a network's own directory entries."""
    return community is not None and community.directory_of_id is None


is_coordinator = has_role(Role.COORDINATOR)
is_facilitator_or_above = has_role(Role.COORDINATOR, Role.FACILITATOR)

rules.add_perm("communities.view_community", is_public_community | is_member)
rules.add_perm("communities.view_workspace", is_member)
rules.add_perm("communities.change_community", is_coordinator)
rules.add_perm("communities.view_members", is_member)
rules.add_perm("communities.manage_members", is_coordinator)
rules.add_perm("communities.invite_members", is_facilitator_or_above)
rules.add_perm("communities.view_organizations", is_member)
# A network's stewards add the organizations of its own directory (``directory.owners``).
rules.add_perm("communities.add_organization", is_facilitator_or_above | is_steward_of_its_network)
rules.add_perm("communities.view_audit", is_coordinator)
rules.add_perm("communities.add_community", rules.is_authenticated)
rules.add_perm("communities.view_network", rules.always_allow)
rules.add_perm("communities.add_network_community", is_network_steward)
rules.add_perm("communities.manage_network", is_network_steward)
# Setting up networks: staff create them; a coalition's coordinators ask to join one or leave
# it (object: the community); the network's stewards decide (object: the network).
rules.add_perm("communities.add_network", is_site_staff)
rules.add_perm("communities.change_network_membership", is_coordinator & is_a_coalition)
rules.add_perm("communities.decide_join_requests", is_network_steward)
# Regional hubs: anyone sees a hub's public page; the network's stewards make regions and
# name their stewards (object: the network, then the region); a region's own stewards change
# that region and which of the network's coalitions it groups, and no other region.
rules.add_perm("communities.view_region", rules.always_allow)
rules.add_perm("communities.add_region", is_network_steward)
rules.add_perm("communities.change_region", stewards_regions_network | is_region_steward)
rules.add_perm("communities.delete_region", stewards_regions_network)
rules.add_perm("communities.name_region_stewards", stewards_regions_network)
# What a hub shows beyond its public page: open requests for help assigned to it.
rules.add_perm("communities.view_region_requests", stewards_regions_network | is_region_steward)
