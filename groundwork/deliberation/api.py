"""Deliberation in the API: the conversation, its statements with their vote counts, and the
newest finished analysis (opinion groups, representative and consensus statements,
group-aware consensus, participation), under the same rules as the pages.

Counts of people go through ``groundwork.analysis.suppression`` as on the results page: a
statement's agree / disagree / pass counts are one line with its total, a group's size is
hidden when small (and so are its representative statements), voters per day are hidden
when 1–10. Nothing names or identifies a participant: statements carry no author.
"""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema, Status
from ninja.pagination import paginate

from groundwork.analysis.suppression import DEFAULT_THRESHOLD, suppress_count
from groundwork.api.errors import require
from groundwork.api.idempotency import HEADER, WRITE_ERRORS, created, idempotent
from groundwork.api.pagination import Pagination
from groundwork.api.schemas import ErrorOut
from groundwork.api.services import client_participant
from groundwork.core.errors import ApplicationError

from . import results as results_view
from . import selectors, services
from .models import Conversation, Statement, StatementModeration, Vote

router = Router(tags=["deliberation"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
BASE = "/communities/{slug}/processes/{process_slug}/conversation"


class ConversationOut(Schema):
    topic: str
    description: str
    is_open: bool
    strict_moderation: bool
    participants_write: bool
    statements: int  # accepted statements, open for votes
    voters: int | None  # None: fewer than 11, hidden to protect small groups
    threshold: int


class VoteCountsOut(Schema):
    """The latest vote of each participant on the statement; a count of 1–10 is None, and so
    is any count that would let a hidden one be worked out from the total."""

    agree: int | None
    disagree: int | None
    passed: int | None
    total: int | None


class StatementOut(Schema):
    id: int
    text: str
    language: str
    translation: str
    translation_language: str
    source: str
    moderation: str
    created_at: datetime
    votes: VoteCountsOut

    @staticmethod
    def resolve_votes(obj: Statement) -> dict[str, int | None]:
        return selectors.public_vote_counts(obj)


class StatementRefOut(Schema):
    statement: int
    text: str
    language: str


class RepresentativeOut(StatementRefOut):
    direction: str  # "agree" or "disagree": what sets the group apart
    percent_agree: int
    percent_disagree: int


class OpinionGroupOut(Schema):
    label: str
    size: int | None  # None: hidden to protect a small group
    representative: list[RepresentativeOut]


class ConsensusOut(StatementRefOut):
    percent: int


class GroupAwareOut(StatementRefOut):
    score: float


class ParticipationDayOut(Schema):
    day: date
    votes: int
    voters: int | None


class ConversationResultsOut(Schema):
    computed: bool  # False until a first analysis has finished
    computing: bool  # a newer analysis is queued or running
    finished_at: datetime | None
    vote_count: int
    groups: list[OpinionGroupOut]
    clustered: int | None
    consensus_agree: list[ConsensusOut]
    consensus_disagree: list[ConsensusOut]
    group_aware_consensus: list[GroupAwareOut]
    participation: list[ParticipationDayOut]
    threshold: int


def _conversation(request: HttpRequest, slug: str, process_slug: str) -> Conversation:
    conversation = get_object_or_404(
        Conversation.objects.select_related("process__community", "process__current_phase"),
        process__community__slug=slug,
        process__slug=process_slug,
    )
    require(request, "deliberation.view_conversation", conversation)
    return conversation


@router.get(BASE, response={200: ConversationOut, **ERRORS})
def get_conversation(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    conversation = _conversation(request, slug, process_slug)
    voters = conversation.votes.values("participant").distinct().count()
    return Status(
        200,
        {
            "topic": conversation.topic,
            "description": conversation.description,
            "is_open": conversation.is_open,
            "strict_moderation": conversation.strict_moderation,
            "participants_write": conversation.participants_write,
            "statements": selectors.accepted_statements(conversation).count(),
            "voters": suppress_count(voters).value,
            "threshold": DEFAULT_THRESHOLD,
        },
    )


@router.get(f"{BASE}/statements", response={200: list[StatementOut], **ERRORS})
@paginate(Pagination)
def list_statements(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    """Statements open for votes, oldest first; facilitators also see those waiting for a
    decision and those rejected (``moderation``)."""
    conversation = _conversation(request, slug, process_slug)
    statements = conversation.statements.all()
    if not request.user.has_perm("deliberation.moderate", conversation):
        statements = statements.filter(moderation=StatementModeration.ACCEPTED)
    return selectors.with_vote_counts(statements.order_by("id"))


def _ref(row: dict[str, Any]) -> dict[str, Any]:
    statement = row["text"]  # results_context attaches the Statement itself
    return {**row, "text": statement.text, "language": statement.language}


@router.get(f"{BASE}/results", response={200: ConversationResultsOut, **ERRORS})
def get_results(request: HttpRequest, slug: str, process_slug: str):  # type: ignore[no-untyped-def]
    """The newest finished analysis, as the results page shows it (a newer one may be
    computing: ``computing``)."""
    conversation = _conversation(request, slug, process_slug)
    context = results_view.results_context(conversation)
    run = context["run"]
    participation = [
        {
            "day": row["day"],
            "votes": row["votes"],
            "voters": suppress_count(row["voters"]).value,
        }
        for row in context["participation"]
    ]
    body: dict[str, Any] = {
        "computed": run is not None,
        "computing": context["run_pending"],
        "finished_at": run.finished_at if run else None,
        "vote_count": run.vote_count if run else 0,
        "groups": [],
        "clustered": None,
        "consensus_agree": [],
        "consensus_disagree": [],
        "group_aware_consensus": [],
        "participation": participation,
        "threshold": DEFAULT_THRESHOLD,
    }
    if run is None:
        return Status(200, body)
    body.update(
        {
            "groups": [
                {
                    "label": group["label"],
                    "size": group["size"],
                    "representative": [_ref(r) for r in group["representative"]],
                }
                for group in context["groups"]
            ],
            "clustered": context["clustered"],
            "consensus_agree": [_ref(r) for r in context["consensus_agree"]],
            "consensus_disagree": [_ref(r) for r in context["consensus_disagree"]],
            "group_aware_consensus": [_ref(r) for r in context["group_aware"]],
        }
    )
    return Status(200, body)


# Writes: statements and votes on behalf of participants the client refers to ---------------


class StatementIn(Schema):
    participant: str  # the client's own reference for the person (see the contributions route)
    text: str
    language: str = ""


class VoteIn(Schema):
    participant: str
    statement: int
    value: int  # 1 agree, -1 disagree, 0 pass


class VoteOut(Schema):
    statement: int
    value: int
    created_at: datetime

    @staticmethod
    def resolve_statement(obj: Vote) -> int:
        return obj.statement_id


def _participant(
    request: HttpRequest, conversation: Conversation, reference: str, language: str = ""
) -> Any:
    return client_participant(
        user=request.user, process=conversation.process, reference=reference, language=language
    )


@router.post(f"{BASE}/statements", response={201: StatementOut, **WRITE_ERRORS})
@idempotent
def submit_statement(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    slug: str,
    process_slug: str,
    payload: StatementIn,
    idempotency_key: str = Header(..., alias=HEADER),
) -> HttpResponse:
    """A participant's own statement, held for a facilitator as on the voting page (strict
    moderation, or text that may name someone: ``moderation`` says which)."""
    conversation = _conversation(request, slug, process_slug)
    require(request, "deliberation.vote", conversation)
    with transaction.atomic():
        statement = services.statement_submit(
            conversation=conversation,
            participant=_participant(request, conversation, payload.participant, payload.language),
            text=payload.text,
            language=payload.language,
            idempotency_key=request.idempotency_key,  # type: ignore[attr-defined]
        )
    counted = selectors.with_vote_counts(conversation.statements.filter(pk=statement.pk)).get()
    return created(StatementOut.from_orm(counted).model_dump(mode="json"))


@router.post(f"{BASE}/votes", response={201: VoteOut, **WRITE_ERRORS})
@idempotent
def cast_vote(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    slug: str,
    process_slug: str,
    payload: VoteIn,
    idempotency_key: str = Header(..., alias=HEADER),
) -> HttpResponse:
    """A participant's vote; a later vote on the same statement replaces the earlier one."""
    conversation = _conversation(request, slug, process_slug)
    require(request, "deliberation.vote", conversation)
    statement = conversation.statements.filter(pk=payload.statement).first()
    if statement is None:
        raise ApplicationError(_("That statement is not open for votes."), field="statement")
    with transaction.atomic():
        vote = services.vote_cast(
            conversation=conversation,
            participant=_participant(request, conversation, payload.participant),
            statement=statement,
            value=payload.value,
            idempotency_key=request.idempotency_key,  # type: ignore[attr-defined]
        )
    return created(VoteOut.from_orm(vote).model_dump(mode="json"))
