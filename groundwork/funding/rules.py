"""Who may see and record a network's funding. Stewards of the network record funders and
grants and see the whole network's runway; members of a coalition see its own runway."""

import rules

from groundwork.communities.rules import is_member, is_network_steward


@rules.predicate
def steward_of_community_network(user, community) -> bool:  # type: ignore[no-untyped-def]
    return community is not None and is_network_steward(user, community.network)


rules.add_perm("funding.manage_network", is_network_steward)
rules.add_perm("funding.view_network", is_network_steward)
rules.add_perm("funding.view_community", is_member | steward_of_community_network)
