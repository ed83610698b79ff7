"""Opinion groups, representative and consensus statements: the Pol.is algorithm in NumPy,
SciPy and scikit-learn. No Django; arrays in, dataclasses out.

The steps follow Pol.is's reference implementation (``polismath``, Clojure:
``math/conversation.clj``, ``pca.clj``, ``clusters.clj``, ``repness.clj``, ``stats.clj``).
Where this module departs from it, the docstring of the step says so.

Votes
-----
The input is a participants × statements sparse matrix (CSR) of *codes*, where every stored
entry is a vote the participant cast on a statement they saw::

    AGREE = 1     DISAGREE = -1     PASS = 2     (nothing stored = unseen)

A pass is stored as 2, not 0, so that a pass can never be confused with "unseen" by a SciPy
operation that drops explicit zeros; a stored 0 is refused. :func:`votes_from_triples` builds
such a matrix from (participant, statement, vote) rows with votes 1, -1 and 0, keeping each
participant's latest vote per statement, and :class:`VoteMatrix` carries it with the ids of its
rows and columns.

Pipeline (:func:`opinion_groups`)
---------------------------------
1. *The matrix.* Statements nobody has voted on are not part of Pol.is's matrix; the rest are
   its columns (``n_cmts`` below). Rejected (moderated-out) and meta statements have their
   column set to 0 for every participant, as Pol.is's ``zero-out-columns`` does.
2. *In-conversation participants*: those with at least ``min(7, n_cmts)`` votes (passes
   count; votes on rejected statements count). If fewer than 15 qualify, the top voters are
   added up to 15 (ties by participant id). With a warm start, participants who were in stay
   in, as in Pol.is.
3. *PCA* (2 components) of the mean-imputed matrix of all participants who voted: each
   unseen entry is replaced by its column's mean, so after centring the matrix is exactly as
   sparse as the votes (``vote - mean`` where seen, 0 elsewhere) and never has to be made
   dense. Pol.is runs 100 power iterations from the previous run's components; this module
   computes the converged top-2 eigenvectors of the same covariance (dense ``eigh`` for
   small matrices, ARPACK on an implicit sparse operator otherwise), with signs aligned to
   the previous components when given.
4. *Projection*: each participant is projected from the votes they cast only, and scaled by
   ``sqrt(n_cmts / max(n_votes, 1))`` (``sparsity-aware-project-ptpt``). As in Pol.is, the
   zeroed columns of rejected statements count as votes in ``n_votes`` for everyone.
5. *Base clusters*: k-means with ``k = min(100, distinct points)`` on the in-conversation
   participants. A cold start takes the first k distinct points in Pol.is's row order:
   participants as they first appear when the votes are read sorted by statement, then
   participant, i.e. ordered by (first statement voted on, participant id), which is how
   polismath builds its matrix when it recomputes a conversation from its votes
   (``OpinionOptions(cold_start="hashed")`` orders them by a seeded hash of the ids
   instead). A warm start re-centres the previous base clusters on their members' new
   positions and splits off the most distant points until there are k
   (``clean-start-clusters``). Steps as ``clusters/kmeans``: assign, drop empty clusters,
   move centres to the means; stop when no centre moves by 0.01 or more, or after 100 more
   steps; the members are those of the last step.
6. *Groups*: weighted k-means of the base-cluster centres (weights = member counts) for
   ``k = 2 … min(5, 2 + ⌊base/12⌋)``, scored by the silhouette over base-cluster centres
   (unweighted; a member of a singleton cluster scores 0); the best k wins, ties to the
   larger k (Clojure's ``max-key`` keeps the last of equal maxima). Cold starts take the
   first k centres in base-cluster id order and run at most 20 further steps (Pol.is
   passes ``:cluster-iters``, which ``kmeans`` ignores, so its default of 20 applies); a
   k-means run may drop a cluster left empty, so a larger k can repeat a smaller k's
   clustering and tie with it: the groups shown are then that clustering's. Warm starts
   continue each k's previous clustering. The best k is smoothed by :func:`smooth_k`
   (Pol.is's ``group-k-smoother``): the displayed k changes only after another k has won
   ``k_buffer`` (4) runs in a row. Groups of a cold start are numbered by size, largest
   first; a warm start keeps the previous numbers.
7. *Per-group statistics* from the latest votes of clustered participants (agree, disagree
   and seen counts, passes counting as seen): representative statements (``repness.clj``),
   group-aware consensus ``∏_g (A_g + 1)/(S_g + 2)``, and comment priorities
   ``((1 - p_pass)(E + 1) p_agree · (1 + 8·2^(-S/5)))²`` with ``E`` the statement's
   extremity in the PCA plane (meta statements get 7²). Consensus statements use every
   participant's votes, as Pol.is's ``consensus-stats`` does.

Determinism and symmetry: the result depends only on the votes, the ids and, with
``cold_start="hashed"`` and in ARPACK's start vector, on ``seed``. Every order that matters
is derived from ids (ties are broken by id), and coordinates and centres are rounded to 1e-9
so that float noise from summation order cannot decide a tie; hence permuting participants
or statements (together with their ids) permutes the result.

Departures from polismath, all deliberate: converged eigenvectors instead of 100 power
iterations; a participant's k-means tie goes to the first centre (Clojure's ``min-key``
takes the last); degenerate conversations (no votes, a single distinct opinion) give one
group or none instead of an error; group-aware consensus is NaN when there are no groups.
Polismath's per-participant statistics (:func:`participant_statistics`) and subgroups
(:func:`subgroup_clusters`) are separate steps that take a result; its mini-batch PCA for
conversations over 10,000 participants is not reproduced.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, cast

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.spatial import cKDTree

__all__ = [
    "AGREE",
    "CodeMatrix",
    "DISAGREE",
    "PASS",
    "Cluster",
    "ConsensusStatement",
    "KSmoother",
    "OpinionOptions",
    "OpinionResult",
    "OpinionState",
    "GroupSubgroups",
    "ParticipantStatistics",
    "SubgroupState",
    "participant_statistics",
    "subgroup_clusters",
    "RepresentativeStatement",
    "VoteMatrix",
    "as_csr",
    "best_k_by_silhouette",
    "comment_priority",
    "group_aware_consensus",
    "group_vote_counts",
    "opinion_groups",
    "smooth_k",
    "votes_from_triples",
]

AGREE = 1
DISAGREE = -1
PASS = 2

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Direction = Literal["agree", "disagree"]
CodeMatrix: TypeAlias = "sp.csr_array[Any, tuple[int, int]]"

_Z_90 = 1.2816  # one-sided 90% (stats/z-sig-90?)
_DECIMALS = 9  # coordinates and centres are rounded to this many decimals
# A standard deviation this small is rounding noise: votes and their means are within [-1, 1].
FLAT = 1e-12
_DENSE_GRAM_MAX = 64  # statements up to which the covariance is formed densely


def as_csr(
    arg: Any, *, shape: tuple[int, int] | None = None, dtype: Any = None, copy: bool = False
) -> CodeMatrix:
    """``scipy.sparse.csr_array(arg, shape=…, dtype=…, copy=…)`` with one plain static type
    (SciPy's stubs give each way of building one its own)."""
    constructor: Any = sp.csr_array
    return cast("CodeMatrix", constructor(arg, shape=shape, dtype=dtype, copy=copy))


# =========================================================================== inputs


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """A participants × statements CSR matrix of vote codes with the ids of its rows and
    columns. Codes: ``AGREE`` (1), ``DISAGREE`` (-1), ``PASS`` (2); unseen = not stored."""

    codes: CodeMatrix
    participant_ids: npt.NDArray[np.generic]
    statement_ids: npt.NDArray[np.generic]

    def __post_init__(self) -> None:
        n, m = self.codes.shape
        if len(self.participant_ids) != n or len(self.statement_ids) != m:
            raise ValueError(
                f"ids do not match the matrix: {len(self.participant_ids)} participant ids "
                f"and {len(self.statement_ids)} statement ids for a {n}×{m} matrix"
            )

    @property
    def shape(self) -> tuple[int, int]:
        n, m = self.codes.shape
        return int(n), int(m)


def votes_from_triples(
    participant_ids: npt.ArrayLike,
    statement_ids: npt.ArrayLike,
    votes: npt.ArrayLike,
    *,
    timestamps: npt.ArrayLike | None = None,
) -> VoteMatrix:
    """Build a :class:`VoteMatrix` from parallel arrays of (participant, statement, vote)
    with votes 1 (agree), -1 (disagree) or 0 (pass). When a participant voted more than once
    on a statement the latest vote counts: the one with the largest timestamp, and among
    equal timestamps (or without timestamps) the one that comes last. Rows and columns are
    the sorted distinct ids."""
    pids = np.asarray(participant_ids)
    sids = np.asarray(statement_ids)
    vals = np.asarray(votes)
    if not (pids.ndim == sids.ndim == vals.ndim == 1) or not (
        pids.shape == sids.shape == vals.shape
    ):
        raise ValueError("participant_ids, statement_ids and votes must be 1-D and equally long")
    if vals.size and not np.isin(vals, (1, -1, 0)).all():
        bad = vals[~np.isin(vals, (1, -1, 0))][0]
        raise ValueError(f"votes must be 1 (agree), -1 (disagree) or 0 (pass), not {bad!r}")
    p_unique, p_index = np.unique(pids, return_inverse=True)
    s_unique, s_index = np.unique(sids, return_inverse=True)
    n_votes = vals.shape[0]
    position = np.arange(n_votes)
    if timestamps is None:
        order = position
    else:
        times = np.asarray(timestamps)
        if times.shape != vals.shape:
            raise ValueError("timestamps must be as long as votes")
        order = np.lexsort((position, times))
    # Keep the last occurrence of each (participant, statement) in `order`.
    key = p_index.astype(np.int64)[order] * max(len(s_unique), 1) + s_index[order]
    reversed_key = key[::-1]
    _, first_in_reversed = np.unique(reversed_key, return_index=True)
    keep = order[n_votes - 1 - first_in_reversed]
    codes = np.where(vals[keep] == 0, PASS, vals[keep]).astype(np.int8)
    matrix = as_csr(
        (codes, (p_index[keep], s_index[keep])),
        shape=(len(p_unique), len(s_unique)),
        dtype=np.int8,
    )
    matrix.sort_indices()
    return VoteMatrix(codes=matrix, participant_ids=p_unique, statement_ids=s_unique)


# =========================================================================== outputs


@dataclass(frozen=True, eq=False)
class Cluster:
    """A cluster with a stable ``id``: base clusters hold participant ids, groups hold base
    cluster ids; ``center`` is a point in the PCA plane."""

    id: int
    members: npt.NDArray[np.generic]
    center: FloatArray


@dataclass(frozen=True)
class KSmoother:
    """State of the group-count smoother: the k shown, the k that won the latest run and how
    many runs in a row it has won."""

    displayed_k: int
    candidate_k: int
    streak: int


def best_k_by_silhouette(silhouettes: Mapping[int, float]) -> int:
    """The k whose clustering has the highest silhouette; on a tie the **larger** k, as in
    Pol.is's ``group-k-smoother``: ``(apply max-key silhouettes (keys group-clusterings))``
    over k = 2, 3, … in order, and Clojure's ``max-key`` keeps the last of equal maxima.
    Silhouettes are rounded (see the module docstring), so exact ties do occur, e.g. when
    two clusterings separate the same points."""
    if not silhouettes:
        raise ValueError("no clusterings to choose from")
    return max(silhouettes, key=lambda kk: (silhouettes[kk], kk))


def smooth_k(best_k: int, previous: KSmoother | None = None, *, buffer: int = 4) -> KSmoother:
    """Pol.is's ``group-k-smoother``: the displayed number of groups changes to ``best_k``
    only once ``best_k`` has been the best ``buffer`` runs in a row. The first run shows its
    best k at once."""
    if previous is None:
        return KSmoother(displayed_k=best_k, candidate_k=best_k, streak=1)
    streak = previous.streak + 1 if best_k == previous.candidate_k else 1
    displayed = best_k if streak >= buffer else previous.displayed_k
    return KSmoother(displayed_k=displayed, candidate_k=best_k, streak=streak)


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement that sets a group apart (``repness.clj``'s finalized stats)."""

    statement: int  # column index
    direction: Direction
    p: float  # (1 + n_success) / (2 + n_seen)
    p_test: float  # proportion test of the success count
    repness: float  # p / the same ratio among the other groups
    repness_test: float  # two-proportion z-test against the other groups
    n_agree: int
    n_disagree: int
    n_seen: int
    best_agree: bool = False

    @property
    def n_success(self) -> int:
        return self.n_agree if self.direction == "agree" else self.n_disagree


@dataclass(frozen=True)
class ConsensusStatement:
    statement: int  # column index
    direction: Direction
    n_success: int
    n_seen: int
    p: float
    p_test: float


@dataclass(frozen=True)
class OpinionOptions:
    """Pol.is's defaults (``conversation.clj`` ``opts'``)."""

    min_votes: int = 7
    min_in_conversation: int = 15
    base_k: int = 100
    max_k: int = 5
    base_iters: int = 100
    group_iters: int = 20  # Pol.is passes :cluster-iters, which kmeans ignores: its default 20
    k_buffer: int = 4
    cold_start: Literal["polis", "hashed"] = "polis"
    max_representative: int = 5
    max_consensus: int = 5


@dataclass(frozen=True, eq=False)
class OpinionState:
    """What a run hands to the next one for a warm start (all keyed by ids, so participants
    and statements may be added between runs)."""

    in_conversation_ids: npt.NDArray[np.generic]
    base_clusters: tuple[Cluster, ...]
    group_clusterings: Mapping[int, tuple[Cluster, ...]]
    k_smoother: KSmoother | None
    components: FloatArray  # (2, statements)
    component_statement_ids: npt.NDArray[np.generic]


@dataclass(frozen=True, eq=False)
class OpinionResult:
    """Everything a run computes. Per-participant arrays follow ``participant_ids`` (the rows
    of the input), per-statement arrays follow ``statement_ids`` (its columns), per-group
    sequences follow group index ``0 … k-1``."""

    participant_ids: npt.NDArray[np.generic]
    statement_ids: npt.NDArray[np.generic]
    in_conversation: BoolArray
    labels: IntArray  # group index, -1 when not clustered
    coordinates: FloatArray  # (participants, 2); 0 for participants without votes
    components: FloatArray  # (2, statements); 0 for statements outside the matrix
    center: FloatArray  # column means (0 for rejected and unvoted statements)
    eigenvalues: FloatArray  # of the centred covariance (unnormalised), top 2
    base_labels: IntArray  # base-cluster index per participant, -1 when not clustered
    base_centers: FloatArray  # (base clusters, 2)
    base_sizes: IntArray
    base_groups: IntArray  # group index of each base cluster
    k: int  # displayed number of groups (after smoothing)
    best_k: int  # the k with the best silhouette this run
    silhouettes: Mapping[int, float]
    group_ids: IntArray  # stable id of each group index (for warm starts)
    group_sizes: IntArray
    group_agree: IntArray  # (k, statements) counts among clustered participants
    group_disagree: IntArray
    group_seen: IntArray
    representative: tuple[tuple[RepresentativeStatement, ...], ...]
    consensus_agree: tuple[ConsensusStatement, ...]
    consensus_disagree: tuple[ConsensusStatement, ...]
    group_aware_consensus: FloatArray
    comment_priority: FloatArray
    comment_extremity: FloatArray
    rejected: BoolArray
    state: OpinionState
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def in_conversation_ids(self) -> npt.NDArray[np.generic]:
        return self.participant_ids[self.in_conversation]

    @property
    def clustered_ids(self) -> npt.NDArray[np.generic]:
        return self.participant_ids[self.labels >= 0]


# =========================================================================== helpers


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def _q(values: FloatArray) -> FloatArray:
    """Round away float noise (see the module docstring); -0.0 becomes 0.0."""
    return np.round(values, _DECIMALS) + 0.0


def _id_keys(ids: npt.NDArray[np.generic], seed: int) -> npt.NDArray[np.uint64]:
    """A pseudo-random 64-bit key per id (SplitMix64 of the id and the seed): the same id
    always gets the same key, whatever its position."""
    arr = np.asarray(ids)
    if arr.dtype.kind in "iub":
        base = arr.astype(np.int64).view(np.uint64)
    else:
        base = np.array([zlib.crc32(str(x).encode("utf-8")) for x in arr.tolist()], dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = base + np.uint64((seed * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) % 2**64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z


def _id_order(ids: npt.NDArray[np.generic], seed: int) -> IntArray:
    """Positions of ``ids`` ordered by their seeded hash (ties by id)."""
    keys = _id_keys(ids, seed)
    return np.lexsort((_id_ranks(ids), keys)).astype(np.int64)


def _id_ranks(ids: npt.NDArray[np.generic]) -> IntArray:
    _, inverse = np.unique(np.asarray(ids), return_inverse=True)
    return inverse.astype(np.int64).ravel()


def _as_codes(votes: Any) -> CodeMatrix:
    codes = as_csr(votes, copy=True)  # never modify the caller's matrix
    if codes.ndim != 2:
        raise ValueError("votes must be a 2-D sparse matrix")
    codes.sum_duplicates()
    codes.sort_indices()
    data = codes.data
    if data.size:
        valid = (data == AGREE) | (data == DISAGREE) | (data == PASS)
        if not valid.all():
            bad = data[~valid][0]
            hint = " (store a pass as 2, not 0)" if bad == 0 else ""
            raise ValueError(
                f"vote codes must be 1 (agree), -1 (disagree) or 2 (pass), not {bad!r}{hint}"
            )
    return as_csr(
        (data.astype(np.int8), codes.indices, codes.indptr), shape=codes.shape, copy=False
    )


def _column_mask(
    spec: npt.ArrayLike | None, statement_ids: npt.NDArray[np.generic], m: int, name: str
) -> BoolArray:
    if spec is None:
        return np.zeros(m, dtype=bool)
    arr = np.asarray(spec)
    if arr.dtype == np.bool_:
        if arr.shape != (m,):
            raise ValueError(f"{name} as a mask must have one entry per statement ({m})")
        return arr.copy()
    if arr.size == 0:
        return np.zeros(m, dtype=bool)
    return np.isin(statement_ids, arr)


def _pairwise(points: FloatArray, centers: FloatArray) -> FloatArray:
    """Squared Euclidean distances, computed coordinate by coordinate (exact for ties)."""
    total = np.zeros((points.shape[0], centers.shape[0]))
    for axis in range(points.shape[1]):
        diff = points[:, axis, None] - centers[None, :, axis]
        total += diff * diff
    return total


def _nearest(points: FloatArray, centers: FloatArray, chunk: int = 8192) -> IntArray:
    """Index of the nearest centre for every point (a k-d tree over the centres for many
    points and centres, else exact differences; either way it depends only on the point and
    the centres, not on the point's position)."""
    if points.shape[0] >= 1024 and centers.shape[0] >= 16:
        workers = -1 if points.shape[0] >= 20_000 else 1  # threads only pay off when large
        _, index = cKDTree(centers).query(points, k=1, workers=workers)
        return np.asarray(index, dtype=np.int64)
    out = np.empty(points.shape[0], dtype=np.int64)
    for start in range(0, points.shape[0], chunk):
        block = points[start : start + chunk]
        out[start : start + chunk] = np.argmin(_pairwise(block, centers), axis=1)
    return out


def _weighted_means(
    points: FloatArray, labels: IntArray, weights: FloatArray, n_clusters: int
) -> tuple[FloatArray, FloatArray]:
    mass = np.bincount(labels, weights=weights, minlength=n_clusters)
    sums = np.stack(
        [
            np.bincount(labels, weights=weights * points[:, axis], minlength=n_clusters)
            for axis in range(points.shape[1])
        ],
        axis=1,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        centers = sums / mass[:, None]
    return _q(centers), mass.astype(np.float64)


# =========================================================================== k-means


@dataclass
class _Clustering:
    ids: IntArray  # stable cluster ids
    centers: FloatArray
    labels: IntArray  # index into ids per point


def _same_clustering(old: FloatArray, new: FloatArray, threshold: float = 0.01) -> bool:
    """``clusters/same-clustering?``: the sorted centres moved less than ``threshold``."""
    a = old[np.lexsort(old.T[::-1])] if old.size else old
    b = new[np.lexsort(new.T[::-1])] if new.size else new
    n = min(a.shape[0], b.shape[0])
    if n == 0:
        return True
    moved = np.sqrt(np.sum((a[:n] - b[:n]) ** 2, axis=1))
    return bool(np.all(moved < threshold))


def _lloyd(
    points: FloatArray,
    weights: FloatArray,
    centers: FloatArray,
    ids: IntArray,
    max_iter: int,
) -> _Clustering:
    """Weighted k-means steps as ``clusters/kmeans`` runs them: assign every point to its
    nearest centre, drop clusters left empty, move each centre to its members' weighted mean;
    stop when no centre moved by 0.01 or more, or after ``max_iter`` further steps. The
    members returned are those of the last step."""
    remaining = max_iter
    while True:
        labels = _nearest(points, centers)
        used = np.bincount(labels, minlength=centers.shape[0]) > 0
        if not used.all():
            labels = (np.cumsum(used) - 1)[labels]
            ids, centers = ids[used], centers[used]
        new_centers, _ = _weighted_means(points, labels, weights, centers.shape[0])
        done = remaining <= 0 or _same_clustering(centers, new_centers)
        centers = new_centers
        if done:
            return _Clustering(ids=ids, centers=centers, labels=labels.astype(np.int64))
        remaining -= 1


def _first_distinct(points: FloatArray, order: IntArray, k: int) -> IntArray:
    """Positions of the first ``k`` distinct points taken in ``order`` (``init-clusters``)."""
    ordered = points[order]
    _, first = np.unique(ordered, axis=0, return_index=True)
    return order[np.sort(first)[:k]]


def _clean_start(
    points: FloatArray,
    weights: FloatArray,
    member_of: IntArray,
    previous_ids: IntArray,
    k: int,
    tie_order: IntArray,
) -> tuple[FloatArray, IntArray]:
    """Pol.is's ``clean-start-clusters``: re-centre the previous clusters on their members'
    current positions (dropping those with no members left), merge identical centres, then
    split off the most distant point into a new cluster until there are
    ``min(k, distinct points)`` clusters. ``member_of[i]`` is the index into
    ``previous_ids`` of point i's previous cluster, or -1."""
    n_prev = previous_ids.shape[0]
    assigned = member_of >= 0
    if assigned.any():
        centers, mass = _weighted_means(
            points[assigned], member_of[assigned], weights[assigned], n_prev
        )
        alive = mass > 0
    else:
        centers, alive = np.zeros((0, points.shape[1])), np.zeros(0, dtype=bool)
    if not alive.any():
        # Nothing left: one big cluster holding everything (safe-recenter-clusters).
        new_id = int(previous_ids.max()) + 1 if n_prev else 0
        ids = np.array([new_id], dtype=np.int64)
        labels = np.zeros(points.shape[0], dtype=np.int64)
        centers, _ = _weighted_means(points, labels, weights, 1)
    else:
        keep = np.flatnonzero(alive)
        # Merge clusters whose centres coincide into the one with more members.
        _, inverse = np.unique(centers[keep], axis=0, return_inverse=True)
        inverse = inverse.ravel()
        target = np.empty(len(keep), dtype=np.int64)
        for group in np.unique(inverse).tolist():
            members = np.flatnonzero(inverse == group)
            target[members] = members[np.argmax(mass[keep][members])]
        kept = np.unique(target)
        position = np.full(len(keep), -1, dtype=np.int64)
        position[kept] = np.arange(len(kept))
        remap = np.full(n_prev, -1, dtype=np.int64)
        remap[keep] = position[target]
        ids = previous_ids[keep[kept]].astype(np.int64)
        labels = np.where(assigned, remap[np.maximum(member_of, 0)], -1)
        has = labels >= 0
        centers, _ = _weighted_means(points[has], labels[has], weights[has], len(ids))
    possible = min(k, np.unique(points, axis=0).shape[0])
    while ids.shape[0] < possible:
        nearest_sq = _pairwise(points, centers).min(axis=1)
        far = np.max(nearest_sq)
        if far <= 0:
            break
        candidates = np.flatnonzero(nearest_sq == far)
        outlier = candidates[np.argmin(tie_order[candidates])]
        ids = np.append(ids, int(ids.max()) + 1)
        labels[outlier] = ids.shape[0] - 1
        has = labels >= 0
        centers, _ = _weighted_means(points[has], labels[has], weights[has], len(ids))
    return centers, ids


def _kmeans(
    points: FloatArray,
    weights: FloatArray,
    k: int,
    *,
    order: IntArray,
    max_iter: int,
    previous: Sequence[Cluster] | None = None,
    point_ids: npt.NDArray[np.generic] | None = None,
) -> _Clustering:
    """``clusters/kmeans``: warm from ``previous`` (members matched to ``point_ids``) or cold
    from the first k distinct points in ``order``, numbered 0 … k-1 in that order."""
    n = points.shape[0]
    tie_order = np.empty(n, dtype=np.int64)
    tie_order[order] = np.arange(n)
    if previous and point_ids is not None:
        prev_ids = np.array([c.id for c in previous], dtype=np.int64)
        member_of = np.full(n, -1, dtype=np.int64)
        positions, owners = _member_lookup(previous, point_ids)
        member_of[positions] = owners
        centers, ids = _clean_start(points, weights, member_of, prev_ids, k, tie_order)
        return _lloyd(points, weights, centers, ids, max_iter)
    chosen = _first_distinct(points, order, k)
    ids = np.arange(chosen.shape[0], dtype=np.int64)
    return _lloyd(points, weights, points[chosen].copy(), ids, max_iter)


def _member_lookup(
    clusters: Sequence[Cluster], point_ids: npt.NDArray[np.generic]
) -> tuple[IntArray, IntArray]:
    """(point positions, cluster positions) for previous members still present."""
    if not clusters:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    members = np.concatenate([np.asarray(c.members) for c in clusters])
    owner = np.concatenate(
        [np.full(len(c.members), i, dtype=np.int64) for i, c in enumerate(clusters)]
    )
    if members.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ids = np.asarray(point_ids)
    sorter = np.argsort(ids, kind="stable")
    found = np.searchsorted(ids, members, sorter=sorter)
    found = np.clip(found, 0, max(len(ids) - 1, 0))
    ok = len(ids) > 0
    hit = ids[sorter[found]] == members if ok else np.zeros(len(members), dtype=bool)
    return sorter[found[hit]].astype(np.int64), owner[hit]


def _silhouette(distances: FloatArray, labels: IntArray, n_clusters: int) -> float:
    """Mean silhouette over points (``clusters/silhouette``): singleton clusters score 0."""
    n = distances.shape[0]
    if n_clusters < 2 or n < 2:
        return 0.0
    onehot = np.zeros((n, n_clusters))
    onehot[np.arange(n), labels] = 1.0
    sums = distances @ onehot  # (n, clusters): total distance to each cluster's members
    counts = onehot.sum(axis=0)
    own = counts[labels]
    scores = np.zeros(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        a = sums[np.arange(n), labels] / (own - 1)
        others = sums / counts
        others[np.arange(n), labels] = np.inf
        b = others.min(axis=1)
        denom = np.maximum(a, b)
        s = np.where(denom > 0, (b - a) / denom, 0.0)
    scores = np.where(own > 1, s, 0.0)
    return float(np.round(scores.mean(), _DECIMALS))


# =========================================================================== statistics


def _prop_test(success: FloatArray, n: FloatArray) -> FloatArray:
    """``stats/prop-test``: 2·√(n+1)·((success+1)/(n+1) − ½)."""
    return 2.0 * np.sqrt(n + 1.0) * ((success + 1.0) / (n + 1.0) - 0.5)


def _two_prop_test(
    succ_in: FloatArray, succ_out: FloatArray, pop_in: FloatArray, pop_out: FloatArray
) -> FloatArray:
    """``stats/two-prop-test`` with +1 smoothing of every count; 0 where p̂ = 1."""
    s1, s2, n1, n2 = succ_in + 1.0, succ_out + 1.0, pop_in + 1.0, pop_out + 1.0
    pi1, pi2 = s1 / n1, s2 / n2
    pi_hat = (s1 + s2) / (n1 + n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (pi1 - pi2) / np.sqrt(pi_hat * (1.0 - pi_hat) * (1.0 / n1 + 1.0 / n2))
    return np.where(pi_hat == 1.0, 0.0, z)


def group_vote_counts(
    codes: CodeMatrix | sp.csr_matrix, labels: npt.ArrayLike, k: int | None = None
) -> tuple[IntArray, IntArray, IntArray]:
    """Agree, disagree and seen counts per group × statement (``group-votes``) from a code
    matrix and one group index per row (-1 = not in a group)."""
    matrix = _as_codes(codes)
    lab = np.asarray(labels, dtype=np.int64)
    if lab.shape != (matrix.shape[0],):
        raise ValueError("labels must have one entry per participant")
    n_groups = int(lab.max()) + 1 if k is None else k
    n_groups = max(n_groups, 0)
    rows = np.flatnonzero(lab >= 0)
    indicator = as_csr(
        (np.ones(rows.shape[0]), (lab[rows], rows)), shape=(n_groups, matrix.shape[0])
    )
    data = matrix.data
    shape, indices, indptr = matrix.shape, matrix.indices, matrix.indptr

    def counts(mask: BoolArray) -> IntArray:
        part = as_csr((mask.astype(np.float64), indices, indptr), shape=shape)
        return np.rint((indicator @ part).toarray()).astype(np.int64).reshape(n_groups, shape[1])

    return counts(data == AGREE), counts(data == DISAGREE), counts(np.ones_like(data, bool))


def group_aware_consensus(group_agree: npt.ArrayLike, group_seen: npt.ArrayLike) -> FloatArray:
    """``∏_g (A_g + 1)/(S_g + 2)`` per statement from (groups × statements) counts."""
    agree = np.asarray(group_agree, dtype=np.float64)
    seen = np.asarray(group_seen, dtype=np.float64)
    if agree.ndim != 2 or agree.shape != seen.shape:
        raise ValueError("group_agree and group_seen must be equal (groups × statements) arrays")
    product: FloatArray = np.prod((agree + 1.0) / (seen + 2.0), axis=0)
    return product


def comment_priority(
    agree: npt.ArrayLike,
    disagree: npt.ArrayLike,
    seen: npt.ArrayLike,
    extremity: npt.ArrayLike,
    *,
    meta: npt.ArrayLike | None = None,
) -> FloatArray:
    """Pol.is's ``priority-metric`` per statement: importance = (1 − p_pass)(E + 1)·p_agree
    with p_pass = (P + 1)/(S + 2), p_agree = (A + 1)/(S + 2); priority = (importance ×
    (1 + 8·2^(−S/5)))², and 7² for meta statements."""
    a = np.asarray(agree, dtype=np.float64)
    d = np.asarray(disagree, dtype=np.float64)
    s = np.asarray(seen, dtype=np.float64)
    e = np.asarray(extremity, dtype=np.float64)
    passes = s - (a + d)
    p_pass = (passes + 1.0) / (s + 2.0)
    p_agree = (a + 1.0) / (s + 2.0)
    importance = (1.0 - p_pass) * (e + 1.0) * p_agree
    priority = (importance * (1.0 + 8.0 * np.power(2.0, -s / 5.0))) ** 2
    if meta is not None:
        priority = np.where(np.asarray(meta, dtype=bool), 49.0, priority)
    return priority


def _select_representative(
    na: FloatArray,
    nd: FloatArray,
    ns: FloatArray,
    rest_na: FloatArray,
    rest_nd: FloatArray,
    rest_ns: FloatArray,
    scan: IntArray,
    excluded: BoolArray,
    limit: int,
) -> tuple[RepresentativeStatement, ...]:
    """``repness/select-rep-comments`` for one group. ``scan`` is the order statements are
    considered in (by statement id, as Pol.is's column order), which matters for its
    running "best" choices."""
    pa = (1.0 + na) / (2.0 + ns)
    pd = (1.0 + nd) / (2.0 + ns)
    pat = _prop_test(na, ns)
    pdt = _prop_test(nd, ns)
    ra = pa / ((1.0 + rest_na) / (2.0 + rest_ns))
    rd = pd / ((1.0 + rest_nd) / (2.0 + rest_ns))
    rat = _two_prop_test(na, rest_na, ns, rest_ns)
    rdt = _two_prop_test(nd, rest_nd, ns, rest_ns)

    def finalize(j: int, best_agree: bool = False) -> RepresentativeStatement:
        agree = bool(rat[j] > rdt[j])
        return RepresentativeStatement(
            statement=j,
            direction="agree" if agree else "disagree",
            p=float(pa[j] if agree else pd[j]),
            p_test=float(pat[j] if agree else pdt[j]),
            repness=float(ra[j] if agree else rd[j]),
            repness_test=float(rat[j] if agree else rdt[j]),
            n_agree=int(na[j]),
            n_disagree=int(nd[j]),
            n_seen=int(ns[j]),
            best_agree=best_agree,
        )

    candidates = scan[~excluded[scan]]
    passes = ((rat > _Z_90) & (pat > _Z_90)) | ((rdt > _Z_90) & (pdt > _Z_90))
    sufficient = candidates[passes[candidates]]
    # best-agree: a sequential scan (beats-best-agr?), kept as Pol.is writes it.
    best_agree: int | None = None
    na_l, nd_l = na.tolist(), nd.tolist()
    ra_l, rat_l, pa_l, pat_l = ra.tolist(), rat.tolist(), pa.tolist(), pat.tolist()
    for j in candidates.tolist():
        if na_l[j] == 0 and nd_l[j] == 0:
            continue
        if best_agree is not None and ra_l[best_agree] > 1.0:
            b = best_agree
            better = (
                ra_l[j] * rat_l[j] * pa_l[j] * pat_l[j] > ra_l[b] * rat_l[b] * pa_l[b] * pat_l[b]
            )
        elif best_agree is not None:
            b = best_agree
            better = pa_l[j] * pat_l[j] > pa_l[b] * pat_l[b]
        else:
            better = pat_l[j] > _Z_90 or (ra_l[j] > 1.0 and pa_l[j] > 0.5)
        if better:
            best_agree = j
    head = [finalize(best_agree, best_agree=True)] if best_agree is not None else []
    if sufficient.size == 0:
        if head:
            return tuple(head)
        if candidates.size == 0:
            return ()
        score = np.maximum(rat, rdt)[candidates]
        return (finalize(int(candidates[int(np.argmax(score))])),)
    chosen = [int(j) for j in sufficient.tolist() if j != best_agree]
    stats = [finalize(j) for j in chosen]
    metric = [-(s.repness * s.repness_test * s.p * s.p_test) for s in stats]
    ranked = [stats[i] for i in np.argsort(np.array(metric), kind="stable").tolist()]
    top = (head + ranked)[:limit]
    return tuple(
        [s for s in top if s.direction == "agree"] + [s for s in top if s.direction == "disagree"]
    )


def _select_consensus(
    na: FloatArray,
    nd: FloatArray,
    ns: FloatArray,
    scan: IntArray,
    excluded: BoolArray,
    limit: int,
) -> tuple[tuple[ConsensusStatement, ...], tuple[ConsensusStatement, ...]]:
    """``repness/select-consensus-comments``: p > 0.5 and significant, top ``limit`` by
    p × p-test, for agree and for disagree."""
    out: list[tuple[ConsensusStatement, ...]] = []
    candidates = scan[~excluded[scan]]
    for direction, n_success in (("agree", na), ("disagree", nd)):
        p = (1.0 + n_success) / (2.0 + ns)
        test = _prop_test(n_success, ns)
        ok = candidates[(p[candidates] > 0.5) & (test[candidates] > _Z_90)]
        metric = -(p[ok] * test[ok])
        ranked = ok[np.argsort(metric, kind="stable")][:limit]
        out.append(
            tuple(
                ConsensusStatement(
                    statement=int(j),
                    direction="agree" if direction == "agree" else "disagree",
                    n_success=int(n_success[j]),
                    n_seen=int(ns[j]),
                    p=float(p[j]),
                    p_test=float(test[j]),
                )
                for j in ranked.tolist()
            )
        )
    return out[0], out[1]


# =========================================================================== PCA


def _top_components(
    centred: CodeMatrix, keys: npt.NDArray[np.uint64]
) -> tuple[FloatArray, FloatArray]:
    """Top-2 eigenvectors (rows) and eigenvalues of ``centredᵀ·centred``."""
    m = centred.shape[1]
    comps = np.zeros((2, m))
    values = np.zeros(2)
    if m == 0 or centred.nnz == 0:
        return comps, values
    if m <= _DENSE_GRAM_MAX or m <= 3:
        gram = (centred.T @ centred).toarray()
        w, v = np.linalg.eigh(gram)
        order = np.argsort(w)[::-1][:2]
        values[: len(order)] = np.maximum(w[order], 0.0)
        comps[: len(order)] = v[:, order].T
    else:
        ct = centred.T.tocsr()

        def matvec(x: FloatArray) -> FloatArray:
            return np.asarray(ct @ (centred @ x), dtype=np.float64)

        operator = spla.LinearOperator((m, m), matvec=matvec, dtype=np.float64)
        start = (keys >> np.uint64(11)).astype(np.float64) / float(2**53) + 0.5
        try:
            w, v = spla.eigsh(operator, k=2, which="LA", v0=start, tol=1e-10, maxiter=5000)
        except spla.ArpackNoConvergence:  # pragma: no cover - fall back to the dense route
            dense = centred.toarray()
            w, v = scipy.linalg.eigh(dense.T @ dense)
        order = np.argsort(w)[::-1][:2]
        values[: len(order)] = np.maximum(w[order], 0.0)
        comps[: len(order)] = v[:, order].T
    comps[values <= 1e-12 * max(values[0], 1e-300)] = 0.0
    return comps, values


def _orient(comps: FloatArray, ranks: IntArray, previous: FloatArray | None) -> FloatArray:
    """Fix each component's sign: like the previous run's where given, else so that the sum
    of cubes is positive (falling back to the lowest-id non-zero entry)."""
    out = comps.copy()
    for c in range(out.shape[0]):
        vec = out[c]
        if not np.any(vec):
            continue
        if previous is not None and previous.shape == out.shape:
            dot = float(np.dot(previous[c], vec))
            if abs(dot) > 1e-6:
                out[c] = vec if dot > 0 else -vec
                continue
        cubes = float(np.sum(vec**3))
        if abs(cubes) > 1e-9 * float(np.sum(np.abs(vec) ** 3)):
            sign = 1.0 if cubes > 0 else -1.0
        else:
            nonzero = np.flatnonzero(np.abs(vec) > 1e-9)
            first = nonzero[np.argmin(ranks[nonzero])] if nonzero.size else 0
            sign = 1.0 if vec[first] >= 0 else -1.0
        out[c] = sign * vec
    return out


# =========================================================================== the pipeline


def opinion_groups(
    votes: VoteMatrix | CodeMatrix | sp.csr_matrix,
    *,
    rejected: npt.ArrayLike | None = None,
    meta: npt.ArrayLike | None = None,
    participant_ids: npt.ArrayLike | None = None,
    statement_ids: npt.ArrayLike | None = None,
    seed: int = 0,
    previous: OpinionState | None = None,
    options: OpinionOptions | None = None,
) -> OpinionResult:
    """Run the Pol.is pipeline (see the module docstring) on a code matrix.

    ``votes`` is a :class:`VoteMatrix` or a participants × statements CSR matrix of codes
    (1 agree, -1 disagree, 2 pass). ``rejected`` and ``meta`` name statements left out of
    the math (moderated out; meta statements are left out too and get a fixed priority):
    either a boolean mask over the columns or an array of statement ids. Ids default to the
    row and column positions. ``previous`` is the ``state`` of an earlier run, for a warm
    start; ``seed`` fixes the cold-start order.
    """
    opts = options or OpinionOptions()
    timer = _Timer()
    with timer("prepare"):
        if isinstance(votes, VoteMatrix):
            codes = _as_codes(votes.codes)
            pids = np.asarray(votes.participant_ids)
            sids = np.asarray(votes.statement_ids)
        else:
            codes = _as_codes(votes)
            n0, m0 = codes.shape
            pids = np.arange(n0) if participant_ids is None else np.asarray(participant_ids)
            sids = np.arange(m0) if statement_ids is None else np.asarray(statement_ids)
        n, m = int(codes.shape[0]), int(codes.shape[1])
        if pids.shape != (n,) or sids.shape != (m,):
            raise ValueError("participant_ids and statement_ids must match the matrix shape")
        if len(np.unique(pids)) != n or len(np.unique(sids)) != m:
            raise ValueError("participant and statement ids must be distinct")
        is_meta = _column_mask(meta, sids, m, "meta")
        mod_out = _column_mask(rejected, sids, m, "rejected") | is_meta
        statement_ranks = _id_ranks(sids)
        scan = np.argsort(statement_ranks, kind="stable").astype(np.int64)
        data = codes.data
        values = np.where(data == PASS, 0, data).astype(np.float64)
        col = codes.indices
        seen_rows = np.diff(codes.indptr).astype(np.int64)
        seen_cols = np.bincount(col, minlength=m).astype(np.int64)
        in_matrix = seen_cols > 0  # Pol.is's columns: statements someone voted on
        n_cmts = int(in_matrix.sum())
        zeroed = mod_out & in_matrix
        sums = np.bincount(col, weights=values, minlength=m)
        with np.errstate(invalid="ignore", divide="ignore"):
            center = np.where(in_matrix & ~zeroed, sums / np.maximum(seen_cols, 1), 0.0)
        active_entry = ~zeroed[col]
        centred = as_csr(
            (
                np.where(active_entry, values - center[col], 0.0),
                codes.indices.copy(),
                codes.indptr.copy(),
            ),
            shape=(n, m),
        )
        centred.eliminate_zeros()
        active_rows = np.bincount(
            np.repeat(np.arange(n), seen_rows)[active_entry], minlength=n
        ).astype(np.int64)

    with timer("in_conversation"):
        in_conv = _in_conversation(seen_rows, n_cmts, pids, previous, opts)

    with timer("pca"):
        statement_keys = _id_keys(sids, seed)
        active_cols = np.flatnonzero(in_matrix & ~zeroed)
        comps = np.zeros((2, m))
        active_comps, eigenvalues = _top_components(
            as_csr(centred[:, active_cols]), statement_keys[active_cols]
        )
        comps[:, active_cols] = active_comps
        prev_comps = None
        if previous is not None and previous.components.size:
            prev_comps = _align_previous(previous, sids)
        comps = _orient(comps, statement_ranks, prev_comps)
        n_votes = active_rows + int(zeroed.sum())
        scale = np.sqrt(n_cmts / np.maximum(n_votes, 1))
        coords = _q(np.asarray(centred @ comps.T) * scale[:, None])
        coords[seen_rows == 0] = 0.0

    with timer("base_clusters"):
        conv_rows = np.flatnonzero(in_conv)
        rank_of_entry = statement_ranks[col]
        first_statement = np.full(n, m, dtype=np.int64)
        voters = np.flatnonzero(seen_rows > 0)
        if voters.size:
            first_statement[voters] = np.minimum.reduceat(rank_of_entry, codes.indptr[voters])
        base = _base_clusters(coords, first_statement, conv_rows, pids, previous, seed, opts)

    with timer("group_clusters"):
        groups = _group_clusters(base, previous, seed, opts)

    with timer("statistics"):
        base_labels = np.full(n, -1, dtype=np.int64)
        base_labels[conv_rows] = base.labels
        k = groups.k
        labels = np.full(n, -1, dtype=np.int64)
        if k > 0:
            labels[conv_rows] = groups.base_groups[base.labels]
        g_agree, g_disagree, g_seen = group_vote_counts(codes, labels, k)
        group_sizes = np.bincount(labels[labels >= 0], minlength=k).astype(np.int64)
        representative: list[tuple[RepresentativeStatement, ...]] = []
        total_a, total_d, total_s = g_agree.sum(0), g_disagree.sum(0), g_seen.sum(0)
        for g in range(k):
            na, nd, ns = (x[g].astype(np.float64) for x in (g_agree, g_disagree, g_seen))
            representative.append(
                _select_representative(
                    na,
                    nd,
                    ns,
                    total_a - na,
                    total_d - nd,
                    total_s - ns,
                    scan,
                    mod_out,
                    opts.max_representative,
                )
            )
        all_agree = np.bincount(col, weights=(data == AGREE), minlength=m).astype(np.float64)
        all_disagree = np.bincount(col, weights=(data == DISAGREE), minlength=m).astype(np.float64)
        cons_agree, cons_disagree = _select_consensus(
            all_agree,
            all_disagree,
            seen_cols.astype(np.float64),
            scan,
            mod_out | ~in_matrix,
            opts.max_consensus,
        )
        gac = group_aware_consensus(g_agree, g_seen) if k > 0 else np.full(m, np.nan, np.float64)
        extremity = np.sqrt(n_cmts) * np.abs(1.0 - center) * np.hypot(comps[0], comps[1])
        extremity = np.where(in_matrix & ~zeroed, extremity, 0.0)
        priority = comment_priority(total_a, total_d, total_s, extremity, meta=is_meta)

    state = OpinionState(
        in_conversation_ids=pids[in_conv],
        base_clusters=tuple(
            Cluster(
                id=int(base.ids[b]),
                members=pids[conv_rows[base.labels == b]],
                center=base.centers[b].copy(),
            )
            for b in range(base.ids.shape[0])
        ),
        group_clusterings=groups.clusterings,
        k_smoother=groups.smoother,
        components=comps,
        component_statement_ids=sids,
    )
    return OpinionResult(
        participant_ids=pids,
        statement_ids=sids,
        in_conversation=in_conv,
        labels=labels,
        coordinates=coords,
        components=comps,
        center=center,
        eigenvalues=eigenvalues,
        base_labels=base_labels,
        base_centers=base.centers,
        base_sizes=np.bincount(base.labels, minlength=base.ids.shape[0]).astype(np.int64),
        base_groups=groups.base_groups,
        k=k,
        best_k=groups.best_k,
        silhouettes=groups.silhouettes,
        group_ids=groups.group_ids,
        group_sizes=group_sizes,
        group_agree=g_agree,
        group_disagree=g_disagree,
        group_seen=g_seen,
        representative=tuple(representative),
        consensus_agree=cons_agree,
        consensus_disagree=cons_disagree,
        group_aware_consensus=gac,
        comment_priority=priority,
        comment_extremity=extremity,
        rejected=mod_out,
        state=state,
        timings=timer.timings | {"total": sum(timer.timings.values())},
    )


def _align_previous(previous: OpinionState, sids: npt.NDArray[np.generic]) -> FloatArray:
    out = np.zeros((2, sids.shape[0]))
    prev_ids = np.asarray(previous.component_statement_ids)
    if prev_ids.size == 0:
        return out
    sorter = np.argsort(prev_ids, kind="stable")
    pos = np.clip(np.searchsorted(prev_ids, sids, sorter=sorter), 0, len(prev_ids) - 1)
    hit = prev_ids[sorter[pos]] == sids
    out[:, hit] = previous.components[:, sorter[pos[hit]]]
    return out


def _in_conversation(
    seen_rows: IntArray,
    n_cmts: int,
    pids: npt.NDArray[np.generic],
    previous: OpinionState | None,
    opts: OpinionOptions,
) -> BoolArray:
    voted = seen_rows > 0
    threshold = min(opts.min_votes, n_cmts)
    in_conv = voted & (seen_rows >= threshold)
    if previous is not None and previous.in_conversation_ids.size:
        in_conv |= voted & np.isin(pids, previous.in_conversation_ids)
    missing = opts.min_in_conversation - int(in_conv.sum())
    if missing > 0:
        candidates = np.flatnonzero(voted & ~in_conv)
        order = np.lexsort((_id_ranks(pids)[candidates], -seen_rows[candidates]))
        in_conv[candidates[order[:missing]]] = True
    return in_conv


@dataclass
class _Base:
    ids: IntArray
    centers: FloatArray
    labels: IntArray  # base index per in-conversation row


def _base_clusters(
    coords: FloatArray,
    first_statement: IntArray,
    conv_rows: IntArray,
    pids: npt.NDArray[np.generic],
    previous: OpinionState | None,
    seed: int,
    opts: OpinionOptions,
) -> _Base:
    if conv_rows.size == 0:
        return _Base(
            ids=np.zeros(0, np.int64), centers=np.zeros((0, 2)), labels=np.zeros(0, np.int64)
        )
    points = coords[conv_rows]
    conv_ids = pids[conv_rows]
    if opts.cold_start == "polis":
        # Pol.is's row order: participants appear as the votes are read, sorted by
        # statement then participant, i.e. by (first statement voted on, participant id).
        order = np.lexsort((_id_ranks(conv_ids), first_statement[conv_rows])).astype(np.int64)
    else:
        order = _id_order(conv_ids, seed)
    weights = np.ones(points.shape[0])
    k = min(opts.base_k, np.unique(points, axis=0).shape[0])
    prev = previous.base_clusters if previous is not None else None
    result = _kmeans(
        points,
        weights,
        k,
        order=order,
        max_iter=opts.base_iters,
        previous=prev,
        point_ids=conv_ids,
    )
    # Present base clusters in id order (Pol.is sorts by id).
    by_id = np.argsort(result.ids, kind="stable")
    inverse = np.empty_like(by_id)
    inverse[by_id] = np.arange(by_id.shape[0])
    return _Base(
        ids=result.ids[by_id], centers=result.centers[by_id], labels=inverse[result.labels]
    )


@dataclass
class _Groups:
    k: int
    best_k: int
    base_groups: IntArray
    group_ids: IntArray
    silhouettes: dict[int, float]
    clusterings: dict[int, tuple[Cluster, ...]]
    smoother: KSmoother | None


def _group_clusters(
    base: _Base, previous: OpinionState | None, seed: int, opts: OpinionOptions
) -> _Groups:
    n_base = base.ids.shape[0]
    weights = np.bincount(base.labels, minlength=n_base).astype(np.float64)
    empty = _Groups(
        k=0,
        best_k=0,
        base_groups=np.zeros(n_base, np.int64),
        group_ids=np.zeros(0, np.int64),
        silhouettes={},
        clusterings={},
        smoother=previous.k_smoother if previous is not None else None,
    )
    if n_base == 0:
        return empty
    distinct = np.unique(base.centers, axis=0).shape[0]
    if distinct < 2:
        clusters = (Cluster(id=0, members=base.ids.copy(), center=base.centers.mean(axis=0)),)
        return _Groups(
            k=1,
            best_k=1,
            base_groups=np.zeros(n_base, np.int64),
            group_ids=np.zeros(1, np.int64),
            silhouettes={},
            clusterings={1: clusters},
            smoother=empty.smoother,
        )
    max_k = min(opts.max_k, 2 + n_base // 12)
    diff = base.centers[:, None, :] - base.centers[None, :, :]
    distances = np.sqrt(np.sum(diff * diff, axis=2))
    order = np.arange(n_base, dtype=np.int64)  # base clusters in id order
    results: dict[int, _Clustering] = {}
    silhouettes: dict[int, float] = {}
    for k in range(2, max_k + 1):
        if k > distinct:
            break
        prev = None
        if previous is not None:
            prev = previous.group_clusterings.get(k)
        clustering = _kmeans(
            base.centers,
            weights,
            k,
            order=order,
            max_iter=opts.group_iters,
            previous=prev,
            point_ids=base.ids,
        )
        if prev is None:
            clustering = _relabel_by_size(clustering, weights)
        results[k] = clustering
        silhouettes[k] = _silhouette(distances, clustering.labels, clustering.ids.shape[0])
    best_k = best_k_by_silhouette(silhouettes)
    prev_smoother = previous.k_smoother if previous is not None else None
    smoother = smooth_k(best_k, prev_smoother, buffer=opts.k_buffer)
    shown = smoother.displayed_k if smoother.displayed_k in results else best_k
    if shown != smoother.displayed_k:
        smoother = KSmoother(displayed_k=shown, candidate_k=best_k, streak=smoother.streak)
    chosen = results[shown]
    by_id = np.argsort(chosen.ids, kind="stable")
    index_of = np.empty_like(by_id)
    index_of[by_id] = np.arange(by_id.shape[0])
    clusterings = {
        kk: tuple(
            Cluster(
                id=int(c.ids[g]),
                members=base.ids[c.labels == g],
                center=c.centers[g].copy(),
            )
            for g in range(c.ids.shape[0])
        )
        for kk, c in results.items()
    }
    return _Groups(
        k=int(chosen.ids.shape[0]),
        best_k=best_k,
        base_groups=index_of[chosen.labels],
        group_ids=chosen.ids[by_id],
        silhouettes=silhouettes,
        clusterings=clusterings,
        smoother=smoother,
    )


def _relabel_by_size(clustering: _Clustering, weights: FloatArray) -> _Clustering:
    """Cold start: number groups by size, largest first (ties by first base cluster)."""
    n = clustering.ids.shape[0]
    mass = np.bincount(clustering.labels, weights=weights, minlength=n)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, clustering.labels, np.arange(clustering.labels.shape[0]))
    order = np.lexsort((first, -mass))
    new_index = np.empty(n, dtype=np.int64)
    new_index[order] = np.arange(n)
    return _Clustering(
        ids=np.arange(n, dtype=np.int64),
        centers=clustering.centers[order],
        labels=new_index[clustering.labels],
    )


# =========================================================================== participants


@dataclass(frozen=True)
class ParticipantStatistics:
    """Per participant (rows of the vote matrix): the latest votes cast (passes included),
    agrees, disagrees, passes, the group index (-1 when not clustered) and the Pearson
    correlation of the participant's votes with the mean vote of each group
    (``group_correlations``, participants × groups) and with their own group
    (``group_correlation``); NaN where a correlation is not defined."""

    participant_ids: npt.NDArray[np.generic]
    n_votes: IntArray
    n_agree: IntArray
    n_disagree: IntArray
    n_pass: IntArray
    group: IntArray
    group_correlations: FloatArray
    group_correlation: FloatArray


def participant_statistics(
    votes: VoteMatrix | CodeMatrix | sp.csr_matrix,
    labels: npt.ArrayLike,
    *,
    k: int | None = None,
    excluded: npt.ArrayLike | None = None,
    participant_ids: npt.ArrayLike | None = None,
    min_members: int = 3,
    min_statement_votes: int = 3,
) -> ParticipantStatistics:
    """polismath's participant info (``participant_info`` in its Python port, the
    participant-stats of ``repness.clj``) from a code matrix and a group index per row.

    As polismath: votes are +1 / -1 / 0 with unseen as 0; a group's profile is its members'
    mean vote per statement, over the statements at least ``min_statement_votes`` of its
    members agreed or disagreed with, for groups of at least ``min_members``; the
    correlation is Pearson's (population form) between a participant's row and that profile.
    Departures: statements in ``excluded`` (a mask over columns: rejected and meta) are left
    out of the correlation, as polismath zeroes their columns (same result); ``n_pass``
    counts passes only (polismath counts unseen statements as passes too); a correlation
    that is not defined (a group too small, fewer than three statements, a participant or a
    profile that does not vary) is NaN, where polismath writes 0, which would read as "no
    relation"."""
    if isinstance(votes, VoteMatrix):
        codes = _as_codes(votes.codes)
        pids = np.asarray(votes.participant_ids)
    else:
        codes = _as_codes(votes)
        pids = np.arange(codes.shape[0]) if participant_ids is None else np.asarray(participant_ids)
    n, m = int(codes.shape[0]), int(codes.shape[1])
    lab = np.asarray(labels, dtype=np.int64)
    if lab.shape != (n,) or pids.shape != (n,):
        raise ValueError("labels and participant ids must have one entry per row")
    n_groups = max(int(lab.max()) + 1 if n else 0, 0) if k is None else k
    mask = np.zeros(m, dtype=bool) if excluded is None else np.asarray(excluded, dtype=bool)
    if mask.shape != (m,):
        raise ValueError("excluded must be a mask over the statements")
    data = codes.data
    rows = np.repeat(np.arange(n), np.diff(codes.indptr))
    n_votes = np.diff(codes.indptr).astype(np.int64)
    n_agree = np.bincount(rows[data == AGREE], minlength=n).astype(np.int64)
    n_disagree = np.bincount(rows[data == DISAGREE], minlength=n).astype(np.int64)
    n_pass = np.bincount(rows[data == PASS], minlength=n).astype(np.int64)
    keep = ~mask[codes.indices]
    values = as_csr(
        (
            np.where((data == PASS) | ~keep, 0.0, data.astype(np.float64)),
            codes.indices,
            codes.indptr,
        ),
        shape=(n, m),
    )
    values.eliminate_zeros()
    squares = values.multiply(values).tocsr()
    nonzero = as_csr((np.ones_like(values.data), values.indices, values.indptr), shape=(n, m))
    correlations = np.full((n, n_groups), np.nan)
    for g in range(n_groups):
        members = np.flatnonzero(lab == g)
        if members.size < min_members:
            continue
        profile = np.asarray(values[members].sum(axis=0)).ravel() / members.size
        counted = np.asarray(nonzero[members].sum(axis=0)).ravel()
        valid = np.flatnonzero(counted >= min_statement_votes)
        if valid.size < 3:
            continue
        g_vals = profile[valid]
        g_centred = g_vals - g_vals.mean()
        g_std = float(np.sqrt(np.mean(g_centred**2)))
        if g_std <= FLAT:
            # A flat profile (every mean the same, up to rounding: 1/3 summed three ways is
            # not always 1/3) correlates with nothing: dividing by rounding noise would give
            # any value at all.
            continue
        sub = as_csr(values[:, valid])
        p_mean = np.asarray(sub.sum(axis=1)).ravel() / valid.size
        p_sq = np.asarray(as_csr(squares[:, valid]).sum(axis=1)).ravel() / valid.size
        p_std = np.sqrt(np.maximum(p_sq - p_mean**2, 0.0))
        cov = np.asarray(sub @ g_centred).ravel() / valid.size
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = np.where(p_std > FLAT, cov / (p_std * g_std), np.nan)
        correlations[:, g] = np.clip(np.round(corr, _DECIMALS), -1.0, 1.0)
    own = np.full(n, np.nan)
    grouped = np.flatnonzero((lab >= 0) & (lab < n_groups))
    own[grouped] = correlations[grouped, lab[grouped]]
    return ParticipantStatistics(
        participant_ids=pids,
        n_votes=n_votes,
        n_agree=n_agree,
        n_disagree=n_disagree,
        n_pass=n_pass,
        group=lab.copy(),
        group_correlations=correlations,
        group_correlation=own,
    )


# =========================================================================== subgroups


@dataclass(frozen=True)
class SubgroupState:
    """What the next run's subgroups of one group start from (keyed by the group's id)."""

    clusterings: Mapping[int, tuple[Cluster, ...]]
    k_smoother: KSmoother | None


@dataclass(frozen=True)
class GroupSubgroups:
    """The subgroups of one group (``subgroup-clusters``): ``k`` of them (1 = the group is
    not split), a subgroup index per participant (-1 outside the group), their sizes and
    representative statements (each subgroup against its sibling subgroups)."""

    group: int  # group index
    group_id: int  # the group's stable id
    k: int
    best_k: int
    silhouettes: Mapping[int, float]
    labels: IntArray
    sizes: IntArray
    representative: tuple[tuple[RepresentativeStatement, ...], ...]
    state: SubgroupState

    @property
    def silhouette(self) -> float:
        """The silhouette of the subgroups shown (0 when the group is not split)."""
        return float(self.silhouettes.get(self.k, 0.0))


def subgroup_clusters(
    result: OpinionResult,
    votes: VoteMatrix | CodeMatrix | sp.csr_matrix,
    *,
    previous: Mapping[int, SubgroupState] | None = None,
    options: OpinionOptions | None = None,
) -> tuple[GroupSubgroups, ...]:
    """polismath's subgroups (``conversation.clj`` ``:subgroup-clusterings`` …
    ``:subgroup-repness``): each group's base clusters are clustered again, as the groups
    are from all base clusters: weighted k-means of the group's base-cluster centres for
    k = 2 … min(max_k, 2 + ⌊base clusters in the group / 12⌋), the silhouette over those
    centres, the best k smoothed per group over runs (``k_buffer``), warm-started from
    ``previous`` (keyed by group id). Representative statements of a subgroup compare it
    with the other subgroups of its group, as ``conv-repness`` over the subgroup clustering
    does. ``votes`` is the matrix ``result`` was computed from. Pure and cheap: at most
    ``max_k`` small k-means runs over at most 100 points per group."""
    opts = options or OpinionOptions()
    codes = _as_codes(votes.codes if isinstance(votes, VoteMatrix) else votes)
    n = codes.shape[0]
    sids = np.asarray(result.statement_ids)
    scan = np.argsort(_id_ranks(sids), kind="stable").astype(np.int64)
    # Base clusters by their stable ids (positions change between runs; ids do not).
    base_ids = np.array([c.id for c in result.state.base_clusters], dtype=np.int64)
    out: list[GroupSubgroups] = []
    for g in range(result.k):
        gid = int(result.group_ids[g]) if g < result.group_ids.shape[0] else g
        prev = (previous or {}).get(gid)
        in_group = np.flatnonzero(result.base_groups == g)
        points = result.base_centers[in_group]
        weights = result.base_sizes[in_group].astype(np.float64)
        ids = base_ids[in_group]
        labels_of_base = np.zeros(in_group.shape[0], dtype=np.int64)
        results: dict[int, _Clustering] = {}
        silhouettes: dict[int, float] = {}
        distinct = np.unique(points, axis=0).shape[0] if points.size else 0
        if distinct >= 2:
            diff = points[:, None, :] - points[None, :, :]
            distances = np.sqrt(np.sum(diff * diff, axis=2))
            max_k = min(opts.max_k, 2 + in_group.shape[0] // 12)
            order = np.arange(in_group.shape[0], dtype=np.int64)
            for kk in range(2, max_k + 1):
                if kk > distinct:
                    break
                warm = prev.clusterings.get(kk) if prev is not None else None
                clustering = _kmeans(
                    points,
                    weights,
                    kk,
                    order=order,
                    max_iter=opts.group_iters,
                    previous=warm,
                    point_ids=ids,
                )
                if warm is None:
                    clustering = _relabel_by_size(clustering, weights)
                results[kk] = clustering
                silhouettes[kk] = _silhouette(distances, clustering.labels, clustering.ids.shape[0])
        smoother = prev.k_smoother if prev is not None else None
        if results:
            best_k = best_k_by_silhouette(silhouettes)
            smoother = smooth_k(best_k, smoother, buffer=opts.k_buffer)
            shown = smoother.displayed_k if smoother.displayed_k in results else best_k
            if shown != smoother.displayed_k:
                smoother = KSmoother(displayed_k=shown, candidate_k=best_k, streak=smoother.streak)
            chosen = results[shown]
            by_id = np.argsort(chosen.ids, kind="stable")
            index_of = np.empty_like(by_id)
            index_of[by_id] = np.arange(by_id.shape[0])
            labels_of_base = index_of[chosen.labels]
            k_sub = int(chosen.ids.shape[0])
        else:
            best_k = k_sub = 1
        sub_of_base = np.full(base_ids.shape[0], -1, dtype=np.int64)
        sub_of_base[in_group] = labels_of_base
        labels = np.full(n, -1, dtype=np.int64)
        clustered = result.base_labels >= 0
        labels[clustered] = sub_of_base[result.base_labels[clustered]]
        labels[result.labels != g] = -1
        sizes = np.bincount(labels[labels >= 0], minlength=k_sub).astype(np.int64)
        representative: list[tuple[RepresentativeStatement, ...]] = []
        if k_sub >= 2:
            s_agree, s_disagree, s_seen = group_vote_counts(codes, labels, k_sub)
            tot_a, tot_d, tot_s = s_agree.sum(0), s_disagree.sum(0), s_seen.sum(0)
            for s in range(k_sub):
                na, nd, ns = (x[s].astype(np.float64) for x in (s_agree, s_disagree, s_seen))
                representative.append(
                    _select_representative(
                        na,
                        nd,
                        ns,
                        tot_a - na,
                        tot_d - nd,
                        tot_s - ns,
                        scan,
                        result.rejected,
                        opts.max_representative,
                    )
                )
        out.append(
            GroupSubgroups(
                group=g,
                group_id=gid,
                k=k_sub,
                best_k=best_k,
                silhouettes=silhouettes,
                labels=labels,
                sizes=sizes,
                representative=tuple(representative),
                state=SubgroupState(
                    clusterings={
                        kk: tuple(
                            Cluster(
                                id=int(c.ids[i]),
                                members=ids[c.labels == i],
                                center=c.centers[i].copy(),
                            )
                            for i in range(c.ids.shape[0])
                        )
                        for kk, c in results.items()
                    },
                    k_smoother=smoother,
                ),
            )
        )
    return tuple(out)
