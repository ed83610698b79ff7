"""Who sees and who runs boards, for every kind of visitor, beside a look-alike tenant: a
community's coordinators and facilitators run its boards, a network's stewards the network's; a
public board of a public owner is seen by anyone, the others by the owner's people. A network's
own directory (a row that is no community) has no boards anyone runs or sees."""

import pytest

from groundwork.boards.models import Board
from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import member
from groundwork.core.testing import (
    FACILITATOR_ROLES,
    MEMBER_ROLES,
    ROLES,
    allowed,
    people_with_stewards,
)

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)


@pytest.fixture
def people(tenant, other_tenant):  # type: ignore[no-untyped-def]
    return people_with_stewards(tenant, other_tenant)


def board(owner, *, public=True):  # type: ignore[no-untyped-def]
    side = {"network": owner} if not isinstance(owner, Community) else {"community": owner}
    return Board.objects.create(
        name="Advisory board", kind="advisory_board", is_public=public, **side
    )


def test_a_community_board(people, tenant, other_tenant):  # type: ignore[no-untyped-def]
    shown, hidden = board(tenant.community), board(tenant.community, public=False)
    assert allowed(people, "boards.view", shown) == EVERYONE
    assert allowed(people, "boards.view", hidden) == MEMBER_ROLES
    for perm in ("boards.manage",):
        assert allowed(people, perm, shown) == FACILITATOR_ROLES
        assert allowed(people, perm, tenant.community) == FACILITATOR_ROLES
    assert allowed(people, "boards.view_history", shown) == MEMBER_ROLES
    assert allowed(people, "boards.manage", board(other_tenant.community)) == {"outsider"}
    # A private community's public board is its members' only.
    tenant.community.is_public = False
    tenant.community.save()
    shown = Board.objects.get(pk=shown.pk)
    assert allowed(people, "boards.view", shown) == MEMBER_ROLES


def test_a_network_board(people, tenant, other_tenant):  # type: ignore[no-untyped-def]
    shown, hidden = board(tenant.network), board(tenant.network, public=False)
    assert allowed(people, "boards.view", shown) == EVERYONE
    assert allowed(people, "boards.view", tenant.network) == EVERYONE
    assert allowed(people, "boards.view", hidden) == {"member"}
    assert allowed(people, "boards.manage", shown) == {"member"}
    assert allowed(people, "boards.manage", tenant.network) == {"member"}
    assert allowed(people, "boards.view_history", shown) == {"member"}
    theirs = board(other_tenant.network, public=False)
    assert allowed(people, "boards.view", theirs) == {"facilitator"}
    assert allowed(people, "boards.manage", theirs) == {"facilitator"}


def test_a_network_own_directory_has_no_boards_to_run_or_show(people, tenant):  # type: ignore[no-untyped-def]
    directory = Community.objects.create(
        name="Alder directory",
        slug="alder-directory",
        directory_of=tenant.network,
        network=None,
        is_public=False,
    )
    keeper = member(directory, Role.COORDINATOR)
    listed = board(directory)
    assert not keeper.has_perm("boards.manage", listed)
    assert not keeper.has_perm("boards.manage", directory)
    assert keeper.has_perm("boards.view", listed)  # the row's own people
    assert allowed(people, "boards.view", listed) == set()
    assert allowed(people, "boards.manage", listed) == set()


def test_nothing_no_permission(people):  # type: ignore[no-untyped-def]
    for perm in ("boards.view", "boards.manage", "boards.view_history"):
        assert allowed(people, perm, None) == set(), perm
