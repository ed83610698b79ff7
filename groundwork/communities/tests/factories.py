import factory
from factory.django import DjangoModelFactory

from groundwork.accounts.models import User
from groundwork.communities.models import (
    Community,
    CountyGoal,
    Membership,
    Network,
    NetworkGoal,
    Organization,
    Role,
    Sector,
    Strategy,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.django.Password("a-long-enough-password-42")


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    state = "NC"


class CommunityFactory(DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    kind = Community.Kind.COUNTY
    is_public = True
    sectors = ["health_care", "faith"]


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Organization {n}")
    sector = Sector.HEALTH_CARE


class StrategyFactory(DjangoModelFactory):
    class Meta:
        model = Strategy

    network = factory.SubFactory(NetworkFactory)
    key = factory.Sequence(lambda n: f"strategy-{n}")
    name_en = factory.Sequence(lambda n: f"Strategy {n}")
    position = factory.Sequence(lambda n: n)


class NetworkGoalFactory(DjangoModelFactory):
    class Meta:
        model = NetworkGoal

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Statewide goal {n}")
    position = factory.Sequence(lambda n: n)


class CountyGoalFactory(DjangoModelFactory):
    class Meta:
        model = CountyGoal

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"County goal {n}")


def member(community: Community, role: str) -> User:
    """A new person holding `role` in `community`."""
    return MembershipFactory(community=community, role=role).user
