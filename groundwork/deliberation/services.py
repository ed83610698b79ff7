"""Every write to deliberation: validated, atomic, audited; analysis runs queued on commit."""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.analysis.pii import looks_personal
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.planning.models import Contribution, Participant, Process

from .models import (
    AnalysisRun,
    Conversation,
    Statement,
    StatementModeration,
    StatementSource,
    Vote,
    VoteValue,
    base_language,
)


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


def _imported_languages(languages: Any) -> dict[str, Any]:
    if languages is None:
        return {}
    translation = clean_text(languages.translation)[: Statement.MAX_LENGTH]
    return {
        "language": languages.original_language,
        "translation": translation,
        "translation_language": languages.translation_language if translation else "",
    }


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


@transaction.atomic
def vote_cast(
    *,
    conversation: Conversation,
    participant: Participant,
    statement: Statement,
    value: int,
    idempotency_key: str,
) -> Vote:
    """Store a vote. A retried or double-submitted vote (same key) is stored once and the first
    vote is returned to its voter only: a key that another participant of the conversation
    used gets ``AlreadyReceived`` and stores nothing. A later vote on the same statement
    replaces the earlier one in every count."""
    existing = _vote_sent(conversation, participant, idempotency_key)
    if existing is not None:
        return existing
    if not conversation.is_open:
        raise ApplicationError(_("This conversation is closed for votes."))
    if participant.process_id != conversation.process_id:
        raise ApplicationError(_("You do not have permission to do that."))
    if statement.conversation_id != conversation.pk or (
        statement.moderation != StatementModeration.ACCEPTED
    ):
        raise ApplicationError(_("That statement is not open for votes."))
    if value not in VoteValue.values:
        raise ApplicationError(_("Choose agree, disagree or pass."))
    if not idempotency_key or len(idempotency_key) > 60:
        raise ApplicationError(_("The form is out of date. Reload the page and try again."))
    vote = Vote(
        conversation=conversation,
        statement=statement,
        participant=participant,
        value=value,
        idempotency_key=idempotency_key,
    )
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError:
        # A concurrent retry with the same key won the race.
        existing = _vote_sent(conversation, participant, idempotency_key)
        if existing is None:
            raise
        return existing
    # Votes are many and anonymous: the audit log records runs and moderation, not each vote.
    conversation_id = conversation.pk
    transaction.on_commit(lambda: _maybe_enqueue_analysis(conversation_id))
    return vote


def _vote_sent(conversation: Conversation, participant: Participant, key: str) -> Vote | None:
    """The participant's vote sent with this key; ``AlreadyReceived`` if someone else sent it."""
    if not key:
        return None
    sent = Vote.objects.filter(conversation=conversation, idempotency_key=key).first()
    if sent is not None and sent.participant_id != participant.pk:
        raise AlreadyReceived()
    return sent


def _maybe_enqueue_analysis(conversation_id: int) -> None:
    """Queue a run once enough votes arrived since the last one (and none is waiting)."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return
    # Only the run's status and where it stopped: its results can be hundreds of kilobytes.
    last = conversation.runs.only("id", "status", "parameters").order_by("-id").first()
    if last is not None and last.status in (AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING):
        return
    since = conversation.votes.filter(
        id__gt=(last.parameters.get("last_vote_id", 0) if last else 0)
    )
    needed = conversation.votes_per_run if last else 1
    if since[:needed].count() >= needed:  # never counts more rows than it needs
        _enqueue_analysis(conversation_id)


def _enqueue_analysis(conversation_id: int) -> None:
    from .tasks import conversation_analyze

    run = AnalysisRun.objects.create(conversation_id=conversation_id)
    conversation_analyze.enqueue(run_id=run.pk)


@transaction.atomic
def analysis_request(*, actor: Any, conversation: Conversation) -> AnalysisRun:
    """A facilitator asks for a fresh run now."""
    if not actor.has_perm("planning.moderate", conversation.process):
        raise ApplicationError(_("You do not have permission to do that."))
    run = AnalysisRun.objects.create(conversation=conversation)
    audit_record(
        action="analysis.requested", actor=actor, community=conversation.community, target=run
    )
    from .tasks import conversation_analyze

    run_id = run.pk
    transaction.on_commit(lambda: conversation_analyze.enqueue(run_id=run_id))
    return run


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
