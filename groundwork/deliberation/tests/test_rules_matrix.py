"""Who may do what in a conversation, perm by perm, for every kind of visitor, beside a
look-alike tenant: the other community's coordinator is an outsider here. A permission given to
everyone, or to no one, or a rule that reads the wrong process, fails a row."""

import pytest

from groundwork.core.testing import FACILITATOR_ROLES, MEMBER_ROLES, ROLES, allowed, people_of

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
CONVERSATION_FACILITATING = {"deliberation.moderate", "deliberation.seed_from_themes"}
CONVERSATION_VIEWING = {"deliberation.view_conversation", "deliberation.view_report"}
STATEMENT_PERMS = {"deliberation.moderate_statement", "deliberation.translate_statement"}


@pytest.fixture
def people(tenant, other_tenant):  # type: ignore[no-untyped-def]
    return people_of(tenant, other_tenant)


def test_an_open_conversation_of_a_public_process(people, tenant):  # type: ignore[no-untyped-def]
    conversation = tenant.conversation
    assert conversation.is_open
    for perm in CONVERSATION_VIEWING | {"deliberation.vote"}:
        assert allowed(people, perm, conversation) == EVERYONE, perm
    for perm in CONVERSATION_FACILITATING:
        assert allowed(people, perm, conversation) == FACILITATOR_ROLES, perm
    statement = conversation.statements.first()
    for perm in STATEMENT_PERMS:
        assert allowed(people, perm, statement) == FACILITATOR_ROLES, perm


def test_a_closed_conversation_is_read_but_not_voted_on(people, tenant):  # type: ignore[no-untyped-def]
    conversation = tenant.conversation
    conversation.is_open = False
    for perm in CONVERSATION_VIEWING:
        assert allowed(people, perm, conversation) == EVERYONE, perm
    assert allowed(people, "deliberation.vote", conversation) == set()
    for perm in CONVERSATION_FACILITATING:
        assert allowed(people, perm, conversation) == FACILITATOR_ROLES, perm


def test_a_private_process_conversation_is_for_the_community_members(people, tenant):  # type: ignore[no-untyped-def]
    tenant.process.is_public = False
    tenant.process.save()
    conversation = tenant.conversation
    for perm in CONVERSATION_VIEWING | {"deliberation.vote"}:
        assert allowed(people, perm, conversation) == MEMBER_ROLES, perm
    for perm in CONVERSATION_FACILITATING:
        assert allowed(people, perm, conversation) == FACILITATOR_ROLES, perm


def test_the_other_tenant_statements_are_decided_by_its_own_facilitators(  # type: ignore[no-untyped-def]
    people, other_tenant
):
    statement = other_tenant.conversation.statements.first()
    for perm in STATEMENT_PERMS:
        assert allowed(people, perm, statement) == {"outsider"}, perm


def test_no_conversation_no_permission(people):  # type: ignore[no-untyped-def]
    for perm in CONVERSATION_VIEWING | CONVERSATION_FACILITATING | STATEMENT_PERMS:
        assert allowed(people, perm, None) == set(), perm
    assert allowed(people, "deliberation.vote", None) == set()
