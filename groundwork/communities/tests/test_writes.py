"""What the communities' writes store and record, beside a look-alike tenant: each write keeps
to its own network or community, says which field was wrong, records who did what to which
object, and a write that fails part-way stores nothing of it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groundwork.communities import services
from groundwork.communities.actions import communities as community_actions
from groundwork.communities.models import (
    CoalitionStrategy,
    Community,
    Invitation,
    Membership,
    Network,
    Organization,
    Role,
    Strategy,
)
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged

from .factories import NetworkGoalFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def _event(action, **where):  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(action=action, **where).latest("pk")


def _refused(field, call, **kwargs):  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as refused:
        call(**kwargs)
    assert refused.value.field == field
    return refused.value


# Networks, communities, organizations ---------------------------------------------------------


def test_a_new_network_gets_the_default_strategies_and_a_failed_one_stores_nothing(  # type: ignore[no-untyped-def]
    other_tenant, monkeypatch
):
    admin = UserFactory(is_superuser=True)
    with unchanged(other_tenant):
        network = services.network_create(actor=admin, name="Elm", slug="elm")
    assert network.strategies.count() >= 3
    assert not other_tenant.network.strategies.exists()

    def boom(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the write fails after storing")

    monkeypatch.setattr(community_actions, "audit_record", boom)
    with unchanged(other_tenant), pytest.raises(RuntimeError):
        services.network_create(actor=admin, name="Oak", slug="oak")
    assert not Network.objects.filter(slug="oak").exists()
    assert not Strategy.objects.filter(network__slug="oak").exists()


def test_refused_communities_and_organizations_name_the_field(tenant, other_tenant):  # type: ignore[no-untyped-def]
    outsider = UserFactory()
    with unchanged(other_tenant):
        _refused(
            "network",
            services.community_create,
            actor=outsider,
            name="Elm",
            slug="elm",
            kind="county",
            network=other_tenant.network,
        )
        _refused(
            "slug",
            services.community_create,
            actor=outsider,
            name="Elm",
            slug=tenant.community.slug,
            kind="county",
        )
        _refused(
            "name",
            services.organization_create,
            actor=tenant.coordinator,
            community=tenant.community,
            name=f" health {tenant.marker} ",
            sector="health_care",
        )


def test_a_community_lists_several_organizations_and_the_other_tenant_gets_none(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    with unchanged(other_tenant):
        made = services.organization_create(
            actor=tenant.coordinator, community=tenant.community, name="Food bank", sector="faith"
        )
    assert Organization.objects.get(pk=made.pk).community == tenant.community
    assert set(tenant.community.organizations.values_list("name", flat=True)) == {
        "Food bank",
        f"Health {tenant.marker}",
    }


# Strategies and goals -------------------------------------------------------------------------


def _steward(tenant):  # type: ignore[no-untyped-def]
    steward = UserFactory()
    tenant.network.stewards.add(steward)
    return steward


def test_strategies_with_the_same_name_get_numbered_keys(tenant, other_tenant):  # type: ignore[no-untyped-def]
    steward = _steward(tenant)
    with unchanged(other_tenant):
        keys = [
            services.strategy_create(actor=steward, network=tenant.network, name_en="Food").key
            for _ in range(3)
        ]
    assert keys == ["food", "food-2", "food-3"]


def test_moving_a_strategy_renumbers_its_own_network_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    for t in (tenant, other_tenant):
        services.strategies_create_defaults(network=t.network)
    steward = _steward(tenant)
    second = tenant.network.strategies.order_by("position")[1]
    with unchanged(other_tenant):
        services.network_item_move(actor=steward, item=second, direction="up")
    assert tenant.network.strategies.order_by("position")[0] == second
    event = _event("strategy.moved")
    assert event.actor == steward
    assert (event.target_type, event.target_id) == ("communities.strategy", str(second.pk))


def test_deleting_a_statewide_goal_unlinks_county_goals_and_is_recorded(tenant, other_tenant):  # type: ignore[no-untyped-def]
    steward = _steward(tenant)
    goal = NetworkGoalFactory(network=tenant.network)
    county = services.county_goal_create(
        actor=tenant.coordinator, community=tenant.community, title="Jobs", network_goal=goal
    )
    created = _event("county_goal.created", community=tenant.community)
    assert (created.target_type, created.target_id) == ("communities.countygoal", str(county.pk))
    with unchanged(other_tenant):
        assert services.network_goal_delete(actor=steward, goal=goal) == 1
    assert not tenant.network.goals.filter(pk=goal.pk).exists()
    county.refresh_from_db()
    assert county.network_goal is None
    event = _event("network_goal.deleted")
    assert event.actor == steward and event.details == {"unlinked": 1}


def test_a_county_goal_is_not_moved_under_another_network_goal(tenant, other_tenant):  # type: ignore[no-untyped-def]
    county = services.county_goal_create(
        actor=tenant.coordinator, community=tenant.community, title="Jobs"
    )
    theirs = NetworkGoalFactory(network=other_tenant.network)
    with unchanged(other_tenant):
        _refused(
            "network_goal",
            services.county_goal_update,
            actor=tenant.coordinator,
            goal=county,
            title="Jobs",
            network_goal=theirs,
        )
    county.refresh_from_db()
    assert county.network_goal is None


# Membership and invitations -------------------------------------------------------------------


def test_a_role_change_is_checked_and_recorded_in_its_community(tenant, other_tenant):  # type: ignore[no-untyped-def]
    own = Membership.objects.get(community=tenant.community, user=tenant.coordinator)
    with unchanged(other_tenant):
        _refused(
            "role",
            services.membership_set_role,
            actor=tenant.coordinator,
            membership=own,
            role="emperor",
        )
        # The only coordinator may be set to coordinator again: nothing is lost.
        services.membership_set_role(
            actor=tenant.coordinator, membership=own, role=Role.COORDINATOR
        )
    event = _event("membership.role_changed", community=tenant.community)
    assert event.details == {"from": "coordinator", "to": "coordinator"}


def test_the_only_coordinator_cannot_leave_whoever_coordinates_elsewhere(tenant, other_tenant):  # type: ignore[no-untyped-def]
    own = Membership.objects.get(community=tenant.community, user=tenant.coordinator)
    with unchanged(other_tenant), pytest.raises(ApplicationError, match="at least one"):
        services.membership_remove(actor=tenant.coordinator, membership=own)
    assert Membership.objects.filter(pk=own.pk).exists()


def _invite(tenant):  # type: ignore[no-untyped-def]
    return services.invitation_create(
        actor=tenant.coordinator, community=tenant.community, role=Role.MEMBER, max_uses=5
    )


def test_accepting_counts_a_use_of_that_invitation_only(tenant, other_tenant):  # type: ignore[no-untyped-def]
    theirs = _invite(other_tenant)
    ours = _invite(tenant)
    person = UserFactory()
    # Already a member of the other tenant: joins this one all the same.
    Membership.objects.create(community=other_tenant.community, user=person, role=Role.MEMBER)
    with unchanged(other_tenant):
        joined = services.invitation_accept(user=person, token=ours.token)
    assert joined.community == tenant.community and joined.role == Role.MEMBER
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.uses, theirs.uses) == (1, 0)
    event = _event("invitation.accepted", community=tenant.community)
    assert event.details == {"invitation_id": ours.pk, "role": "member"}


def test_a_concurrent_acceptance_returns_the_membership_of_this_community(  # type: ignore[no-untyped-def]
    tenant, other_tenant, monkeypatch
):
    ours = _invite(tenant)
    person = UserFactory()
    Membership.objects.create(community=other_tenant.community, user=person, role=Role.MEMBER)
    usable = Invitation.is_usable

    def won_meanwhile(invitation):  # type: ignore[no-untyped-def]
        # Another request of the same person joins between the look-up and the insert.
        Membership.objects.get_or_create(
            community=invitation.community, user=person, defaults={"role": Role.MEMBER}
        )
        return usable.fget(invitation)

    monkeypatch.setattr(Invitation, "is_usable", property(won_meanwhile))
    with unchanged(other_tenant):
        joined = services.invitation_accept(user=person, token=ours.token)
    assert joined.community == tenant.community
    assert Membership.objects.filter(user=person).count() == 2


# The coalition profile ------------------------------------------------------------------------


def _profile(tenant, **changes):  # type: ignore[no-untyped-def]
    values = {
        "actor": tenant.coordinator,
        "community": tenant.community,
        "county_fips": ["37001"],
        "sectors": ["faith"],
        "focus_areas": [],
        "indicators": {},
        "ratings": {},
        "strategies": {},
    }
    values.update(changes)
    return services.community_profile_update(**values)


def test_a_refused_profile_names_the_field(tenant, other_tenant):  # type: ignore[no-untyped-def]
    before = Community.objects.get(pk=tenant.community.pk).profile_confirmed_at
    with unchanged(other_tenant):
        _refused("sectors", _profile, tenant=tenant, sectors=["piracy"])
        _refused("ci_common_agenda", _profile, tenant=tenant, ratings={"ci_common_agenda": 6})
        _refused("ci_common_agenda", _profile, tenant=tenant, ratings={"ci_common_agenda": 0})
        tenant.community.network = None
        _refused("strategies", _profile, tenant=tenant, strategies={1: "Somehow"})
    assert Community.objects.get(pk=tenant.community.pk).profile_confirmed_at == before


def test_a_strategy_kept_in_the_profile_keeps_its_link(tenant, other_tenant):  # type: ignore[no-untyped-def]
    for t in (tenant, other_tenant):
        services.strategies_create_defaults(network=t.network)
    first, second = tenant.network.strategies.order_by("position")[:2]
    _profile(tenant, strategies={first.pk: "Meals", second.pk: "Rides"})
    kept = CoalitionStrategy.objects.get(community=tenant.community, strategy=first)
    theirs = other_tenant.network.strategies.order_by("position").first()
    with unchanged(other_tenant):
        _refused(
            "strategies",
            _profile,
            tenant=tenant,
            strategies={first.pk: "Meals", theirs.pk: "Borrowed"},
        )
        _profile(tenant, strategies={first.pk: "Hot meals"})
    links = list(CoalitionStrategy.objects.filter(community=tenant.community))
    assert [(link.pk, link.how) for link in links] == [(kept.pk, "Hot meals")]
    event = _event("community.profile_updated", community=tenant.community)
    assert event.actor == tenant.coordinator
    assert event.details == {"counties": ["37001"], "strategies": [first.pk]}


def test_confirming_the_profile_is_recorded_in_its_community(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(other_tenant):
        services.community_profile_confirm(actor=tenant.coordinator, community=tenant.community)
    stored = Community.objects.get(pk=tenant.community.pk).profile_confirmed_at
    assert stored is not None and timezone.now() - stored < timedelta(minutes=5)
    assert _event("community.profile_confirmed", community=tenant.community).actor == (
        tenant.coordinator
    )


def test_changes_to_a_community_and_its_network_items_are_stored_and_recorded(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    steward = _steward(tenant)
    with unchanged(other_tenant):
        community = services.community_update(
            actor=tenant.coordinator,
            community=tenant.community,
            name="Alder Valley",
            sectors=["faith", "education", "faith"],
        )
        strategy = services.strategy_create(actor=steward, network=tenant.network, name_en="Food")
        services.strategy_update(actor=steward, strategy=strategy, name_en="Food security")
        goal = services.network_goal_create(actor=steward, network=tenant.network, title="Jobs")
        county = services.county_goal_create(
            actor=tenant.coordinator, community=tenant.community, title="Work"
        )
        services.county_goal_update(
            actor=tenant.coordinator, goal=county, title="Good work", network_goal=goal
        )
    stored = Community.objects.get(pk=community.pk)
    assert (stored.name, stored.sectors) == ("Alder Valley", ["education", "faith"])
    assert _event("community.updated", community=tenant.community).details == {
        "changed": ["name", "sectors"]
    }
    assert Strategy.objects.get(pk=strategy.pk).name_en == "Food security"
    assert _event("strategy.updated").target_id == str(strategy.pk)
    assert _event("network_goal.created").target_id == str(goal.pk)
    county.refresh_from_db()
    assert (county.title, county.network_goal) == ("Good work", goal)
    assert _event("county_goal.updated", community=tenant.community).target_id == str(county.pk)


def test_one_of_two_coordinators_can_be_removed_and_facilitators_invite_members(  # type: ignore[no-untyped-def]
    tenant, other_tenant
):
    second = member(tenant.community, Role.COORDINATOR)
    facilitator = member(tenant.community, Role.FACILITATOR)
    with unchanged(other_tenant):
        services.membership_remove(
            actor=tenant.coordinator,
            membership=Membership.objects.get(community=tenant.community, user=second),
        )
        invitation = services.invitation_create(
            actor=facilitator, community=tenant.community, role=Role.MEMBER
        )
        revoked = services.invitation_revoke(actor=tenant.coordinator, invitation=invitation)
    assert not Membership.objects.filter(community=tenant.community, user=second).exists()
    assert Invitation.objects.get(pk=revoked.pk).revoked_at is not None
    assert _event("invitation.revoked", community=tenant.community).target_id == str(invitation.pk)
