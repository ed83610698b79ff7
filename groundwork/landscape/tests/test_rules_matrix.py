"""Anyone reads a network's catalog and landscape report; only its stewards regenerate the
report (the other network's stewards may not)."""

import pytest

from groundwork.core.testing import ROLES, allowed, people_of

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_catalog_and_report_and_the_stewards_regenerate_it(tenant, other_tenant):  # type: ignore[no-untyped-def]
    people = people_of(tenant, other_tenant)
    tenant.network.stewards.add(people["member"])
    other_tenant.network.stewards.add(people["facilitator"])
    for perm in ("landscape.view_catalog", "landscape.view_report"):
        assert allowed(people, perm, tenant.network) == set(ROLES), perm
    assert allowed(people, "landscape.generate_report", tenant.network) == {"member"}
    assert allowed(people, "landscape.generate_report", other_tenant.network) == {"facilitator"}
    assert allowed(people, "landscape.generate_report", None) == set()
