"""The API reads gatherings under the pages' rules, and never shows the online link."""

import pytest

from .helpers import make_gathering, steward

pytestmark = pytest.mark.django_db


def test_api_lists_public_gatherings_of_the_owner_only(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    ours = make_gathering(tenant.community, tenant.coordinator, title="Hall", capacity=10)
    make_gathering(tenant.community, tenant.coordinator, title="Unlisted", is_public=False)
    make_gathering(other_tenant.community, other_tenant.coordinator, title=other_tenant.marker)
    make_gathering(tenant.network, steward(tenant.network), title="Network call", kind="training")
    rows = client.get(f"/api/communities/{tenant.community.slug}/gatherings").json()
    assert [r["title"] for r in rows] == ["Hall"]
    assert rows[0]["places_left"] == 10 and "online_url" not in rows[0]
    assert "meet.example.org" not in str(rows)
    one = client.get(f"/api/communities/{tenant.community.slug}/gatherings/{ours.pk}")
    assert one.status_code == 200 and one.json()["interpretation_language"] == "es"
    wrong = client.get(f"/api/communities/{other_tenant.community.slug}/gatherings/{ours.pk}")
    assert wrong.status_code == 404
    rows = client.get(
        f"/api/networks/{tenant.network.slug}/gatherings", {"kind": "training"}
    ).json()
    assert [r["title"] for r in rows] == ["Network call"]
    # Facilitators see the unlisted one too.
    client.force_login(tenant.coordinator)
    rows = client.get(f"/api/communities/{tenant.community.slug}/gatherings").json()
    assert {r["title"] for r in rows} == {"Hall", "Unlisted"}
