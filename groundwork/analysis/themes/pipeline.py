"""The public entry point, :func:`find_themes`: clean input, claims, vectors, clustering,
themes, subthemes, model (the package docstring describes every step)."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from groundwork.analysis import theme_bilingual, theme_labels
from groundwork.analysis.text import TextAnalyzer
from groundwork.analysis.theme_input import screen_answers
from groundwork.analysis.themes.clustering import _cluster, _grain
from groundwork.analysis.themes.describe import _make_theme
from groundwork.analysis.themes.embedding import _embed, load_embedder
from groundwork.analysis.themes.results import (
    _DEFAULT_MIN_STRENGTH,
    EMBEDDING_MODEL_ENV,
    Backend,
    DocId,
    Embedder,
    FloatArray,
    StoredTheme,
    Theme,
    ThemeModel,
    ThemeResult,
)
from groundwork.analysis.themes.subthemes import _subthemes
from groundwork.analysis.themes.units import _AnswerMap, _claim_units, _guessed_languages, _id_key
from groundwork.analysis.themes.vectors import (
    _build_vectors,
    _centroid_dict,
    _combined,
    _ctfidf,
    _languages,
    _lsa,
    _stored_vector,
)


def find_themes(
    texts: Sequence[str],
    *,
    ids: Sequence[DocId] | None = None,
    languages: Sequence[str | None] | str | None = None,
    authors: Sequence[Any] | None = None,
    moderated: Sequence[bool | int | None] | None = None,
    k: int | None = None,
    k_range: tuple[int, int] = (2, 20),
    seed: int = 0,
    backend: Backend = "auto",
    embedder: Embedder | None = None,
    min_theme_size: int | None = None,
    min_strength: float | None = None,
    subthemes: bool = True,
    subtheme_min_members: int = 8,
    max_quotes: int = 5,
    claims: bool = True,
) -> ThemeResult:
    """Themes of ``texts`` (see the module docstring for the method and the choice of k).

    ``ids`` default to 0, 1, 2, ... and must be unique. ``languages``: one code for all, one
    per text, or None (each text's language is guessed among English, Spanish and German, else
    treated as unknown). ``backend``: "lexical" (TF-IDF + LSA + k-means), "semantic" (sentence
    embeddings from ``embedder`` or :func:`load_embedder`; falls back to lexical when none is
    available) or "auto" (semantic when an embedder is given or configured).
    ``min_strength``: similarity to a theme below which an answer is "other" (0.05 in TF-IDF
    space, 0.2 in embedding space).
    """
    # Single-threaded BLAS and OpenMP: multi-threaded reductions can differ in the last bits
    # from run to run, which may flip a k-means decision; determinism comes first (and on a
    # busy 2-core machine one thread is also faster for these sizes). The embedding model
    # lifts the limit for itself (see load_embedder); its vectors are rounded.
    with threadpool_limits(limits=1):
        return _find_themes(
            texts,
            ids=ids,
            languages=languages,
            authors=authors,
            moderated=moderated,
            k=k,
            k_range=k_range,
            seed=seed,
            backend=backend,
            embedder=embedder,
            min_theme_size=min_theme_size,
            min_strength=min_strength,
            subthemes=subthemes,
            subtheme_min_members=subtheme_min_members,
            max_quotes=max_quotes,
            claims=claims,
        )


def _find_themes(
    texts: Sequence[str],
    *,
    ids: Sequence[DocId] | None,
    languages: Sequence[str | None] | str | None,
    authors: Sequence[Any] | None,
    moderated: Sequence[bool | int | None] | None,
    k: int | None,
    k_range: tuple[int, int],
    seed: int,
    backend: Backend,
    embedder: Embedder | None,
    min_theme_size: int | None,
    min_strength: float | None,
    subthemes: bool,
    subtheme_min_members: int,
    max_quotes: int,
    claims: bool,
) -> ThemeResult:
    n = len(texts)
    doc_ids: list[DocId] = list(range(n)) if ids is None else list(ids)
    if len(doc_ids) != n:
        raise ValueError("ids and texts differ in length")
    if len(set(doc_ids)) != n:
        raise ValueError("ids must be unique")
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    if k_range[0] < 1 or k_range[1] < k_range[0]:
        raise ValueError("k_range must be (low, high) with 1 <= low <= high")
    if authors is not None and len(authors) != n:
        raise ValueError("authors and texts differ in length")
    if moderated is not None and len(moderated) != n:
        raise ValueError("moderated and texts differ in length")
    all_langs = _languages(languages, n)
    if backend != "lexical" and embedder is None:
        embedder = load_embedder()
    used_backend = (
        "lexical"
        if backend == "lexical" or embedder is None
        else "combined"
        if backend == "combined"
        else "semantic"
    )
    threshold = _DEFAULT_MIN_STRENGTH[used_backend] if min_strength is None else min_strength

    # Canonical order: the result must not depend on the input order.
    order = sorted(range(n), key=lambda i: (texts[i], all_langs[i] or "", _id_key(doc_ids[i])))
    # Clean input (groundwork.analysis.theme_input): rejected, junk and self-descriptions are
    # set aside; duplicates are one item that stands for all of them, weighted by voices.
    screened = screen_answers(
        [texts[i] for i in order],
        languages=[all_langs[i] for i in order],
        authors=None if authors is None else [authors[i] for i in order],
        moderated=None if moderated is None else [moderated[i] for i in order],
    )
    i_texts = [texts[order[i]] for i in screened.items]
    # Each item's language, guessed once from the whole answer when not given: its claims
    # share it (a clause alone is often too short to guess), and every later step (claims,
    # concepts, terms, names) reads it instead of guessing again for every claim.
    i_langs = _guessed_languages(i_texts, [all_langs[order[i]] for i in screened.items])
    # Each item's voice (the author of its first occurrence, else the answer itself), so that
    # names, quotes and counts count people, and an answer's claims are one person.
    i_voices: list[Any] = [
        authors[order[i]]
        if authors is not None and authors[order[i]] is not None
        else ("answer", doc_ids[order[i]])
        for i in screened.items
    ]
    stands_for = [[doc_ids[order[j]] for j in group] for group in screened.stands_for]
    # Whether each answer an item stands for is written exactly as the item (then its claims
    # are the item's claims, at the same places).
    same_text = [
        [texts[order[j]] == texts[order[group[0]]] for j in group] for group in screened.stands_for
    ]
    voice_of = {
        doc_ids[i]: authors[i]
        if authors is not None and authors[i] is not None
        else ("answer", doc_ids[i])
        for i in range(n)
    }
    # Claims (groundwork.analysis.claims): every item is cut into its sentences and clauses,
    # and the claims are clustered; an item's weight is shared among its claims.
    units = (
        _claim_units(i_texts, i_langs)
        if claims
        else [(i, 0, len(t)) for i, t in enumerate(i_texts)]
    )
    unit_item = [u[0] for u in units]
    unit_span = [(u[1], u[2]) for u in units]
    per_item = np.bincount(np.asarray(unit_item, dtype=np.intp), minlength=len(i_texts))
    c_texts = [i_texts[i][a:b] for i, a, b in units]
    c_langs = [i_langs[i] for i in unit_item]
    c_ids: list[DocId] = list(range(len(units)))
    c_authors: list[Any] = [i_voices[i] for i in unit_item]
    item_weights = np.asarray(
        [screened.weight[i] / per_item[i] for i in unit_item], dtype=np.float64
    )
    n = len(c_texts)

    # Bilingual answers share concept terms (groundwork.analysis.theme_bilingual).
    analyzer = TextAnalyzer(concepts=theme_bilingual.concepts_for(c_texts, c_langs))
    term_lists = [analyzer.terms(t, lang) for t, lang in zip(c_texts, c_langs, strict=True)]
    vectors = _build_vectors(term_lists, min_df=1 if n < 50 else 2, languages=c_langs)
    tfidf = vectors.matrix
    meaning: FloatArray | None = None
    if used_backend != "lexical":
        assert embedder is not None
        nonblank = np.array([bool(t.strip()) for t in c_texts], dtype=bool)
        usable = np.flatnonzero(nonblank)
        meaning = _embed(embedder, [c_texts[i] for i in usable])
    else:
        usable = np.flatnonzero(np.diff(tfidf.indptr) > 0)
    usable_weights = item_weights[usable]
    min_size = min_theme_size or max(3, math.ceil(0.01 * float(usable_weights.sum())))
    sub_tfidf = tfidf[usable]
    embeddings: FloatArray | None = meaning
    if used_backend == "combined":
        assert meaning is not None
        # Words and meaning together: each answer's LSA vector and its embedding, both unit
        # length, side by side with weights whose squares sum to one (so the rows stay unit
        # length and a cosine is the weighted mean of the two cosines).
        embeddings = _combined(_lsa(sub_tfidf, seed=seed), meaning)
    points = embeddings if embeddings is not None else _lsa(sub_tfidf, seed=seed)
    clustering = _cluster(
        sub_tfidf,
        points,
        embeddings,
        vectors.vocabulary,
        k=k,
        k_range=k_range,
        min_size=min_size,
        min_strength=threshold,
        seed=seed,
        weights=usable_weights,
        split_large=True,
        preferred=_grain(float(usable_weights.sum())) if k_range == (2, 20) else None,
    )
    # Word statistics count voices: every item weighs what it stands for (theme_input).
    presence = sub_tfidf.copy()
    presence.data = np.ones_like(presence.data)
    presence = sp.csr_matrix(sp.diags(usable_weights) @ presence)
    n_themes = clustering.term_centroids.shape[0]
    assigned = clustering.labels >= 0
    weights = (
        _ctfidf(presence[assigned], clustering.labels[assigned], n_themes)
        if n_themes
        else np.zeros((0, len(vectors.vocabulary)))
    )
    # Themes by size (largest first), ties by their first member in canonical order.
    theme_rows = [np.flatnonzero(clustering.labels == c) for c in range(n_themes)]
    ranking = sorted(range(n_themes), key=lambda c: (-len(theme_rows[c]), int(theme_rows[c][0])))
    themes: list[Theme] = []
    stored: list[StoredTheme] = []
    # The corpus's phrase statistics, built once for every theme's name.
    phrases = theme_labels.phrase_index(c_texts, c_langs, c_authors) if n_themes else None
    names_taken: set[str] = set()
    for position, c in enumerate(ranking, start=1):
        rows = theme_rows[c]
        theme = _make_theme(
            str(position),
            usable[rows],
            clustering.strength[rows],
            weights[c],
            vectors.vocabulary,
            analyzer,
            c_texts,
            c_ids,
            max_quotes,
            languages=c_langs,
            authors=c_authors,
            phrases=phrases,
            taken=frozenset(names_taken),
        )
        if theme.label.casefold() in names_taken:
            # Two themes are never shown under one name: the smaller one takes its next best
            # phrase (above); with none left, its most representative claim (verbatim,
            # trimmed), as a subtheme is.
            strongest = usable[rows][np.lexsort((rows, -np.round(clustering.strength[rows], 9)))]
            claim = theme_labels.claim_labels(
                [[int(r) for r in strongest]], c_texts, languages=c_langs, authors=c_authors
            )[0]
            if claim and claim.casefold() not in names_taken:
                theme.label, theme.labels = claim, {"": claim}
        names_taken.add(theme.label.casefold())
        record = StoredTheme(
            theme.id,
            theme.label,
            _centroid_dict(clustering.term_centroids, c, vectors.vocabulary),
            _stored_vector(
                clustering.vectors,
                c,
                meaning if used_backend == "combined" else None,
                rows,
                usable_weights,
            ),
        )
        if subthemes and float(usable_weights[rows].sum()) >= subtheme_min_members:
            theme.subthemes, record.subthemes = _subthemes(
                theme.id,
                rows,
                usable,
                sub_tfidf,
                presence,
                embeddings,
                vectors.vocabulary,
                analyzer,
                c_texts,
                c_ids,
                seed=seed,
                max_quotes=max_quotes,
                weights=usable_weights,
                meaning=None if used_backend != "combined" else meaning,
                languages=c_langs,
                authors=c_authors,
            )
        themes.append(theme)
        stored.append(record)
    # Back from claims to answers: a theme holds every answer one of its claims came from
    # (and every duplicate of it), each once, with its strongest claim.
    answers = _AnswerMap(
        unit_item, unit_span if claims else None, stands_for, same_text, voice_of, i_texts
    )
    for theme in themes:
        answers.apply(theme)
    in_theme = {unit_item[u] for u in usable[assigned].tolist()}
    other = [d for i in range(len(i_texts)) if i not in in_theme for d in stands_for[i]]
    model = ThemeModel(
        backend=used_backend,
        vocabulary=list(vectors.vocabulary),
        idf=[float(x) for x in vectors.idf],
        themes=stored,
        min_strength=_DEFAULT_MIN_STRENGTH["lexical"] if used_backend != "lexical" else threshold,
        embedding_min_strength=threshold
        if used_backend != "lexical"
        else _DEFAULT_MIN_STRENGTH["semantic"],
        embedding_model=os.environ.get(EMBEDDING_MODEL_ENV) if used_backend != "lexical" else None,
    )
    return ThemeResult(
        themes,
        other,
        clustering.k,
        clustering.scores,
        used_backend,
        model,
        clustering.diversity,
        clustering.stability,
        junk=[doc_ids[order[i]] for i in screened.junk],
        about=[doc_ids[order[i]] for i in screened.about],
        rejected=[doc_ids[order[i]] for i in screened.rejected],
    )
