"""Setting up networks from the product: staff create one with its first stewards; a coalition
asks to join, stewards accept or decline with a reason, a coalition leaves; every page checks
its rule; beside a look-alike tenant that nothing touches."""

import pytest
from django.urls import reverse

from groundwork.communities import joining
from groundwork.communities.models import (
    CoalitionStrategy,
    JoinRequest,
    Network,
    Role,
)
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent

from .factories import (
    CommunityFactory,
    CountyGoalFactory,
    NetworkFactory,
    NetworkGoalFactory,
    StrategyFactory,
    UserFactory,
    member,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def staff():  # type: ignore[no-untyped-def]
    return UserFactory(is_staff=True)


@pytest.fixture
def lone():  # type: ignore[no-untyped-def]
    """A coalition in no network, with its coordinator."""
    community = CommunityFactory(name="Fox Run", slug="fox-run", network=None)
    return community, member(community, Role.COORDINATOR)


def test_staff_set_up_a_network_with_stewards_by_email(client, staff):  # type: ignore[no-untyped-def]
    first, second = UserFactory(email="ana@example.org"), UserFactory(email="bo@example.org")
    client.force_login(staff)
    response = client.post(
        reverse("communities:network_new"),
        {
            "name": "Coastal Plain",
            "slug": "coastal",
            "state": "nc",
            "stewards": "Ana@example.org\nbo@example.org, ana@example.org",
        },
    )
    network = Network.objects.get(slug="coastal")
    assert response.status_code == 302 and response["Location"] == network.get_absolute_url()
    assert set(network.stewards.all()) == {first, second}
    assert network.state == "NC" and network.strategies.exists()
    event = AuditEvent.objects.get(action="network.created", target_id=str(network.pk))
    assert event.actor == staff and sorted(event.details["stewards"]) == [first.pk, second.pk]


def test_an_unknown_address_saves_nothing(client, staff):  # type: ignore[no-untyped-def]
    UserFactory(email="ana@example.org")
    client.force_login(staff)
    response = client.post(
        reverse("communities:network_new"),
        {"name": "Coastal", "slug": "coastal", "stewards": "ana@example.org nobody@example.org"},
    )
    assert response.status_code == 200
    assert b"nobody@example.org" in response.content and b"usa-error-message" in response.content
    assert not Network.objects.filter(slug="coastal").exists()


def test_only_staff_set_up_networks(client, tenant):  # type: ignore[no-untyped-def]
    url = reverse("communities:network_new")
    assert client.get(url).status_code == 302  # signed out: to sign in
    client.force_login(tenant.coordinator)  # a coordinator, and a steward of nothing here
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "X", "slug": "x", "stewards": "a@b.org"}).status_code == 403
    with pytest.raises(ApplicationError):
        joining.network_setup(actor=tenant.coordinator, name="X", slug="x", stewards=["a@b.org"])
    assert not Network.objects.filter(slug="x").exists()


def test_the_short_name_new_is_kept_for_the_page(staff):  # type: ignore[no-untyped-def]
    UserFactory(email="ana@example.org")
    with pytest.raises(ApplicationError):
        joining.network_setup(actor=staff, name="New", slug="new", stewards=["ana@example.org"])


def test_ask_accept_and_the_coalition_is_in(client, tenant, lone):  # type: ignore[no-untyped-def]
    community, coordinator = lone
    steward = UserFactory()
    tenant.network.stewards.add(steward)
    client.force_login(coordinator)
    page = client.get(reverse("communities:network", args=[community.slug]))
    assert page.status_code == 200 and b"Ask to join" in page.content
    response = client.post(
        reverse("communities:network", args=[community.slug]),
        {"network": tenant.network.pk, "message": "We work on youth and housing."},
    )
    assert response.status_code == 302
    request = JoinRequest.objects.get(community=community)
    assert request.status == "pending" and request.network == tenant.network
    # A second request while one waits is refused by the page (and the database).
    again = client.post(
        reverse("communities:network", args=[community.slug]), {"network": tenant.network.pk}
    )
    assert again.status_code == 302 and JoinRequest.objects.filter(community=community).count() == 1

    client.force_login(steward)
    listing = client.get(reverse("communities:join_requests", args=[tenant.network.slug]))
    assert b"Fox Run" in listing.content and b"youth and housing" in listing.content
    decide = reverse("communities:join_request_decide", args=[tenant.network.slug, request.pk])
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    community.refresh_from_db()
    request.refresh_from_db()
    assert community.network == tenant.network
    assert request.status == "accepted" and request.decided_by == steward
    assert AuditEvent.objects.filter(
        action="join_request.accepted", community=community, actor=steward
    ).exists()


def test_decline_needs_a_reason_and_shows_it(client, tenant, lone):  # type: ignore[no-untyped-def]
    community, coordinator = lone
    steward = UserFactory()
    tenant.network.stewards.add(steward)
    request = joining.join_request_create(
        actor=coordinator, community=community, network=tenant.network
    )
    client.force_login(steward)
    decide = reverse("communities:join_request_decide", args=[tenant.network.slug, request.pk])
    response = client.post(decide, {"decision": "decline", f"r{request.pk}-reason": ""})
    assert response.status_code == 400 and b"usa-error-message" in response.content
    request.refresh_from_db()
    assert request.status == "pending"
    client.post(decide, {"decision": "decline", f"r{request.pk}-reason": "Outside our state."})
    request.refresh_from_db()
    assert request.status == "declined" and request.reason == "Outside our state."
    community.refresh_from_db()
    assert community.network is None
    client.force_login(coordinator)
    page = client.get(reverse("communities:network", args=[community.slug]))
    assert b"Outside our state." in page.content and b"Ask to join" in page.content


def test_who_may_decide_and_ask(client, tenant, lone):  # type: ignore[no-untyped-def]
    community, coordinator = lone
    request = joining.join_request_create(
        actor=coordinator, community=community, network=tenant.network
    )
    decide = reverse("communities:join_request_decide", args=[tenant.network.slug, request.pk])
    # The coalition's coordinator, and a coordinator in the network, are not its stewards.
    for person in (coordinator, tenant.coordinator):
        client.force_login(person)
        assert client.post(decide, {"decision": "accept"}).status_code == 403
        listing = reverse("communities:join_requests", args=[tenant.network.slug])
        assert client.get(listing).status_code == 403
    # A facilitator of the coalition cannot ask or leave; only its coordinators.
    client.force_login(member(community, Role.FACILITATOR))
    assert client.get(reverse("communities:network", args=[community.slug])).status_code == 403
    # A steward of another network cannot decide this network's requests.
    other = NetworkFactory()
    outsider = UserFactory()
    other.stewards.add(outsider)
    client.force_login(outsider)
    assert client.post(decide, {"decision": "accept"}).status_code == 403
    # Nor through their own network's address.
    wrong = reverse("communities:join_request_decide", args=[other.slug, request.pk])
    assert client.post(wrong, {"decision": "accept"}).status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_withdraw(client, tenant, lone):  # type: ignore[no-untyped-def]
    community, coordinator = lone
    request = joining.join_request_create(
        actor=coordinator, community=community, network=tenant.network
    )
    client.force_login(coordinator)
    url = reverse("communities:join_request_withdraw", args=[community.slug, request.pk])
    assert client.post(url).status_code == 302
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_leave_unlinks_strategies_and_goals(client, tenant):  # type: ignore[no-untyped-def]
    community = tenant.community
    strategy = StrategyFactory(network=tenant.network)
    CoalitionStrategy.objects.create(community=community, strategy=strategy)
    goal = CountyGoalFactory(
        community=community, network_goal=NetworkGoalFactory(network=tenant.network)
    )
    client.force_login(tenant.coordinator)
    page = client.get(reverse("communities:network_leave", args=[community.slug]))
    assert page.status_code == 200 and b"Leave the network" in page.content
    assert (
        client.post(reverse("communities:network_leave", args=[community.slug])).status_code == 302
    )
    community.refresh_from_db()
    goal.refresh_from_db()
    assert community.network is None and goal.network_goal is None
    assert not CoalitionStrategy.objects.filter(community=community).exists()
    event = AuditEvent.objects.get(action="community.left_network", community=community)
    assert event.details["strategy_links_removed"] == 1


def test_a_coalition_in_a_network_cannot_ask_another(tenant):  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError):
        joining.join_request_create(
            actor=tenant.coordinator, community=tenant.community, network=NetworkFactory()
        )
    assert not JoinRequest.objects.exists()
