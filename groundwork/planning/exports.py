"""Answers as CSV and JSON, streamed row by row so that a large process never sits in memory.

Only what the viewer may see is exported (the selector decides); moderation details only for
facilitators. Cells that a spreadsheet would run as a formula are defused.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Contribution

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


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


def spreadsheet_safe(value: Any) -> Any:
    """A leading apostrophe keeps "=HYPERLINK(...)" typed by someone as text in a spreadsheet."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_stream(rows: Iterable[dict[str, Any]], columns: list[tuple[str, str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheets read the file as UTF-8 (accents in Spanish answers)
    yield writer.writerow([heading for _key, heading in columns])
    for row in rows:
        yield writer.writerow([spreadsheet_safe(row[key]) for key, _heading in columns])


def json_stream(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    first = True
    for row in rows:
        yield ("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"
