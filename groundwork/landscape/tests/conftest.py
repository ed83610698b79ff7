import json
from pathlib import Path

import pytest

from groundwork.communities.counties import counties_in_state
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import UserFactory, member

from .factories import (
    CoalitionFactory,
    CoalitionStrategyFactory,
    CountyGoalFactory,
    NetworkFactory,
    NetworkGoalFactory,
    StrategyFactory,
)

WAKE, DURHAM, ORANGE, ALAMANCE, GUILFORD, BUNCOMBE = (
    "37183",
    "37063",
    "37135",
    "37001",
    "37081",
    "37021",
)


@pytest.fixture
def steward(db):  # type: ignore[no-untyped-def]
    return UserFactory(name="Nia Steward")


@pytest.fixture
def network(steward):  # type: ignore[no-untyped-def]
    network = NetworkFactory(name="Resilient Test Network", slug="rtn")
    network.stewards.add(steward)
    return network


@pytest.fixture
def landscape(network):  # type: ignore[no-untyped-def]
    """Coalitions at different stages, with and without a health-care partner."""
    awareness_strategy = StrategyFactory(
        network=network, key="raise-awareness", name_en="Raise awareness"
    )
    policy = StrategyFactory(
        network=network, key="policy-change", name_en="Advocate for policy change"
    )
    housing_goal = NetworkGoalFactory(network=network, title="Every family stably housed")
    trauma_goal = NetworkGoalFactory(network=network, title="Trauma-informed schools")
    c = {
        "wake": CoalitionFactory(
            network=network,
            coalition_name="Wake Resilience Alliance",
            sectors=["education", "faith"],
            county_fips=[WAKE],
            focus_areas=["aces", "housing"],
        ),
        "durham": CoalitionFactory(
            network=network,
            forming=True,
            coalition_name="Bull City Coalition",
            sectors=["government"],
            county_fips=[DURHAM, ORANGE],
            focus_areas=["trauma"],
        ),
        "alamance": CoalitionFactory(
            network=network,
            forming=True,
            coalition_name="Alamance Cares",
            sectors=["health_care", "business"],
            county_fips=[ALAMANCE],
            ci_common_agenda=4,
            ci_backbone=2,
        ),
        "guilford": CoalitionFactory(
            network=network,
            maintaining=True,
            coalition_name="Guilford Together",
            sectors=["education"],
            county_fips=[GUILFORD],
            ci_common_agenda=3,
        ),
        "hidden": CoalitionFactory(
            network=network,
            is_public=False,
            coalition_name="Quiet Buncombe Circle",
            sectors=["faith"],
            county_fips=[BUNCOMBE],
        ),
        "wake2": CoalitionFactory(
            network=network,
            institutionalized=True,
            coalition_name="Wake Health Partners",
            sectors=["health_care"],
            county_fips=[WAKE],
            focus_areas=["mental_health"],
            profile_confirmed_at="2026-03-04T12:00:00Z",
        ),
    }
    # Another network's coalition never appears.
    CoalitionFactory(coalition_name="Elsewhere Coalition", sectors=[], county_fips=[GUILFORD])
    CoalitionStrategyFactory(community=c["wake"], strategy=awareness_strategy)
    CoalitionStrategyFactory(community=c["durham"], strategy=awareness_strategy)
    CoalitionStrategyFactory(community=c["durham"], strategy=policy)
    CoalitionStrategyFactory(community=c["hidden"], strategy=policy)
    CountyGoalFactory(community=c["durham"], network_goal=housing_goal)
    CountyGoalFactory(community=c["wake"], network_goal=trauma_goal)
    CountyGoalFactory(community=c["alamance"], network_goal=None)
    c["strategies"] = [awareness_strategy, policy]
    c["goals"] = [housing_goal, trauma_goal]
    return c


@pytest.fixture
def hidden_member(landscape):  # type: ignore[no-untyped-def]
    return member(landscape["hidden"], Role.MEMBER)


def _grid_topology(tmp: Path) -> Path:
    """A stand-in for us-atlas when `npm ci` has not run: North Carolina's counties (from the
    shipped county list) as squares on a grid inside a square state outline, written as an
    unquantized TopoJSON topology. The tests check which counties are drawn and how, not
    their real shapes; with the package installed the map is drawn from it, as in production."""
    counties = counties_in_state("NC")
    columns, size = 10, 10
    arcs, geometries = [], []
    for index, county in enumerate(counties):
        x, y = (index % columns) * size, (index // columns) * size
        arcs.append([[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]])
        geometries.append(
            {
                "type": "Polygon",
                "id": county.fips,
                "properties": {"name": county.name},
                "arcs": [[len(arcs) - 1]],
            }
        )
    rows = -(-len(counties) // columns)
    width, height = columns * size, rows * size
    arcs.append([[0, 0], [width, 0], [width, height], [0, height], [0, 0]])
    topology = {
        "type": "Topology",
        "objects": {
            "counties": {"type": "GeometryCollection", "geometries": geometries},
            "states": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "id": "37",
                        "properties": {"name": "North Carolina"},
                        "arcs": [[len(arcs) - 1]],
                    }
                ],
            },
        },
        "arcs": arcs,
    }
    path = tmp / "north-carolina-grid.json"
    path.write_text(json.dumps(topology), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def _grid_map(tmp_path_factory):  # type: ignore[no-untyped-def]
    return _grid_topology(tmp_path_factory.mktemp("map"))


@pytest.fixture(autouse=True)
def _county_map(settings, request):  # type: ignore[no-untyped-def]
    if not Path(settings.LANDSCAPE_TOPOJSON).exists():
        settings.LANDSCAPE_TOPOJSON = str(request.getfixturevalue("_grid_map"))
