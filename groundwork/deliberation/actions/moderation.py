"""Moderating statements one by one or in bulk, and translating them."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text

from ..models import (
    Conversation,
    Statement,
    StatementModeration,
    base_language,
)
from .votes import _enqueue_analysis


@transaction.atomic
def statement_moderate(
    *, actor: Any, statement: Statement, state: str, reason: str = ""
) -> Statement:
    if not actor.has_perm("deliberation.moderate_statement", statement):
        raise ApplicationError(_("You do not have permission to do that."))
    state, reason = _moderation_decision(state, reason)
    if _decide(actor=actor, statement=statement, state=state, reason=reason):
        # Rejecting or restoring a statement changes the groups: recompute. Queued in the same
        # transaction, so the decision and its recomputation are stored together or not at all.
        _enqueue_analysis(statement.conversation_id)
    return statement


@transaction.atomic
def statements_moderate_bulk(
    *,
    actor: Any,
    conversation: Conversation,
    statement_ids: list[int],
    state: str,
    reason: str = "",
) -> list[Statement]:
    """One decision for several statements of one conversation (ids of other conversations
    are refused, not skipped). Each statement's decision is audited on its own; the groups
    are recomputed once."""
    state, reason = _moderation_decision(state, reason)
    ids = sorted(set(statement_ids))
    if not ids:
        raise ApplicationError(_("Select at least one statement."))
    statements = list(
        Statement.objects.filter(conversation=conversation, pk__in=ids)
        .select_related("conversation__process__community")
        .order_by("created_at", "id")
    )
    if len(statements) != len(ids):
        raise ApplicationError(_("Some of those statements are not part of this conversation."))
    for statement in statements:
        if not actor.has_perm("deliberation.moderate_statement", statement):
            raise ApplicationError(_("You do not have permission to do that."))
    changed = [
        _decide(actor=actor, statement=statement, state=state, reason=reason)
        for statement in statements
    ]
    if any(changed):
        _enqueue_analysis(conversation.pk)
    return statements


def _moderation_decision(state: str, reason: str) -> tuple[str, str]:
    if state not in StatementModeration.values:
        raise ApplicationError(_("Choose a valid moderation state."))
    reason = clean_text(reason)[:300]
    if state == StatementModeration.REJECTED and not reason:
        raise ApplicationError(_("Say why the statement is rejected."), field="reason")
    return state, reason


def _decide(*, actor: Any, statement: Statement, state: str, reason: str) -> bool:
    """Store one decision with its audit record; True when the moderation state changed."""
    # A retried POST (the first one saved, or hit a busy database and rolled back) is safe:
    # the row is re-read under a lock, and a decision already stored is not stored again.
    before, before_reason = (
        Statement.objects.select_for_update()
        .filter(pk=statement.pk)
        .values_list("moderation", "moderation_reason")
        .get()
    )
    if before == state and before_reason == reason:
        statement.moderation, statement.moderation_reason = before, before_reason
        return False
    statement.moderation = state
    statement.moderation_reason = reason
    statement.save(update_fields=["moderation", "moderation_reason"])
    audit_record(
        action="statement.moderated",
        actor=actor,
        community=statement.community,
        target=statement,
        details={"from": before, "to": state, "reason": reason},
    )
    return before != state


@transaction.atomic
def statement_translate(*, actor: Any, statement: Statement, language: str, text: str) -> Statement:
    """A facilitator writes the statement in the other language, or corrects the translation
    there is. The original (``text`` in ``language``) is never changed; a statement whose
    original language was not recorded (an import) takes the other language as its own."""
    if not actor.has_perm("deliberation.translate_statement", statement):
        raise ApplicationError(_("You do not have permission to do that."))
    language = base_language(language)
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        raise ApplicationError(_("Choose English or Spanish."), field="language")
    original = base_language(statement.language)
    if language == original:
        raise ApplicationError(
            _("The statement was written in that language: translate it into the other one."),
            field="language",
        )
    text = clean_text(text)
    if not text:
        raise ApplicationError(_("Write the translation first."), field="translation")
    if len(text) > Statement.MAX_LENGTH:
        raise ApplicationError(
            _("Please keep a statement under %(limit)d characters.")
            % {"limit": Statement.MAX_LENGTH},
            field="translation",
        )
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if locked.translation == text and locked.translation_language == language:
        return locked  # the same translation sent again: nothing to store
    corrected = bool(locked.translation)
    if not original:
        locked.language = next(code for code in codes if code != language)
    locked.translation = text
    locked.translation_language = language
    locked.translated_by = actor
    locked.translated_at = timezone.now()
    locked.full_clean()
    locked.save(
        update_fields=[
            "language",
            "translation",
            "translation_language",
            "translated_by",
            "translated_at",
        ]
    )
    audit_record(
        action="statement.translation_corrected" if corrected else "statement.translated",
        actor=actor,
        community=locked.community,
        target=locked,
        details={"language": language, "original_language": locked.language},
    )
    for field in ("language", "translation", "translation_language", "translated_by_id"):
        setattr(statement, field, getattr(locked, field))
    statement.translated_at = locked.translated_at
    return locked
