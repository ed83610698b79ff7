"""Who may see the catalog and the landscape report, and who regenerates the report.

Networks are public: anyone reads the catalog (which lists only the coalitions the viewer may
see) and the latest report (computed over coalitions with a public profile). Only the
network's staff (stewards) regenerate the report.
"""

import rules

from groundwork.communities.rules import is_network_steward

rules.add_perm("landscape.view_catalog", rules.always_allow)
rules.add_perm("landscape.view_report", rules.always_allow)
rules.add_perm("landscape.generate_report", is_network_steward)
