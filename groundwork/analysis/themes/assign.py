"""Incremental assignment of new answers to a stored theme model, and a model rebuilt from
curated membership."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from groundwork.analysis import theme_bilingual
from groundwork.analysis.text import TextAnalyzer
from groundwork.analysis.themes.clustering import _assign, _centroids
from groundwork.analysis.themes.embedding import _embed, load_embedder
from groundwork.analysis.themes.results import (
    _WORDS_SHARE,
    Assignment,
    DocId,
    Embedder,
    FloatArray,
    IntArray,
    StoredTheme,
    ThemeModel,
)
from groundwork.analysis.themes.subthemes import _SUBTHEME_MIN_FIT
from groundwork.analysis.themes.units import _claim_units, _guessed_languages
from groundwork.analysis.themes.vectors import (
    _centroid_dict,
    _languages,
    _normalize_rows,
    _rounded,
    _tfidf,
)


def _model_tfidf(
    model: ThemeModel, texts: Sequence[str], languages: Sequence[str | None]
) -> sp.csr_matrix:
    analyzer = TextAnalyzer(concepts=theme_bilingual.uses_concepts(model.vocabulary))
    term_lists = [analyzer.terms(t, lang) for t, lang in zip(texts, languages, strict=True)]
    index = {t: i for i, t in enumerate(model.vocabulary)}
    return _tfidf(term_lists, index, np.asarray(model.idf, dtype=np.float64))


def _term_matrix(themes: Sequence[StoredTheme], index: Mapping[str, int]) -> sp.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, theme in enumerate(themes):
        for term, weight in theme.centroid.items():
            j = index.get(term)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(weight)
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(themes), len(index)))


def assign_to_themes(
    texts: Sequence[str],
    model: ThemeModel,
    *,
    ids: Sequence[DocId] | None = None,
    languages: Sequence[str | None] | str | None = None,
    embedder: Embedder | None = None,
    min_strength: float | None = None,
    claims: bool = False,
) -> list[Assignment]:
    """Place new answers in the stored themes without clustering again.

    With ``claims``, each answer is cut into claims (as :func:`find_themes` does) and each
    claim is placed: an answer gets one assignment per theme its claims reached (the strongest
    claim in each, strongest theme first), or one to "other" when none did.

    Each text goes to the theme whose centroid is most similar (cosine; first theme on ties),
    or to "other" (``theme=None``) when that similarity is below the model's ``min_strength``
    (or the one given); within a theme with subthemes, to the most similar subtheme. A
    semantic model uses ``embedder`` (or :func:`load_embedder`) when one is available and its
    themes carry embedding centroids, else the term centroids. Stored themes are read, never
    changed.
    """
    n = len(texts)
    doc_ids: list[DocId] = list(range(n)) if ids is None else list(ids)
    if len(doc_ids) != n:
        raise ValueError("ids and texts differ in length")
    langs = _languages(languages, n)
    if n == 0:
        return []
    if claims:
        langs = _guessed_languages(texts, langs)
        units = _claim_units(texts, langs)
        placed = assign_to_themes(
            [texts[i][a:b] for i, a, b in units],
            model,
            ids=list(range(len(units))),
            languages=[langs[i] for i, _, _ in units],
            embedder=embedder,
            min_strength=min_strength,
        )
        by_answer: dict[int, dict[str | None, Assignment]] = {}
        for (i, a, b), where in zip(units, placed, strict=True):
            found = Assignment(doc_ids[i], where.theme, where.subtheme, where.strength, (a, b))
            per = by_answer.setdefault(i, {})
            if where.theme not in per or where.strength > per[where.theme].strength:
                per[where.theme] = found
        out_claims: list[Assignment] = []
        for i in range(n):
            per = by_answer.get(i, {})
            themed = sorted((x for t, x in per.items() if t is not None), key=lambda x: -x.strength)
            if themed:
                out_claims.extend(themed)
            else:
                out_claims.append(
                    Assignment(doc_ids[i], None, None, per[None].strength if None in per else 0.0)
                )
        return out_claims
    use_vectors = model.backend in ("semantic", "combined") and all(
        t.vector is not None for t in model.themes
    )
    if use_vectors and embedder is None:
        embedder = load_embedder(model.embedding_model)
    index = {t: i for i, t in enumerate(model.vocabulary)}
    if use_vectors and embedder is not None and model.backend == "combined":
        # Words and meaning: the weighted mean of the cosine to the term centroid and the
        # cosine to the embedding centroid.
        meaning_rows = _normalize_rows(_embed(embedder, texts))
        term_rows = _model_tfidf(model, texts, langs)
        blank = np.array([not t.strip() for t in texts], dtype=bool)
        threshold = model.embedding_min_strength if min_strength is None else min_strength

        def similarity(themes: Sequence[StoredTheme], rows: IntArray) -> FloatArray:
            centres = np.asarray([t.vector for t in themes], dtype=np.float64)
            words = np.asarray((term_rows[rows] @ _term_matrix(themes, index).T).toarray())
            sense = meaning_rows[rows] @ centres.T
            return np.asarray(_WORDS_SHARE * words + (1 - _WORDS_SHARE) * sense, dtype=np.float64)
    elif use_vectors and embedder is not None:
        points: FloatArray | sp.csr_matrix = _embed(embedder, texts)
        blank = np.array([not t.strip() for t in texts], dtype=bool)
        threshold = model.embedding_min_strength if min_strength is None else min_strength

        def similarity(themes: Sequence[StoredTheme], rows: IntArray) -> FloatArray:
            centres = np.asarray([t.vector for t in themes], dtype=np.float64)
            return np.asarray(points[rows] @ centres.T, dtype=np.float64)
    else:
        tfidf = _model_tfidf(model, texts, langs)
        points = tfidf
        blank = np.diff(tfidf.indptr) == 0
        threshold = model.min_strength if min_strength is None else min_strength

        def similarity(themes: Sequence[StoredTheme], rows: IntArray) -> FloatArray:
            centres = _term_matrix(themes, index)
            return np.asarray((tfidf[rows] @ centres.T).toarray(), dtype=np.float64)

    # Words-only subthemes hold only the claims like one of them (see _SUBTHEME_MIN_FIT).
    sub_threshold = _SUBTHEME_MIN_FIT if model.backend == "lexical" else -np.inf
    everyone = np.arange(n, dtype=np.intp)
    best, strength = _assign(similarity(model.themes, everyone), threshold)
    best[blank] = -1
    sub_ids: list[str | None] = [None] * n
    for t, theme in enumerate(model.themes):
        rows = np.flatnonzero(best == t).astype(np.intp)
        if theme.subthemes and len(rows):
            sub_best, _ = _assign(similarity(theme.subthemes, rows), sub_threshold)
            for row, s in zip(rows, sub_best, strict=True):
                if s >= 0:
                    sub_ids[row] = theme.subthemes[int(s)].id
    out: list[Assignment] = []
    for i in range(n):
        theme_id = None if best[i] < 0 else model.themes[best[i]].id
        out.append(Assignment(doc_ids[i], theme_id, sub_ids[i], float(strength[i])))
    return out


def theme_model_from_members(
    base: ThemeModel,
    members: Mapping[str, Sequence[str]],
    *,
    languages: Mapping[str, Sequence[str | None] | str | None] | None = None,
    labels: Mapping[str, str] | None = None,
    subthemes: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    embedder: Embedder | None = None,
) -> ThemeModel:
    """A model whose themes are the curated ones: ``members`` maps each theme id to its
    members' texts (after people merged themes or moved answers), ``subthemes`` maps a theme
    id to its subthemes' members. Centroids are recomputed with ``base``'s vocabulary and IDF
    (and embeddings, for a semantic model with an embedder); themes left out are dropped.
    ``labels`` default to the base model's labels."""
    langs = languages or {}
    old = {t.id: t for t in base.themes}
    if base.backend in ("semantic", "combined") and embedder is None:
        embedder = load_embedder(base.embedding_model)

    def build(theme_id: str, texts: Sequence[str], language: Any) -> StoredTheme:
        tfidf = _model_tfidf(base, texts, _languages(language, len(texts)))
        centroid = _centroids(tfidf, np.zeros(len(texts), dtype=np.intp), 1)
        vector = None
        if base.backend in ("semantic", "combined") and embedder is not None and texts:
            vector = _rounded(_normalize_rows(_embed(embedder, texts).mean(axis=0)[np.newaxis])[0])
        label = (labels or {}).get(theme_id) or (old[theme_id].label if theme_id in old else "")
        return StoredTheme(theme_id, label, _centroid_dict(centroid, 0, base.vocabulary), vector)

    themes: list[StoredTheme] = []
    for theme_id, texts in members.items():
        theme = build(theme_id, texts, langs.get(theme_id))
        for sub_id, sub_texts in (subthemes or {}).get(theme_id, {}).items():
            theme.subthemes.append(build(sub_id, sub_texts, langs.get(sub_id)))
        themes.append(theme)
    return ThemeModel(
        backend=base.backend,
        vocabulary=list(base.vocabulary),
        idf=list(base.idf),
        themes=themes,
        min_strength=base.min_strength,
        embedding_min_strength=base.embedding_min_strength,
        embedding_model=base.embedding_model,
    )
