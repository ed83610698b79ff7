"""Clustering: spherical k-means refinement, the choice of k (stability, coverage,
grain) and the split of large themes (steps 5 and 6 of the package docstring)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from groundwork.analysis.themes.metrics import _npmi, topic_diversity
from groundwork.analysis.themes.results import FloatArray, IntArray
from groundwork.analysis.themes.vectors import (
    _ctfidf,
    _distinct_rows,
    _lsa,
    _normalize_rows,
    _top_unigrams,
)

_K_SAMPLE = 4_000
_CENTROID_TERMS = 500


def _kmeans(
    points: FloatArray,
    k: int,
    *,
    seed: int,
    n_init: int = 3,
    weights: FloatArray | None = None,
) -> KMeans:
    model = KMeans(n_clusters=k, n_init=n_init, max_iter=100, random_state=seed)
    # Called only inside find_themes, whose thread pools are limited to one there (a limit per
    # fit would scan the loaded libraries again each time, a fifth of a small run): on a busy
    # 2-core machine OpenMP's spinning threads slow small fits down 5-10x.
    return model.fit(points, sample_weight=weights)


def _nearest_centre(
    points: FloatArray, fit_on: FloatArray, k: int, *, seed: int, weights: FloatArray
) -> IntArray:
    """k-means (3 starts, the best kept) on ``fit_on``; every row of ``points`` joins its
    nearest centre (refined afterwards in the space of assignment)."""
    fitted = _kmeans(fit_on, k, seed=seed, weights=weights)
    init = np.asarray(fitted.cluster_centers_, dtype=np.float64)
    distances = (points * points).sum(axis=1)[:, None] - 2.0 * points @ init.T
    distances += (init * init).sum(axis=1)[None, :]
    return np.asarray(np.argmin(distances, axis=1), dtype=np.intp)


def _sample(n: int, seed: int) -> IntArray:
    """Sorted positions of a seeded sample of at most ``_K_SAMPLE`` rows."""
    if n <= _K_SAMPLE:
        return np.arange(n, dtype=np.intp)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, _K_SAMPLE, replace=False)).astype(np.intp)


def _centroids(
    rows: sp.csr_matrix,
    labels: IntArray,
    k: int,
    *,
    truncate: int = _CENTROID_TERMS,
    weights: FloatArray | None = None,
) -> sp.csr_matrix:
    """Unit-length (weighted) mean rows per label (label -1 ignored), each cut to its heaviest
    terms."""
    ok = labels >= 0
    values = np.ones(int(ok.sum())) if weights is None else weights[ok]
    onehot = sp.csr_matrix((values, (labels[ok], np.flatnonzero(ok))), shape=(k, rows.shape[0]))
    sums = np.asarray((onehot @ rows).toarray(), dtype=np.float64)
    if truncate and sums.shape[1] > truncate:
        for row in sums:
            if np.count_nonzero(row) > truncate:
                order = np.lexsort((np.arange(len(row)), -row))
                row[order[truncate:]] = 0.0
    return sp.csr_matrix(_normalize_rows(sums))


def _assign(similarity: FloatArray, min_strength: float) -> tuple[IntArray, FloatArray]:
    """Best column per row (first on ties) and its similarity; -1 when below the threshold."""
    if similarity.shape[1] == 0:
        return np.full(similarity.shape[0], -1, dtype=np.intp), np.zeros(similarity.shape[0])
    best = np.asarray(np.argmax(similarity, axis=1), dtype=np.intp)
    strength = similarity[np.arange(similarity.shape[0]), best]
    best = np.where(strength >= min_strength, best, -1).astype(np.intp)
    return best, strength


_MIN_DIVERSITY = 0.8
#: Resamples per k for stability, and the share of the rows each one draws.
_RESAMPLES = 2
_RESAMPLE_SHARE = 0.8
#: Clusterings whose stability × coverage is within this of the best are equally good; the
#: finest of them is taken (merging two themes is easier for people than finding a hidden one).
_STABILITY_TOLERANCE = 0.05
#: A theme holding more than this share of the answers (by weight) is examined for a split.
_LARGE_SHARE = 0.25
#: ... and split when its own clustering reaches this stability (ARI) and its parts' term
#: centroids are less alike than the themes found are (median cosine, pairwise) and than this
#: (cosine): two reproducible subjects, as distinct as two themes.
_SPLIT_STABILITY = 0.5
_SPLIT_SEPARATION = 0.5
_SPLIT_ROUNDS = 3
#: ... into at most this many parts (the top of the 5-12 themes a plan can use; a part over a
#: quarter is examined again).
_SPLIT_PARTS = 12
#: ... in a corpus of at least this many answers (by weight): below it a quarter is fewer than
#: 25 answers, too few for a stable clustering of them to show two subjects.
_SPLIT_MIN_ANSWERS = 100


@dataclass
class _Clustering:
    labels: IntArray  # per row, -1 = other
    strength: FloatArray
    k: int
    scores: dict[int, float]
    term_centroids: sp.csr_matrix
    vectors: FloatArray | None  # embedding centroids (semantic)
    diversity: dict[int, float] = field(default_factory=dict)
    stability: dict[int, float] = field(default_factory=dict)


def _refine(
    tfidf: sp.csr_matrix,
    embeddings: FloatArray | None,
    labels: IntArray,
    k: int,
    *,
    min_size: float,
    min_strength: float,
    weights: FloatArray,
) -> _Clustering | None:
    """Spherical k-means from ``labels`` in the space assignment uses (TF-IDF, or the embeddings
    for the semantic backend), with rows weighted by ``weights``, dissolving themes whose
    weight is under ``min_size``; None when none is left."""
    current_k = k
    strength = np.zeros(tfidf.shape[0])
    term_centroids = sp.csr_matrix((0, tfidf.shape[1]))
    centre_vectors: FloatArray | None = None
    tolerance = 1e-9
    for _round in range(k + 3):
        ok = labels >= 0
        sizes = np.bincount(labels[ok], weights=weights[ok], minlength=current_k)
        keep = np.flatnonzero(sizes >= min_size - tolerance)
        if len(keep) == 0:
            return None
        remap = np.full(current_k, -1, dtype=np.intp)
        remap[keep] = np.arange(len(keep))
        labels = np.where(labels >= 0, remap[np.maximum(labels, 0)], -1).astype(np.intp)
        current_k = len(keep)
        if embeddings is None:
            term_centroids = _centroids(tfidf, labels, current_k, weights=weights)
            similarity = np.asarray((tfidf @ term_centroids.T).toarray(), dtype=np.float64)
        else:
            centre_vectors = _normalize_rows(
                np.vstack(
                    [
                        np.average(embeddings[labels == c], axis=0, weights=weights[labels == c])
                        for c in range(current_k)
                    ]
                )
            )
            similarity = embeddings @ centre_vectors.T
        new_labels, strength = _assign(similarity, min_strength)
        stable = np.array_equal(new_labels, labels)
        labels = new_labels
        ok = labels >= 0
        sizes = np.bincount(labels[ok], weights=weights[ok], minlength=current_k)
        if stable and (sizes >= min_size - tolerance).all():
            break
    # Out of rounds before settling: a theme nobody joined in the last assignment is dropped
    # (no answer's best match, so dropping it moves no one).
    counts = np.bincount(labels[labels >= 0], minlength=current_k)
    if not counts.all():
        keep = np.flatnonzero(counts)
        if len(keep) == 0:
            return None
        remap = np.full(current_k, -1, dtype=np.intp)
        remap[keep] = np.arange(len(keep))
        labels = np.where(labels >= 0, remap[np.maximum(labels, 0)], -1).astype(np.intp)
        current_k = len(keep)
        term_centroids = term_centroids[keep]
        if centre_vectors is not None:
            centre_vectors = centre_vectors[keep]
    if embeddings is not None:
        term_centroids = _centroids(tfidf, labels, current_k, weights=weights)
    return _Clustering(labels, strength, k, {}, term_centroids, centre_vectors)


def _quality(
    clustering: _Clustering,
    presence: sp.csr_matrix,
    presence_csc: sp.csc_matrix,
    vocabulary: Sequence[str],
    shared: npt.NDArray[np.bool_],
) -> tuple[float, float]:
    """Mean NPMI over the whole corpus of the themes' top-10 ``shared`` words (those of at least
    two answers: a word of one answer always co-occurs with that answer's other words, which
    would reward splitting off single answers), and topic diversity of their top-10 words."""
    assigned = clustering.labels >= 0
    n_themes = clustering.term_centroids.shape[0]
    weights = _ctfidf(presence[assigned], clustering.labels[assigned], n_themes)
    top = [t for t in _top_unigrams(weights, vocabulary) if t]
    diversity = topic_diversity([[vocabulary[j] for j in t] for t in top])
    weights[:, ~shared] = 0.0
    top_shared = [t for t in _top_unigrams(weights, vocabulary) if t]
    return _npmi(top_shared, presence_csc, presence_csc.shape[0]), diversity


def _stability(
    tfidf: sp.csr_matrix,
    points: FloatArray,
    embeddings: FloatArray | None,
    weights: FloatArray,
    labels: IntArray,
    k: int,
    *,
    min_size: float,
    min_strength: float,
    seed: int,
) -> float:
    """Mean agreement (adjusted Rand index, "other" as one more group) between ``labels`` and
    the clusterings of ``_RESAMPLES`` seeded subsamples of ``_RESAMPLE_SHARE`` of the rows,
    each clustered afresh (another k-means start, the same refinement) with the same k."""
    n = len(labels)
    size = max(k + 1, round(_RESAMPLE_SHARE * n))
    scores: list[float] = []
    for b in range(_RESAMPLES):
        rng = np.random.default_rng([seed, k, b])
        sub = (
            np.arange(n, dtype=np.intp)
            if size >= n
            else np.sort(rng.choice(n, size, replace=False)).astype(np.intp)
        )
        fitted = _kmeans(points[sub], k, seed=seed + 1 + b, n_init=1, weights=weights[sub])
        refined = _refine(
            tfidf[sub],
            None if embeddings is None else embeddings[sub],
            np.asarray(fitted.labels_, dtype=np.intp),
            k,
            min_size=min_size * len(sub) / n,
            min_strength=min_strength,
            weights=weights[sub],
        )
        other = np.full(len(sub), -1, dtype=np.intp) if refined is None else refined.labels
        scores.append(float(adjusted_rand_score(labels[sub], other)))
    return float(np.mean(scores))


def _choose_k(
    tfidf: sp.csr_matrix,
    points: FloatArray,
    embeddings: FloatArray | None,
    weights: FloatArray,
    presence: sp.csr_matrix,
    presence_csc: sp.csc_matrix,
    vocabulary: Sequence[str],
    k_range: tuple[int, int],
    *,
    min_size: float,
    min_strength: float,
    seed: int,
    preferred: tuple[int, int] | None = None,
) -> tuple[_Clustering, IntArray] | None:
    """The sample's clustering chosen by stability and coverage (see the module docstring):
    among the k whose themes have topic diversity of at least ``_MIN_DIVERSITY`` (all k when
    none has), the largest k whose stability × coverage is within ``_STABILITY_TOLERANCE`` of
    the best. With the sample's rows; None when every k dissolved to nothing."""
    n = points.shape[0]
    sample = _sample(n, seed)
    total = float(weights.sum())
    sample_weights = weights[sample]
    sample_total = float(sample_weights.sum())
    sample_min = min_size if len(sample) == n else min_size * sample_total / max(total, 1e-12)
    sample_tfidf = tfidf[sample]
    sample_points = points[sample]
    sample_embeddings = None if embeddings is None else embeddings[sample]
    sample_presence = presence[sample]
    shared = np.asarray(presence_csc.sum(axis=0)).ravel() >= 2
    candidates: dict[int, _Clustering] = {}
    coherence: dict[int, float] = {}
    diversity: dict[int, float] = {}
    stability: dict[int, float] = {}
    score: dict[int, float] = {}
    for k in range(k_range[0], k_range[1] + 1):
        # One k-means start: the refinement that follows matters more than the best start.
        fitted = _kmeans(sample_points, k, seed=seed, n_init=1, weights=sample_weights)
        refined = _refine(
            sample_tfidf,
            sample_embeddings,
            np.asarray(fitted.labels_, dtype=np.intp),
            k,
            min_size=sample_min,
            min_strength=min_strength,
            weights=sample_weights,
        )
        if refined is None:
            continue
        candidates[k] = refined
        coherence[k], diversity[k] = _quality(
            refined, sample_presence, presence_csc, vocabulary, shared
        )
        stability[k] = _stability(
            sample_tfidf,
            sample_points,
            sample_embeddings,
            sample_weights,
            refined.labels,
            k,
            min_size=sample_min,
            min_strength=min_strength,
            seed=seed,
        )
        covered = float(sample_weights[refined.labels >= 0].sum()) / max(sample_total, 1e-12)
        score[k] = round(max(stability[k], 0.0) * covered, 6)
    if not candidates:
        return None
    eligible = [k for k in candidates if diversity[k] >= _MIN_DIVERSITY] or list(candidates)
    best_score = max(score[k] for k in eligible)
    if preferred is not None:
        # The preferred grain whenever one of its k gives distinct themes (step 5).
        grain = [
            k
            for k in eligible
            if preferred[0] <= k <= preferred[1] and diversity[k] >= _MIN_DIVERSITY
        ]
        if grain:
            eligible = grain
            best_score = max(score[k] for k in eligible)
    best = max(k for k in eligible if score[k] >= best_score - _STABILITY_TOLERANCE)
    found = candidates[best]
    found.k, found.scores, found.diversity, found.stability = best, coherence, diversity, stability
    return found, sample


def _grain(total: float) -> tuple[int, int] | None:
    """The preferred range of k for answers weighing ``total`` (see step 5)."""
    if total < _GRAIN_FROM:
        return None
    if total < 100:
        return (3, _GRAIN_TOP)  # a few dozen answers: at least three themes when distinct
    return (5, _GRAIN_TOP)


#: The top of the preferred grain: 5-12 themes for 100-1,000 answers (and more) is what a plan
#: can be built from; finer subjects are the themes' subthemes. Twenty themes found a few more
#: of the must-see topics of the shared conversations as themes of their own, but a reader
#: then has twenty headings and a subject still spread over several of them.
_GRAIN_TOP = 12
#: The largest k is tried only when there are this many rows per theme (the square-root cap
#: would otherwise stop under the grain's top).
_ANSWERS_PER_THEME = 10.0
#: The preferred grain applies from this many answers' weight: from three dozen answers a plan
#: still has about five subjects to tell apart (a handful of answers each); below, no
#: preference.
_GRAIN_FROM = 30
#: At most sqrt(rows / 2) themes, but from ``_K_FLOOR_FROM`` rows never fewer than
#: rows / ``_K_FLOOR_ROWS`` up to ``_K_FLOOR``: under 300 rows the square root alone allows
#: fewer themes than the grain asks for (7 for 100 answers), so such a set could never show
#: ten subjects. Under 50 rows the square root decides, as before (a few dozen answers hold
#: a few subjects, and a finer cut splits one by language or wording).
_K_FLOOR = 12
_K_FLOOR_ROWS = 8
_K_FLOOR_FROM = 50


def _k_cap(n: int) -> int:
    """The largest k tried for ``n`` rows (see ``_K_FLOOR``)."""
    floor = min(_K_FLOOR, n // _K_FLOOR_ROWS) if n >= _K_FLOOR_FROM else 2
    return max(2, round(math.sqrt(n / 2)), floor)


def _cluster(
    tfidf: sp.csr_matrix,
    points: FloatArray,
    embeddings: FloatArray | None,
    vocabulary: Sequence[str],
    *,
    k: int | None,
    k_range: tuple[int, int],
    min_size: float,
    min_strength: float,
    seed: int,
    weights: FloatArray | None = None,
    split_large: bool = False,
    preferred: tuple[int, int] | None = None,
) -> _Clustering:
    """Cluster the rows (all with at least one term or an embedding) into themes."""
    n = tfidf.shape[0]
    w = np.ones(n) if weights is None else weights
    empty = _Clustering(
        np.full(n, -1, dtype=np.intp), np.zeros(n), 0, {}, sp.csr_matrix((0, tfidf.shape[1])), None
    )
    total = float(w.sum())
    if n == 0 or total < min_size:
        return empty
    distinct = (
        _distinct_rows(tfidf, k_range[1])
        if embeddings is None
        else len(np.unique(points.round(9), axis=0))
    )
    # The grain's top is tried when there are ten distinct rows per theme (the square-root cap
    # would otherwise stop under it).
    cap = _k_cap(n)
    if preferred is not None:
        cap = max(cap, min(preferred[1], int(n // _ANSWERS_PER_THEME)))
    k_hi = min(k_range[1], distinct, int(total // min_size), cap)
    k_lo = min(k_range[0], k_hi)
    found: _Clustering | None
    if k is None and k_hi >= 2:
        presence = tfidf.copy()
        presence.data = np.ones_like(presence.data)
        choice = _choose_k(
            tfidf,
            points,
            embeddings,
            w,
            presence,
            presence.tocsc(),
            vocabulary,
            (max(k_lo, 2), k_hi),
            min_size=min_size,
            min_strength=min_strength,
            seed=seed,
            preferred=preferred,
        )
        if choice is None:
            return empty
        found, sample = choice
        # The chosen clustering's number of themes fitted again from the best of several
        # k-means starts (the choice scored one start per k): every answer joins its nearest
        # centre, then refinement.
        themes_k = found.term_centroids.shape[0]
        refit = _refine(
            tfidf,
            embeddings,
            _nearest_centre(points, points[sample], themes_k, seed=seed, weights=w[sample]),
            themes_k,
            min_size=min_size,
            min_strength=min_strength,
            weights=w,
        )
        if refit is not None:
            refit.k, refit.scores = found.k, found.scores
            refit.diversity, refit.stability = found.diversity, found.stability
            found, sample = refit, np.arange(n)
        if len(sample) < n:
            # Every answer joins the most similar of the sample's themes, then refinement on all.
            if embeddings is None:
                similarity = np.asarray(
                    (tfidf @ found.term_centroids.T).toarray(), dtype=np.float64
                )
            else:
                assert found.vectors is not None
                similarity = embeddings @ found.vectors.T
            labels, _strength = _assign(similarity, min_strength)
            refined = _refine(
                tfidf,
                embeddings,
                labels,
                found.term_centroids.shape[0],
                min_size=min_size,
                min_strength=min_strength,
                weights=w,
            )
            if refined is None:
                return empty
            refined.k, refined.scores = found.k, found.scores
            refined.diversity, refined.stability = found.diversity, found.stability
            found = refined
    else:
        # k given (or only one theme possible): k-means with it, then the same refinement.
        chosen = 1 if k is None else max(1, min(k, distinct))
        if chosen == 1:
            labels = np.zeros(n, dtype=np.intp)
        else:
            sample = _sample(points.shape[0], seed)
            labels = _nearest_centre(points, points[sample], chosen, seed=seed, weights=w[sample])
        found = _refine(
            tfidf,
            embeddings,
            labels,
            chosen,
            min_size=min_size,
            min_strength=min_strength,
            weights=w,
        )
        if found is None:
            return empty
        found.k = chosen
    if split_large and k is None and total >= _SPLIT_MIN_ANSWERS:
        found = _split_large(
            tfidf,
            embeddings,
            vocabulary,
            found,
            weights=w,
            min_size=min_size,
            min_strength=min_strength,
            seed=seed,
            k_max=min(k_range[1], _SPLIT_PARTS),
            k_total=k_range[1] if preferred is None else preferred[1],
        )
    return found


def _split_separation(centroids: sp.csr_matrix) -> float:
    """How alike a large theme's parts may be and still be apart: as alike as the themes
    already found are, at most (the median cosine of their term centroids, pairwise, when
    there are three themes or more), and never as alike as ``_SPLIT_SEPARATION``."""
    k = centroids.shape[0]
    if k < 3:
        # One pair of themes says little about how alike themes are (two languages share
        # no word at all).
        return _SPLIT_SEPARATION
    cosine = np.asarray((centroids @ centroids.T).toarray(), dtype=np.float64)
    pairs = cosine[np.triu_indices(k, 1)]
    return min(_SPLIT_SEPARATION, float(np.median(pairs)))


def _split_large(
    tfidf: sp.csr_matrix,
    embeddings: FloatArray | None,
    vocabulary: Sequence[str],
    found: _Clustering,
    *,
    weights: FloatArray,
    min_size: float,
    min_strength: float,
    seed: int,
    k_max: int,
    k_total: int = 10**6,
) -> _Clustering:
    """Split every theme holding more than ``_LARGE_SHARE`` of the answers (by weight) when it
    holds distinct subjects: its own clustering (2 to ``k_max`` parts, chosen as k is, on its
    own LSA or embeddings) must be stable (ARI at least ``_SPLIT_STABILITY``) and its parts' term
    centroids less alike than the themes are (:func:`_split_separation`); else it is one
    subject and stays. A *loose* theme (:func:`_loose`: its members much further from its
    centre than the other themes' members are from theirs), whatever its size, is no subject at
    all but the answers that fit no theme: it is split by its own clustering without those
    tests. Never beyond ``k_total`` themes in all. After a split every answer is assigned again
    (the refinement), and the check repeats."""
    current = found
    k_max = max(2, k_max)
    for _round in range(_SPLIT_ROUNDS):
        labels = current.labels
        ok = labels >= 0
        n_themes = current.term_centroids.shape[0]
        sizes = np.bincount(labels[ok], weights=weights[ok], minlength=n_themes)
        total = float(sizes.sum())
        new_labels = labels.copy()
        next_label = n_themes
        split_any = False
        cohesion = _cohesion(current.strength, labels, weights, n_themes)
        loose = _loose(cohesion)
        for c in np.argsort(-sizes, kind="stable"):
            if sizes[c] <= _LARGE_SHARE * total and not loose[c]:
                continue
            room = k_total - next_label + 1
            if room < 2:
                break
            rows = np.flatnonzero(labels == c)
            sub_embeddings = None if embeddings is None else embeddings[rows]
            sub_points = (
                sub_embeddings
                if sub_embeddings is not None
                else _lsa(tfidf[rows], seed=seed, dimensions=50)
            )
            parts = _cluster(
                tfidf[rows],
                sub_points,
                sub_embeddings,
                vocabulary,
                k=None,
                k_range=(2, min(k_max, room)),
                min_size=min_size,
                min_strength=-1.0,
                seed=seed,
                weights=weights[rows],
            )
            n_parts = parts.term_centroids.shape[0]
            if n_parts < 2:
                continue
            if not loose[c]:
                if parts.stability.get(parts.k, 0.0) < _SPLIT_STABILITY:
                    continue
                cosine = np.asarray(
                    (parts.term_centroids @ parts.term_centroids.T).toarray(), dtype=np.float64
                )
                np.fill_diagonal(cosine, 0.0)
                if cosine.max() >= _split_separation(current.term_centroids):
                    continue
            part_labels = parts.labels
            for p in range(1, n_parts):
                new_labels[rows[part_labels == p]] = next_label
                next_label += 1
            split_any = True
        if not split_any:
            break
        refined = _refine(
            tfidf,
            embeddings,
            new_labels,
            next_label,
            min_size=min_size,
            min_strength=min_strength,
            weights=weights,
        )
        if refined is None:
            break
        refined.k, refined.scores = current.k, current.scores
        refined.diversity, refined.stability = current.diversity, current.stability
        current = refined
    return current


#: A theme is loose (a residue of answers that fit no theme well, not one subject) when its
#: members' mean similarity to its centre (its cohesion) is under this share of the median
#: cohesion of the other themes. k-means on short answers leaves such a residue: answers
#: sharing no word with any theme end up together, each far from their centre (Bowling
#: Green's residue of 165 comments in 607: cohesion 0.13 against a median of 0.31).
_LOOSE_COHESION = 0.6


def _cohesion(strength: FloatArray, labels: IntArray, weights: FloatArray, k: int) -> FloatArray:
    """Each theme's weighted mean similarity of its members to its centre."""
    ok = labels >= 0
    sums = np.bincount(labels[ok], weights=(strength * weights)[ok], minlength=k)
    mass = np.bincount(labels[ok], weights=weights[ok], minlength=k)
    return np.asarray(sums / np.maximum(mass, 1e-12), dtype=np.float64)


def _loose(cohesion: FloatArray) -> npt.NDArray[np.bool_]:
    """Which themes are loose: see ``_LOOSE_COHESION`` (needs three themes to compare)."""
    k = len(cohesion)
    out = np.zeros(k, dtype=bool)
    if k < 3:
        return out
    for c in range(k):
        others = np.delete(cohesion, c)
        out[c] = cohesion[c] < _LOOSE_COHESION * float(np.median(others))
    return out
