"""Who sees and who runs boards. The object is a board or its owner (a community or a
network). A community's coordinators and facilitators run its boards, a network's stewards
the network's; a public board of a public owner is seen by anyone, the others by the owner's
people (members of the community; stewards of the network)."""

from typing import Any

import rules

from groundwork.communities.models import Community, Network, Role
from groundwork.communities.rules import role_in

from .models import Board


def _owner(obj: Any) -> Any:
    if isinstance(obj, Board):
        return obj.community if obj.community_id else obj.network
    return obj


def _steward(user: Any, network: Network) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if "_stewarded_networks" not in user.__dict__:
        user.__dict__["_stewarded_networks"] = set(
            user.stewarded_networks.values_list("pk", flat=True)
        )
    return network.pk in user.__dict__["_stewarded_networks"]


@rules.predicate
def runs_it(user: Any, obj: Any) -> bool:
    owner = _owner(obj)
    if isinstance(owner, Community):
        return owner.directory_of_id is None and role_in(user, owner) in (
            Role.COORDINATOR,
            Role.FACILITATOR,
        )
    if isinstance(owner, Network):
        return _steward(user, owner)
    return False


@rules.predicate
def belongs(user: Any, obj: Any) -> bool:
    owner = _owner(obj)
    if isinstance(owner, Community):
        return role_in(user, owner) is not None
    return isinstance(owner, Network) and _steward(user, owner)


@rules.predicate
def is_public(user: Any, obj: Any) -> bool:
    if isinstance(obj, Board) and not obj.is_public:
        return False
    owner = _owner(obj)
    if isinstance(owner, Community):
        return owner.is_public and owner.directory_of_id is None
    return isinstance(owner, Network)


rules.add_perm("boards.view", is_public | belongs)
rules.add_perm("boards.manage", runs_it)
# Who held the seats before (with the dates they held them): the owner's members.
rules.add_perm("boards.view_history", belongs)
