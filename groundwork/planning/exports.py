"""Answers as CSV and JSON, streamed row by row so that a large process never sits in memory.

Only what the viewer may see is exported (the selector decides); moderation details only for
facilitators. Cells that a spreadsheet would run as a formula are defused.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Contribution


def contribution_columns(*, moderator: bool) -> list[tuple[str, str]]:
    """(key, translated heading) of each exported column."""
    columns = [
        ("id", _("id")),
        ("question", _("question")),
        ("question_text", _("question text")),
        ("text", _("answer")),
        ("language", _("language")),
        ("channel", _("channel")),
        ("gathering", _("gathering")),
        ("barrier_kind", _("kind of barrier")),
        ("created_at", _("time")),
    ]
    if moderator:
        columns += [("moderation", _("moderation")), ("moderation_reason", _("reason"))]
    return columns


def contribution_rows(
    contributions: QuerySet[Contribution], *, moderator: bool
) -> Iterator[dict[str, Any]]:
    for c in contributions.iterator(chunk_size=2000):
        row: dict[str, Any] = {
            "id": c.pk,
            "question": c.question.key,
            "question_text": c.question.text,
            "text": c.text,
            "language": c.language,
            "channel": c.channel,
            "gathering": c.gathering.title if c.gathering_id else "",
            "barrier_kind": c.barrier_kind,
            "created_at": c.created_at.isoformat(),
        }
        if moderator:
            row["moderation"] = c.moderation
            row["moderation_reason"] = c.moderation_reason
        yield row
