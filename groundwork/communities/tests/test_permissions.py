"""Role × page and role × API route: who gets in, who gets 403, who is asked to sign in."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Role

from .factories import CommunityFactory, UserFactory, member

# Every test runs beside a look-alike tenant (``beside_other_tenant``): no response shows it,
# nothing of it changes, and its coordinator is one more outsider.
ROLES = [*Role.values, "outsider", "other_coordinator", "anonymous"]
ALL_MEMBERS = set(Role.values)

PAGES = {
    # url name: roles allowed (on a private community)
    "detail": ALL_MEMBERS,
    "members": ALL_MEMBERS,
    "organizations": ALL_MEMBERS,
    "invitations": {Role.COORDINATOR, Role.FACILITATOR},
    "edit": {Role.COORDINATOR},
    "profile": {Role.COORDINATOR},
    "county_goals": {Role.COORDINATOR},
    "audit": {Role.COORDINATOR},
}

API_ROUTES = {
    "": ALL_MEMBERS,
    "/memberships": ALL_MEMBERS,
    "/organizations": ALL_MEMBERS,
}


def _client_as(client, community, role, other=None):  # type: ignore[no-untyped-def]
    if role == "anonymous":
        return client
    if role == "other_coordinator":
        user = other.coordinator
    else:
        user = UserFactory() if role == "outsider" else member(community, role)
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_private_pages_by_role(client, page, role, beside_other_tenant):  # type: ignore[no-untyped-def]
    community = CommunityFactory(is_public=False)
    member(community, Role.COORDINATOR)  # a community always has one
    response = _client_as(client, community, role, beside_other_tenant).get(
        reverse(f"communities:{page}", kwargs={"slug": community.slug})
    )
    if role in PAGES[page]:
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 403
        assert b"You do not have access to this page" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_public_profile_is_open_to_everyone(client, role, beside_other_tenant):  # type: ignore[no-untyped-def]
    community = CommunityFactory(is_public=True)
    response = _client_as(client, community, role, beside_other_tenant).get(
        community.get_absolute_url()
    )
    assert response.status_code == 200
    assert community.name.encode() in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_ROUTES)
@pytest.mark.parametrize("role", ROLES)
def test_api_routes_by_role(client, route, role, beside_other_tenant):  # type: ignore[no-untyped-def]
    community = CommunityFactory(is_public=False)
    member(community, Role.COORDINATOR)
    response = _client_as(client, community, role, beside_other_tenant).get(
        f"/api/communities/{community.slug}{route}"
    )
    if role in API_ROUTES[route]:
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == 403
        assert response.json() == {"detail": "You do not have permission to do that."}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_role_changes_need_a_coordinator(client, role, beside_other_tenant):  # type: ignore[no-untyped-def]
    community = CommunityFactory()
    member(community, Role.COORDINATOR)
    target = community.memberships.get(user=member(community, Role.MEMBER))
    response = _client_as(client, community, role, beside_other_tenant).post(
        reverse("communities:member_role", args=[community.slug, target.pk]), {"role": Role.VIEWER}
    )
    target.refresh_from_db()
    if role == Role.COORDINATOR:
        assert response.status_code == 302
        assert target.role == Role.VIEWER
    else:
        assert response.status_code in (302, 403)
        assert target.role == Role.MEMBER


@pytest.mark.django_db
def test_unknown_community_is_404_not_403(client, beside_other_tenant):  # type: ignore[no-untyped-def]
    client.force_login(UserFactory())
    assert client.get("/c/no-such-place/members/").status_code == 404
    assert client.get("/api/communities/no-such-place").status_code == 404
