"""Who may do what with the API's own objects (tokens are a person's own; webhooks belong to
a community)."""

import rules

from groundwork.communities.rules import is_coordinator

# Registering, pausing and replaying a community's webhooks: its coordinators.
rules.add_perm("api.manage_webhooks", is_coordinator)
