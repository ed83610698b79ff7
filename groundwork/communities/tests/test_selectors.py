"""The communities reads asked directly, beside a look-alike tenant: which communities and
memberships a person sees, each network's communities, and a network's strategies and goals
with the coalitions counted (public ones only where the public sees them)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from groundwork.communities import selectors
from groundwork.communities.models import CoalitionStrategy, CountyGoal, NetworkGoal, Role, Strategy
from groundwork.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(tenant):  # type: ignore[no-untyped-def]
    """A private community in the tenant's network, with two members."""
    community = CommunityFactory(
        slug="alder-private", name="Alder Private", network=tenant.network, is_public=False
    )
    member(community, Role.COORDINATOR)
    member(community, Role.VIEWER)
    return community


def test_visible_communities_are_the_public_ones_and_the_user_own(tenant, other_tenant, private):  # type: ignore[no-untyped-def]
    viewer = private.memberships.get(role=Role.VIEWER).user
    public = {tenant.community, other_tenant.community}
    for user in (AnonymousUser(), UserFactory(), tenant.coordinator):
        assert set(selectors.community_list_visible(user=user)) == public
    listed = list(selectors.community_list_visible(user=viewer))  # by name, each once
    assert listed == [tenant.community, private, other_tenant.community]
    assert set(selectors.network_communities(network=tenant.network, user=viewer)) == {
        tenant.community,
        private,
    }
    assert list(selectors.network_communities(network=tenant.network, user=AnonymousUser())) == [
        tenant.community
    ]
    assert list(selectors.network_communities(network=other_tenant.network, user=viewer)) == [
        other_tenant.community
    ]


def test_a_member_lists_their_own_memberships_only(tenant, other_tenant, private):  # type: ignore[no-untyped-def]
    viewer = private.memberships.get(role=Role.VIEWER).user
    MembershipFactory(community=tenant.community, role=Role.FACILITATOR, user=viewer)
    mine = selectors.community_list_for_member(user=viewer)
    assert {(m.community, m.role) for m in mine} == {
        (private, Role.VIEWER),
        (tenant.community, Role.FACILITATOR),
    }
    assert list(selectors.community_list_for_member(user=AnonymousUser())) == []
    assert list(selectors.community_list_for_member(user=UserFactory())) == []


def test_networks_count_their_own_communities(tenant, other_tenant, private):  # type: ignore[no-untyped-def]
    counts = {n: n.community_count for n in selectors.network_list()}
    assert counts == {tenant.network: 2, other_tenant.network: 1}


def test_strategies_and_goals_count_public_coalitions_for_the_public_and_all_for_staff(
    tenant, other_tenant, private
):  # type: ignore[no-untyped-def]
    strategies = {}
    goals = {}
    for t in (tenant, other_tenant):
        strategy = Strategy.objects.create(network=t.network, key="housing", name_en="Housing")
        Strategy.objects.create(network=t.network, key="jobs", name_en="Jobs", position=1)
        CoalitionStrategy.objects.create(community=t.community, strategy=strategy)
        goal = NetworkGoal.objects.create(network=t.network, title="Homes for all")
        CountyGoal.objects.create(community=t.community, network_goal=goal, title="Public goal")
        strategies[t.label], goals[t.label] = strategy, goal
    CoalitionStrategy.objects.create(community=private, strategy=strategies["alder"])
    # A second public coalition on the same strategy: public ones counted, not private ones.
    second = CommunityFactory(slug="alder-two", name="Alder Two", network=tenant.network)
    CoalitionStrategy.objects.create(community=second, strategy=strategies["alder"])
    CountyGoal.objects.create(community=private, network_goal=goals["alder"], title="Private goal")

    listed = selectors.network_strategies(network=tenant.network)
    assert [(s.key, s.coalition_count) for s in listed] == [("housing", 2), ("jobs", 0)]
    [goal] = selectors.network_goals(network=tenant.network)
    assert goal == goals["alder"]
    assert [g.title for g in goal.county_goals.all()] == ["Public goal"]

    staff = selectors.network_items_for_staff(network=tenant.network, kind="strategies")
    assert [(s.key, s.linked) for s in staff] == [("housing", 3), ("jobs", 0)]
    staff = selectors.network_items_for_staff(network=tenant.network, kind="goals")
    assert [(g, g.linked) for g in staff] == [(goals["alder"], 2)]
    staff = selectors.network_items_for_staff(network=other_tenant.network, kind="goals")
    assert [(g, g.linked) for g in staff] == [(goals["birch"], 1)]
