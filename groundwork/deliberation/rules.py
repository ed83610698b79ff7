"""Who may do what in a conversation: the planning process's rules, applied to its parts."""

from typing import Any

import rules

from groundwork.planning.rules import can_view, is_facilitating

from .models import Conversation, Statement


def _process(conversation: Conversation | None) -> Any:
    return conversation.process if conversation is not None else None


@rules.predicate
def can_view_conversation(user: Any, conversation: Conversation | None) -> bool:
    return conversation is not None and can_view(user, _process(conversation))


@rules.predicate
def is_open(user: Any, conversation: Conversation | None) -> bool:
    return conversation is not None and conversation.is_open


@rules.predicate
def facilitates_conversation(user: Any, conversation: Conversation | None) -> bool:
    return conversation is not None and is_facilitating(user, _process(conversation))


rules.add_perm("deliberation.view_conversation", can_view_conversation)
rules.add_perm("deliberation.vote", can_view_conversation & is_open)
rules.add_perm("deliberation.moderate", facilitates_conversation)
# Drafting statements from the themes of the answers (deliberation.seeding).
rules.add_perm("deliberation.seed_from_themes", facilitates_conversation)

# The report (page and PDF) shows what the results page shows, and more of the same kind
# (every count of people suppressed): whoever may see the results may read it.
rules.add_perm("deliberation.view_report", can_view_conversation)


@rules.predicate
def facilitates_statement(user: Any, statement: Statement | None) -> bool:
    """Facilitators (and coordinators) of the process the statement's conversation is in."""
    return statement is not None and is_facilitating(user, _process(statement.conversation))


# Deciding on a statement (accept, reject) and writing or correcting its translation.
rules.add_perm("deliberation.moderate_statement", facilitates_statement)
rules.add_perm("deliberation.translate_statement", facilitates_statement)
