"""Starting a conversation, changing its settings, and bringing one in from a Pol.is export."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.planning.models import Participant, Process

from ..models import (
    Conversation,
    Statement,
    StatementModeration,
    StatementSource,
    Vote,
)
from .votes import _enqueue_analysis


@transaction.atomic
def conversation_create(
    *,
    actor: Any,
    process: Process,
    topic: str,
    description: str = "",
    strict_moderation: bool = False,
    participants_write: bool = True,
) -> Conversation:
    if not actor.has_perm("planning.change_process", process):
        raise ApplicationError(_("Only coordinators and facilitators can start a conversation."))
    if Conversation.objects.filter(process=process).exists():
        raise ApplicationError(_("This process already has a conversation."))
    conversation = Conversation(
        community=process.community,
        process=process,
        topic=clean_text(topic),
        description=clean_text(description),
        strict_moderation=strict_moderation,
        participants_write=participants_write,
    )
    conversation.full_clean()
    conversation.save()
    audit_record(
        action="conversation.created",
        actor=actor,
        community=process.community,
        target=conversation,
    )
    return conversation


@transaction.atomic
def conversation_update(
    *,
    actor: Any,
    conversation: Conversation,
    topic: str,
    description: str = "",
    strict_moderation: bool = False,
    participants_write: bool = True,
    is_open: bool = True,
) -> Conversation:
    if not actor.has_perm("planning.change_process", conversation.process):
        raise ApplicationError(_("You do not have permission to do that."))
    conversation.topic = clean_text(topic)
    conversation.description = clean_text(description)
    conversation.strict_moderation = strict_moderation
    conversation.participants_write = participants_write
    conversation.is_open = is_open
    conversation.full_clean()
    conversation.save()
    audit_record(
        action="conversation.updated",
        actor=actor,
        community=conversation.community,
        target=conversation,
    )
    return conversation


def _imported_languages(languages: Any) -> dict[str, Any]:
    if languages is None:
        return {}
    translation = clean_text(languages.translation)[: Statement.MAX_LENGTH]
    return {
        "language": languages.original_language,
        "translation": translation,
        "translation_language": languages.translation_language if translation else "",
    }


@transaction.atomic
def conversation_import_polis(
    *,
    actor: Any,
    community: Any,
    title: str,
    slug: str,
    export: Any,
    translations: dict[int, Any] | None = None,
) -> Conversation:
    """A Pol.is export (a parsed ``PolisExport``) becomes a new process with its conversation:
    comments become statements (their Pol.is ids kept), voters become participants, and every
    vote row is stored in time order, so the latest vote still counts. ``translations``
    (comment id → ``interchange.CommentLanguages``, from Groundwork's own exports) gives each
    statement its original language and its text in the other language. All or nothing."""
    import numpy as np

    from groundwork.analysis.polis_io import Comment
    from groundwork.planning import services as planning_services
    from groundwork.planning.models import PhaseKind

    process = planning_services.process_create(
        actor=actor, community=community, title=title, slug=slug
    )
    planning_services.process_set_phase(
        actor=actor, process=process, phase=process.phases.get(kind=PhaseKind.DECIDE)
    )
    summary = export.summary_dict()
    conversation = conversation_create(
        actor=actor,
        process=process,
        topic=(summary.get("topic") or title)[:300],
        description=(summary.get("conversation-description") or "")[:3000],
    )
    comments = list(export.comments or ())
    if export.votes is not None:
        log = export.votes
        order = np.lexsort((np.arange(len(log)), log.timestamps))
        voter_ids = log.voter_ids[order]
        comment_ids = log.comment_ids[order]
        values = log.votes[order]
    elif export.participants is not None:
        table = export.participants
        codes = table.codes.tocoo()
        voter_ids = table.participant_ids[codes.row]
        comment_ids = table.comment_ids[codes.col]
        values = np.where(codes.data == 2, 0, codes.data)
    else:
        raise ApplicationError(_("The export has no votes."))
    # Votes on comments that comments.csv does not list still count (with no text).
    known = {c.comment_id for c in comments}
    comments += [
        Comment(comment_id=cid, moderated=0) for cid in sorted(set(comment_ids.tolist()) - known)
    ]
    translations = translations or {}
    statements = Statement.objects.bulk_create(
        Statement(
            community=community,
            conversation=conversation,
            text=(clean_text(c.body) or f"#{c.comment_id}")[: Statement.MAX_LENGTH],
            **_imported_languages(translations.get(c.comment_id)),
            source=StatementSource.IMPORT,
            moderation=StatementModeration.REJECTED
            if c.moderated == -1
            else StatementModeration.ACCEPTED,
            moderation_reason=_("Rejected in Pol.is") if c.moderated == -1 else "",
            external_id=str(c.comment_id),
        )
        for c in comments
    )
    statement_by_id = {int(s.external_id): s.pk for s in statements}
    voters = sorted(set(voter_ids.tolist()))
    participants = Participant.objects.bulk_create(
        Participant(process=process) for _voter in voters
    )
    participant_by_id = {v: p.pk for v, p in zip(voters, participants, strict=True)}
    Vote.objects.bulk_create(
        (
            Vote(
                conversation=conversation,
                statement_id=statement_by_id[int(cid)],
                participant_id=participant_by_id[int(pid)],
                value=int(value),
                idempotency_key=f"polis-{i}",
            )
            for i, (pid, cid, value) in enumerate(
                zip(voter_ids.tolist(), comment_ids.tolist(), values.tolist(), strict=True)
            )
        ),
        batch_size=5000,
    )
    audit_record(
        action="conversation.imported",
        actor=actor,
        community=community,
        target=conversation,
        details={
            "statements": len(statements),
            "participants": len(participants),
            "votes": int(len(values)),
        },
    )
    conversation_id = conversation.pk
    transaction.on_commit(lambda: _enqueue_analysis(conversation_id))
    return conversation
