"""One theme as people see it: its words, label and quotes (step 7 and 8 of the package
docstring; :mod:`groundwork.analysis.theme_labels` does the phrasing)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from groundwork.analysis import theme_bilingual, theme_labels
from groundwork.analysis.text import TextAnalyzer, cjk_characters
from groundwork.analysis.themes.results import (
    _TOP_N,
    DocId,
    FloatArray,
    IntArray,
    Member,
    Quote,
    Theme,
)
from groundwork.analysis.themes.vectors import _top_unigrams


def _label(
    weights: FloatArray, vocabulary: Sequence[str], surface: Callable[[str], str]
) -> tuple[str, list[str]]:
    order = np.lexsort((np.arange(len(weights)), -weights))
    ranked = [vocabulary[j] for j in order[:60] if weights[j] > 0]
    parts: list[str] = []
    for term in ranked:
        if len(parts) == 3:
            break
        words = term.split(" ")  # terms are distinct: none is in ``parts`` already
        if len(words) == 1:
            if any(term in p.split(" ") for p in parts):
                continue  # already shown inside a bigram
            parts.append(term)
            continue
        # A bigram replaces the words it contains, at the place of the first of them.
        covered = [i for i, p in enumerate(parts) if p in words]
        place = covered[0] if covered else len(parts)
        parts = [p for i, p in enumerate(parts) if i not in covered]
        parts.insert(min(place, len(parts)), term)
    top_words = [surface(t) for t in ranked[:_TOP_N]]
    return ", ".join(surface(p) for p in parts), top_words


def _quote_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _make_theme(
    theme_id: str,
    rows: IntArray,
    strength: FloatArray,
    weights: FloatArray,
    vocabulary: Sequence[str],
    analyzer: TextAnalyzer,
    texts: Sequence[str],
    ids: Sequence[DocId],
    max_quotes: int,
    *,
    languages: Sequence[str | None] | None = None,
    authors: Sequence[Any] | None = None,
    phrases: theme_labels.PhraseIndex | None = None,
    taken: frozenset[str] = frozenset(),
) -> Theme:
    """A theme from its member rows (canonical positions) and their strengths.

    ``languages`` and ``authors`` (optional) are per text, like ``texts``; the label is a
    phrase from the members' answers and the quotes are chosen by
    :mod:`groundwork.analysis.theme_labels`, with the corpus's ``phrases`` (without them the
    label is left to the caller, as for subthemes, which are named by a claim)."""
    order = [int(i) for i in np.lexsort((rows, -np.round(strength, 9)))]
    members = [Member(ids[rows[i]], float(strength[i])) for i in order]
    member_rows = [int(rows[i]) for i in order]
    picked = theme_labels.pick_quotes(
        [texts[r] for r in member_rows],
        [float(strength[i]) for i in order],
        languages=None if languages is None else [languages[r] for r in member_rows],
        authors=None if authors is None else [authors[r] for r in member_rows],
        limit=max_quotes,
    )
    quotes = [Quote(ids[member_rows[p]], texts[member_rows[p]]) for p in picked]
    fallback, words = _label(weights, vocabulary, analyzer.surface)
    label = fallback
    labels: dict[str, str] = {}
    if phrases is not None:
        # One name per language of a bilingual theme; the first is its main name.
        # The fallback name is a term as the answers wrote it: a concept shared by the two
        # languages is shown in the glossary's words, which the answers may not use.
        ranked = np.lexsort((np.arange(len(weights)), -weights))
        written = next(
            (
                analyzer.surface(vocabulary[j])
                for j in ranked[:60]
                if weights[j] > 0
                and not any(theme_bilingual.is_concept(p) for p in vocabulary[j].split(" "))
            ),
            words[0] if words else fallback,
        )
        if cjk_characters(written):
            # A Chinese or Japanese term is a pair of characters, sometimes part of a longer
            # word ("通部" of "交通部"): shown as the word the members write it in.
            written = theme_labels.cjk_word(written, [texts[r] for r in member_rows])
        labels = theme_labels.theme_labels(phrases, member_rows, fallback=written, taken=taken)
        label = next(iter(labels.values()))
    terms = [vocabulary[j] for j in _top_unigrams(weights[np.newaxis, :], vocabulary)[0]]
    return Theme(theme_id, label, len(rows), members, quotes, words, terms, labels=labels)
