"""Vectorizing: TF-IDF, LSA, class-based TF-IDF, and the vectors a stored model keeps."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD

from groundwork.analysis.themes.results import _TOP_N, _WORDS_SHARE, FloatArray, IntArray

_LSA_DIMENSIONS = 100
_SVD_FIT_SAMPLE = 20_000
#: A term's weight is its inverse document frequency raised to this power. Squared, a word few
#: answers use ("homeless", "fiber") outweighs the words of the place and the question that
#: many answers share ("Bowling Green", "city"), which otherwise decide which theme a short
#: answer joins and scatter one subject's answers over many themes. On the must-see topics of
#: the shared Pol.is conversations (bench/README.md) squared weights found 4-5 more topics a
#: run than plain ones (mean of three seeds, at 12 and at 20 themes); a cube found fewer.
_IDF_POWER = 2.0
#: ... from this many answers (claims) on; fewer answers use most words once or twice, and
#: squaring would let a word one other answer happened to use decide where an answer goes
#: (the same bound below which words used once are kept at all).
_IDF_POWER_FROM = 50


@dataclass
class _Vectors:
    """TF-IDF of the corpus (canonical order): rows unit length (or empty). ``idf`` holds each
    term's weight (its inverse document frequency to the power ``_IDF_POWER``), which a stored
    model keeps so that new answers are weighed the same way."""

    matrix: sp.csr_matrix
    vocabulary: list[str]
    idf: FloatArray


def _languages(languages: Sequence[str | None] | str | None, n: int) -> list[str | None]:
    if languages is None or isinstance(languages, str):
        return [languages] * n
    langs = list(languages)
    if len(langs) != n:
        raise ValueError("languages and texts differ in length")
    return langs


def _build_vectors(
    term_lists: Sequence[Sequence[str]],
    *,
    min_df: int,
    languages: Sequence[str | None] | None = None,
) -> _Vectors:
    """TF-IDF of the term lists. With ``languages`` (one per row), a term's rarity is counted
    among the answers written in the languages it occurs in: a word of one language is as rare
    as it is among that language's answers, and a shared concept term of a bilingual corpus
    (groundwork.analysis.theme_bilingual) is not made to look common by counting both
    languages' answers where a one-language word counts one (squared weights would widen
    that gap and part the languages again). One language: every row counts, as before."""
    n = len(term_lists)
    df: dict[str, int] = {}
    for terms in term_lists:
        for t in set(terms):
            df[t] = df.get(t, 0) + 1
    kept = [t for t, c in df.items() if c >= min_df]
    if len(kept) > 30_000:
        kept.sort(key=lambda t: (-df[t], t))
        kept = kept[:30_000]
    vocabulary = sorted(kept)
    index = {t: i for i, t in enumerate(vocabulary)}
    rows_of = {t: float(n) for t in vocabulary}
    if languages is not None and len(set(languages)) > 1:
        per_language = Counter(languages)
        seen_in: dict[str, set[str | None]] = {}
        for terms, lang in zip(term_lists, languages, strict=True):
            for t in terms:
                if t in index:
                    seen_in.setdefault(t, set()).add(lang)
        rows_of = {t: float(sum(per_language[lang] for lang in seen_in[t])) for t in vocabulary}
    power = _IDF_POWER if n >= _IDF_POWER_FROM else 1.0
    idf = (
        _smoothed_idf(
            np.array([rows_of[t] for t in vocabulary]), np.array([df[t] for t in vocabulary])
        )
        ** power
    )
    return _Vectors(_tfidf(term_lists, index, idf), vocabulary, idf)


def _smoothed_idf(rows: npt.ArrayLike, df: npt.ArrayLike) -> FloatArray:
    """Inverse document frequency of terms found in ``df`` of ``rows`` answers, smoothed as
    scikit-learn's (``smooth_idf``): as if one more answer held every term once, plus one."""
    idf: FloatArray = (
        np.log((1.0 + np.asarray(rows, dtype=np.float64)) / (1.0 + np.asarray(df))) + 1.0
    )
    return idf


def _tfidf(
    term_lists: Sequence[Sequence[str]], index: Mapping[str, int], idf: FloatArray
) -> sp.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    counts: list[int] = []
    for terms in term_lists:
        row: dict[int, int] = {}
        for t in terms:
            j = index.get(t)
            if j is not None:
                row[j] = row.get(j, 0) + 1
        for j in sorted(row):
            indices.append(j)
            counts.append(row[j])
        indptr.append(len(indices))
    tf = np.asarray(counts, dtype=np.float64)
    cols = np.asarray(indices, dtype=np.intp)
    data = (1.0 + np.log(tf)) * idf[cols] if len(cols) else tf
    matrix = sp.csr_matrix(
        (data, cols, np.asarray(indptr, dtype=np.intp)), shape=(len(term_lists), len(idf))
    )
    return _normalize_sparse(matrix)


def _normalize_sparse(matrix: sp.csr_matrix) -> sp.csr_matrix:
    squared = matrix.multiply(matrix).sum(axis=1)
    norms = np.sqrt(np.asarray(squared, dtype=np.float64).ravel())
    norms[norms == 0] = 1.0
    scaled: sp.csr_matrix = sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
    return scaled


def _normalize_rows(array: FloatArray) -> FloatArray:
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    scaled: FloatArray = array / norms
    return scaled


def _lsa(matrix: sp.csr_matrix, *, seed: int, dimensions: int = _LSA_DIMENSIONS) -> FloatArray:
    """Unit-length LSA coordinates of the rows (dense TF-IDF when the vocabulary is small)."""
    n, v = matrix.shape
    if v <= dimensions + 1 or n <= 3:
        return _normalize_rows(np.asarray(matrix.toarray(), dtype=np.float64))
    rng = np.random.default_rng(seed)
    fit_rows = (
        np.sort(rng.choice(n, _SVD_FIT_SAMPLE, replace=False)) if n > _SVD_FIT_SAMPLE else None
    )
    fit_matrix = matrix if fit_rows is None else matrix[fit_rows]
    components = min(dimensions, v - 1, fit_matrix.shape[0] - 1)
    if components < 2:
        return _normalize_rows(np.asarray(matrix.toarray(), dtype=np.float64))
    svd = TruncatedSVD(n_components=components, random_state=seed, n_iter=5)
    svd.fit(fit_matrix)
    coords = np.asarray(matrix @ svd.components_.T, dtype=np.float64)
    # Rounded so that float noise from BLAS cannot decide a k-means step.
    return np.round(_normalize_rows(coords), 6)


def _distinct_rows(matrix: sp.csr_matrix, enough: int) -> int:
    """The number of distinct rows, counting no further than ``enough``."""
    seen: set[tuple[bytes, bytes]] = set()
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        seen.add(
            (matrix.indices[start:end].tobytes(), np.round(matrix.data[start:end], 9).tobytes())
        )
        if len(seen) >= enough:
            break
    return len(seen)


def _ctfidf(presence: sp.csr_matrix, labels: IntArray, k: int) -> FloatArray:
    """Class-based TF-IDF (k × terms) from a binary answers × terms matrix."""
    onehot = sp.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    counts = np.asarray((onehot @ presence).toarray(), dtype=np.float64)
    totals = counts.sum(axis=1, keepdims=True)
    totals[totals == 0] = 1.0
    freq = counts.sum(axis=0)
    average = counts.sum() / max(k, 1)
    with np.errstate(divide="ignore"):
        idf = np.where(freq > 0, np.log1p(average / np.where(freq > 0, freq, 1.0)), 0.0)
    weights: FloatArray = (counts / totals) * idf
    return weights


def _top_unigrams(
    weights: FloatArray, vocabulary: Sequence[str], n: int = _TOP_N
) -> list[list[int]]:
    out: list[list[int]] = []
    for row in weights:
        order = np.lexsort((np.arange(len(row)), -row))
        picked: list[int] = []
        for j in order:
            if row[j] <= 0:
                break
            if " " not in vocabulary[j]:
                picked.append(int(j))
                if len(picked) == n:
                    break
        out.append(picked)
    return out


def _rounded(vector: FloatArray) -> list[float]:
    return [round(float(x), 6) for x in vector]


def _combined(lsa: FloatArray, meaning: FloatArray) -> FloatArray:
    """Rows of word statistics (LSA) and meaning (embeddings) side by side, unit length."""
    words = _normalize_rows(np.asarray(lsa, dtype=np.float64)) * math.sqrt(_WORDS_SHARE)
    sense = _normalize_rows(np.asarray(meaning, dtype=np.float64)) * math.sqrt(1 - _WORDS_SHARE)
    return np.round(_normalize_rows(np.hstack([words, sense])), 6)


def _stored_vector(
    vectors: FloatArray | None,
    c: int,
    meaning: FloatArray | None,
    rows: IntArray,
    weights: FloatArray,
) -> list[float] | None:
    """A theme's stored embedding centroid: the clustering's centre (semantic backend), or for
    the combined backend (``meaning`` given only then) the weighted mean of its members'
    embeddings (assignment combines it with the term centroid)."""
    if meaning is not None:
        mean = np.average(meaning[rows], axis=0, weights=weights[rows])
        return _rounded(_normalize_rows(mean[np.newaxis])[0])
    return None if vectors is None else _rounded(vectors[c])


def _centroid_dict(
    centroids: sp.csr_matrix, row: int, vocabulary: Sequence[str]
) -> dict[str, float]:
    start, end = centroids.indptr[row], centroids.indptr[row + 1]
    cols = centroids.indices[start:end]
    vals = centroids.data[start:end]
    return {vocabulary[j]: round(float(v), 6) for j, v in zip(cols, vals, strict=True) if v}
