"""The planning reads asked directly, beside a look-alike tenant: guides with their counts,
where a guide may be copied to, and the processes open to residents and how each is open."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    UserFactory,
    member,
)
from groundwork.deliberation.models import Conversation
from groundwork.planning import selectors, services
from groundwork.planning.models import Gathering, PhaseKind, Process
from groundwork.plans.models import Plan

pytestmark = pytest.mark.django_db

SLUG = "building-community-resilience"


def _guide_with_gatherings(tenant, gatherings):  # type: ignore[no-untyped-def]
    guide = services.guide_copy(
        actor=tenant.coordinator, community=tenant.community, source_slug=SLUG
    )
    for n in range(gatherings):
        Gathering.objects.create(
            community=tenant.community,
            process=tenant.process,
            guide=guide,
            title=f"Workshop {n}",
            starts_at=timezone.now(),
        )
    return guide


def test_guides_are_the_community_own_with_their_sections_and_gatherings(tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine = _guide_with_gatherings(tenant, 2)
    theirs = _guide_with_gatherings(other_tenant, 3)
    sections = mine.sections.count()
    assert sections > 1
    [listed] = selectors.guide_list(community=tenant.community)
    assert listed == mine
    # Counted apart, not as sections x gatherings.
    assert (listed.section_count, listed.gathering_count) == (sections, 2)
    [listed] = selectors.guide_list(community=other_tenant.community)
    assert listed == theirs
    assert (listed.section_count, listed.gathering_count) == (theirs.sections.count(), 3)


def test_guides_copy_only_to_communities_the_user_coordinates_or_facilitates(tenant, other_tenant):  # type: ignore[no-untyped-def]
    facilitator = member(tenant.community, Role.FACILITATOR)
    third = CommunityFactory(slug="cedar", name="Cedar County")
    MembershipFactory(community=third, role=Role.FACILITATOR, user=facilitator)
    viewer_elsewhere = CommunityFactory(slug="dogwood", name="Dogwood County")
    MembershipFactory(community=viewer_elsewhere, role=Role.VIEWER, user=facilitator)
    assert list(selectors.guide_copy_targets(user=facilitator)) == [tenant.community, third]
    assert list(selectors.guide_copy_targets(user=tenant.coordinator)) == [tenant.community]
    assert list(selectors.guide_copy_targets(user=other_tenant.coordinator)) == [
        other_tenant.community
    ]
    assert list(selectors.guide_copy_targets(user=UserFactory())) == []
    assert list(selectors.guide_copy_targets(user=AnonymousUser())) == []


def _open(user, community=None):  # type: ignore[no-untyped-def]
    return {
        row.process.pk: (row.gathering, row.voting, row.endorsing)
        for row in selectors.process_list_open(user=user, community=community)
    }


def test_a_process_open_only_for_voting_or_only_for_endorsing_is_listed(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # Neither tenant gathers answers any more; this one votes, the other endorses its plan.
    for t in (tenant, other_tenant):
        phase = t.process.phases.exclude(kind=PhaseKind.GATHER).first()
        Process.objects.filter(pk=t.process.pk).update(current_phase=phase)
    Conversation.objects.filter(pk=other_tenant.conversation.pk).update(is_open=False)
    Plan.objects.filter(pk=other_tenant.plan.pk).update(endorsement_open=True)
    assert _open(AnonymousUser()) == {
        tenant.process.pk: (False, True, False),
        other_tenant.process.pk: (False, False, True),
    }
    # Neither open: nothing listed.
    Conversation.objects.filter(pk=tenant.conversation.pk).update(is_open=False)
    Plan.objects.filter(pk=other_tenant.plan.pk).update(endorsement_open=False)
    assert _open(AnonymousUser()) == {}


def test_members_see_their_own_private_processes_and_no_one_else_s(tenant, other_tenant):  # type: ignore[no-untyped-def]
    for t in (tenant, other_tenant):
        Process.objects.filter(pk=t.process.pk).update(is_public=False)
    viewer = member(tenant.community, Role.VIEWER)
    assert _open(viewer) == {tenant.process.pk: (True, True, False)}
    assert _open(viewer, community=other_tenant.community) == {}
    assert _open(other_tenant.coordinator) == {other_tenant.process.pk: (True, True, False)}
    assert _open(AnonymousUser()) == {}
