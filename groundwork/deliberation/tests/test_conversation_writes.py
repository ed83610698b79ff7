"""Starting and changing a conversation beside a look-alike tenant: what is audited, and what
an update leaves as it was when not asked."""

import pytest

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import MembershipFactory
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.core.testing import unchanged
from groundwork.deliberation import services as deliberation
from groundwork.planning import services as planning

pytestmark = pytest.mark.django_db


def test_starting_a_conversation_is_audited_against_it(tenant, other_tenant):  # type: ignore[no-untyped-def]
    process = planning.process_create(
        actor=tenant.coordinator, community=tenant.community, title="Resilience 2028", slug="2028"
    )
    with unchanged(other_tenant):
        conversation = deliberation.conversation_create(
            actor=tenant.coordinator, process=process, topic="Housing"
        )
    [event] = AuditEvent.objects.filter(action="conversation.created", target_id=conversation.pk)
    assert event.community == tenant.community
    assert event.actor == tenant.coordinator
    assert event.target_type.lower().endswith("conversation")


def test_an_update_keeps_the_conversation_open_unless_asked(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(other_tenant):
        updated = deliberation.conversation_update(
            actor=tenant.coordinator, conversation=tenant.conversation, topic="Getting around town"
        )
    updated.refresh_from_db()
    assert (updated.topic, updated.is_open) == ("Getting around town", True)


def test_moderating_several_refuses_a_statement_of_another_conversation(tenant, other_tenant):  # type: ignore[no-untyped-def]
    # Someone who coordinates both communities, moderating this conversation with one of the
    # other conversation's statements in the selection: refused, nothing of either changes.
    MembershipFactory(
        community=other_tenant.community, role=Role.COORDINATOR, user=tenant.coordinator
    )
    mine = tenant.conversation.statements.order_by("pk").first()
    theirs = other_tenant.conversation.statements.order_by("pk").first()
    with (
        unchanged(tenant, other_tenant),
        pytest.raises(ApplicationError, match="not part of this conversation"),
    ):
        deliberation.statements_moderate_bulk(
            actor=tenant.coordinator,
            conversation=tenant.conversation,
            statement_ids=[mine.pk, theirs.pk],
            state="rejected",
            reason="Off topic",
        )
