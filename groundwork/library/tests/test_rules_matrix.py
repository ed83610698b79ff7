"""Who may do what in the practice library and peer help, perm by perm, for every kind of
visitor beside a look-alike tenant: a member of another coalition of the same network, the
network's steward, the steward of the regional hub a request is assigned to, the mentor
coalition's coordinator, and the other network's coordinator and steward (outsiders here)."""

import pytest

from groundwork.communities.models import Region, Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.testing import FACILITATOR_ROLES, MEMBER_ROLES, ROLES, people_of
from groundwork.library.models import Comment, HelpRequest, Practice, PracticeStatus

pytestmark = pytest.mark.django_db

EXTRA = ("steward", "other_steward", "neighbour", "region_steward", "mentor_coordinator")
EVERYONE = set(ROLES) | set(EXTRA)
COALITION = MEMBER_ROLES | {"steward"}


@pytest.fixture
def world(tenant, other_tenant):  # type: ignore[no-untyped-def]
    people = people_of(tenant, other_tenant)
    people["steward"] = UserFactory()
    tenant.network.stewards.add(people["steward"])
    people["other_steward"] = UserFactory()
    other_tenant.network.stewards.add(people["other_steward"])
    neighbour = CommunityFactory(name="Cedar County", slug="cedar", network=tenant.network)
    people["neighbour"] = member(neighbour, Role.MEMBER)
    mentor = CommunityFactory(name="Dogwood County", slug="dogwood", network=tenant.network)
    people["mentor_coordinator"] = member(mentor, Role.COORDINATOR)
    region = Region.objects.create(network=tenant.network, name="East", slug="east")
    people["region_steward"] = UserFactory()
    region.stewards.add(people["region_steward"])
    return people, mentor, region


def allowed(people, perm, obj):  # type: ignore[no-untyped-def]
    return {name for name in people if people[name].has_perm(perm, obj)}


def practice(tenant, status):  # type: ignore[no-untyped-def]
    return Practice.objects.create(
        community=tenant.community,
        network=tenant.network,
        status=status,
        title_en="Listening sessions",
        body_en="How we listen.",
    )


def test_drafts_are_the_coalition_and_stewards_published_practices_everyone(world, tenant):  # type: ignore[no-untyped-def]
    people, _mentor, _region = world
    draft = practice(tenant, PracticeStatus.DRAFT)
    published = practice(tenant, PracticeStatus.PUBLISHED)
    assert allowed(people, "library.view_practice", draft) == COALITION
    assert allowed(people, "library.view_practice", published) == EVERYONE
    for obj in (draft, published):
        assert allowed(people, "library.change_practice", obj) == FACILITATOR_ROLES
    # Comments: signed-in people of the network (its coalitions' members, its stewards), on
    # published practices only; the stewards hide them.
    in_network = COALITION | {"neighbour", "mentor_coordinator"}
    assert allowed(people, "library.comment_practice", published) == in_network
    assert allowed(people, "library.comment_practice", draft) == set()
    said = Comment.objects.create(practice=published, author=people["neighbour"], body="Nice")
    assert allowed(people, "library.hide_comment", said) == {"steward"}
    assert allowed(people, "library.hide_comment", published) == {"steward"}


def test_a_coalition_publishes_keeps_and_asks(world, tenant):  # type: ignore[no-untyped-def]
    people, _mentor, _region = world
    community = tenant.community
    assert allowed(people, "library.view_library", None) == EVERYONE
    assert allowed(people, "library.publish_practice", community) == FACILITATOR_ROLES
    assert allowed(people, "library.add_request", community) == FACILITATOR_ROLES
    for perm in ("library.view_community_practices", "library.view_community_requests"):
        assert allowed(people, perm, community) == MEMBER_ROLES, perm
    assert allowed(people, "library.triage_network", tenant.network) == {"steward"}
    # A coalition in no network has nobody to ask.
    community.network = None
    community.save()
    assert allowed(people, "library.add_request", community) == set()


def test_a_request_is_its_coalition_stewards_region_and_mentor(world, tenant):  # type: ignore[no-untyped-def]
    people, mentor, region = world
    request = HelpRequest.objects.create(
        community=tenant.community, network=tenant.network, kind="technical", topic="Data"
    )
    for perm in ("library.view_request", "library.comment_request"):
        assert allowed(people, perm, request) == COALITION, perm
    assert allowed(people, "library.triage_request", request) == {"steward"}
    assert allowed(people, "library.agree_introduction", request) == {"coordinator"}
    request.assigned_region = region
    request.mentor = mentor
    request.save()
    request = HelpRequest.objects.get(pk=request.pk)
    seen = COALITION | {"region_steward", "mentor_coordinator"}
    for perm in ("library.view_request", "library.comment_request"):
        assert allowed(people, perm, request) == seen, perm
    assert allowed(people, "library.triage_request", request) == {"steward", "region_steward"}
    assert allowed(people, "library.agree_introduction", request) == {
        "coordinator",
        "mentor_coordinator",
    }
    said = Comment.objects.create(request=request, author=people["coordinator"], body="Help")
    assert allowed(people, "library.hide_comment", said) == {"steward"}


def test_nothing_no_permission(world):  # type: ignore[no-untyped-def]
    people, _mentor, _region = world
    perms = (
        "library.view_practice",
        "library.change_practice",
        "library.publish_practice",
        "library.view_community_practices",
        "library.comment_practice",
        "library.hide_comment",
        "library.add_request",
        "library.view_community_requests",
        "library.view_request",
        "library.triage_request",
        "library.comment_request",
        "library.agree_introduction",
        "library.triage_network",
    )
    for perm in perms:
        assert allowed(people, perm, None) == set(), perm
