"""The practice library through the API: published practices for anyone, a draft for its
coalition's members only, searched in either language, beside a second tenant."""

import pytest

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.library.actions import practices
from groundwork.library.tests.test_library import _guide
from groundwork.planning.models import Guide

pytestmark = pytest.mark.django_db


def _published(tenant, title, title_es):  # type: ignore[no-untyped-def]
    guide = _guide(tenant, title=title)
    guide.title_es = title_es
    guide.save()
    return practices.publish_guide(actor=tenant.coordinator, guide=guide)


def test_search_and_read_published_practices(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    ours = _published(tenant, "Listening sessions", "Sesiones de escucha")
    theirs = _published(other_tenant, "Youth council", "Consejo juvenil")
    guide = Guide.objects.create(
        community=other_tenant.community, slug="draft", title_en="Draft", summary_en="Not yet."
    )
    draft = practices.practice_set_published(
        actor=other_tenant.coordinator,
        practice=practices.publish_guide(actor=other_tenant.coordinator, guide=guide),
        published=False,
    )
    found = client.get("/api/library/practices").json()
    assert found["total"] == 2
    assert {p["id"] for p in found["results"]} == {ours.pk, theirs.pk}
    spanish = client.get("/api/library/practices", {"q": "juvenil"}).json()
    assert [p["id"] for p in spanish["results"]] == [theirs.pk]
    assert spanish["results"][0]["community"] == other_tenant.label
    mine = client.get("/api/library/practices", {"network": tenant.network.pk}).json()
    assert [p["id"] for p in mine["results"]] == [ours.pk]
    detail = client.get(f"/api/library/practices/{ours.pk}").json()
    assert detail["title_es"] == "Sesiones de escucha" and detail["adoptions"] == []
    assert "Greet people." in detail["body_en"]
    # A draft: its coalition's members only.
    url = f"/api/library/practices/{draft.pk}"
    assert client.get(url).status_code == 401
    client.force_login(tenant.coordinator)
    assert client.get(url).status_code == 403
    client.force_login(member(other_tenant.community, Role.MEMBER))
    assert client.get(url).json()["title_en"] == "Draft"
    assert client.get("/api/library/practices/999999").status_code == 404
    assert client.get("/api/library/practices", {"page": 0}).status_code == 422
