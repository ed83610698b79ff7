"""Seeding a conversation from the themes of the five questions.

A facilitator picks a theme; the candidates are sentences of its most representative answers
(the ones closest to the theme, the pinned quote first), drafted by
:func:`groundwork.analysis.seeds.draft_statements`, which never rewords or invents. Each
candidate is accepted one by one, possibly edited first; the statement keeps the sentence as
drafted and a link to every answer that holds it (:class:`StatementSeed`).

Only answers that everyone may see (moderation "visible") are drafted from. The links and
the sentence are always the server's: an accepted candidate is found again by its text among
the theme's current candidates, never taken from what the browser sent.
"""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from groundwork.analysis.pii import looks_personal
from groundwork.analysis.seeds import draft_statements, statement_key
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.planning.models import Contribution, Moderation, Process, Question
from groundwork.themes.models import Theme
from groundwork.themes.selectors import theme_members

from .actions.statements import _clean_statement
from .models import (
    Conversation,
    Statement,
    StatementModeration,
    StatementSeed,
    StatementSource,
)

# How many of a theme's answers, closest to the theme first, are drafted from; and how many
# candidates are offered at a time.
ANSWERS_READ = 40
CANDIDATES_SHOWN = 12


@dataclass
class SeedQuestion:
    question: Question
    themes: list[Theme] = field(default_factory=list)


@dataclass
class Candidate:
    text: str
    answers: list[Contribution]


def seed_themes(*, process: Process) -> list[SeedQuestion]:
    """The process's questions, each with its top-level themes largest first (two queries)."""
    rows = {q.pk: SeedQuestion(question=q) for q in process.questions.order_by("order", "id")}
    for theme in Theme.objects.filter(process=process, parent=None, size__gt=0).order_by(
        "-size", "id"
    ):
        if theme.question_id in rows:
            rows[theme.question_id].themes.append(theme)
    return list(rows.values())


def seed_theme(*, process: Process, theme_id: int) -> Theme | None:
    """A top-level theme of this process (never another process's)."""
    return (
        Theme.objects.select_related("question")
        .filter(process=process, parent=None, pk=theme_id)
        .first()
    )


def _representative_answers(theme: Theme, viewer: Any) -> list[Contribution]:
    members = theme_members(theme=theme, viewer=viewer).filter(
        contribution__moderation=Moderation.VISIBLE
    )
    answers = [m.contribution for m in members[:ANSWERS_READ]]
    if theme.pinned_quote_id and theme.pinned_quote_id not in {a.pk for a in answers}:
        pinned = Contribution.objects.filter(
            pk=theme.pinned_quote_id, process_id=theme.process_id, moderation=Moderation.VISIBLE
        ).first()
        if pinned is not None:
            answers.insert(0, pinned)
    elif theme.pinned_quote_id:
        answers.sort(key=lambda a: a.pk != theme.pinned_quote_id)  # stable: the pinned first
    return answers


def seed_candidates(
    *, conversation: Conversation, theme: Theme, viewer: Any, limit: int | None = CANDIDATES_SHOWN
) -> list[Candidate]:
    """Candidate statements from the theme's most representative answers, leaving out those
    the conversation already has. Three queries."""
    answers = _representative_answers(theme, viewer)
    by_id = {a.pk: a for a in answers}
    existing = conversation.statements.values_list("text", flat=True)
    drafts = draft_statements(
        [(a.pk, a.text) for a in answers],
        existing=list(existing),
        limit=Statement.MAX_LENGTH,
        max_candidates=limit,
    )
    return [Candidate(text=d.text, answers=[by_id[i] for i in d.sources]) for d in drafts]


def _key(original: str) -> str:
    """The seeded statement's key: 64 characters, longer than any key a participant may send
    (`services.statement_submit` takes at most 60), so nobody can claim it in advance."""
    return "seed-" + hashlib.sha256(statement_key(original).encode()).hexdigest()[:59]


def _already_seeded(conversation: Conversation, original: str) -> Statement | None:
    return conversation.statements.filter(idempotency_key=_key(original)).first()


@transaction.atomic
def statement_seed_from_theme(
    *, actor: Any, conversation: Conversation, theme: Theme, original: str, text: str
) -> Statement:
    """Accept one candidate of ``theme`` as a statement, as drafted or as the facilitator
    edited it. Kept verbatim it is "promoted from an answer"; edited, "seeded by a
    facilitator"; either way linked to every answer holding the sentence. Accepting the same
    candidate twice (a retried form) stores it once."""
    if not actor.has_perm("deliberation.seed_from_themes", conversation):
        raise ApplicationError(_("Only facilitators can add statements here."))
    if theme.process_id != conversation.process_id:
        raise ApplicationError(_("That theme is not part of this process."))
    seeded = _already_seeded(conversation, original)
    if seeded is not None:
        return seeded
    candidate = next(
        (
            c
            for c in seed_candidates(
                conversation=conversation, theme=theme, viewer=actor, limit=None
            )
            if c.text == original
        ),
        None,
    )
    if candidate is None:
        raise ApplicationError(
            _("This sentence is no longer among the theme's candidates. Reload the page.")
        )
    text = _clean_statement(text)
    if looks_personal(text):
        raise ApplicationError(
            _("This looks like it holds personal data (a phone number, e-mail or address)."),
            field="text",
        )
    key = statement_key(text)
    if any(statement_key(t) == key for t in conversation.statements.values_list("text", flat=True)):
        raise ApplicationError(_("The conversation already has this statement."), field="text")
    first = candidate.answers[0]
    statement = Statement(
        community=conversation.community,
        conversation=conversation,
        text=text,
        language=first.language,
        source=StatementSource.CONTRIBUTION if text == original else StatementSource.SEED,
        contribution=first,
        moderation=StatementModeration.ACCEPTED,
        idempotency_key=_key(original),
    )
    statement.full_clean()
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError:
        # The same candidate accepted at the same moment (a double click): the first stays.
        seeded = _already_seeded(conversation, original)
        if seeded is None:
            raise
        return seeded
    origin = StatementSeed.objects.create(
        community=conversation.community,
        statement=statement,
        theme=theme,
        theme_label=theme.label[:200],
        original=original,
    )
    origin.contributions.set(candidate.answers)
    audit_record(
        action="statement.seeded_from_theme",
        actor=actor,
        community=conversation.community,
        target=statement,
        details={
            "theme": theme.pk,
            "contributions": [a.pk for a in candidate.answers],
            "edited": text != original,
        },
    )
    return statement
