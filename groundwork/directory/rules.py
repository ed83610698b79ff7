"""Who may do what in a community's directory."""

from typing import Any

import rules

from groundwork.communities.models import Community
from groundwork.communities.rules import (
    is_facilitator_or_above,
    is_member,
    is_public_community,
    is_steward_of_its_network,
)

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


@rules.predicate
def is_in_an_organization(user: Any, community: Community | None) -> bool:
    """The user's membership in the community names a partner organization."""
    return community is not None and bool(member_organization_ids(user, community))


@rules.predicate
def edits_for_organization(user: Any, target: Any) -> bool:
    """A service or location of an organization the user's membership names (a partner's own
    services). ``target`` is a Service, a Location or an Organization."""
    if target is None:
        return False
    organization_id = target.hsds_id if hasattr(target, "sector") else target.organization_id
    if organization_id is None:
        return False
    return organization_id in member_organization_ids(user, target.community)


@rules.predicate
def is_network_directory(user: Any, community: Community | None) -> bool:
    """A network's own entries (``directory.owners``) are public, as the network's pages are."""
    return community is not None and community.directory_of_id is not None


# Who keeps a directory: a community's facilitators and coordinators; for a network's own
# entries, the network's stewards (and no community's members).
is_steward = is_facilitator_or_above | is_steward_of_its_network


@rules.predicate
def is_facilitator_of_its_community(user: Any, target: Any) -> bool:
    return target is not None and is_steward(user, target.community)


def editable_organization_ids(user: Any, community: Community) -> set[Any] | None:
    """The organizations whose services the user may edit in the community: None means all
    of them (facilitators and coordinators; a network's stewards in its own directory)."""
    if is_steward(user, community):
        return None
    return member_organization_ids(user, community)


rules.add_perm("directory.import", is_steward)
rules.add_perm("directory.export", is_member | is_steward_of_its_network)
rules.add_perm("directory.change_directory", is_steward)
# Editing: stewards edit everything of their community; a partner organization's members edit
# their own organization's services and locations (never the organization's record itself).
rules.add_perm("directory.manage_directory", is_steward | is_in_an_organization)
rules.add_perm("directory.change_organization", is_facilitator_of_its_community)
rules.add_perm(
    "directory.add_service", is_facilitator_of_its_community | edits_for_organization
)  # on an Organization
rules.add_perm("directory.change_service", is_facilitator_of_its_community | edits_for_organization)
rules.add_perm(
    "directory.change_location", is_facilitator_of_its_community | edits_for_organization
)
rules.add_perm("directory.view_confidential_location", is_own_organizations_location)
rules.add_perm("directory.view_directory", is_public_community | is_member | is_network_directory)

# The asset map: anyone sees a public community's (public fields only), members see the
# members-only contacts, facilitators and coordinators add, change and promote answers.
rules.add_perm("directory.view_assets", is_public_community | is_member | is_network_directory)
rules.add_perm("directory.view_member_contacts", is_member | is_steward_of_its_network)
rules.add_perm("directory.change_assets", is_steward)
rules.add_perm("directory.promote_answers", is_facilitator_or_above)
