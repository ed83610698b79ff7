"""Who may do what with the API's own objects (tokens are a person's own; webhooks belong to
a community or a network)."""

import rules

from groundwork.communities.rules import is_coordinator, is_network_steward

# Registering, pausing and replaying a community's webhooks: its coordinators.
rules.add_perm("api.manage_webhooks", is_coordinator)
# A network's webhooks (the events of all its communities): its stewards.
rules.add_perm("api.manage_network_webhooks", is_network_steward)
