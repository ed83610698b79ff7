"""A plan's published versions and its progress updates through the API: what the version and
progress pages show, under their rules, and nothing of the other tenant's look-alike plan."""

import pytest
from django.utils import timezone

from groundwork.api import services as api_services
from groundwork.core.testing import unchanged
from groundwork.plans import services as plans
from groundwork.plans.models import ActivityStatus

pytestmark = pytest.mark.django_db


def _url(tenant, part: str) -> str:  # type: ignore[no-untyped-def]
    return f"/api/communities/{tenant.label}/processes/2027/plan{part}"


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, key = api_services.api_token_create(user=user, name="dashboard")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _progress(tenant, activity, note: str, progress: int):  # type: ignore[no-untyped-def]
    return plans.progress_post(
        actor=tenant.coordinator,
        activity=activity,
        on_date=timezone.localdate(),
        progress=progress,
        status=ActivityStatus.UNDER_WAY,
        note=note,
    )


def test_versions_and_progress_of_the_published_plan(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    # Before anything is published, the public gets nothing; the facilitator the draft's.
    _progress(tenant, tenant.activity, "Drivers signed up", 10)
    assert client.get(_url(tenant, "/updates")).status_code == 404
    draft = client.get(_url(tenant, "/updates"), **_bearer(tenant.coordinator)).json()
    assert [row["note"] for row in draft["items"]] == ["Drivers signed up"]
    assert client.get(_url(tenant, "/versions")).json() == []

    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="First plan")
    _progress(tenant, tenant.activity, "Twenty rides given", 40)
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="Dates moved")
    # Added to the draft after publishing: nowhere public.
    secret = plans.activity_save(
        actor=tenant.coordinator, plan=tenant.plan, goal=tenant.goal, title="Van pilot"
    )
    _progress(tenant, secret, "Van pilot finished early", 100)
    # The other tenant's look-alike plan, published with its own progress.
    plans.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan, note="Theirs")
    _progress(other_tenant, other_tenant.activity, f"{other_tenant.marker} rides", 90)

    with unchanged(other_tenant):
        versions = client.get(_url(tenant, "/versions")).json()
        updates = client.get(_url(tenant, "/updates")).json()
        first = client.get(_url(tenant, "/versions/1")).json()
    assert [(v["number"], v["note"]) for v in versions] == [(1, "First plan"), (2, "Dates moved")]
    assert [row["note"] for row in updates["items"]] == ["Twenty rides given", "Drivers signed up"]
    assert {row["activity_title"] for row in updates["items"]} == {"Ride share"}
    assert updates["items"][0]["goal"] == "Get people to care"
    assert updates["items"][0]["photo"] is None
    assert first["version"] == 1
    assert "Van pilot" not in str(first) and other_tenant.marker not in str(updates)
    assert client.get(_url(tenant, "/versions/3")).status_code == 404
    # The facilitator, too, sees the published plan's progress once there is one.
    facilitator = client.get(_url(tenant, "/updates"), **_bearer(tenant.coordinator)).json()
    assert "Van pilot finished early" not in str(facilitator)


def test_a_private_plan_history_is_for_members(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="First plan")
    tenant.community.is_public = False
    tenant.community.save()
    for part in ("/versions", "/versions/1", "/updates"):
        assert client.get(_url(tenant, part)).status_code == 401
        assert client.get(_url(tenant, part), **_bearer(other_tenant.coordinator)).status_code == (
            403
        )
        assert client.get(_url(tenant, part), **_bearer(tenant.coordinator)).status_code == 200
