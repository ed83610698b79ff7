"""The activity log through the API: the community's coordinators only, its own events only."""

import pytest

from groundwork.api import services as api_services
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.models import AuditEvent
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, key = api_services.api_token_create(user=user, name="log")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_coordinators_read_their_own_log_and_what_is_new(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    auth = _bearer(tenant.coordinator)
    body = client.get(f"/api/communities/{tenant.label}/audit?limit=500", **auth).json()
    mine = AuditEvent.objects.filter(community=tenant.community)
    assert body["count"] == mine.count() > 0
    assert {row["id"] for row in body["items"]} == set(mine.values_list("pk", flat=True))
    assert other_tenant.marker not in str(body)
    newest = body["items"][0]["id"]
    assert body["items"] == sorted(body["items"], key=lambda row: row["created_at"], reverse=True)

    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="First")
    plans.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan, note="Theirs")
    since = client.get(f"/api/communities/{tenant.label}/audit?after={newest}", **auth).json()
    assert [row["action"] for row in since["items"]] == ["plan.published"]
    assert since["items"][0]["target"] == f"{tenant.plan} v1"
    only_plans = client.get(f"/api/communities/{tenant.label}/audit?action=plan.", **auth).json()
    assert only_plans["count"] >= 1
    assert all(row["action"].startswith("plan.") for row in only_plans["items"])


def test_nobody_else_reads_the_log(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    url = f"/api/communities/{tenant.label}/audit"
    assert client.get(url).status_code == 401
    assert client.get(url, **_bearer(other_tenant.coordinator)).status_code == 403
    for role in (Role.MEMBER, Role.PARTNER, Role.FACILITATOR):
        assert client.get(url, **_bearer(member(tenant.community, role))).status_code == 403
