"""Who may do what in the practice library and peer help.

Published practices are public; drafts only for members of the coalition that wrote them and
the stewards of its network. A coalition's facilitators and coordinators write, publish and
adopt; signed-in members of a network (members of one of its coalitions, or its stewards)
comment; stewards triage requests and hide comments; a request is seen by the requesting
coalition's members, the network's stewards, the stewards of the regional hub it is assigned
to (who triage it too) and the mentor coalition's coordinators."""

from typing import Any

import rules

from groundwork.communities.models import Community, Network, Role
from groundwork.communities.rules import has_role, is_member, role_in

from .models import Comment, HelpRequest, Practice

is_facilitating = has_role(Role.COORDINATOR, Role.FACILITATOR)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def stewards(user: Any, network: Network | None) -> bool:
    """The user stewards the network (the networks they steward are cached per request)."""
    if network is None or not _signed_in(user):
        return False
    if "_stewarded_networks" not in user.__dict__:
        user.__dict__["_stewarded_networks"] = set(
            user.stewarded_networks.values_list("pk", flat=True)
        )
    return network.pk in user.__dict__["_stewarded_networks"]


def in_network(user: Any, network: Network | None) -> bool:
    """A signed-in member of one of the network's coalitions, or one of its stewards."""
    if network is None or not _signed_in(user):
        return False
    if stewards(user, network):
        return True
    cache: dict[int, bool] = user.__dict__.setdefault("_library_networks", {})
    if network.pk not in cache:
        cache[network.pk] = user.memberships.filter(community__network=network).exists()
    return cache[network.pk]


def _network_of(obj: Any) -> Network | None:
    if isinstance(obj, Comment):
        obj = obj.practice if obj.practice_id else obj.request
    if isinstance(obj, (Practice, HelpRequest)):
        return obj.network
    if isinstance(obj, Community):
        return obj.network
    return None


@rules.predicate
def is_published(user: Any, practice: Practice | None) -> bool:
    return practice is not None and practice.is_published


@rules.predicate
def member_of_author(user: Any, practice: Practice | None) -> bool:
    return practice is not None and is_member(user, practice.community)


@rules.predicate
def facilitates_author(user: Any, practice: Practice | None) -> bool:
    return practice is not None and is_facilitating(user, practice.community)


@rules.predicate
def stewards_its_network(user: Any, obj: Any) -> bool:
    return stewards(user, _network_of(obj))


@rules.predicate
def in_its_network(user: Any, obj: Any) -> bool:
    return in_network(user, _network_of(obj))


@rules.predicate
def member_of_requester(user: Any, request: HelpRequest | None) -> bool:
    return request is not None and is_member(user, request.community)


@rules.predicate
def facilitates_requester(user: Any, request: HelpRequest | None) -> bool:
    return request is not None and is_facilitating(user, request.community)


@rules.predicate
def coordinates_mentor(user: Any, request: HelpRequest | None) -> bool:
    if request is None or request.mentor_id is None:
        return False
    return role_in(user, request.mentor) == Role.COORDINATOR


@rules.predicate
def coordinates_requester(user: Any, request: HelpRequest | None) -> bool:
    return request is not None and role_in(user, request.community) == Role.COORDINATOR


@rules.predicate
def community_in_a_network(user: Any, community: Community | None) -> bool:
    return community is not None and community.network_id is not None


@rules.predicate
def stewards_its_region(user: Any, request: HelpRequest | None) -> bool:
    """A steward of the regional hub the request is assigned to."""
    if request is None or request.assigned_region_id is None or not _signed_in(user):
        return False
    from groundwork.communities.rules import is_region_steward

    return bool(is_region_steward(user, request.assigned_region))


can_view_practice = is_published | member_of_author | stewards_its_network
can_view_request = (
    member_of_requester | stewards_its_network | stewards_its_region | coordinates_mentor
)

rules.add_perm("library.view_library", rules.always_allow)
rules.add_perm("library.view_practice", can_view_practice)
rules.add_perm("library.change_practice", facilitates_author)
# Object: the community that publishes (or that keeps its practices, for the list).
rules.add_perm("library.publish_practice", is_facilitating)
rules.add_perm("library.view_community_practices", is_member)
rules.add_perm("library.comment_practice", is_published & in_its_network)
rules.add_perm("library.hide_comment", stewards_its_network)
# Object: the community that asks.
rules.add_perm("library.add_request", is_facilitating & community_in_a_network)
rules.add_perm("library.view_community_requests", is_member)
rules.add_perm("library.view_request", can_view_request)
rules.add_perm("library.triage_request", stewards_its_network | stewards_its_region)
rules.add_perm("library.comment_request", can_view_request)
rules.add_perm("library.agree_introduction", coordinates_requester | coordinates_mentor)
# Object: the network.
rules.add_perm("library.triage_network", rules.predicate(stewards))
