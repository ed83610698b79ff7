"""Who may do what in a community's directory, perm by perm, for every kind of visitor, beside
a look-alike tenant: facilitators and coordinators keep it, a partner organization's members
edit their own organization's services and locations (and see its confidential locations), a
network's stewards keep the network's own entries. The other tenant's roles count for nothing."""

import pytest

from groundwork.communities.models import Community, Membership, Role
from groundwork.communities.tests.factories import MembershipFactory, OrganizationFactory
from groundwork.core.testing import FACILITATOR_ROLES, MEMBER_ROLES, ROLES, allowed, people_of
from groundwork.directory.rules import editable_organization_ids
from groundwork.directory.tests.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
KEEPING = ("directory.import", "directory.change_directory", "directory.change_assets")


@pytest.fixture
def people(tenant, other_tenant):  # type: ignore[no-untyped-def]
    found = people_of(tenant, other_tenant)
    # The plain member steers this network; the facilitator steers the other tenant's only.
    tenant.network.stewards.add(found["member"])
    other_tenant.network.stewards.add(found["facilitator"])
    # The partner's membership names this community's organization; the signed-in person is a
    # partner of the other tenant's look-alike organization only.
    Membership.objects.filter(community=tenant.community, user=found["partner"]).update(
        organization=tenant.organization
    )
    MembershipFactory(
        community=other_tenant.community,
        user=found["signed_in"],
        role=Role.PARTNER,
        organization=other_tenant.organization,
    )
    return found


def records(tenant):  # type: ignore[no-untyped-def]
    community, organization = tenant.community, tenant.organization
    other = OrganizationFactory(community=community, name="Another organization")
    return {
        "own service": ServiceFactory(community=community, organization_id=organization.hsds_id),
        "own location": LocationFactory(community=community, organization_id=organization.hsds_id),
        "other service": ServiceFactory(community=community, organization_id=other.hsds_id),
        "other location": LocationFactory(community=community, organization_id=other.hsds_id),
        "loose service": ServiceFactory(community=community, organization_id=None),
        "loose location": LocationFactory(community=community, organization_id=None),
        "other organization": other,
    }


def test_a_community_directory(people, tenant):  # type: ignore[no-untyped-def]
    community = tenant.community
    for perm in KEEPING:
        assert allowed(people, perm, community) == FACILITATOR_ROLES, perm
    assert allowed(people, "directory.promote_answers", community) == FACILITATOR_ROLES
    assert allowed(people, "directory.manage_directory", community) == FACILITATOR_ROLES | {
        "partner"
    }
    for perm in ("directory.export", "directory.view_member_contacts"):
        assert allowed(people, perm, community) == MEMBER_ROLES, perm
    for perm in ("directory.view_directory", "directory.view_assets"):
        assert allowed(people, perm, community) == EVERYONE, perm
    community.is_public = False
    community.save()
    for perm in ("directory.view_directory", "directory.view_assets"):
        assert allowed(people, perm, community) == MEMBER_ROLES, perm


def test_a_partner_edits_its_own_organization_services_and_locations(people, tenant):  # type: ignore[no-untyped-def]
    found = records(tenant)
    own_and_keepers = FACILITATOR_ROLES | {"partner"}
    assert allowed(people, "directory.add_service", tenant.organization) == own_and_keepers
    assert allowed(people, "directory.change_service", found["own service"]) == own_and_keepers
    assert allowed(people, "directory.change_location", found["own location"]) == own_and_keepers
    for name in ("other", "loose"):
        service, location = found[f"{name} service"], found[f"{name} location"]
        assert allowed(people, "directory.change_service", service) == FACILITATOR_ROLES, name
        assert allowed(people, "directory.change_location", location) == FACILITATOR_ROLES, name
    other = found["other organization"]
    assert allowed(people, "directory.add_service", other) == FACILITATOR_ROLES
    # The organization's record itself is the keepers' only.
    for organization in (tenant.organization, other):
        assert allowed(people, "directory.change_organization", organization) == FACILITATOR_ROLES


def test_a_confidential_location_is_seen_by_its_organization_members(people, tenant):  # type: ignore[no-untyped-def]
    found = records(tenant)
    perm = "directory.view_confidential_location"
    assert allowed(people, perm, found["own location"]) == {"partner"}
    assert allowed(people, perm, found["other location"]) == set()
    assert allowed(people, perm, found["loose location"]) == set()


def test_the_other_tenant_partner_edits_nothing_here(people, tenant, other_tenant):  # type: ignore[no-untyped-def]
    found = records(tenant)
    theirs = ServiceFactory(
        community=other_tenant.community, organization_id=other_tenant.organization.hsds_id
    )
    assert allowed(people, "directory.change_service", theirs) == {"outsider", "signed_in"}
    assert allowed(people, "directory.manage_directory", other_tenant.community) == {
        "outsider",
        "signed_in",
    }
    for record in ("own service", "other service"):
        assert "signed_in" not in allowed(people, "directory.change_service", found[record])


def test_a_network_own_entries_are_kept_by_its_stewards_and_public(people, tenant):  # type: ignore[no-untyped-def]
    own = Community.objects.create(
        name="Alder network entries",
        slug="alder-network-entries",
        directory_of=tenant.network,
        network=None,
        is_public=False,
    )
    for perm in (*KEEPING, "directory.export", "directory.manage_directory"):
        assert allowed(people, perm, own) == {"member"}, perm
    assert allowed(people, "directory.view_member_contacts", own) == {"member"}
    for perm in ("directory.view_directory", "directory.view_assets"):
        assert allowed(people, perm, own) == EVERYONE, perm
    service = ServiceFactory(community=own, organization_id=None)
    assert allowed(people, "directory.change_service", service) == {"member"}
    # Promoting answers is a community's: a network's stewards have none to promote.
    assert allowed(people, "directory.promote_answers", own) == set()


def test_nothing_no_permission(people):  # type: ignore[no-untyped-def]
    perms = (
        *KEEPING,
        "directory.export",
        "directory.manage_directory",
        "directory.change_organization",
        "directory.add_service",
        "directory.change_service",
        "directory.change_location",
        "directory.view_confidential_location",
        "directory.view_directory",
        "directory.view_assets",
        "directory.view_member_contacts",
        "directory.promote_answers",
    )
    for perm in perms:
        assert allowed(people, perm, None) == set(), perm


def test_whose_services_each_may_edit(people, tenant, other_tenant):  # type: ignore[no-untyped-def]
    community = tenant.community
    for role in FACILITATOR_ROLES:  # every organization's
        assert editable_organization_ids(people[role], community) is None, role
    assert editable_organization_ids(people["partner"], community) == {tenant.organization.hsds_id}
    for role in ("member", "viewer", "outsider", "anonymous"):
        assert editable_organization_ids(people[role], community) == set(), role
    # The other tenant's partner edits its own organization's there, nothing here.
    assert editable_organization_ids(people["signed_in"], community) == set()
    assert editable_organization_ids(people["signed_in"], other_tenant.community) == {
        other_tenant.organization.hsds_id
    }
