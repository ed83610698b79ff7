import pytest
from django.urls import reverse
from django.utils.html import escape

from groundwork.communities.models import Community, Invitation, Role

from .factories import CommunityFactory, OrganizationFactory, UserFactory, member

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


def test_create_community_through_the_form(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("communities:create"),
        {
            "name": "Mill Hill",
            "slug": "mill-hill",
            "kind": "neighborhood",
            "sectors": ["faith"],
            "is_public": "on",
        },
    )
    community = Community.objects.get(slug="mill-hill")
    assert response.status_code == 302 and response["Location"] == community.get_absolute_url()


def test_bad_form_input_shows_errors_and_saves_nothing(client, other_tenant):
    client.force_login(UserFactory())
    response = client.post(
        reverse("communities:create"), {"name": "", "slug": "Not A Slug!", "kind": "x"}
    )
    assert response.status_code == 200
    assert b"usa-error-message" in response.content
    assert b'aria-invalid="true"' in response.content
    assert list(Community.objects.all()) == [other_tenant.community]  # only the other tenant's


def test_spanish_error_messages(client):
    client.force_login(UserFactory())
    client.cookies["django_language"] = "es"
    response = client.post(
        reverse("communities:create"), {"name": "", "slug": "ok", "kind": "county"}
    )
    assert b"Este campo es obligatorio." in response.content
    assert b"Corrija los errores" in response.content


def test_invite_by_link_and_accept(client):
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    client.force_login(coordinator)
    response = client.post(
        reverse("communities:invitations", args=[community.slug]), {"role": "member"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    page = client.get(reverse("communities:invitations", args=[community.slug]))
    assert invitation.get_accept_url().encode() in page.content

    newcomer = UserFactory()
    client.force_login(newcomer)
    assert client.get(invitation.get_accept_url()).status_code == 200
    response = client.post(invitation.get_accept_url())
    assert response.status_code == 302
    assert community.memberships.get(user=newcomer).role == Role.MEMBER


def test_anonymous_visitor_of_an_invitation_is_asked_to_sign_in(client):
    community = CommunityFactory()
    member(community, Role.COORDINATOR)
    invitation = Invitation.objects.create(
        community=community,
        role=Role.MEMBER,
        nonce="n1",
        token_hash="x",
        expires_at="2999-01-01T00:00Z",
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=Invitation.hash_token(invitation.token)
    )
    response = client.get(invitation.get_accept_url())
    assert b"Sign in or create an account to accept" in response.content
    assert client.get("/invitations/not-a-real-token/").status_code == 404


def test_htmx_role_change_returns_the_row(client):
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    target = community.memberships.get(user=member(community, Role.MEMBER))
    client.force_login(coordinator)
    response = client.post(
        reverse("communities:member_role", args=[community.slug, target.pk]),
        {"role": "facilitator"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.content.strip().startswith(b"<tr")
    assert b"Saved." in response.content


@pytest.mark.parametrize("page", ["members", "organizations", "detail"])
def test_workspace_pages_use_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, page
):
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    people, organizations = [], []
    for _ in range(30):
        people.append(member(community, Role.MEMBER))
        organizations.append(OrganizationFactory(community=community))
    # A look-alike community whose members and partners must not be listed.
    other = CommunityFactory()
    outsiders = [member(other, Role.MEMBER) for _ in range(3)]
    foreign = [OrganizationFactory(community=other) for _ in range(3)]
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"communities:{page}", args=[community.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert community.name in html and other.name not in html
    if page == "members":
        assert all(p.email in html or escape(p.name) in html for p in people)
        assert not any(p.email in html for p in outsiders)
    if page == "organizations":
        assert all(o.name in html for o in organizations)
        assert not any(o.name in html for o in foreign)


def test_home_lists_my_communities_with_bounded_queries(
    client, django_assert_max_num_queries, other_tenant
):
    other_tenant.may_appear = True  # a public community: on the home page, never as mine
    user = UserFactory()
    for _ in range(10):
        member(CommunityFactory(), Role.COORDINATOR)
        CommunityFactory().memberships.create(user=user, role=Role.MEMBER)
    client.force_login(user)
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.status_code == 200
    mine = {m.community for m in response.context["my_memberships"]}
    assert len(mine) == 10 and other_tenant.community not in mine
    assert other_tenant.marker not in response.content.decode()  # none of its answers or plan
