"""The opinion-group math on small synthetic conversations, and its properties."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from groundwork.analysis.opinion import (
    AGREE,
    DISAGREE,
    PASS,
    KSmoother,
    OpinionOptions,
    OpinionResult,
    VoteMatrix,
    as_csr,
    best_k_by_silhouette,
    comment_priority,
    group_aware_consensus,
    group_vote_counts,
    opinion_groups,
    smooth_k,
    votes_from_triples,
)

FAST = settings(max_examples=30, deadline=None)


def planted(
    n_per_group: tuple[int, ...] = (30, 30),
    n_statements: int = 16,
    *,
    seen: float = 1.0,
    noise: float = 0.1,
    seed: int = 0,
) -> tuple[VoteMatrix, npt.NDArray[np.int64]]:
    """Groups that agree on their own half of the statements and disagree on the others;
    the last two statements are agreed by everyone."""
    rng = np.random.default_rng(seed)
    rows, cols, votes, truth = [], [], [], []
    pid = 0
    for g, size in enumerate(n_per_group):
        for _ in range(size):
            for s in range(n_statements):
                if rng.random() > seen:
                    continue
                everyone = s >= n_statements - 2
                vote = 1 if everyone or s % len(n_per_group) == g else -1
                if rng.random() < noise:
                    vote = int(rng.choice([1, -1, 0]))
                rows.append(pid)
                cols.append(s)
                votes.append(vote)
            truth.append(g)
            pid += 1
    return votes_from_triples(rows, cols, votes), np.array(truth)


def dense(codes: npt.NDArray[np.int64]) -> VoteMatrix:
    n, m = codes.shape
    return VoteMatrix(
        codes=as_csr(codes.astype(np.int8)),
        participant_ids=np.arange(n),
        statement_ids=np.arange(m),
    )


# --------------------------------------------------------------------------- input


def test_votes_from_triples_keeps_the_latest_vote() -> None:
    m = votes_from_triples([7, 7, 7, 3], [2, 2, 5, 2], [1, -1, 0, 1], timestamps=[5, 3, 1, 2])
    assert m.participant_ids.tolist() == [3, 7]
    assert m.statement_ids.tolist() == [2, 5]
    assert m.codes.toarray().tolist() == [[AGREE, 0], [AGREE, PASS]]
    # Without timestamps the last row wins; equal timestamps too.
    m = votes_from_triples([1, 1], [1, 1], [1, -1])
    assert m.codes.toarray().tolist() == [[DISAGREE]]
    m = votes_from_triples([1, 1], [1, 1], [-1, 1], timestamps=[4, 4])
    assert m.codes.toarray().tolist() == [[AGREE]]


def test_votes_from_triples_rejects_bad_votes() -> None:
    with pytest.raises(ValueError, match="votes must be 1"):
        votes_from_triples([1], [1], [2])
    with pytest.raises(ValueError, match="equally long"):
        votes_from_triples([1, 2], [1], [1])


def test_repeated_participant_or_statement_ids_are_refused() -> None:
    """Two rows under one participant id would give one person's votes to another's row when
    groups are matched across runs: a clear error instead."""
    codes = as_csr(np.array([[1, -1], [2, 1]], dtype=np.int8))
    for pids, sids in (([7, 7], [0, 1]), ([7, 3], ["b", "b"])):
        matrix = VoteMatrix(
            codes=codes, participant_ids=np.array(pids), statement_ids=np.array(sids)
        )
        with pytest.raises(ValueError, match="participant and statement ids must be distinct"):
            opinion_groups(matrix)
        with pytest.raises(ValueError, match="participant and statement ids must be distinct"):
            opinion_groups(codes, participant_ids=pids, statement_ids=sids)
    assert opinion_groups(codes, participant_ids=[7, 3], statement_ids=["b", "a"]).labels.shape == (
        2,
    )


def test_codes_are_checked_and_never_modified() -> None:
    with pytest.raises(ValueError, match=r"store a pass as 2, not 0"):
        opinion_groups(as_csr((np.array([0], dtype=np.int8), ([0], [0])), shape=(1, 1)))
    with pytest.raises(ValueError, match="vote codes must be"):
        opinion_groups(as_csr(np.array([[3]], dtype=np.int8)))
    matrix, _ = planted()
    before = matrix.codes.copy()
    opinion_groups(matrix)
    assert np.array_equal(matrix.codes.data, before.data)
    assert np.array_equal(matrix.codes.indices, before.indices)


# --------------------------------------------------------------------------- the pipeline


def test_planted_groups_are_recovered() -> None:
    matrix, truth = planted((40, 25), seen=0.8)
    result = opinion_groups(matrix)
    assert result.k == 2
    assert adjusted_rand_score(truth, result.labels) == 1.0
    # Group 0 (the bigger one) agrees with even statements, group 1 with odd ones.
    big = int(np.argmax(result.group_sizes))
    for statement in result.representative[big]:
        expected = (
            "agree" if statement.statement % 2 == big_parity(result, truth, big) else "disagree"
        )
        assert statement.direction == expected
    # Everyone agrees on the last two statements.
    assert {c.statement for c in result.consensus_agree} >= {14, 15}
    assert all(c.statement not in (14, 15) for c in result.consensus_disagree)
    assert result.group_aware_consensus[14] > result.group_aware_consensus[0]


def big_parity(result: OpinionResult, truth: npt.NDArray[np.int64], group: int) -> int:
    members = truth[result.labels == group]
    return int(np.bincount(members).argmax())


def test_three_planted_groups() -> None:
    matrix, truth = planted((30, 30, 30), n_statements=21, noise=0.05, seed=4)
    result = opinion_groups(matrix)
    assert result.k == 3
    assert adjusted_rand_score(truth, result.labels) > 0.95


def test_in_conversation_rule() -> None:
    # 20 statements; participants 0-9 vote on everything, 10-19 on 6 statements, 20 on 7.
    codes = np.zeros((21, 20), dtype=np.int64)
    rng = np.random.default_rng(1)
    codes[:10] = rng.choice([1, -1, 2], size=(10, 20))
    codes[10:20, :6] = 1
    codes[20, :7] = -1
    result = opinion_groups(dense(codes))
    # 11 participants reach min(7, 20) votes; the top voters fill up to 15 (ties by id).
    assert result.in_conversation.sum() == 15
    assert result.in_conversation[:11].all()
    assert result.in_conversation[10:14].all() and not result.in_conversation[14:20].any()
    assert (result.labels[~result.in_conversation] == -1).all()
    # With few statements everyone who voted on all of them is in.
    small = opinion_groups(dense(codes[:, :3]))
    assert small.in_conversation.all()


@FAST
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(
            st.lists(
                st.lists(st.sampled_from([0, 0, 0, 1, -1, 2]), min_size=12, max_size=12),
                min_size=n,
                max_size=n,
            ),
            st.lists(st.booleans(), min_size=12, max_size=12),
        )
    )
)
def test_in_conversation_is_polis_rule(data: tuple[list[list[int]], list[bool]]) -> None:
    # conversation.clj :in-conv on a cold run: votes counted on the raw matrix (passes and
    # votes on moderated-out statements count) against min(7, statements with a vote);
    # below 15 participants the top voters are added.
    rows, rejected = data
    codes = np.array(rows, dtype=np.int64)
    counts = (codes != 0).sum(axis=1)
    n_cmts = int((codes != 0).any(axis=0).sum())
    result = opinion_groups(dense(codes), rejected=np.array(rejected))
    qualified = (counts > 0) & (counts >= min(7, n_cmts))
    inside = result.in_conversation
    assert inside[qualified].all()
    assert not inside[counts == 0].any()
    expected = max(int(qualified.sum()), min(15, int((counts > 0).sum())))
    assert int(inside.sum()) == expected
    added = inside & ~qualified
    if added.any() and (~inside & (counts > 0)).any():
        assert counts[added].min() >= counts[~inside & (counts > 0)].max()


def test_projection_matches_a_dense_reference() -> None:
    rng = np.random.default_rng(7)
    codes = rng.choice([0, 1, -1, 2], size=(30, 12), p=[0.4, 0.25, 0.25, 0.1])
    codes[:, 11] = np.where(codes[:, 11] == 0, 1, codes[:, 11])
    rejected = np.zeros(12, dtype=bool)
    rejected[11] = True
    result = opinion_groups(dense(codes), rejected=rejected)
    # Reference: mean-impute the matrix, zero the rejected column, PCA, project each
    # participant from the votes they cast, scale by sqrt(statements / votes).
    seen = codes != 0
    values = np.where(codes == 2, 0, codes).astype(float)
    means = np.array([values[seen[:, j], j].mean() for j in range(12)])
    full = np.where(seen, values, means)
    full[:, 11] = 0.0
    centred = full - full.mean(axis=0)
    _, _, vt = np.linalg.svd(centred)
    comps = vt[:2]
    n_votes = seen[:, :11].sum(axis=1) + 1  # the zeroed column counts as voted
    projection = np.where(seen, centred, 0.0) @ comps.T
    expected = projection * np.sqrt(12 / np.maximum(n_votes, 1))[:, None]
    for axis in range(2):
        sign = np.sign(expected[:, axis] @ result.coordinates[:, axis])
        assert np.allclose(result.coordinates[:, axis], sign * expected[:, axis], atol=1e-8)
    assert result.center[11] == 0.0 and result.components[:, 11].tolist() == [0.0, 0.0]


def test_rejected_and_meta_statements_are_never_shown() -> None:
    matrix, _ = planted((30, 30))
    result = opinion_groups(matrix, rejected=np.array([0, 1]), meta=np.array([15]))
    shown = {r.statement for reps in result.representative for r in reps}
    shown |= {c.statement for c in result.consensus_agree + result.consensus_disagree}
    assert not shown & {0, 1, 15}
    assert result.comment_priority[15] == 49.0
    assert result.rejected[[0, 1, 15]].all()


def test_statistics_formulas() -> None:
    matrix, _ = planted((20, 20))
    result = opinion_groups(matrix)
    for group, reps in enumerate(result.representative):
        for r in reps:
            na, nd, ns = r.n_agree, r.n_disagree, r.n_seen
            success = na if r.direction == "agree" else nd
            assert r.p == pytest.approx((1 + success) / (2 + ns))
            assert r.p_test == pytest.approx(2 * np.sqrt(ns + 1) * ((success + 1) / (ns + 1) - 0.5))
            assert na == result.group_agree[group, r.statement]
            assert ns == result.group_seen[group, r.statement]
            # Two-proportion test against the other groups (+1 smoothing of each count).
            rest = 1 - group
            counts = result.group_agree if r.direction == "agree" else result.group_disagree
            s1, s2 = success + 1, counts[rest, r.statement] + 1
            n1, n2 = ns + 1, result.group_seen[rest, r.statement] + 1
            p_hat = (s1 + s2) / (n1 + n2)
            z = (s1 / n1 - s2 / n2) / np.sqrt(p_hat * (1 - p_hat) * (1 / n1 + 1 / n2))
            assert r.repness_test == pytest.approx(z)
            assert r.repness == pytest.approx(
                r.p / ((1 + counts[rest, r.statement]) / (2 + n2 - 1))
            )
    gac = np.prod((result.group_agree + 1) / (result.group_seen + 2), axis=0)
    assert np.allclose(result.group_aware_consensus, gac)


def test_group_aware_consensus_and_priority_helpers() -> None:
    codes = as_csr(np.array([[1, -1], [2, 1], [1, 1], [-1, 0]], dtype=np.int8))
    agree, disagree, seen = group_vote_counts(codes, [0, 0, 1, -1])
    assert agree.tolist() == [[1, 1], [1, 1]]
    assert disagree.tolist() == [[0, 1], [0, 0]]
    assert seen.tolist() == [[2, 2], [1, 1]]
    assert group_aware_consensus(agree, seen).tolist() == pytest.approx([2 / 4 * 2 / 3] * 2)
    # importance = (1 - p_pass)(E + 1) p_agree; priority = (importance (1 + 8·2^(-S/5)))²
    a, d, s, e = 3.0, 1.0, 5.0, 0.5
    p_pass = (s - a - d + 1) / (s + 2)
    importance = (1 - p_pass) * (e + 1) * (a + 1) / (s + 2)
    expected = (importance * (1 + 8 * 2 ** (-s / 5))) ** 2
    assert comment_priority([a], [d], [s], [e])[0] == pytest.approx(expected)
    assert comment_priority([a], [d], [s], [e], meta=[True])[0] == 49.0
    # A statement nobody has seen yet gets a high priority.
    assert comment_priority([0], [0], [0], [0])[0] > comment_priority([10], [0], [40], [0])[0]


def test_k_smoother() -> None:
    state = smooth_k(3)
    assert state == KSmoother(displayed_k=3, candidate_k=3, streak=1)
    for expected_streak in (1, 2, 3):
        state = smooth_k(2, state)
        assert (state.displayed_k, state.streak) == (3, expected_streak)
    state = smooth_k(2, state)
    assert (state.displayed_k, state.streak) == (2, 4)
    state = smooth_k(4, state)
    assert (state.displayed_k, state.candidate_k, state.streak) == (2, 4, 1)
    assert smooth_k(5, state, buffer=1).displayed_k == 5


def test_best_k_ties_go_to_the_larger_k() -> None:
    # Pol.is: (apply max-key silhouettes (keys clusterings)) over k = 2, 3, ...; max-key
    # keeps the last of equal maxima.
    assert best_k_by_silhouette({2: 0.5, 3: 0.5, 4: 0.1}) == 3
    assert best_k_by_silhouette({2: 0.4, 3: 0.4, 4: 0.4, 5: 0.4}) == 5
    assert best_k_by_silhouette({2: 0.6, 3: 0.5}) == 2
    assert best_k_by_silhouette({3: 0.2}) == 3
    with pytest.raises(ValueError):
        best_k_by_silhouette({})


def _clojure_max_key(silhouettes: dict[int, float]) -> int:
    """clojure.core/max-key over the keys in order: ``>=`` keeps the later one."""
    keys = sorted(silhouettes)
    best = keys[0]
    for k in keys[1:]:
        if silhouettes[k] >= silhouettes[best]:
            best = k
    return best


@FAST
@given(
    st.dictionaries(
        st.integers(2, 5),
        st.sampled_from([-0.25, 0.0, 0.125, 0.5, 0.75]),  # few values: ties are common
        min_size=1,
    )
)
def test_best_k_is_polis_max_key(silhouettes: dict[int, float]) -> None:
    assert best_k_by_silhouette(silhouettes) == _clojure_max_key(silhouettes)


def test_warm_start_keeps_groups_stable() -> None:
    more, truth = planted((40, 40), seen=0.9, seed=2)
    early = np.r_[0:30, 40:70]
    matrix = VoteMatrix(
        codes=as_csr(more.codes[early]),
        participant_ids=more.participant_ids[early],
        statement_ids=more.statement_ids,
    )
    first = opinion_groups(matrix)
    assert adjusted_rand_score(truth[early], first.labels) == 1.0
    again = opinion_groups(matrix, previous=first.state)
    assert np.array_equal(first.labels, again.labels)
    assert np.array_equal(first.group_ids, again.group_ids)
    # New participants join; the old ones keep their group numbers.
    later = opinion_groups(more, previous=first.state)
    old = np.isin(later.participant_ids, first.participant_ids)
    assert adjusted_rand_score(first.labels, later.labels[old]) == 1.0
    assert (later.labels[old] == first.labels).all()
    # Components keep their orientation.
    common = np.intersect1d(first.statement_ids, later.statement_ids)
    assert np.all(np.sum(first.components[:, common] * later.components[:, common], axis=1) > 0)
    # Participants in the conversation stay in even with few votes.
    assert later.in_conversation[old].sum() >= first.in_conversation.sum()


def test_k_changes_only_after_winning_runs_in_a_row() -> None:
    three, _ = planted((30, 30, 30), n_statements=21, noise=0.05, seed=4)
    two, _ = planted((45, 45), n_statements=21, noise=0.05, seed=4)
    first = opinion_groups(three)
    state = first.state
    # k-means may drop a cluster left empty, so a larger k can give the same clustering
    # and the same silhouette; the tie goes to the larger k, as in Pol.is. The smoother
    # counts that k, while the groups shown are the clustering's own.
    assert first.k == 3
    old_k = first.best_k
    assert state.k_smoother == KSmoother(displayed_k=old_k, candidate_k=old_k, streak=1)
    shown = []
    for _ in range(5):
        result = opinion_groups(two, previous=state)
        state = result.state
        assert state.k_smoother is not None
        shown.append((result.best_k, state.k_smoother.displayed_k, result.k))
    # The k shown follows Pol.is's smoother over the run's best k ...
    expected = first.state.k_smoother
    for best, displayed, _ in shown:
        expected = smooth_k(best, expected)
        assert displayed == expected.displayed_k
    # ... so it changes only once another k has won four runs in a row, and then the
    # two groups of the new votes are shown.
    assert [displayed for _, displayed, _ in shown[:3]] == [old_k] * 3
    assert [best for best, _, _ in shown[-4:]] == [2] * 4
    assert shown[-1][1:] == (2, 2)


def test_deterministic() -> None:
    matrix, _ = planted((25, 25, 10), seen=0.7, seed=9)
    a, b = opinion_groups(matrix, seed=5), opinion_groups(matrix, seed=5)
    assert np.array_equal(a.labels, b.labels)
    assert np.array_equal(a.coordinates, b.coordinates)
    assert a.representative == b.representative
    c = opinion_groups(matrix, options=OpinionOptions(cold_start="hashed"), seed=11)
    assert c.k >= 1


# --------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize(
    "codes",
    [
        np.zeros((0, 0), dtype=np.int64),
        np.zeros((0, 4), dtype=np.int64),
        np.zeros((4, 0), dtype=np.int64),
        np.zeros((3, 3), dtype=np.int64),
        np.array([[1]]),
        np.array([[1], [-1], [2], [0]]),
        np.full((6, 5), 2),
        np.full((20, 1), 1),
        np.array([[1, -1], [1, -1]]),
    ],
    ids=[
        "empty",
        "no-participants",
        "no-statements",
        "no-votes",
        "one-vote",
        "one-statement",
        "all-pass",
        "unanimous",
        "identical",
    ],
)
def test_degenerate_conversations(codes: npt.NDArray[np.int64]) -> None:
    result = opinion_groups(dense(codes))
    n, m = codes.shape
    assert result.labels.shape == (n,) and result.coordinates.shape == (n, 2)
    assert result.group_aware_consensus.shape == (m,) and result.comment_priority.shape == (m,)
    assert np.isfinite(result.coordinates).all()
    assert len(result.representative) == result.k
    assert (result.labels < max(result.k, 1)).all()


# --------------------------------------------------------------------------- properties


@st.composite
def conversations(draw: st.DrawFn) -> npt.NDArray[np.int64]:
    n = draw(st.integers(0, 24))
    m = draw(st.integers(0, 8))
    cells = draw(st.lists(st.sampled_from([0, 0, 1, -1, 2]), min_size=n * m, max_size=n * m))
    return np.array(cells, dtype=np.int64).reshape(n, m)


@FAST
@given(codes=conversations(), rejected=st.integers(0, 255))
def test_never_crashes(codes: npt.NDArray[np.int64], rejected: int) -> None:
    m = codes.shape[1]
    mask = np.array([(rejected >> j) & 1 == 1 for j in range(m)], dtype=bool)
    result = opinion_groups(dense(codes), rejected=mask)
    assert np.isfinite(result.coordinates).all()
    assert np.isfinite(result.comment_priority).all()
    clustered = result.labels >= 0
    assert not (clustered & ~result.in_conversation).any()
    if result.k:
        assert set(np.unique(result.labels[clustered]).tolist()) == set(range(result.k))


def well_posed(result: OpinionResult, codes: npt.NDArray[np.int64]) -> bool:
    """The PCA plane is unique when the top eigenvalues are separated."""
    seen = codes != 0
    if not seen.any():
        return True
    values = np.where(codes == 2, 0, codes).astype(float)
    means = np.array(
        [values[seen[:, j], j].mean() if seen[:, j].any() else 0.0 for j in range(codes.shape[1])]
    )
    centred = np.where(seen, values - means, 0.0)
    eig = np.sort(np.linalg.eigvalsh(centred.T @ centred))[::-1]
    eig = np.append(eig, [0.0, 0.0, 0.0])
    scale = max(eig[0], 1e-12)
    gap12 = eig[0] - eig[1] > 1e-6 * scale
    gap23 = eig[1] - eig[2] > 1e-6 * scale or eig[1] < 1e-9 * scale
    return bool(gap12 and gap23)


@FAST
@given(codes=conversations(), data=st.data())
def test_permutations_permute_the_result(codes: npt.NDArray[np.int64], data: st.DataObject) -> None:
    n, m = codes.shape
    rows = np.array(data.draw(st.permutations(range(n))), dtype=np.int64)
    cols = np.array(data.draw(st.permutations(range(m))), dtype=np.int64)
    pids = np.arange(100, 100 + n)
    sids = np.arange(500, 500 + m)
    base = opinion_groups(as_csr(codes.astype(np.int8)), participant_ids=pids, statement_ids=sids)
    assume(well_posed(base, codes))
    shuffled = opinion_groups(
        as_csr(codes[np.ix_(rows, cols)].astype(np.int8)),
        participant_ids=pids[rows],
        statement_ids=sids[cols],
    )
    assert shuffled.k == base.k
    assert np.array_equal(shuffled.labels, base.labels[rows])
    assert np.array_equal(shuffled.in_conversation, base.in_conversation[rows])
    for axis in range(2):
        a, b = shuffled.coordinates[:, axis], base.coordinates[rows, axis]
        assert np.allclose(a, b, atol=1e-7) or np.allclose(a, -b, atol=1e-7)
    assert np.allclose(
        shuffled.group_aware_consensus, base.group_aware_consensus[cols], equal_nan=True
    )
    assert np.allclose(shuffled.comment_priority, base.comment_priority[cols])
    for reps_a, reps_b in zip(shuffled.representative, base.representative, strict=True):
        assert [cols[r.statement] for r in reps_a] == [r.statement for r in reps_b]
    assert [cols[c.statement] for c in shuffled.consensus_agree] == [
        c.statement for c in base.consensus_agree
    ]


def test_a_bad_vote_is_named_even_after_a_pass() -> None:
    from groundwork.analysis.opinion import votes_from_triples

    with pytest.raises(ValueError, match="not np.int64\\(5\\)|not 5"):
        votes_from_triples([1, 2, 3], [1, 1, 1], [0, 1, 5])


def test_previous_members_are_found_the_smallest_id_too() -> None:
    from groundwork.analysis.opinion import Cluster, _member_lookup

    clusters = [
        Cluster(id=0, members=np.array([10, 30]), center=np.zeros(2)),
        Cluster(id=1, members=np.array([20, 99]), center=np.zeros(2)),
    ]
    positions, owners = _member_lookup(clusters, np.array([30, 10, 20]))
    assert positions.tolist() == [1, 0, 2] and owners.tolist() == [0, 0, 1]


def test_each_planted_group_has_several_representative_statements() -> None:
    matrix, _ = planted((40, 25), seen=0.8)
    result = opinion_groups(matrix)
    assert [len(reps) for reps in result.representative] == [5, 5]
