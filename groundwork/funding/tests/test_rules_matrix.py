"""Who may see and record a network's funding, for every kind of visitor, beside a look-alike
tenant: the network's stewards; a coalition's members see its own runway only."""

import pytest

from groundwork.core.testing import MEMBER_ROLES, allowed, people_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tenant, other_tenant):  # type: ignore[no-untyped-def]
    found = people_of(tenant, other_tenant)
    tenant.network.stewards.add(found["signed_in"])
    other_tenant.network.stewards.add(found["facilitator"])
    return found


def test_the_network_funding_is_the_stewards(people, tenant, other_tenant):  # type: ignore[no-untyped-def]
    for perm in ("funding.manage_network", "funding.view_network"):
        assert allowed(people, perm, tenant.network) == {"signed_in"}, perm
        assert allowed(people, perm, other_tenant.network) == {"facilitator"}, perm
        assert allowed(people, perm, None) == set(), perm


def test_a_coalition_runway_is_seen_by_its_members_and_its_network_stewards(  # type: ignore[no-untyped-def]
    people, tenant, other_tenant
):
    perm = "funding.view_community"
    assert allowed(people, perm, tenant.community) == MEMBER_ROLES | {"signed_in"}
    assert allowed(people, perm, other_tenant.community) == {"outsider", "facilitator"}
    assert allowed(people, perm, None) == set()
