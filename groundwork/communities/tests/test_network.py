"""The network's theory of change, statewide and county goals, the demo landscape, the API."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from groundwork.accounts.models import User
from groundwork.communities import services
from groundwork.communities.demo_network import load_network_demo
from groundwork.communities.maturity import DEFAULT_STRATEGIES, community_maturity
from groundwork.communities.models import (
    CoalitionStrategy,
    Community,
    CountyGoal,
    MaturityStage,
    Network,
    Role,
    Strategy,
)
from groundwork.core.demo import load_demo
from groundwork.core.errors import ApplicationError

from .factories import (
    CommunityFactory,
    CountyGoalFactory,
    NetworkFactory,
    NetworkGoalFactory,
    StrategyFactory,
    UserFactory,
    member,
)

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def network():
    return NetworkFactory(name="Resilient State", state="NC")


@pytest.fixture
def steward(network):
    user = UserFactory()
    network.stewards.add(user)
    return user


def test_a_new_network_gets_the_default_strategies():
    admin = UserFactory(is_superuser=True)
    network = services.network_create(actor=admin, name="Statewide", slug="statewide")
    assert [s.key for s in network.strategies.all()] == [k for k, _en, _es in DEFAULT_STRATEGIES]
    assert network.strategies.first().name == "Raise awareness about trauma and resilience"


def test_the_data_migration_gives_networks_without_strategies_the_defaults(other_tenant):
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "groundwork.communities.migrations.0003_profile_ratings_default_strategies"
    )
    empty, custom = NetworkFactory(), NetworkFactory()
    StrategyFactory(network=custom, name_en="Our own")
    migration.add_default_strategies(apps, None)
    assert empty.strategies.count() == len(DEFAULT_STRATEGIES)
    assert [s.name for s in custom.strategies.all()] == ["Our own"]
    # Every network gets them, the other tenant's too (the one change it may see here).
    assert other_tenant.network.strategies.count() == len(DEFAULT_STRATEGIES)
    other_tenant.baseline()


def test_network_page_shows_strategies_goals_and_stale_profiles_first(
    client, network, django_assert_max_num_queries
):
    strategy = StrategyFactory(network=network, name_en="Shift power")
    goal = NetworkGoalFactory(network=network, title="Fewer ACEs")
    old = CommunityFactory(network=network, name="Old Confirmed")
    Community.objects.filter(pk=old.pk).update(
        profile_confirmed_at=timezone.now() - timezone.timedelta(days=400)
    )
    never = CommunityFactory(network=network, name="Never Confirmed")
    for i in range(8):
        c = CommunityFactory(
            network=network,
            name=f"Coalition {i}",
            county_fips=["37001"],
            profile_confirmed_at=timezone.now(),
        )
        CoalitionStrategy.objects.create(community=c, strategy=strategy)
        CountyGoalFactory(community=c, network_goal=goal, title=f"Goal of {i}")
    CountyGoalFactory(community=never, network_goal=goal, title="Home visits")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("communities:network_detail", args=[network.slug]))
    page = response.content.decode()
    assert "Shift power" in page
    assert (
        "Fewer ACEs" in page and "Home visits" in page and "9 county goals work toward it" in page
    )
    table = page[page.index('id="coalitions"') :]
    assert (
        table.index("Never Confirmed") < table.index("Old Confirmed") < table.index("Coalition 0")
    )
    assert "Manage the strategies" not in page


def test_stewards_add_edit_reorder_and_delete_strategies(client, network, steward):
    client.force_login(steward)
    url = reverse("communities:network_strategies", args=[network.slug])
    assert client.get(url).status_code == 200
    client.post(url, {"name_en": "Grow peer learning", "description_en": ""})
    client.post(url, {"name_en": "Tell our stories"})
    first, second = network.strategies.order_by("position")
    assert first.key == "grow-peer-learning"
    client.post(
        reverse("communities:network_strategies_move", args=[network.slug, second.pk]),
        {"direction": "up"},
    )
    assert list(network.strategies.order_by("position")) == [second, first]
    client.post(
        reverse("communities:network_strategies_edit", args=[network.slug, first.pk]),
        {"name_en": "Grow peer learning circles"},
    )
    first.refresh_from_db()
    assert first.name == "Grow peer learning circles"

    coalition = CommunityFactory(network=network, name="Pursuer County")
    CoalitionStrategy.objects.create(community=coalition, strategy=first, how="Circles.")
    delete_url = reverse("communities:network_strategies_delete", args=[network.slug, first.pk])
    confirm = client.get(delete_url).content.decode()
    assert "One coalition pursues this strategy" in confirm and "Pursuer County" in confirm
    assert Strategy.objects.filter(pk=first.pk).exists()
    client.post(delete_url)
    assert not Strategy.objects.filter(pk=first.pk).exists()
    assert not CoalitionStrategy.objects.exists()


def test_deleting_a_statewide_goal_keeps_county_goals_unlinked(client, network, steward):
    client.force_login(steward)
    client.post(reverse("communities:network_goals", args=[network.slug]), {"title": "Fewer ACEs"})
    goal = network.goals.get()
    county_goal = CountyGoalFactory(community=CommunityFactory(network=network), network_goal=goal)
    client.post(reverse("communities:network_goals_delete", args=[network.slug, goal.pk]))
    county_goal.refresh_from_db()
    assert county_goal.network_goal is None and not network.goals.exists()


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "other_steward"])
def test_only_the_networks_stewards_manage_it(client, network, who):
    strategy = StrategyFactory(network=network)
    if who == "coordinator":
        client.force_login(member(CommunityFactory(network=network), Role.COORDINATOR))
    elif who == "other_steward":
        user = UserFactory()
        NetworkFactory().stewards.add(user)
        client.force_login(user)
    for name, args in [
        ("network_strategies", [network.slug]),
        ("network_goals", [network.slug]),
        ("network_strategies_delete", [network.slug, strategy.pk]),
    ]:
        response = client.post(reverse(f"communities:{name}", args=args), {"name": "X"})
        assert response.status_code == (302 if who == "anonymous" else 403)
    assert list(network.strategies.all()) == [strategy]


def test_strategy_of_another_network_is_not_found(client, network, steward):
    client.force_login(steward)
    foreign = StrategyFactory()
    url = reverse("communities:network_strategies_edit", args=[network.slug, foreign.pk])
    assert client.get(url).status_code == 404


def test_coordinators_manage_county_goals_linked_to_statewide_goals(client, network):
    community = CommunityFactory(network=network)
    goal = NetworkGoalFactory(network=network, title="Trauma-informed schools")
    client.force_login(member(community, Role.COORDINATOR))
    url = reverse("communities:county_goals", args=[community.slug])
    response = client.post(
        url, {"title": "Calm rooms", "target": "Half the schools", "network_goal": goal.pk}
    )
    assert response.status_code == 302
    county_goal = community.county_goals.get()
    assert county_goal.network_goal == goal
    client.post(
        reverse("communities:county_goal_edit", args=[community.slug, county_goal.pk]),
        {"title": "Calm rooms in every school", "network_goal": ""},
    )
    county_goal.refresh_from_db()
    assert county_goal.title == "Calm rooms in every school" and county_goal.network_goal is None
    client.post(reverse("communities:county_goal_delete", args=[community.slug, county_goal.pk]))
    assert not community.county_goals.exists()


def test_a_county_goal_cannot_serve_another_networks_goal(client, network):
    community = CommunityFactory(network=network)
    coordinator = member(community, Role.COORDINATOR)
    foreign = NetworkGoalFactory()
    with pytest.raises(ApplicationError, match="your own network's statewide goals"):
        services.county_goal_create(
            actor=coordinator, community=community, title="X", network_goal=foreign
        )
    client.force_login(coordinator)
    response = client.post(
        reverse("communities:county_goals", args=[community.slug]),
        {"title": "X", "network_goal": foreign.pk},
    )
    assert response.status_code == 200 and b"usa-error-message" in response.content
    assert not CountyGoal.objects.exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FACILITATOR])
def test_members_do_not_manage_county_goals(client, network, role):
    community = CommunityFactory(network=network)
    client.force_login(member(community, role))
    response = client.post(
        reverse("communities:county_goals", args=[community.slug]), {"title": "X"}
    )
    assert response.status_code == 403 and not CountyGoal.objects.exists()


def test_api_community_detail_includes_the_profile(client, network):
    community = CommunityFactory(
        network=network, county_fips=["37001"], meets_regularly=True, ci_backbone=2
    )
    strategy = StrategyFactory(network=network, key="shift-power")
    CoalitionStrategy.objects.create(community=community, strategy=strategy, how="Stipends.")
    CountyGoalFactory(
        community=community, title="Calm rooms", network_goal=NetworkGoalFactory(network=network)
    )
    data = client.get(f"/api/communities/{community.slug}").json()
    profile = data["profile"]
    assert profile["counties"] == [{"fips": "37001", "name": "Alamance", "state": "NC"}]
    assert profile["maturity"]["stage"] == "forming"
    assert profile["maturity"]["indicators"]["meets_regularly"] is True
    assert profile["ratings"]["backbone"] == 2 and profile["ratings"]["common_agenda"] is None
    assert profile["strategies"] == [
        {"strategy": "shift-power", "name": strategy.name, "how": "Stipends."}
    ]
    assert profile["county_goals"][0]["title"] == "Calm rooms"
    private = CommunityFactory(is_public=False)
    assert client.get(f"/api/communities/{private.slug}").status_code == 401


def test_demo_network_loads_twice_with_forty_coalitions_in_distinct_counties():
    load_demo()
    created = load_network_demo()
    assert created >= 42
    assert load_network_demo() == 0
    network = Network.objects.get(slug="resilient-together")
    coalitions = list(network.communities.all())
    assert len(coalitions) >= 45
    counties = [fips for c in coalitions for fips in c.county_fips]
    assert len(set(counties)) == len(counties) >= 40
    assert 35 <= 100 - len(set(counties)) <= 65  # about half of NC's counties have none
    stages = {community_maturity(c).stage for c in coalitions}
    assert stages == set(MaturityStage.values)
    without_health = sum("health_care" not in c.sectors for c in coalitions)
    assert 0.2 < without_health / len(coalitions) < 0.5
    assert any(c.profile_confirmed_at is None for c in coalitions)
    assert network.goals.count() >= 4
    assert (
        CountyGoal.objects.filter(community__network=network, network_goal__isnull=False).count()
        >= 40
    )
    assert CoalitionStrategy.objects.filter(community__network=network).count() >= 45
    alder = Community.objects.get(slug="alder-county")
    assert alder.county_fips and alder.profile_confirmed_at


def test_load_demo_command_runs_twice(capsys):
    call_command("load_demo")
    assert "Network demo:" in capsys.readouterr().out
    call_command("load_demo")
    assert "Network demo:" not in capsys.readouterr().out
    assert User.objects.filter(email="admin@example.org").count() == 1


def test_staff_see_every_coalition_in_the_counts_of_their_management_pages(
    client, network, steward
):  # type: ignore[no-untyped-def]
    strategy = StrategyFactory(network=network, name_en="Shift power to residents")
    goal = NetworkGoalFactory(network=network, title="Trauma-informed schools")
    for public in (True, False):
        coalition = CommunityFactory(network=network, is_public=public)
        CoalitionStrategy.objects.create(community=coalition, strategy=strategy, how="")
        CountyGoal.objects.create(community=coalition, network_goal=goal, title="Schools")
    client.force_login(steward)
    for kind, item in (("strategies", strategy), ("goals", goal)):
        page = client.get(reverse(f"communities:network_{kind}", args=[network.slug]))
        row = page.content.decode().split(f">{item}</th>")[1].split("</tr>")[0]
        assert "<td>2</td>" in row, row
