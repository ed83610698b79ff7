"""Statements written by participants or seeded by facilitators: cleaned, checked for
personal details, sent at most once."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from groundwork.analysis.pii import looks_personal
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.planning.models import Contribution, Participant

from ..models import (
    Conversation,
    Statement,
    StatementModeration,
    StatementSource,
)


def _clean_statement(text: str) -> str:
    text = clean_text(text)
    if not text:
        raise ApplicationError(_("Write a statement first."), field="text")
    if len(text) > Statement.MAX_LENGTH:
        raise ApplicationError(
            _("Please keep a statement under %(limit)d characters.")
            % {"limit": Statement.MAX_LENGTH},
            field="text",
        )
    return text


@transaction.atomic
def statement_submit(
    *,
    conversation: Conversation,
    participant: Participant,
    text: str,
    language: str,
    idempotency_key: str,
) -> Statement:
    """A participant's own statement. Held for a facilitator under strict moderation, or when
    it looks like it names someone (phone numbers, e-mail or street addresses). A retry with
    the same key returns the first statement to its author only; anyone else sending that key
    gets ``AlreadyReceived`` and nothing is stored."""
    existing = _statement_sent(conversation, idempotency_key)
    if existing is not None:
        return _statement_to_author(existing, participant)
    if not conversation.is_open or not conversation.participants_write:
        raise ApplicationError(_("This conversation is not taking new statements."))
    if participant.process_id != conversation.process_id:
        raise ApplicationError(_("You do not have permission to do that."))
    if not idempotency_key or len(idempotency_key) > 60:
        raise ApplicationError(_("The form is out of date. Reload the page and try again."))
    text = _clean_statement(text)
    held = conversation.strict_moderation or looks_personal(text)
    statement = Statement(
        community=conversation.community,
        conversation=conversation,
        text=text,
        language=language,
        source=StatementSource.PARTICIPANT,
        author=participant,
        moderation=StatementModeration.PENDING if held else StatementModeration.ACCEPTED,
        idempotency_key=idempotency_key,
    )
    statement.full_clean()
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError:
        # A concurrent retry with the same key won the race.
        existing = _statement_sent(conversation, idempotency_key)
        if existing is None:
            raise
        return _statement_to_author(existing, participant)
    audit_record(
        action="statement.submitted",
        community=conversation.community,
        target=statement,
        actor_label=str(participant),
        details={"moderation": statement.moderation},
    )
    return statement


def _statement_sent(conversation: Conversation, idempotency_key: str) -> Statement | None:
    if not idempotency_key:
        return None
    return Statement.objects.filter(
        conversation=conversation, idempotency_key=idempotency_key
    ).first()


def _statement_to_author(statement: Statement, participant: Participant) -> Statement:
    if statement.author_id is None or statement.author_id != participant.pk:
        raise AlreadyReceived()
    return statement


@transaction.atomic
def statement_seed(
    *,
    actor: Any,
    conversation: Conversation,
    text: str,
    language: str,
    contribution: Contribution | None = None,
) -> Statement:
    """A facilitator's statement, or one promoted from a resident's answer (keeping the link)."""
    if not actor.has_perm("planning.moderate", conversation.process):
        raise ApplicationError(_("Only facilitators can add statements here."))
    if contribution is not None and contribution.process_id != conversation.process_id:
        raise ApplicationError(_("That answer is not part of this process."))
    statement = Statement(
        community=conversation.community,
        conversation=conversation,
        text=_clean_statement(text),
        language=language,
        source=StatementSource.CONTRIBUTION if contribution else StatementSource.SEED,
        contribution=contribution,
        moderation=StatementModeration.ACCEPTED,
    )
    statement.full_clean()
    statement.save()
    audit_record(
        action="statement.seeded",
        actor=actor,
        community=conversation.community,
        target=statement,
        details={"contribution": contribution.pk} if contribution else {},
    )
    return statement
