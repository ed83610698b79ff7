"""Who may do what, perm by perm, for every kind of visitor, beside a look-alike tenant: the
other community's coordinator is an outsider here, whatever their role there. Each row is a
promise the pages and the API keep by asking these rules."""

import pytest
from django.contrib.auth.models import AnonymousUser

from groundwork.communities.tests.factories import UserFactory, member
from groundwork.core.testing import FACILITATOR_ROLES, MEMBER_ROLES, ROLES
from groundwork.planning import services as planning

pytestmark = pytest.mark.django_db

PEOPLE = ROLES
MEMBERS = set(MEMBER_ROLES)
FACILITATORS = set(FACILITATOR_ROLES)


@pytest.fixture
def people(tenant, other_tenant):  # type: ignore[no-untyped-def]
    found = {
        "anonymous": AnonymousUser(),
        "signed_in": UserFactory(),
        # A coordinator of the look-alike community: no role here.
        "outsider": other_tenant.coordinator,
        "coordinator": tenant.coordinator,
    }
    for role in ("viewer", "partner", "member", "facilitator"):
        found[role] = member(tenant.community, role)
    return found


def allowed(people, perm, obj):  # type: ignore[no-untyped-def]
    return {name for name in PEOPLE if people[name].has_perm(perm, obj)}


COMMUNITY_PERMS = {
    "communities.view_workspace": MEMBERS,
    "communities.change_community": {"coordinator"},
    "communities.view_members": MEMBERS,
    "communities.manage_members": {"coordinator"},
    "communities.invite_members": FACILITATORS,
    "communities.view_organizations": MEMBERS,
    "communities.add_organization": FACILITATORS,
    "communities.view_audit": {"coordinator"},
    "planning.view_guides": MEMBERS,
    "planning.manage_guides": FACILITATORS,
}


@pytest.mark.parametrize("perm", sorted(COMMUNITY_PERMS))
def test_community_rules_by_role(people, tenant, perm):  # type: ignore[no-untyped-def]
    assert allowed(people, perm, tenant.community) == COMMUNITY_PERMS[perm]
    assert allowed(people, perm, None) == set()


def test_a_public_community_is_seen_by_anyone_a_private_one_by_its_members(people, tenant):  # type: ignore[no-untyped-def]
    assert allowed(people, "communities.view_community", tenant.community) == set(PEOPLE)
    tenant.community.is_public = False
    tenant.community.save()
    assert allowed(people, "communities.view_community", tenant.community) == MEMBERS
    assert allowed(people, "communities.view_community", None) == set()


def test_anyone_signed_in_starts_a_community_and_anyone_sees_a_network(people, tenant):  # type: ignore[no-untyped-def]
    assert allowed(people, "communities.add_community", None) == set(PEOPLE) - {"anonymous"}
    assert allowed(people, "communities.view_network", tenant.network) == set(PEOPLE)


def test_only_the_network_stewards_manage_it(people, tenant, other_tenant):  # type: ignore[no-untyped-def]
    tenant.network.stewards.add(people["member"])
    other_tenant.network.stewards.add(people["facilitator"])
    for perm in ("communities.add_network_community", "communities.manage_network"):
        assert allowed(people, perm, tenant.network) == {"member"}
        assert allowed(people, perm, other_tenant.network) == {"facilitator"}
        assert allowed(people, perm, None) == set()


PROCESS_PERMS = {
    # perm: (public process, private process)
    "planning.view_process": (set(PEOPLE), MEMBERS),
    "planning.contribute": (set(PEOPLE), MEMBERS),
    "planning.moderate": (FACILITATORS, FACILITATORS),
    "planning.capture": (FACILITATORS, FACILITATORS),
    "planning.change_process": (FACILITATORS, FACILITATORS),
}


@pytest.mark.parametrize("perm", sorted(PROCESS_PERMS))
def test_process_rules_by_role_public_or_private(people, tenant, perm):  # type: ignore[no-untyped-def]
    public, private = PROCESS_PERMS[perm]
    assert allowed(people, perm, tenant.process) == public
    assert allowed(people, perm, None) == set()
    tenant.process.is_public = False
    tenant.process.save()
    assert allowed(people, perm, tenant.process) == private
    # A public process of a private community is private too.
    tenant.process.is_public = True
    tenant.process.save()
    tenant.community.is_public = False
    tenant.community.save()
    assert allowed(people, perm, tenant.process) == private


def test_answers_are_taken_only_while_gathering(people, tenant):  # type: ignore[no-untyped-def]
    phase = tenant.process.phases.get(kind="make_sense")
    planning.process_set_phase(actor=tenant.coordinator, process=tenant.process, phase=phase)
    assert allowed(people, "planning.contribute", tenant.process) == set()
    assert allowed(people, "planning.view_process", tenant.process) == set(PEOPLE)
