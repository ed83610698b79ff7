"""Who sees, registers for and runs gatherings, for every kind of visitor, beside a look-alike
tenant: a community's (or its process's) coordinators and facilitators run them, a network's
stewards the network's; a public gathering of a public owner is seen by anyone, and open to
registration until it ends unless cancelled."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from groundwork.core.testing import (
    FACILITATOR_ROLES,
    MEMBER_ROLES,
    ROLES,
    allowed,
    people_with_stewards,
)
from groundwork.gatherings.tests.helpers import make_gathering

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)


@pytest.fixture
def people(tenant, other_tenant):  # type: ignore[no-untyped-def]
    return people_with_stewards(tenant, other_tenant)


def test_a_community_gathering(people, tenant, other_tenant):  # type: ignore[no-untyped-def]
    shown = make_gathering(tenant.community, tenant.coordinator)
    hidden = make_gathering(tenant.community, tenant.coordinator, is_public=False)
    assert allowed(people, "gatherings.view", shown) == EVERYONE
    assert allowed(people, "gatherings.register", shown) == EVERYONE
    assert allowed(people, "gatherings.view", hidden) == MEMBER_ROLES
    assert allowed(people, "gatherings.register", hidden) == set()
    for obj in (shown, tenant.community):
        assert allowed(people, "gatherings.manage", obj) == FACILITATOR_ROLES
    theirs = make_gathering(other_tenant.community, other_tenant.coordinator, is_public=False)
    assert allowed(people, "gatherings.view", theirs) == {"outsider"}
    assert allowed(people, "gatherings.manage", theirs) == {"outsider"}
    # A private community's public gathering is its members' only.
    tenant.community.is_public = False
    tenant.community.save()
    shown = type(shown).objects.get(pk=shown.pk)
    assert allowed(people, "gatherings.view", shown) == MEMBER_ROLES
    assert allowed(people, "gatherings.register", shown) == set()


def test_a_process_gathering_follows_its_process(people, tenant):  # type: ignore[no-untyped-def]
    gathering = make_gathering(tenant.process, tenant.coordinator)
    assert allowed(people, "gatherings.view", gathering) == EVERYONE
    assert allowed(people, "gatherings.view", tenant.process) == EVERYONE
    assert allowed(people, "gatherings.manage", gathering) == FACILITATOR_ROLES
    assert allowed(people, "gatherings.manage", tenant.process) == FACILITATOR_ROLES
    tenant.process.is_public = False
    tenant.process.save()
    gathering = type(gathering).objects.get(pk=gathering.pk)
    assert allowed(people, "gatherings.view", gathering) == MEMBER_ROLES
    assert allowed(people, "gatherings.register", gathering) == set()
    assert allowed(people, "gatherings.view", tenant.process) == MEMBER_ROLES


def test_a_network_gathering(people, tenant, other_tenant):  # type: ignore[no-untyped-def]
    steward = people["member"]
    shown = make_gathering(tenant.network, steward)
    hidden = make_gathering(tenant.network, steward, is_public=False)
    assert allowed(people, "gatherings.view", shown) == EVERYONE
    assert allowed(people, "gatherings.view", tenant.network) == EVERYONE
    assert allowed(people, "gatherings.register", shown) == EVERYONE
    assert allowed(people, "gatherings.view", hidden) == {"member"}
    for obj in (shown, hidden, tenant.network):
        assert allowed(people, "gatherings.manage", obj) == {"member"}
    assert allowed(people, "gatherings.manage", other_tenant.network) == {"facilitator"}


def test_registration_closes_when_cancelled_or_over(people, tenant):  # type: ignore[no-untyped-def]
    cancelled = make_gathering(tenant.community, tenant.coordinator, cancelled=True)
    assert allowed(people, "gatherings.view", cancelled) == EVERYONE
    assert allowed(people, "gatherings.register", cancelled) == set()
    past = timezone.now() - timedelta(days=2)
    over = make_gathering(tenant.community, tenant.coordinator, starts_at=past)
    assert allowed(people, "gatherings.view", over) == EVERYONE
    assert allowed(people, "gatherings.register", over) == set()
    # Open up to the minute it ends.
    soon = make_gathering(tenant.community, tenant.coordinator)
    with mock.patch("django.utils.timezone.now", return_value=soon.ends_at):
        assert allowed(people, "gatherings.register", soon) == EVERYONE
    # The rule's object must be a gathering: its owner is nothing to register for.
    assert allowed(people, "gatherings.register", tenant.community) == set()


def test_nothing_no_permission(people):  # type: ignore[no-untyped-def]
    for perm in ("gatherings.view", "gatherings.register", "gatherings.manage"):
        assert allowed(people, perm, None) == set(), perm
