from datetime import timedelta

import pytest
from django.utils import timezone

from groundwork.communities import services
from groundwork.communities.models import Community, Invitation, Membership, Role
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent

from .factories import CommunityFactory, NetworkFactory, UserFactory, member

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


def test_creator_becomes_coordinator_and_creation_is_audited():
    user = UserFactory()
    community = services.community_create(
        actor=user,
        name="Alder County",
        slug="alder",
        kind="county",
        sectors=["faith", "faith", "education"],
    )
    assert community.memberships.get().role == Role.COORDINATOR
    assert community.sectors == ["education", "faith"]
    event = AuditEvent.objects.get(action="community.created")
    assert event.community == community and event.actor == user


def test_bad_community_input_saves_nothing(other_tenant):
    user = UserFactory()
    with pytest.raises(Exception):  # noqa: B017 - full_clean's ValidationError
        services.community_create(actor=user, name="", slug="x", kind="not-a-kind")
    assert list(Community.objects.all()) == [other_tenant.community]  # only the other tenant's
    assert not Membership.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(action="community.created").exists()


def test_taken_slug_is_a_clear_error():
    CommunityFactory(slug="alder")
    with pytest.raises(ApplicationError, match="already taken"):
        services.community_create(actor=UserFactory(), name="Other", slug="alder", kind="county")


def test_only_network_staff_add_communities_to_a_network():
    network = NetworkFactory()
    outsider = UserFactory()
    with pytest.raises(ApplicationError):
        services.community_create(
            actor=outsider, name="A", slug="a", kind="county", network=network
        )
    network.stewards.add(outsider)
    community = services.community_create(
        actor=outsider, name="A", slug="a", kind="county", network=network
    )
    assert community.network == network


def test_last_coordinator_cannot_leave_or_be_demoted():
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    membership = community.memberships.get(user=coordinator)
    with pytest.raises(ApplicationError, match="at least one coordinator"):
        services.membership_set_role(actor=coordinator, membership=membership, role=Role.MEMBER)
    with pytest.raises(ApplicationError, match="at least one coordinator"):
        services.membership_remove(actor=coordinator, membership=membership)
    second = member(community, Role.COORDINATOR)
    services.membership_set_role(actor=second, membership=membership, role=Role.MEMBER)
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_a_member_can_leave_but_not_remove_others():
    community = CommunityFactory()
    member(community, Role.COORDINATOR)
    alice, bob = member(community, Role.MEMBER), member(community, Role.MEMBER)
    with pytest.raises(ApplicationError):
        services.membership_remove(actor=alice, membership=community.memberships.get(user=bob))
    services.membership_remove(actor=alice, membership=community.memberships.get(user=alice))
    assert not community.memberships.filter(user=alice).exists()


def test_link_invitation_accepted_by_several_people_until_its_limit():
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    invitation = services.invitation_create(
        actor=coordinator, community=community, role=Role.MEMBER, max_uses=2
    )
    token = invitation.token
    assert Invitation.objects.get().token_hash != token  # only a hash is stored
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    assert services.invitation_accept(user=first, token=token).role == Role.MEMBER
    assert (
        services.invitation_accept(user=first, token=token).role == Role.MEMBER
    )  # twice: no change
    services.invitation_accept(user=second, token=token)
    invitation.refresh_from_db()
    assert invitation.uses == 2
    with pytest.raises(ApplicationError, match="expired or was withdrawn"):
        services.invitation_accept(user=third, token=token)
    assert not community.memberships.filter(user=third).exists()


def test_revoked_expired_and_forged_invitations_are_refused():
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    revoked = services.invitation_create(actor=coordinator, community=community, role=Role.VIEWER)
    services.invitation_revoke(actor=coordinator, invitation=revoked)
    expired = services.invitation_create(actor=coordinator, community=community, role=Role.VIEWER)
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    person = UserFactory()
    for token in (revoked.token, expired.token):
        with pytest.raises(ApplicationError, match="expired or was withdrawn"):
            services.invitation_accept(user=person, token=token)
    with pytest.raises(ApplicationError, match="not valid"):
        services.invitation_accept(user=person, token="forged-token")
    assert not community.memberships.filter(user=person).exists()


def test_facilitators_invite_but_not_coordinators():
    community = CommunityFactory()
    member(community, Role.COORDINATOR)
    facilitator = member(community, Role.FACILITATOR)
    services.invitation_create(actor=facilitator, community=community, role=Role.MEMBER)
    with pytest.raises(ApplicationError, match="Only coordinators"):
        services.invitation_create(actor=facilitator, community=community, role=Role.COORDINATOR)
    viewer = member(community, Role.VIEWER)
    with pytest.raises(ApplicationError, match="permission"):
        services.invitation_create(actor=viewer, community=community, role=Role.MEMBER)


def test_email_invitation_is_single_use_and_refuses_existing_members():
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    invitation = services.invitation_create(
        actor=coordinator, community=community, role=Role.PARTNER, email="New.Person@Example.org"
    )
    assert invitation.email == "new.person@example.org" and invitation.max_uses == 1
    with pytest.raises(ApplicationError, match="already a member"):
        services.invitation_create(
            actor=coordinator, community=community, role=Role.MEMBER, email=coordinator.email
        )


def test_organization_names_are_unique_per_community():
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    services.organization_create(
        actor=coordinator, community=community, name="Clinic", sector="health_care"
    )
    with pytest.raises(ApplicationError, match="already listed"):
        services.organization_create(
            actor=coordinator, community=community, name="clinic", sector="health_care"
        )
