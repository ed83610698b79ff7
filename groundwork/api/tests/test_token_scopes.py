"""Tokens narrowed to what they were made for: read-only, one community, an expiry; refused
writes change nothing; a token's writes are audited with its name; a limited write says when
to try again."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from groundwork.api import services
from groundwork.api.models import ApiToken, TokenAccess
from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW = {"name": "Mill Hill", "slug": "mill-hill", "kind": "neighborhood", "sectors": ["faith"]}


def _auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _write(key: str, idempotency_key: str = "write-1") -> dict[str, str]:
    return {**_auth(key), "HTTP_IDEMPOTENCY_KEY": idempotency_key}


def _private(tenant) -> None:  # type: ignore[no-untyped-def]
    tenant.community.is_public = False
    tenant.community.save()


def test_a_read_only_token_reads_and_cannot_write(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _private(tenant)
    _token, key = services.api_token_create(
        user=tenant.coordinator, name="dashboard", access=TokenAccess.READ
    )
    assert client.get(f"/api/communities/{tenant.label}/audit", **_auth(key)).status_code == 200
    before = Community.objects.count()
    refused = client.post("/api/communities", NEW, content_type="application/json", **_write(key))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This token may only read."
    assert "insufficient_scope" in refused["WWW-Authenticate"]
    assert Community.objects.count() == before
    assert not AuditEvent.objects.filter(action="community.created").exists()


def test_a_token_limited_to_a_community_acts_there_only(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _private(tenant)
    _private(other_tenant)
    # The coordinator of both communities limits a token to the first one.
    from groundwork.communities.models import Membership, Role

    Membership.objects.create(
        community=other_tenant.community, user=tenant.coordinator, role=Role.COORDINATOR
    )
    _token, key = services.api_token_create(
        user=tenant.coordinator, name="alder only", community=tenant.community
    )
    assert client.get(f"/api/communities/{tenant.label}", **_auth(key)).status_code == 200
    other = client.get(f"/api/communities/{other_tenant.label}", **_auth(key))
    assert other.status_code == 403
    assert other.json()["detail"] == "This token is limited to Alder County."
    assert client.get(f"/api/hsds/{other_tenant.label}/services", **_auth(key)).status_code == 403
    # Routes about no community answer as they answer anyone: no private community listed.
    listed = client.get("/api/communities", **_auth(key)).json()
    assert {c["slug"] for c in listed} == set()
    assert (
        client.post(
            "/api/communities", NEW, content_type="application/json", **_write(key)
        ).status_code
        == 403
    )
    assert not Community.objects.filter(slug="mill-hill").exists()


def test_a_token_is_limited_only_to_its_holders_communities(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError):
        services.api_token_create(
            user=tenant.coordinator, name="theirs", community=other_tenant.community
        )
    assert not ApiToken.objects.filter(name="theirs").exists()


def test_an_expired_token_gets_401(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    token, key = services.api_token_create(
        user=tenant.coordinator,
        name="week",
        expires_at=timezone.now() + timedelta(days=7),
    )
    url = f"/api/communities/{tenant.label}"
    assert client.get(url, **_auth(key)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(url, **_auth(key))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    with pytest.raises(ApplicationError):
        services.api_token_create(
            user=tenant.coordinator, name="past", expires_at=timezone.now() - timedelta(days=1)
        )


def test_writes_through_a_token_are_audited_with_its_name(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _token, key = services.api_token_create(user=tenant.coordinator, name="county script")
    response = client.post("/api/communities", NEW, content_type="application/json", **_write(key))
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.get(action="community.created")
    assert event.details["api_token"] == "county script"
    # A write on a page by the same person names no token.
    client.force_login(tenant.coordinator)
    page = client.get(reverse("communities:audit", args=[tenant.label]))
    assert "county script" not in page.content.decode()


@override_settings(RATE_LIMITS={"api_write": {"person": "2/h", "client": "100/h"}})
def test_too_many_writes_say_when_to_try_again(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    _token, key = services.api_token_create(user=tenant.coordinator, name="busy")
    codes = []
    for n in range(3):
        body = {**NEW, "slug": f"hill-{n}", "name": f"Hill {n}"}
        response = client.post(
            "/api/communities", body, content_type="application/json", **_write(key, f"hill-{n}")
        )
        codes.append(response.status_code)
    assert codes == [201, 201, 429]
    assert response["Retry-After"] == "3600"
    assert not Community.objects.filter(slug="hill-2").exists()


def test_the_token_page_makes_narrow_tokens(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    client.force_login(tenant.coordinator)
    url = reverse("api_tokens:list")
    page = client.get(url).content.decode()
    assert tenant.community.name in page and other_tenant.community.name not in page
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        url,
        {
            "name": "kiosk",
            "access": "read",
            "community": str(tenant.community.pk),
            "expires": tomorrow,
        },
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="kiosk")
    assert (token.access, token.community, token.user) == (
        "read",
        tenant.community,
        tenant.coordinator,
    )
    assert timezone.localtime(token.expires_at).date().isoformat() > tomorrow
    assert "gw_" in response.content.decode()
    # Another person's community cannot be chosen, and nothing is made.
    response = client.post(
        url, {"name": "sneaky", "access": "write", "community": str(other_tenant.community.pk)}
    )
    assert not ApiToken.objects.filter(name="sneaky").exists()
    assert "usa-error-message" in response.content.decode()
