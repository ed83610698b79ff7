from typing import Any

import rules

from groundwork.communities.rules import (
    is_coordinator,
    is_member,
    is_network_steward,
    is_public_community,
)


@rules.predicate
def manages_list(user: Any, mailing_list: Any) -> bool:
    """Coordinators of the list's community; stewards of the list's network."""
    if mailing_list is None:
        return False
    if mailing_list.network_id:
        return bool(is_network_steward(user, mailing_list.network))
    return bool(is_coordinator(user, mailing_list.community))


@rules.predicate
def can_see_list(user: Any, mailing_list: Any) -> bool:
    if mailing_list is None:
        return False
    if mailing_list.network_id:
        return True
    community = mailing_list.community
    return bool(is_public_community(user, community) or is_member(user, community))


@rules.predicate
def manages_owner(user: Any, owner: Any) -> bool:
    """The community's coordinators or the network's stewards (creating a list)."""
    from groundwork.communities.models import Network

    if isinstance(owner, Network):
        return bool(is_network_steward(user, owner))
    return bool(is_coordinator(user, owner))


rules.add_perm("newsletters.view_list", can_see_list)
rules.add_perm("newsletters.subscribe", can_see_list)
rules.add_perm("newsletters.manage_list", manages_list)
rules.add_perm("newsletters.add_list", manages_owner)
