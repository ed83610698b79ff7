"""The scorecard in the API: results → indicators → activities → measures under the pages'
rules, scoped to the community or network in the address, nothing of another tenant, private
parts for those who may see them, a fixed number of queries."""

import pytest

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.testing import assert_absent, assert_present
from groundwork.measures.tests.test_performance import _scorecard
from groundwork.measures.tests.test_scorecard_network import _network

pytestmark = pytest.mark.django_db


def test_a_communitys_scorecard(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, indicator, measures = _scorecard(tenant)
    _scorecard(other_tenant, publish=False)
    body = client.get(f"/api/communities/{tenant.community.slug}/scorecard").json()
    assert body["community"] == tenant.community.slug
    [r] = [r for r in body["results"] if r["id"] == result.pk]
    assert r["owner_kind"] == "plan"
    [i] = r["indicators"]
    assert i["id"] == indicator.pk and isinstance(i["current_value"], float)
    [a] = i["activities"]
    assert a["id"] == tenant.activity.pk
    better_off = next(m for m in a["measures"] if m["quadrant"] == "better_off")
    assert (better_off["current_value"], better_off["current_out_of"]) == (21, 35)
    assert better_off["current_percent"] == pytest.approx(60)
    assert better_off["current_period"] == "2026-Q2" and better_off["trend"] == "up"
    assert better_off["better"] is True and better_off["target_value"] == 60
    assert_present(tenant, body)
    assert_absent(other_tenant, body)
    # The other tenant's plan is a draft: its results are for its members.
    other = f"/api/communities/{other_tenant.community.slug}/scorecard"
    assert client.get(other).json()["results"] == []
    client.force_login(member(tenant.community, Role.MEMBER))
    assert client.get(other).json()["results"] == []
    client.force_login(member(other_tenant.community, Role.MEMBER))
    body = client.get(other).json()
    assert_present(other_tenant, body)
    assert_absent(tenant, body)


def test_a_private_communitys_scorecard_needs_membership(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _scorecard(tenant)
    tenant.community.is_public = False
    tenant.community.save(update_fields=["is_public"])
    url = f"/api/communities/{tenant.community.slug}/scorecard"
    assert client.get(url).status_code == 401
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403
    client.force_login(member(tenant.community, Role.MEMBER))
    assert_present(tenant, client.get(url).json())
    assert client.get("/api/communities/no-such-community/scorecard").status_code == 404


def test_a_networks_scorecard(client, tenant, other_tenant, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    _network(other_tenant, counties=2)
    goals, communities = _network(tenant, counties=4)
    communities[2].is_public = False
    communities[2].save(update_fields=["is_public"])
    url = f"/api/networks/{tenant.network.slug}/scorecard"
    with django_assert_max_num_queries(12):
        body = client.get(url).json()
    assert body["network"] == tenant.network.slug
    assert [g["id"] for g in body["goals"]] == [g.pk for g in goals]
    assert body["communities_count"] == 3 and (body["page"], body["pages"]) == (1, 1)
    slugs = [c["slug"] for c in body["communities"]]
    assert communities[2].slug not in slugs and tenant.community.slug in slugs
    total = body["county_indicators"]["total"]
    assert total == sum(g["county_indicators"]["total"] for g in body["goals"])
    assert total == sum(len(r["indicators"]) for c in body["communities"] for r in c["results"])
    assert_present(tenant, body)
    assert_absent(other_tenant, body)
    client.force_login(member(communities[2], Role.MEMBER))
    assert client.get(url).json()["communities_count"] == 4
    assert client.get(url + "?page=0").status_code == 422
    assert client.get("/api/networks/no-such-network/scorecard").status_code == 404


def test_a_networks_scorecard_for_one_region(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.communities.models import Region

    _goals, communities = _network(tenant, counties=4)
    _other_goals, others = _network(other_tenant, counties=2)
    north = Region.objects.create(network=tenant.network, name="North", slug="north")
    theirs = Region.objects.create(network=other_tenant.network, name="North", slug="west")
    communities[1].region = north
    communities[1].save(update_fields=["region"])
    others[1].region = theirs
    others[1].save(update_fields=["region"])
    url = f"/api/networks/{tenant.network.slug}/scorecard"
    body = client.get(url + "?region=north").json()
    assert [c["slug"] for c in body["communities"]] == [communities[1].slug]
    assert sum(g["communities"] for g in body["goals"]) == 1
    assert_absent(other_tenant, body)
    # Another network's region is no region of this one.
    assert client.get(url + "?region=west").status_code == 404
