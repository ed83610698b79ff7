"""Free-text answers: quotes that can be public (none that looks like personal data), and
the responses CSV."""

import pytest

from groundwork.measures.models import ItemKind
from groundwork.measures.results import item_themes
from groundwork.measures.tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


def _quotes(monkeypatch, *, screened: bool) -> list[str]:  # type: ignore[no-untyped-def]
    if not screened:
        monkeypatch.setattr("groundwork.measures.results.looks_personal", lambda text: False)
    item = ItemFactory(kind=ItemKind.TEXT, required=False)
    texts = [f"Call me at 919-555-01{n:02d} about the food pantry volunteers" for n in range(8)]
    texts += [f"The food pantry needs more volunteers on {d}" for d in ("Monday", "Friday")]
    texts += [f"Rides to the clinic are hard to find in {m}" for m in ("May", "June")] * 5
    rows = [(n, text, "en") for n, text in enumerate(texts, start=1)]
    return [q for theme in item_themes(item, rows) for q in theme["quotes"]]


def test_theme_quotes_leave_out_answers_that_look_personal(monkeypatch):  # type: ignore[no-untyped-def]
    # Unscreened, the most typical answers would be the ones with a phone number.
    assert any("919-555" in q for q in _quotes(monkeypatch, screened=False))
    monkeypatch.undo()
    quotes = _quotes(monkeypatch, screened=True)
    assert quotes, "the answers make themes with quotes"
    assert not any("919-555" in q for q in quotes)


def test_the_csv_reads_responses_a_chunk_at_a_time_and_misses_none(monkeypatch):  # type: ignore[no-untyped-def]
    from groundwork.measures import exports, services

    monkeypatch.setattr(exports, "CHUNK", 2)
    item = ItemFactory(kind=ItemKind.TEXT, required=False)
    instrument = item.instrument
    for n in range(5):
        services.response_submit(
            instrument=instrument,
            answers={item.pk: f"Answer number {n}"},
            language="en",
            idempotency_key=f"chunk-{n}",
        )
    _columns, rows = exports.response_table(instrument)
    assert [row[f"item_{item.pk}"] for row in rows] == [f"Answer number {n}" for n in range(5)]
