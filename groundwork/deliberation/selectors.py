"""Reads for the voting and results pages, shaped for the page, with bounded queries."""

import random
from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from groundwork.analysis.suppression import suppress_line
from groundwork.planning.models import Participant

from .models import AnalysisRun, Conversation, Statement, StatementModeration, Vote, VoteValue

# Pol.is's priority of a statement nobody has voted on yet (analysis.opinion.comment_priority
# with S = 0): p_pass = p_agree = (0 + 1)/(0 + 2) = ½, no extremity, so
# ((1 − ½)·(0 + 1)·½ · (1 + 8·2⁰))² = (¼ · 9)² = 5.0625, with the novelty factor
# 1 + 8·2^(−S/5) at its largest: new statements get seen.
NEW_STATEMENT_PRIORITY = 5.0625


def _done_runs(conversation: Conversation) -> QuerySet[AnalysisRun]:
    """Finished runs, newest first."""
    return conversation.runs.filter(status=AnalysisRun.Status.DONE).order_by("-finished_at", "-id")


def _latest_result(conversation: Conversation, path: str) -> Any:
    """One part of the newest finished run's results (``path`` under ``results``), read alone:
    the rest of a run's results is far larger."""
    return _done_runs(conversation).values_list(f"results__{path}", flat=True).first()


def latest_run(conversation: Conversation) -> AnalysisRun | None:
    """The newest finished run: what the results page shows while a newer one computes."""
    return _done_runs(conversation).first()


def latest_priorities(conversation: Conversation) -> dict[str, float]:
    """Comment priorities of the newest finished run (the voting page needs nothing else)."""
    priorities = _latest_result(conversation, "priority")
    return priorities if isinstance(priorities, dict) else {}


def latest_consensus(process: Any) -> dict[int, int]:
    """Statement id → share of agreement, for the consensus statements of the process's newest
    finished run; only that part of the run's results is read."""
    conversation = getattr(process, "conversation", None)
    if conversation is None:
        return {}
    agree = _latest_result(conversation, "consensus__agree")
    if not isinstance(agree, list):
        return {}
    return {int(row["statement"]): int(row.get("percent", 0)) for row in agree}


def accepted_statements(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(moderation=StatementModeration.ACCEPTED)


def voting_progress(conversation: Conversation, participant: Participant | None) -> dict[str, int]:
    total = accepted_statements(conversation).count()
    voted = 0
    if participant is not None:
        voted = (
            Vote.objects.filter(
                participant=participant, statement__moderation=StatementModeration.ACCEPTED
            )
            .values("statement_id")
            .distinct()
            .count()
        )
    return {"voted": voted, "total": total, "left": max(total - voted, 0)}


def next_statement(
    conversation: Conversation,
    participant: Participant | None,
    *,
    priorities: dict[str, float] | None = None,
    rng: random.Random | None = None,
) -> Statement | None:
    """The statement to show next: one this participant has not voted on, drawn at random in
    proportion to its Pol.is comment priority (importance × novelty) from the latest run."""
    candidates = accepted_statements(conversation)
    if participant is not None:
        candidates = candidates.exclude(votes__participant=participant)
    ids = list(candidates.values_list("pk", flat=True))
    if not ids:
        return None
    if priorities is None:
        priorities = latest_priorities(conversation)
    weights = [max(float(priorities.get(str(pk), NEW_STATEMENT_PRIORITY)), 1e-9) for pk in ids]
    chosen = (rng or random.SystemRandom()).choices(ids, weights=weights, k=1)[0]
    return Statement.objects.get(pk=chosen)


def statement_list(conversation: Conversation, *, moderator: bool) -> QuerySet[Statement]:
    statements = conversation.statements.select_related("contribution", "translated_by").annotate(
        n_votes=Count("votes__participant", distinct=True),
        last_vote=Max("votes__created_at"),
    )
    if not moderator:
        statements = statements.filter(moderation=StatementModeration.ACCEPTED)
    return statements.order_by("moderation", "-id")


def participation_by_day(conversation: Conversation) -> list[dict[str, Any]]:
    """Votes and voters per day, for the participation-over-time table."""
    from django.db.models.functions import TruncDate

    return list(
        Vote.objects.filter(conversation=conversation)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(votes=Count("id"), voters=Count("participant", distinct=True))
        .order_by("day")
    )


def moderation_queue(conversation: Conversation) -> list[dict[str, Any]]:
    """Statements waiting for a facilitator, oldest first, each with the personal-data check
    (the text cut into pieces, the personal ones marked with their kind)."""
    from groundwork.analysis.pii import find_personal_data

    pending = (
        conversation.statements.filter(moderation=StatementModeration.PENDING)
        .select_related("author", "translated_by")
        .order_by("created_at", "id")
    )
    queue = []
    for statement in pending:
        findings = find_personal_data(statement.text)
        pieces: list[dict[str, Any]] = []
        at = 0
        for finding in findings:
            if finding.start < at:  # overlapping findings: the first one marks the span
                continue
            if finding.start > at:
                pieces.append({"text": statement.text[at : finding.start], "kind": ""})
            pieces.append(
                {"text": statement.text[finding.start : finding.end], "kind": finding.kind}
            )
            at = finding.end
        if at < len(statement.text):
            pieces.append({"text": statement.text[at:], "kind": ""})
        kinds = list(dict.fromkeys(f.kind for f in findings))
        queue.append({"statement": statement, "pieces": pieces, "personal": kinds})
    return queue


def latest_votes() -> QuerySet[Vote]:
    """Votes that count: each participant's latest on a statement."""
    later = Vote.objects.filter(
        statement=OuterRef("statement"), participant=OuterRef("participant"), id__gt=OuterRef("id")
    )
    return Vote.objects.exclude(Exists(later))


def with_vote_counts(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    """Each statement with the number of participants whose latest vote on it agrees,
    disagrees or passes (``n_agree``, ``n_disagree``, ``n_pass``: three subqueries, whatever
    the number of statements)."""

    def counted(value: int) -> Coalesce:
        rows = (
            latest_votes()
            .filter(statement=OuterRef("pk"), value=value)
            .order_by()
            .values("statement")
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return statements.annotate(
        n_agree=counted(VoteValue.AGREE),
        n_disagree=counted(VoteValue.DISAGREE),
        n_pass=counted(VoteValue.PASS),
    )


def public_vote_counts(statement: Statement) -> dict[str, int | None]:
    """A statement's counts (from ``with_vote_counts``) as they may be published: one line of
    agree, disagree and pass with its total, small counts (and any that would give one away)
    None."""
    line = suppress_line(
        [
            getattr(statement, "n_agree", 0),
            getattr(statement, "n_disagree", 0),
            getattr(statement, "n_pass", 0),
        ]
    )
    agree, disagree, passed = (cell.value for cell in line.cells)
    return {"agree": agree, "disagree": disagree, "passed": passed, "total": line.total.value}
