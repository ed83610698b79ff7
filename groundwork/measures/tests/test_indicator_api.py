"""Results and indicators in the API: the pages' rules, numbers as JSON numbers."""

import pytest

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.testing import assert_absent
from groundwork.measures.tests.factories import result_with_series
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db


def test_a_communitys_results_follow_the_pages_rules(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    result_with_series(tenant, name="Plan indicator")
    result_with_series(tenant, owner="county_goal", name="County indicator")
    result_with_series(other_tenant, owner="county_goal", name="County indicator")
    url = f"/api/communities/{tenant.community.slug}/results"
    body = client.get(url).json()
    assert [r["owner_kind"] for r in body] == ["county_goal"]
    client.force_login(member(tenant.community, Role.VIEWER))
    body = client.get(url).json()
    assert sorted(r["owner_kind"] for r in body) == ["county_goal", "plan"]
    plan_result = next(r for r in body if r["owner_kind"] == "plan")
    summary = plan_result["indicators"][0]
    assert summary["current_value"] == 8.6 and summary["current_period"] == "2024"
    assert summary["trend"] == "down" and summary["better"] is True
    assert summary["target_value"] == 7.5
    assert_absent(other_tenant, body)


def test_an_indicator_with_values_and_forecast(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    _r, indicator = result_with_series(tenant, values=(10, 9, 8, 7, 6))
    url = f"/api/indicators/{indicator.pk}"
    assert client.get(url).status_code == 401  # a draft plan's result
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="v1")
    client.logout()
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="es").json()
    assert body["name"] == "Casos por cada 1,000 niños"
    assert [v["value"] for v in body["values"]] == [10, 9, 8, 7, 6]
    assert body["forecast"]["points_used"] == 5 and body["forecast"]["reason"] == ""
    assert [p["period"] for p in body["forecast"]["points"]] == ["2025", "2026", "2027", "2028"]
    assert body["forecast"]["points"][0]["value"] == pytest.approx(5)
    assert client.get("/api/indicators/999999").status_code == 404


def test_a_networks_statewide_results(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    result_with_series(tenant, owner="network_goal", name="Statewide indicator")
    result_with_series(tenant, owner="county_goal", name="County indicator")
    body = client.get(f"/api/networks/{tenant.network.slug}/results").json()
    assert [r["owner_kind"] for r in body] == ["statewide_goal"]
    assert body[0]["indicators"][0]["name"] == "Statewide indicator"
    assert client.get(f"/api/networks/{other_tenant.network.slug}/results").json() == []
