import factory
from factory.django import DjangoModelFactory

from groundwork.communities.models import (
    CoalitionStrategy,
    Community,
    CountyGoal,
    Network,
    NetworkGoal,
    Strategy,
)


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Landscape Network {n}")
    slug = factory.Sequence(lambda n: f"landscape-network-{n}")
    state = "NC"


class CoalitionFactory(DjangoModelFactory):
    """A coalition at the awareness stage (no maturity flags) serving Wake County."""

    class Meta:
        model = Community

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


class StrategyFactory(DjangoModelFactory):
    class Meta:
        model = Strategy

    network = factory.SubFactory(NetworkFactory)
    key = factory.Sequence(lambda n: f"strategy-{n}")
    name = factory.Sequence(lambda n: f"Strategy {n}")
    position = factory.Sequence(lambda n: n)


class CoalitionStrategyFactory(DjangoModelFactory):
    class Meta:
        model = CoalitionStrategy

    community = factory.SubFactory(CoalitionFactory)
    strategy = factory.SubFactory(StrategyFactory)
    how = "Monthly trainings."


class NetworkGoalFactory(DjangoModelFactory):
    class Meta:
        model = NetworkGoal

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Statewide goal {n}")
    position = factory.Sequence(lambda n: n)


class CountyGoalFactory(DjangoModelFactory):
    class Meta:
        model = CountyGoal

    community = factory.SubFactory(CoalitionFactory)
    network_goal = factory.SubFactory(NetworkGoalFactory)
    title = factory.Sequence(lambda n: f"County goal {n}")
