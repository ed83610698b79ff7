import pytest

from groundwork.api import services
from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    NetworkFactory,
    UserFactory,
    member,
)
from groundwork.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_openapi_docs_are_served(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/communities" in schema["paths"]


def test_schema_names_are_unique(client):
    # The OpenAPI document keys schemas by class name: two schemas of one name would be merged
    # into one, and the documentation would show only one of them.
    from ninja import Schema

    client.get("/api/openapi.json")  # every router imported
    seen: dict[str, list[str]] = {}
    pending = list(Schema.__subclasses__())
    while pending:
        schema = pending.pop()
        pending.extend(schema.__subclasses__())
        if schema.__module__.startswith("groundwork."):
            seen.setdefault(schema.__name__, []).append(schema.__module__)
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "state" in components["ProfileCountyOut"]["properties"]


def test_public_lists_for_anonymous_callers(client):
    CommunityFactory(name="Open", is_public=True)
    CommunityFactory(name="Closed", is_public=False)
    NetworkFactory(name="State Network")
    names = [c["name"] for c in client.get("/api/communities").json()]
    assert names == ["Open"]
    assert client.get("/api/networks").json()[0]["name"] == "State Network"


def test_token_auth_sees_what_the_person_may_see(client):
    community = CommunityFactory(is_public=False)
    person = member(community, Role.PARTNER)
    _token, key = services.api_token_create(user=person, name="dashboard")
    response = client.get(
        f"/api/communities/{community.slug}/memberships", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200
    assert [m["role"] for m in response.json()] == ["partner"]
    assert (
        client.get(
            f"/api/communities/{community.slug}", HTTP_AUTHORIZATION="Bearer gw_wrong"
        ).status_code
        == 401
    )


def test_revoked_tokens_stop_working(client):
    community = CommunityFactory(is_public=False)
    person = member(community, Role.MEMBER)
    token, key = services.api_token_create(user=person, name="old")
    services.api_token_revoke(user=person, token=token)
    assert (
        client.get(
            f"/api/communities/{community.slug}", HTTP_AUTHORIZATION=f"Bearer {key}"
        ).status_code
        == 401
    )


def test_create_community_through_the_api(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.core.testing import unchanged

    person = UserFactory()
    _token, key = services.api_token_create(user=person, name="script")
    payload = {
        "name": "Mill Hill",
        "slug": "mill-hill",
        "kind": "neighborhood",
        "sectors": ["faith"],
    }

    def create(body, token, idempotency_key=None):  # type: ignore[no-untyped-def]
        extra = {"HTTP_IDEMPOTENCY_KEY": idempotency_key} if idempotency_key else {}
        return client.post(
            "/api/communities",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            **extra,
        )

    with unchanged(tenant, other_tenant):
        response = create(payload, key, "create-1")
        assert response.status_code == 201, response.content
        assert response.json()["slug"] == "mill-hill"
        made = Community.objects.get(slug="mill-hill")
        assert made.memberships.get().user == person
        # The answer was lost on the way: the retry gets it again, and nothing is made twice
        # (without the key the slug would be refused as taken).
        again = create(payload, key, "create-1")
        assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
        assert again.json() == response.json()
        # The same key from another account is that account's own write: the slug is taken.
        _theirs, their_key = services.api_token_create(user=other_tenant.coordinator, name="x")
        theirs = create(payload, their_key, "create-1")
        assert theirs.status_code == 422 and "Idempotent-Replayed" not in theirs
        assert theirs.json()["errors"][0]["field"] == "slug"
        assert Community.objects.filter(slug="mill-hill").count() == 1
        # Without a key, the write is refused naming the header; nothing is made.
        keyless = create({**payload, "slug": "oak-hill"}, key)
        assert keyless.status_code == 422
        assert keyless.json()["errors"][0]["field"] == "Idempotency-Key"
        assert not Community.objects.filter(slug="oak-hill").exists()


def test_api_errors_are_clear_translated_and_save_nothing(client):
    person = UserFactory()
    _token, key = services.api_token_create(user=person, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_IDEMPOTENCY_KEY": "k"}
    response = client.post(
        "/api/communities",
        {"slug": "x"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="es",
        **auth,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Algunos de los datos enviados no son válidos."
    assert {"field": "name", "message": "Este campo es obligatorio."} in body["errors"]
    response = client.post(
        "/api/communities",
        {"name": "X", "slug": "x", "kind": "nonsense"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"
    assert not Community.objects.exists()
    # A body that is not JSON at all is a malformed request (400), not a refusal of its content.
    response = client.post("/api/communities", "{not json", content_type="application/json", **auth)
    assert response.status_code == 400
    assert not Community.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="community").exists()


def test_anonymous_cannot_create(client):
    response = client.post(
        "/api/communities",
        {"name": "X", "slug": "x", "kind": "county"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Community.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_bad_or_revoked_token_gets_401_even_on_public_routes(client):
    CommunityFactory(name="Open", is_public=True)
    person = UserFactory()
    token, key = services.api_token_create(user=person, name="old")
    assert client.get("/api/communities", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    wrong = client.get("/api/communities", HTTP_AUTHORIZATION="Bearer gw_wrong")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'
    assert "not valid, has expired or was revoked" in wrong.json()["detail"]
    services.api_token_revoke(user=person, token=token)
    revoked = client.get("/api/communities", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert revoked.status_code == 401 and "invalid_token" in revoked["WWW-Authenticate"]
    # Without a token, public routes still answer anonymous callers.
    assert client.get("/api/communities").status_code == 200
    # A route that needs a sign-in says how to authenticate.
    refused = client.post(
        "/api/communities",
        {"name": "X", "slug": "x", "kind": "county"},
        content_type="application/json",
    )
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == 'Bearer realm="api"'
    assert list(Community.objects.values_list("name", flat=True)) == ["Open"]


def test_openapi_declares_422_on_every_route_that_validates_input(client):
    schema = client.get("/api/openapi.json").json()
    checked = 0
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            takes_input = "requestBody" in operation or any(
                p["in"] != "path" or p.get("schema", {}).get("type") != "string"
                for p in operation.get("parameters", [])
            )
            if takes_input:
                checked += 1
                declared = operation["responses"].get("422")
                assert declared, f"{method.upper()} {path} does not declare 422"
                ref = declared["content"]["application/json"]["schema"]["$ref"]
                name = ref.rsplit("/", 1)[1]
                assert set(schema["components"]["schemas"][name]["properties"]) == {
                    "detail",
                    "errors",
                }
            if method in ("post", "put", "patch", "delete"):
                assert "429" in operation["responses"]
    assert checked >= 2
    create = schema["paths"]["/api/communities"]["post"]["responses"]
    assert "422" in create and "429" in create
    # The documented shape is what a 422 carries.
    person = UserFactory()
    _token, key = services.api_token_create(user=person, name="script")
    body = client.post(
        "/api/communities",
        {"slug": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_IDEMPOTENCY_KEY="k",
    ).json()
    assert set(body) == {"detail", "errors"} and set(body["errors"][0]) == {"field", "message"}
