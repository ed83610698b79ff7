"""Who may do what in a community's directory."""

from typing import Any

import rules

from groundwork.communities.models import Community
from groundwork.communities.rules import is_facilitator_or_above, is_member, is_public_community

from .models import Location


def member_organization_ids(user: Any, community: Community) -> set[Any]:
    """HSDS ids of the organizations the user belongs to in the community (cached per
    request on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache: dict[int, set[Any]] = user.__dict__.setdefault("_directory_organizations", {})
    if community.pk not in cache:
        cache[community.pk] = set(
            community.memberships.filter(user=user, organization__isnull=False).values_list(
                "organization__hsds_id", flat=True
            )
        )
    return cache[community.pk]


@rules.predicate
def is_own_organizations_location(user: Any, location: Location | None) -> bool:
    """A confidential location is seen by members of the organization it belongs to."""
    if location is None or location.organization_id is None:
        return False
    return location.organization_id in member_organization_ids(user, location.community)


rules.add_perm("directory.import", is_facilitator_or_above)
rules.add_perm("directory.export", is_member)
rules.add_perm("directory.change_directory", is_facilitator_or_above)
rules.add_perm("directory.view_confidential_location", is_own_organizations_location)
rules.add_perm("directory.view_directory", is_public_community | is_member)

# The asset map: anyone sees a public community's (public fields only), members see the
# members-only contacts, facilitators and coordinators add, change and promote answers.
rules.add_perm("directory.view_assets", is_public_community | is_member)
rules.add_perm("directory.view_member_contacts", is_member)
rules.add_perm("directory.change_assets", is_facilitator_or_above)
rules.add_perm("directory.promote_answers", is_facilitator_or_above)
