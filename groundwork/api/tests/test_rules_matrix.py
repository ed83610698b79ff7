"""Who runs webhooks, for every kind of visitor, beside a look-alike tenant: a community's are
its coordinators', a network's its stewards'."""

import pytest

from groundwork.core.testing import allowed, people_of

pytestmark = pytest.mark.django_db


def test_webhooks_are_run_by_the_community_coordinators_and_the_network_stewards(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    people = people_of(tenant, other_tenant)
    tenant.network.stewards.add(people["member"])
    other_tenant.network.stewards.add(people["facilitator"])
    assert allowed(people, "api.manage_webhooks", tenant.community) == {"coordinator"}
    assert allowed(people, "api.manage_webhooks", other_tenant.community) == {"outsider"}
    assert allowed(people, "api.manage_webhooks", None) == set()
    network_perm = "api.manage_network_webhooks"
    assert allowed(people, network_perm, tenant.network) == {"member"}
    assert allowed(people, network_perm, other_tenant.network) == {"facilitator"}
    assert allowed(people, network_perm, None) == set()
