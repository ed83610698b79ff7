"""Coalitions as the catalog sees them: the communities app's factories, with a profile."""

import factory
from factory.django import DjangoModelFactory

from groundwork.communities.models import CoalitionStrategy, Community
from groundwork.communities.tests.factories import (
    CommunityFactory,
    NetworkFactory,
    NetworkGoalFactory,
    StrategyFactory,
)
from groundwork.communities.tests.factories import CountyGoalFactory as _CountyGoalFactory

__all__ = [
    "CoalitionFactory",
    "CoalitionStrategyFactory",
    "CountyGoalFactory",
    "NetworkFactory",
    "NetworkGoalFactory",
    "StrategyFactory",
]


class CoalitionFactory(CommunityFactory):
    """A coalition at the awareness stage (no maturity flags) serving Wake County."""

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Coalition Community {n}")
    slug = factory.Sequence(lambda n: f"coalition-{n}")
    coalition_name = factory.Sequence(lambda n: f"Resilience Coalition {n}")
    kind = Community.Kind.COUNTY
    is_public = True
    sectors = factory.LazyFunction(lambda: ["health_care", "education"])
    county_fips = factory.LazyFunction(lambda: ["37183"])
    focus_areas = factory.LazyFunction(lambda: ["aces"])

    class Params:
        forming = factory.Trait(meets_regularly=True)
        maintaining = factory.Trait(
            meets_regularly=True, has_leadership_structure=True, has_shared_vision=True
        )
        institutionalized = factory.Trait(
            meets_regularly=True,
            has_leadership_structure=True,
            has_shared_vision=True,
            has_paid_coordinator=True,
            has_backbone_agency=True,
        )


class CoalitionStrategyFactory(DjangoModelFactory):
    class Meta:
        model = CoalitionStrategy

    community = factory.SubFactory(CoalitionFactory)
    strategy = factory.SubFactory(StrategyFactory)
    how = "Monthly trainings."


class CountyGoalFactory(_CountyGoalFactory):
    community = factory.SubFactory(CoalitionFactory)
    network_goal = factory.SubFactory(NetworkGoalFactory)
