"""Subthemes: groups of near-identical claims inside a theme (step 9 of the package
docstring)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from groundwork.analysis import theme_labels
from groundwork.analysis.text import TextAnalyzer
from groundwork.analysis.themes.clustering import _cluster
from groundwork.analysis.themes.describe import _make_theme
from groundwork.analysis.themes.results import DocId, FloatArray, IntArray, StoredTheme, Theme
from groundwork.analysis.themes.vectors import _centroid_dict, _ctfidf, _lsa, _stored_vector

#: Subthemes: k from 2 to this, each at least this share of the theme (and 3 answers) ...
_SUBTHEME_K_MAX = 10
_SUBTHEME_MIN_SHARE = 0.05
#: ... preferring k in this range (when one of them gives distinct subthemes) for themes of
#: at least this weight; None: no preference.
_SUBTHEME_GRAIN: tuple[int, int] | None = (4, 10)
_SUBTHEME_GRAIN_FROM = 60.0


def _subthemes(
    parent_id: str,
    rows: IntArray,
    usable: IntArray,
    tfidf: sp.csr_matrix,
    presence: sp.csr_matrix,
    embeddings: FloatArray | None,
    vocabulary: Sequence[str],
    analyzer: TextAnalyzer,
    texts: Sequence[str],
    ids: Sequence[DocId],
    *,
    seed: int,
    max_quotes: int,
    weights: FloatArray,
    languages: Sequence[str | None] | None = None,
    authors: Sequence[Any] | None = None,
    meaning: FloatArray | None = None,
) -> tuple[list[Theme], list[StoredTheme]]:
    sub_tfidf = tfidf[rows]
    sub_weights = weights[rows]
    sub_embeddings = None if embeddings is None else embeddings[rows]
    points = (
        sub_embeddings if sub_embeddings is not None else _lsa(sub_tfidf, seed=seed, dimensions=50)
    )
    total = float(sub_weights.sum())
    clustering = _cluster(
        sub_tfidf,
        points,
        sub_embeddings,
        vocabulary,
        k=None,
        k_range=(2, _SUBTHEME_K_MAX),
        min_size=max(3, math.ceil(_SUBTHEME_MIN_SHARE * total)),
        min_strength=-1.0,
        seed=seed,
        weights=sub_weights,
        preferred=_SUBTHEME_GRAIN if total >= _SUBTHEME_GRAIN_FROM else None,
    )
    n_sub = clustering.term_centroids.shape[0]
    if n_sub < 2:
        return [], []
    weights = _ctfidf(presence[rows], clustering.labels, n_sub)
    sub_rows = [np.flatnonzero(clustering.labels == c) for c in range(n_sub)]
    ranking = sorted(range(n_sub), key=lambda c: (-len(sub_rows[c]), int(sub_rows[c][0])))
    themes: list[Theme] = []
    stored: list[StoredTheme] = []
    for position, c in enumerate(ranking, start=1):
        local = sub_rows[c]
        theme = _make_theme(
            f"{parent_id}.{position}",
            usable[rows[local]],
            clustering.strength[local],
            weights[c],
            vocabulary,
            analyzer,
            texts,
            ids,
            max_quotes,
            languages=languages,
            authors=authors,
        )
        themes.append(theme)
        stored.append(
            StoredTheme(
                theme.id,
                theme.label,
                _centroid_dict(clustering.term_centroids, c, vocabulary),
                _stored_vector(
                    clustering.vectors,
                    c,
                    None if meaning is None else meaning[rows],
                    local,
                    sub_weights,
                ),
            )
        )
    # Each subtheme is named by its most representative claim, distinct among its siblings.
    row_of = {ids[int(p)]: int(p) for p in usable[rows]}
    claims = theme_labels.claim_labels(
        [[row_of[m.id] for m in theme.members] for theme in themes],
        texts,
        languages=languages,
        authors=authors,
    )
    for theme, record, claim in zip(themes, stored, claims, strict=True):
        if claim:
            theme.label = record.label = claim
    return themes, stored
