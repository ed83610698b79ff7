"""Topic coherence (NPMI) and diversity of any list of themes' top words."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from groundwork.analysis.text import TextAnalyzer
from groundwork.analysis.themes.results import _TOP_N
from groundwork.analysis.themes.vectors import _languages


def corpus_tokens(
    texts: Sequence[str], languages: Sequence[str | None] | str | None = None
) -> list[list[str]]:
    """Folded unigrams of each text, as the engine sees them (the corpus for NPMI)."""
    langs = _languages(languages, len(texts))
    analyzer = TextAnalyzer(bigrams=False)
    return [analyzer.tokens(t, lang) for t, lang in zip(texts, langs, strict=True)]


def topic_coherence(
    topics: Sequence[Sequence[str]], documents: Iterable[Iterable[str]], *, top_n: int = _TOP_N
) -> float:
    """Mean NPMI of the word pairs within each topic's first ``top_n`` words, with
    probabilities from document co-occurrence in ``documents`` (each an iterable of tokens).

    NPMI(a, b) = log(P(a,b) / (P(a) P(b))) / -log P(a,b): 1 when the words always occur
    together, 0 when independent, -1 when never together (also for words absent from the
    corpus). Topics with fewer than two words are skipped; 0.0 if no pair is left.
    """
    words = sorted({w for topic in topics for w in topic[:top_n]})
    index = {w: i for i, w in enumerate(words)}
    rows: list[int] = []
    cols: list[int] = []
    n_docs = 0
    for doc in documents:
        present = {index[w] for w in doc if w in index}
        rows.extend([n_docs] * len(present))
        cols.extend(present)
        n_docs += 1
    matrix = sp.csc_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp))),
        shape=(n_docs, len(words)),
    )
    topic_idx = [[index[w] for w in dict.fromkeys(topic[:top_n])] for topic in topics]
    return _npmi(topic_idx, matrix, n_docs)


def topic_diversity(topics: Sequence[Sequence[str]], *, top_n: int = _TOP_N) -> float:
    """Share of unique words among all topics' first ``top_n`` words (1.0 = no overlap)."""
    all_words = [w for topic in topics for w in topic[:top_n]]
    if not all_words:
        return 0.0
    return len(set(all_words)) / len(all_words)


def _npmi(topics: Sequence[Sequence[int]], presence: sp.csc_matrix, n_docs: int) -> float:
    """Mean NPMI over topics (lists of column indices of a binary docs × words matrix)."""
    used = sorted({i for t in topics for i in t})
    if n_docs == 0 or not used:
        return 0.0
    sub = presence[:, used]
    sub.data = np.ones_like(sub.data)
    position = {c: j for j, c in enumerate(used)}
    co = (sub.T @ sub).toarray()
    p = np.diag(co) / n_docs
    scores: list[float] = []
    for topic in topics:
        idx = [position[i] for i in topic]
        if len(idx) < 2:
            continue
        pair_scores: list[float] = []
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                joint = co[idx[a], idx[b]] / n_docs
                if joint <= 0:
                    pair_scores.append(-1.0)
                elif joint >= 1:
                    pair_scores.append(1.0)
                else:
                    pmi = math.log(joint / (p[idx[a]] * p[idx[b]]))
                    pair_scores.append(pmi / -math.log(joint))
        scores.append(float(np.mean(pair_scores)))
    return float(np.mean(scores)) if scores else 0.0
