"""Every write to communities goes through here: validated, atomic, audited. The writes live
in actions/ by concept (``communities``: networks, communities, organizations; ``membership``:
roles and invitations; ``profile``: the coalition profile; ``goals``: the theory of change and
the goals); this module is their one import point."""

from .actions.communities import (
    COMMUNITY_EDITABLE,
    community_create,
    community_update,
    network_create,
    organization_create,
    strategies_create_defaults,
)
from .actions.goals import (
    county_goal_create,
    county_goal_delete,
    county_goal_update,
    network_goal_create,
    network_goal_delete,
    network_goal_update,
    network_item_move,
    strategy_create,
    strategy_delete,
    strategy_update,
)
from .actions.membership import (
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
    membership_remove,
    membership_set_role,
)
from .actions.profile import (
    INDICATOR_NAMES,
    community_profile_confirm,
    community_profile_update,
)

__all__ = [
    "COMMUNITY_EDITABLE",
    "INDICATOR_NAMES",
    "community_create",
    "community_profile_confirm",
    "community_profile_update",
    "community_update",
    "county_goal_create",
    "county_goal_delete",
    "county_goal_update",
    "invitation_accept",
    "invitation_create",
    "invitation_for_token",
    "invitation_revoke",
    "membership_remove",
    "membership_set_role",
    "network_create",
    "network_goal_create",
    "network_goal_delete",
    "network_goal_update",
    "network_item_move",
    "organization_create",
    "strategies_create_defaults",
    "strategy_create",
    "strategy_delete",
    "strategy_update",
]
