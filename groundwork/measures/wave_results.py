"""Two waves of a survey side by side: each five-point question and each domain, its mean in
either wave, the change, and whether the change is larger than sampling noise (the
Mann–Whitney U test of ``groundwork.analysis.waves``, whose docstring explains the choice and
its limits).

Questions are matched by key (a wave copies its questions with their keys). A question's
domain is the one given on it, else its section. Every count of people passes through
``groundwork.analysis.suppression``; where a wave's count is hidden, so are its mean and the
test.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import TextField
from django.db.models.functions import Cast

from groundwork.analysis import suppression
from groundwork.analysis.suppression import Cell
from groundwork.analysis.waves import Comparison, domain_scores, mann_whitney

from .models import Answer, Instrument, Item, ItemKind

SCALE_MIN, SCALE_MAX = 1.0, 5.0


@dataclass(frozen=True)
class Row:
    label: str
    n_a: Cell
    n_b: Cell
    comparison: Comparison | None

    @property
    def shown(self) -> bool:
        return self.comparison is not None

    @property
    def x_a(self) -> float:
        """Where wave A's mean sits on the chart's scale (1 at the left, 5 at the right)."""
        return _x(self.comparison.mean_a) if self.comparison else 0.0

    @property
    def x_b(self) -> float:
        return _x(self.comparison.mean_b) if self.comparison else 0.0


CHART_LEFT, CHART_WIDTH = 20.0, 260.0


def _x(mean: float) -> float:
    return round(CHART_LEFT + (mean - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * CHART_WIDTH, 1)


@dataclass
class Domain:
    label: str
    row: Row
    items: list[Row] = field(default_factory=list)


@dataclass
class WaveComparison:
    a: Instrument
    b: Instrument
    total_a: Cell
    total_b: Cell
    domains: list[Domain]
    unmatched: int  # five-point questions of wave B with no counterpart in wave A


def _row(label: str, values_a: list[float], values_b: list[float]) -> Row:
    n_a = suppression.suppress_count(len(values_a))
    n_b = suppression.suppress_count(len(values_b))
    comparison = None
    if not n_a.hidden and not n_b.hidden and values_a and values_b:
        comparison = mann_whitney(values_a, values_b)
    return Row(label=label, n_a=n_a, n_b=n_b, comparison=comparison)


def _answers(instrument: Instrument, keys: dict[int, str]) -> dict[int, dict[str, float]]:
    """Each response's five-point answers, by question key. The stored JSON is read as text
    ('"4"') and parsed once per distinct text: decoding each of 100,000 answers as JSON was
    most of the time."""
    found: dict[int, dict[str, float]] = defaultdict(dict)
    parsed: dict[str, float | None] = {}
    rows = Answer.objects.filter(item__in=list(keys)).values_list(
        "response_id", "item_id", Cast("value", output_field=TextField())
    )
    for response_id, item_id, text in rows.iterator(chunk_size=5000):
        if text not in parsed:
            parsed[text] = _likert_value(text)
        number = parsed[text]
        if number is not None:
            found[response_id][keys[item_id]] = number
    return found


def _likert_value(text: str | None) -> float | None:
    try:
        number = float(json.loads(text)) if text is not None else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and SCALE_MIN <= number <= SCALE_MAX else None


def _likert_items(instrument: Instrument) -> list[Item]:
    return list(
        instrument.items.filter(kind=ItemKind.LIKERT)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )


def item_key(item: Item) -> str:
    return item.key or f"q{item.pk}"


def compare(a: Instrument, b: Instrument) -> WaveComparison:
    """Wave B against wave A (the caller has checked that both are waves of one survey and
    that the reader may see both results)."""
    items_b = _likert_items(b)
    keys_a = {item.pk: item_key(item) for item in _likert_items(a)}
    in_a = set(keys_a.values())
    matched = [item for item in items_b if item_key(item) in in_a]
    answers_a = _answers(a, keys_a)
    answers_b = _answers(b, {item.pk: item_key(item) for item in matched})
    groups: dict[str, list[Item]] = {}
    for item in matched:
        groups.setdefault(item.domain or item.section.title, []).append(item)
    domains = []
    for label, members in groups.items():
        keys = [item_key(item) for item in members]
        row = _row(
            label,
            domain_scores(answers_a.values(), keys),
            domain_scores(answers_b.values(), keys),
        )
        domain = Domain(label=label, row=row)
        for item in members:
            key = item_key(item)
            domain.items.append(
                _row(
                    item.prompt,
                    [r[key] for r in answers_a.values() if key in r],
                    [r[key] for r in answers_b.values() if key in r],
                )
            )
        domains.append(domain)
    return WaveComparison(
        a=a,
        b=b,
        total_a=suppression.suppress_count(a.responses.count()),
        total_b=suppression.suppress_count(b.responses.count()),
        domains=domains,
        unmatched=len(items_b) - len(matched),
    )


def as_json(found: WaveComparison) -> dict[str, Any]:
    """The comparison as plain data (for the bench and any export): hidden counts are None."""

    def row(r: Row) -> dict[str, Any]:
        c = r.comparison
        return {
            "label": r.label,
            "n_a": r.n_a.value,
            "n_b": r.n_b.value,
            "mean_a": c.mean_a if c else None,
            "mean_b": c.mean_b if c else None,
            "change": c.change if c else None,
            "p_value": c.p_value if c else None,
            "beyond_noise": c.beyond_noise if c else None,
        }

    return {
        "a": found.a.slug,
        "b": found.b.slug,
        "responses_a": found.total_a.value,
        "responses_b": found.total_b.value,
        "domains": [{**row(d.row), "items": [row(i) for i in d.items]} for d in found.domains],
    }


def domain_labels(instrument: Instrument) -> list[str]:
    """The domains of a survey's five-point questions, in order."""
    return list(
        dict.fromkeys(item.domain or item.section.title for item in _likert_items(instrument))
    )


def domain_mean(instrument: Instrument, label: str) -> tuple[Cell, float | None]:
    """The number of people with a score in one domain of one wave (suppressed) and their
    mean score (None when that number is hidden or nobody has a score)."""
    members = [
        item for item in _likert_items(instrument) if (item.domain or item.section.title) == label
    ]
    keys = {item.pk: item_key(item) for item in members}
    scores = domain_scores(_answers(instrument, keys).values(), list(keys.values()))
    n = suppression.suppress_count(len(scores))
    if n.hidden or not scores:
        return n, None
    return n, sum(scores) / len(scores)
