"""Votes, at most one per participant and statement, and the opinion-group analysis runs
they queue."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.services import audit_record
from groundwork.planning.models import Participant

from ..models import (
    AnalysisRun,
    Conversation,
    Statement,
    StatementModeration,
    Vote,
    VoteValue,
)


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
    replaces the earlier one in every count.

    One row is written, in a transaction (a savepoint inside the caller's) of its own, after
    every check: a refused vote writes nothing, and a concurrent retry that wins the race is
    found again. No transaction around the checks: votes are the hottest write, and a savepoint
    more is two more round trips to the database on each."""
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
    conversation_id, per_run = conversation.pk, conversation.votes_per_run
    transaction.on_commit(lambda: _maybe_enqueue_analysis(conversation_id, per_run))
    return vote


def _vote_sent(conversation: Conversation, participant: Participant, key: str) -> Vote | None:
    """The participant's vote sent with this key; ``AlreadyReceived`` if someone else sent it."""
    if not key:
        return None
    sent = Vote.objects.filter(conversation=conversation, idempotency_key=key).first()
    if sent is not None and sent.participant_id != participant.pk:
        raise AlreadyReceived()
    return sent


def _maybe_enqueue_analysis(conversation_id: int, votes_per_run: int) -> None:
    """Queue a run once enough votes arrived since the last one (and none is waiting). Two
    queries, on every vote: the conversation is the voter's, already read."""
    # Only the run's status and where it stopped: its results can be hundreds of kilobytes.
    last = (
        AnalysisRun.objects.filter(conversation_id=conversation_id)
        .only("id", "status", "parameters")
        .order_by("-id")
        .first()
    )
    if last is not None and last.status in (AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING):
        return
    since = Vote.objects.filter(
        conversation_id=conversation_id,
        id__gt=(last.parameters.get("last_vote_id", 0) if last else 0),
    )
    needed = votes_per_run if last else 1
    if since[:needed].count() >= needed:  # never counts more rows than it needs
        _enqueue_analysis(conversation_id)


def _enqueue_analysis(conversation_id: int) -> None:
    from ..tasks import conversation_analyze

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
    from ..tasks import conversation_analyze

    run_id = run.pk
    transaction.on_commit(lambda: conversation_analyze.enqueue(run_id=run_id))
    return run
