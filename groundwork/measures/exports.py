"""Responses as CSV, one row per response and one column per question, streamed.

Cells a spreadsheet would run as a formula are defused (``core.exports.csv_stream``). An
anonymous survey's export has no names; a signed survey's has the respondent's name and
e-mail, for those who build the survey only.
"""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from .choices import item_choices
from .models import Answer, Instrument, ItemKind

CHUNK = 500  # responses read at a time


def response_table(
    instrument: Instrument,
) -> tuple[list[tuple[str, str]], Iterator[dict[str, Any]]]:
    items = list(
        instrument.items.select_related("section").order_by("section__position", "position")
    )
    for item in items:
        item.instrument = instrument  # items came through select_related("section")
    signed = instrument.respondents == Instrument.Respondents.SIGNED
    columns = [
        ("id", _("response")),
        ("submitted_at", _("submitted")),
        ("language", _("language")),
        ("sector", _("sector")),
        ("county", _("county")),
    ]
    if signed:
        columns += [("name", _("name")), ("email", _("e-mail address"))]
    columns += [(f"item_{item.pk}", item.prompt) for item in items]
    labels = {
        item.pk: dict(item_choices(item))
        for item in items
        if item.kind not in (ItemKind.TEXT, ItemKind.NUMBER)
    }

    def rows() -> Iterator[dict[str, Any]]:
        # A chunk of responses, then that chunk's answers: memory stays bounded by the chunk.
        responses = instrument.responses.order_by("pk")
        if signed:
            responses = responses.select_related("respondent")
        last = 0
        while chunk := list(responses.filter(pk__gt=last)[:CHUNK]):
            last = chunk[-1].pk
            answers: dict[int, dict[int, Answer]] = {}
            for a in Answer.objects.filter(response__in=chunk):
                answers.setdefault(a.response_id, {})[a.item_id] = a
            for r in chunk:
                row: dict[str, Any] = {
                    "id": r.pk,
                    "submitted_at": r.submitted_at.isoformat(),
                    "language": r.language,
                    "sector": r.sector,
                    "county": r.county,
                }
                if signed:
                    row["name"] = r.respondent.name if r.respondent else ""
                    row["email"] = r.respondent.email if r.respondent else ""
                mine = answers.get(r.pk, {})
                for item in items:
                    row[f"item_{item.pk}"] = _cell(item.pk, mine.get(item.pk), labels)
                yield row

    return columns, rows()


def _cell(item_id: int, answer: Answer | None, labels: dict[int, dict[str, str]]) -> Any:
    if answer is None:
        return ""
    if answer.text:
        return answer.text
    if answer.number is not None:
        return f"{answer.number:g}"
    names = labels.get(item_id, {})
    if isinstance(answer.value, list):
        return "; ".join(names.get(v, v) for v in answer.value)
    return names.get(answer.value, answer.value) if answer.value is not None else ""
