"""polismath's per-participant statistics and subgroups, computed from an opinion-group run."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.analysis.opinion import (
    FLAT,
    VoteMatrix,
    opinion_groups,
    participant_statistics,
    subgroup_clusters,
    votes_from_triples,
)

FAST = settings(max_examples=40, deadline=None)


def nested(sizes: tuple[int, ...] = (30, 30, 40), seed: int = 0) -> VoteMatrix:
    """Two camps that disagree on statements 0–7; the second camp splits in two sub-currents
    on statements 8–13 (the first camp passes on those); everyone agrees on 14."""
    rng = np.random.default_rng(seed)
    rows, cols, votes = [], [], []
    pid = 0
    for camp, size in enumerate(sizes):
        for _ in range(size):
            for s in range(15):
                if s < 8:
                    vote = 1 if (s % 2 == 0) == (camp == 0) else -1
                elif s < 14:
                    vote = 0 if camp == 0 else (1 if (s % 2 == 0) == (camp == 1) else -1)
                else:
                    vote = 1
                if rng.random() < 0.05:
                    vote = int(rng.choice([1, -1, 0]))
                rows.append(pid)
                cols.append(s)
                votes.append(vote)
            pid += 1
    return votes_from_triples(rows, cols, votes)


def _dense(matrix: VoteMatrix) -> npt.NDArray[np.float64]:
    dense = matrix.codes.toarray().astype(np.float64)
    dense[dense == 2] = 0.0
    return dense


def test_counts_and_correlation_with_the_own_group() -> None:
    matrix = nested()
    result = opinion_groups(matrix)
    stats = participant_statistics(matrix, result.labels, k=result.k)
    assert (stats.n_votes == stats.n_agree + stats.n_disagree + stats.n_pass).all()
    assert (stats.n_votes == 15).all()
    clustered = result.labels >= 0
    # People vote like their own group far more than like any other.
    assert np.median(stats.group_correlation[clustered]) > 0.8
    others = stats.group_correlations.copy()
    others[np.arange(len(result.labels)), result.labels] = np.nan
    assert (np.nanmax(others, axis=1)[clustered] < stats.group_correlation[clustered]).all()


@st.composite
def small_conversations(draw: st.DrawFn) -> tuple[VoteMatrix, npt.NDArray[np.int64], int]:
    n = draw(st.integers(min_value=1, max_value=25))
    m = draw(st.integers(min_value=1, max_value=8))
    cells = draw(st.lists(st.sampled_from([None, 1, -1, 0]), min_size=n * m, max_size=n * m))
    rows, cols, votes = [], [], []
    for i, v in enumerate(cells):
        if v is not None:
            rows.append(i // m)
            cols.append(i % m)
            votes.append(v)
    if not rows:
        rows, cols, votes = [0], [0], [1]
    matrix = votes_from_triples(rows, cols, votes)
    k = draw(st.integers(min_value=1, max_value=3))
    labels = np.array(
        draw(st.lists(st.integers(-1, k - 1), min_size=matrix.shape[0], max_size=matrix.shape[0])),
        dtype=np.int64,
    )
    return matrix, labels, k


@FAST
@given(small_conversations())
def test_correlations_match_numpy_where_defined(
    case: tuple[VoteMatrix, npt.NDArray[np.int64], int],
) -> None:
    matrix, labels, k = case
    stats = participant_statistics(matrix, labels, k=k)
    dense = _dense(matrix)
    for g in range(k):
        members = dense[labels == g]
        column = stats.group_correlations[:, g]
        if members.shape[0] < 3:
            assert np.isnan(column).all()
            continue
        valid = (members != 0).sum(axis=0) >= 3
        profile = members.mean(axis=0)[valid]
        for i in range(dense.shape[0]):
            row = dense[i, valid]
            # Undefined where either side is flat (a standard deviation of rounding noise
            # counts as flat: numpy would divide by it and return noise).
            if valid.sum() < 3 or row.std() <= FLAT or profile.std() <= FLAT:
                assert np.isnan(column[i])
            else:
                assert abs(column[i] - np.corrcoef(row, profile)[0, 1]) < 1e-6
    assert ((stats.group_correlation >= -1) | np.isnan(stats.group_correlation)).all()
    assert ((stats.group_correlation <= 1) | np.isnan(stats.group_correlation)).all()
    assert (np.isnan(stats.group_correlation[labels < 0])).all()


def test_a_group_with_two_currents_is_split_and_the_other_is_not() -> None:
    matrix = nested()
    result = opinion_groups(matrix)
    assert result.k == 2
    subgroups = subgroup_clusters(result, matrix)
    assert [s.group for s in subgroups] == [0, 1]
    # The larger group (numbered first) holds the two currents of 30 and 40.
    split = subgroups[0]
    assert split.k == 2 and sorted(split.sizes.tolist()) == [30, 40]
    assert split.silhouette > 0.5
    # Each current is told apart by the statements it sides with against the other.
    reps = [{r.statement for r in reps} for reps in split.representative]
    assert all(reps) and all(s >= 8 for r in reps for s in r if s < 14)
    # Warm start: the next run starts from these currents and keeps them (the smoothed k
    # may show a third, tiny one, as polismath's smoothing of k does for groups).
    again = subgroup_clusters(result, matrix, previous={s.group_id: s.state for s in subgroups})
    assert again[0].sizes.sum() == 70 and again[0].sizes.max() == 40
    assert again[0].state.k_smoother is not None


@FAST
@given(st.integers(min_value=0, max_value=2**16), st.integers(min_value=16, max_value=60))
def test_subgroups_partition_their_group(seed: int, people: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = people, 10
    seen = rng.random((n, m)) < 0.8
    values = rng.choice([1, -1, 0], size=(n, m))
    r, c = np.nonzero(seen)
    if r.size == 0:
        return
    matrix = votes_from_triples(r, c, values[r, c])
    result = opinion_groups(matrix)
    for sub in subgroup_clusters(result, matrix):
        members = result.labels == sub.group
        if sub.k >= 2:
            assert ((sub.labels >= 0) == members).all()
        assert (sub.labels[~members] == -1).all()
        if sub.k >= 2:
            assert sub.sizes.sum() == members.sum()
            assert len(sub.representative) == sub.k
            assert not any(
                result.rejected[r.statement] for reps in sub.representative for r in reps
            )
        again = subgroup_clusters(result, matrix)
        assert (again[sub.group].labels == sub.labels).all()
