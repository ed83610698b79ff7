"""Every write to deliberation: validated, atomic, audited; analysis runs queued on commit.
The writes live in actions/ by concept; this module is their one import point."""

from .actions.conversations import (
    conversation_create,
    conversation_import_polis,
    conversation_update,
)
from .actions.moderation import (
    statement_moderate,
    statement_translate,
    statements_moderate_bulk,
)
from .actions.statements import (
    statement_seed,
    statement_submit,
)
from .actions.votes import (
    analysis_request,
    vote_cast,
)

__all__ = [
    "analysis_request",
    "conversation_create",
    "conversation_import_polis",
    "conversation_update",
    "statement_moderate",
    "statement_seed",
    "statement_submit",
    "statement_translate",
    "statements_moderate_bulk",
    "vote_cast",
]
