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
from groundwork.analysis.themes.clustering import _assign, _centroids, _cluster, _Clustering
from groundwork.analysis.themes.describe import _make_theme
from groundwork.analysis.themes.results import DocId, FloatArray, IntArray, StoredTheme, Theme
from groundwork.analysis.themes.vectors import (
    _centroid_dict,
    _ctfidf,
    _lsa,
    _smoothed_idf,
    _stored_vector,
)

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
    phrase = (
        _phrase_groups(sub_tfidf, presence, rows, _SUBTHEME_K_MAX) if embeddings is None else None
    )
    clustering = (
        phrase
        if phrase is not None
        else _cluster(
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
    )
    if embeddings is None:
        # Words only: a claim like none of the subthemes stays in the theme, in no subtheme
        # (assign_to_themes applies the same threshold).
        clustering.labels = np.where(
            clustering.strength >= _SUBTHEME_MIN_FIT, clustering.labels, -1
        ).astype(np.intp)
    n_sub = clustering.term_centroids.shape[0]
    if n_sub < 2 or len(np.unique(clustering.labels[clustering.labels >= 0])) < 2:
        return [], []
    grouped = np.flatnonzero(clustering.labels >= 0)
    weights = _ctfidf(presence[rows[grouped]], clustering.labels[grouped], n_sub)
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


#: A shared term seeds a subtheme when at least this many of the theme's claims not yet in a
#: subtheme hold it ...
_PHRASE_MIN = 3
#: ... and it is in at most this share of the theme's claims (a term in most of them is the
#: theme's own subject: it cannot tell its subjects apart).
_PHRASE_MAX_SHARE = 0.5
#: A claim joins a subtheme only when its cosine similarity to the subtheme's centre is at
#: least this; a claim like none of them stays in the theme, in no subtheme.
_SUBTHEME_MIN_FIT = 0.2


def _phrase_groups(
    sub_tfidf: sp.csr_matrix, presence: sp.csr_matrix, rows: IntArray, k_max: int
) -> _Clustering | None:
    """Subthemes as groups of claims sharing a distinctive term (lexical backend).

    Short claims share few words, and a shared distinctive word or word pair is the surest
    sign of a shared subject (the idea of suffix-tree clustering of short texts). Greedily, the
    term with the most weight over the claims not yet grouped (their number times the term's
    inverse document frequency over the whole corpus) takes those claims as one subtheme, while
    a term holds at least ``_PHRASE_MIN`` of them and at most ``_PHRASE_MAX_SHARE`` of the
    theme, up to ``k_max`` subthemes. Then every claim joins the subtheme whose centre (the
    TF-IDF centroid of the claims holding its term) it is most similar to, when that cosine
    similarity is at least ``_SUBTHEME_MIN_FIT`` (label -1, no subtheme, otherwise), so every
    claim is in at most one and the stored centres place the same claims in the same
    subthemes. None
    when fewer than two subthemes form. Deterministic: ties go to the earlier term of the
    vocabulary."""
    n = sub_tfidf.shape[0]
    has = (presence[rows] > 0).astype(np.int32).tocsc()
    df_all = np.asarray((presence > 0).sum(axis=0)).ravel()
    idf = _smoothed_idf(presence.shape[0], df_all)
    labels = np.full(n, -1, dtype=np.intp)
    counts = np.asarray(has.sum(axis=0)).ravel()
    usable_terms = np.flatnonzero((counts >= _PHRASE_MIN) & (counts <= _PHRASE_MAX_SHARE * n))
    groups = 0
    while groups < k_max and len(usable_terms):
        free = (labels < 0).astype(np.int32)
        uncovered = np.asarray(has[:, usable_terms].T @ free).ravel()
        score = uncovered * idf[usable_terms]
        score[uncovered < _PHRASE_MIN] = -1
        best = int(np.argmax(score))
        if score[best] <= 0:
            break
        term = usable_terms[best]
        members = has[:, term].nonzero()[0]
        members = members[labels[members] < 0]
        labels[members] = groups
        groups += 1
    if groups < 2:
        return None
    # Every claim, seed or not, joins its most similar group centre (the centre of the claims
    # holding the group's term): the stored centres then place the same claims in the same
    # subthemes (assign_to_themes). A centre nobody joins is dropped (it moves no one).
    centroids = _centroids(sub_tfidf, labels, groups)
    similarity = np.asarray((sub_tfidf @ centroids.T).toarray(), dtype=np.float64)
    labels, strength = _assign(similarity, _SUBTHEME_MIN_FIT)
    used = np.flatnonzero(np.bincount(labels[labels >= 0], minlength=groups))
    if len(used) < 2:
        return None
    remap = np.full(groups, -1, dtype=np.intp)
    remap[used] = np.arange(len(used))
    labels = np.where(labels >= 0, remap[np.maximum(labels, 0)], -1).astype(np.intp)
    groups = len(used)
    centroids = centroids[used]
    return _Clustering(labels, strength, groups, {}, centroids, None)
