"""The coalition profile: what people see, who edits it, and what can go wrong."""

import pytest
from django.urls import reverse

from groundwork.communities import services
from groundwork.communities.models import CoalitionStrategy, Community, Role
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

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def coalition():
    network = NetworkFactory(state="NC")
    community = CommunityFactory(network=network, sectors=[])
    return community


def _post_data(strategy_ids=(), **extra):
    data = {
        "county_fips": ["37001", "37033"],
        "sectors": ["faith", "health_care"],
        "focus_areas": ["aces"],
        "indicators": ["meets_regularly", "has_leadership_structure", "uses_data"],
        "ci_common_agenda": "4",
        "ci_shared_measurement": "",
        "ci_mutually_reinforcing": "2",
        "ci_communication": "5",
        "ci_backbone": "",
    }
    for pk in strategy_ids:
        data[f"strategy_{pk}"] = "on"
        data[f"how_{pk}"] = "Monthly partners' table."
    data.update(extra)
    return data


def test_public_profile_shows_counties_stage_ratings_strategies_and_goals(client, coalition):
    strategy = StrategyFactory(network=coalition.network, name_en="Raise awareness together")
    CoalitionStrategy.objects.create(community=coalition, strategy=strategy, how="Film nights.")
    statewide = NetworkGoalFactory(network=coalition.network, title="Trauma-informed schools")
    CountyGoalFactory(community=coalition, title="Calm rooms", network_goal=statewide)
    Community.objects.filter(pk=coalition.pk).update(
        county_fips=["37001"], meets_regularly=True, ci_common_agenda=3, focus_areas=["aces"]
    )
    page = client.get(reverse("communities:detail", args=[coalition.slug])).content.decode()
    assert "Alamance, NC (FIPS 37001)" in page
    assert "Adverse childhood experiences (ACEs)" in page
    assert "<strong>Forming</strong>" in page
    assert "To reach the next stage (Maintaining)" in page
    assert "3 of 5" in page and "Not rated" in page
    assert "Raise awareness together" in page and "Film nights." in page
    assert "Calm rooms" in page and "Serves the statewide goal: Trauma-informed schools" in page
    assert "never been confirmed" in page
    assert "Edit the coalition profile" not in page  # anonymous visitors only read


def test_private_community_profile_is_not_public(client):
    community = CommunityFactory(is_public=False)
    response = client.get(reverse("communities:detail", args=[community.slug]))
    assert response.status_code == 302  # asked to sign in


def test_coordinator_saves_the_whole_profile_and_it_is_confirmed(client, coalition):
    strategy = StrategyFactory(network=coalition.network)
    coordinator = member(coalition, Role.COORDINATOR)
    client.force_login(coordinator)
    form = client.get(reverse("communities:profile", args=[coalition.slug])).content.decode()
    assert "Alamance (37001)" in form and "Yancey (37199)" in form
    assert "<legend" in form
    response = client.post(
        reverse("communities:profile", args=[coalition.slug]), _post_data([strategy.pk])
    )
    assert response.status_code == 302
    coalition.refresh_from_db()
    assert coalition.county_fips == ["37001", "37033"]
    assert coalition.sectors == ["faith", "health_care"]
    assert coalition.uses_data and not coalition.has_paid_coordinator
    assert (coalition.ci_common_agenda, coalition.ci_shared_measurement) == (4, None)
    assert coalition.profile_confirmed_at is not None
    link = coalition.strategy_links.get()
    assert link.strategy == strategy and link.how == "Monthly partners' table."
    assert AuditEvent.objects.filter(action="community.profile_updated").count() == 1

    # Unticking the strategy removes the link.
    client.post(reverse("communities:profile", args=[coalition.slug]), _post_data())
    assert not coalition.strategy_links.exists()


def test_an_invalid_fips_code_is_refused_and_nothing_is_saved(client, coalition):
    strategy = StrategyFactory(network=coalition.network)
    client.force_login(member(coalition, Role.COORDINATOR))
    response = client.post(
        reverse("communities:profile", args=[coalition.slug]),
        _post_data([strategy.pk], county_fips=["37001", "99999"]),
    )
    assert response.status_code == 200
    assert "These are not FIPS codes of U.S. counties: 99999." in response.content.decode()
    coalition.refresh_from_db()
    assert coalition.county_fips == [] and coalition.sectors == []
    assert coalition.profile_confirmed_at is None
    assert not coalition.strategy_links.exists()
    assert not AuditEvent.objects.filter(action="community.profile_updated").exists()


def test_a_rating_out_of_range_is_refused():
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    with pytest.raises(ApplicationError, match="from 1 to 5"):
        services.community_profile_update(
            actor=coordinator,
            community=community,
            county_fips=[],
            sectors=[],
            focus_areas=[],
            indicators={},
            ratings={"ci_backbone": 9},
            strategies={},
        )


def test_strategies_of_another_network_are_refused(coalition):
    other = StrategyFactory()  # another network's
    coordinator = member(coalition, Role.COORDINATOR)
    with pytest.raises(ApplicationError, match="your network's theory of change"):
        services.community_profile_update(
            actor=coordinator,
            community=coalition,
            county_fips=["37001"],
            sectors=[],
            focus_areas=[],
            indicators={},
            ratings={},
            strategies={other.pk: "x"},
        )
    coalition.refresh_from_db()
    assert coalition.county_fips == []


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MEMBER, "steward", "anonymous"])
def test_only_coordinators_edit_the_profile(client, coalition, role):
    if role == "steward":
        user = UserFactory()
        coalition.network.stewards.add(user)
        client.force_login(user)
    elif role != "anonymous":
        client.force_login(member(coalition, role))
    url = reverse("communities:profile", args=[coalition.slug])
    response = client.post(url, _post_data())
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    coalition.refresh_from_db()
    assert coalition.county_fips == []
    confirm = client.post(reverse("communities:profile_confirm", args=[coalition.slug]))
    assert confirm.status_code in (302, 403)
    coalition.refresh_from_db()
    assert coalition.profile_confirmed_at is None


def test_confirm_bumps_only_the_date(client, coalition):
    client.force_login(member(coalition, Role.COORDINATOR))
    page = client.get(reverse("communities:detail", args=[coalition.slug])).content.decode()
    assert "Confirm the profile is still current" in page
    response = client.post(reverse("communities:profile_confirm", args=[coalition.slug]))
    assert response.status_code == 302
    coalition.refresh_from_db()
    assert coalition.profile_confirmed_at is not None
    assert coalition.sectors == []
    assert AuditEvent.objects.filter(action="community.profile_confirmed").count() == 1
    page = client.get(reverse("communities:detail", args=[coalition.slug])).content.decode()
    assert "Profile last confirmed on" in page


def test_community_without_a_network_state_picks_a_state_first(client):
    community = CommunityFactory()
    client.force_login(member(community, Role.COORDINATOR))
    url = reverse("communities:profile", args=[community.slug])
    page = client.get(url).content.decode()
    assert "Choose a state above" in page and 'name="state"' in page
    page = client.get(url, {"state": "VT"}).content.decode()
    assert "Windham (50025)" in page
    client.post(url + "?state=VT", _post_data(county_fips=["50025"]))
    community.refresh_from_db()
    assert community.county_fips == ["50025"]


def test_profile_page_query_count(client, coalition, django_assert_max_num_queries):
    for _ in range(5):
        strategy = StrategyFactory(network=coalition.network)
        CoalitionStrategy.objects.create(community=coalition, strategy=strategy, how="x")
        CountyGoalFactory(
            community=coalition, network_goal=NetworkGoalFactory(network=coalition.network)
        )
    client.force_login(member(coalition, Role.COORDINATOR))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("communities:detail", args=[coalition.slug])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("communities:profile", args=[coalition.slug])).status_code == 200
