"""Who may build a community's surveys and list them, asked of each role of two look-alike
tenants: a permission given to everyone, or to no one, fails here."""

import pytest
from django.contrib.auth.models import AnonymousUser

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member

pytestmark = pytest.mark.django_db


def test_community_surveys_are_built_by_its_coordinators_and_facilitators(tenant, other_tenant):
    community = tenant.community
    facilitator = member(community, Role.FACILITATOR)
    plain = member(community, Role.MEMBER)
    allowed = {
        "coordinator": tenant.coordinator,
        "facilitator": facilitator,
    }
    refused = {
        "member": plain,
        "other tenant's coordinator": other_tenant.coordinator,
        "anonymous": AnonymousUser(),
    }
    for who, user in allowed.items():
        assert user.has_perm("measures.add_community_survey", community), who
    for who, user in refused.items():
        assert not user.has_perm("measures.add_community_survey", community), who
    theirs = other_tenant.community
    assert other_tenant.coordinator.has_perm("measures.add_community_survey", theirs)


def test_a_community_surveys_are_listed_to_whoever_may_see_the_community(tenant, other_tenant):
    community = tenant.community
    plain = member(community, Role.MEMBER)
    anonymous = AnonymousUser()
    assert community.is_public
    for who, user in (("member", plain), ("other", other_tenant.coordinator), ("anon", anonymous)):
        assert user.has_perm("measures.list_community_surveys", community), who
    community.is_public = False
    community.save()
    assert plain.has_perm("measures.list_community_surveys", community)
    assert tenant.coordinator.has_perm("measures.list_community_surveys", community)
    assert not other_tenant.coordinator.has_perm("measures.list_community_surveys", community)
    assert not anonymous.has_perm("measures.list_community_surveys", community)
