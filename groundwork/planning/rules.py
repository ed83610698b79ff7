from typing import Any

import rules

from groundwork.communities.models import Role
from groundwork.communities.rules import is_facilitator_or_above, is_member, role_in

from .models import Process


@rules.predicate
def is_community_member(user: Any, process: Process | None) -> bool:
    return process is not None and role_in(user, process.community) is not None


@rules.predicate
def is_open_to_public(user: Any, process: Process | None) -> bool:
    return process is not None and process.is_public and process.community.is_public


@rules.predicate
def is_facilitating(user: Any, process: Process | None) -> bool:
    return process is not None and role_in(user, process.community) in (
        Role.COORDINATOR,
        Role.FACILITATOR,
    )


@rules.predicate
def is_gathering(user: Any, process: Process | None) -> bool:
    return process is not None and process.is_gathering


can_view = is_open_to_public | is_community_member

rules.add_perm("planning.view_process", can_view)
rules.add_perm("planning.contribute", can_view & is_gathering)
rules.add_perm("planning.moderate", is_facilitating)
rules.add_perm("planning.capture", is_facilitating)
rules.add_perm("planning.change_process", is_facilitating)

# Facilitation guides belong to a community (the rule's object is the community): its members
# read them; its coordinators and facilitators copy, adapt and assign them to gatherings.
rules.add_perm("planning.view_guides", is_member)
rules.add_perm("planning.manage_guides", is_facilitator_or_above)

# Photos of paper form pages (field mode): the community's members only.
rules.add_perm("planning.view_paper_photos", is_community_member)
