"""The scale leg of bench/opinion.py: a synthetic conversation with planted opinion groups,
analysed in a fresh process so that its peak memory can be read.

    python bench/opinion_scale.py [--participants 50000 --statements 2000 --votes 2000000]

Prints one JSON object: sizes, the seconds of the analysis (the vote matrix built from the
vote list, then the whole pipeline), the peak resident memory of the process, and the
adjusted Rand index between the groups found and the planted ones.

The generator: ``groups`` opinion groups of unequal sizes (45%, 30%, 25% by default). Each
statement gets a stance per group, agree-leaning (p(agree) = 0.8) or disagree-leaning
(p(agree) = 0.15), with 10% passes. Every participant votes on ``votes / participants``
distinct statements, drawn with a popularity that falls off with the statement's age, as in
a real conversation where early statements are seen most.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def planted_conversation(
    participants: int,
    statements: int,
    votes: int,
    *,
    shares: tuple[float, ...] = (0.45, 0.30, 0.25),
    seed: int = 2027,
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]
]:
    """(participant ids, statement ids, votes) with exactly ``votes`` distinct pairs, and the
    planted group of every participant."""
    rng = np.random.default_rng(seed)
    groups = rng.choice(len(shares), size=participants, p=np.array(shares) / sum(shares))
    stance = rng.random((len(shares), statements)) < 0.5
    p_agree = np.where(stance, 0.8, 0.15)
    popularity = 1.0 / (1.0 + np.arange(statements) / (statements / 8))
    popularity /= popularity.sum()
    have = 0
    keys = np.zeros(0, dtype=np.int64)
    while have < votes:
        need = int((votes - have) * 1.15) + 1000
        p = rng.integers(0, participants, size=need)
        s = rng.choice(statements, size=need, p=popularity)
        keys = np.unique(np.concatenate([keys, p.astype(np.int64) * statements + s]))
        have = keys.shape[0]
    keys = rng.permutation(keys)[:votes]
    pid = keys // statements
    sid = keys % statements
    agree_p = p_agree[groups[pid], sid]
    u = rng.random(votes)
    vote = np.where(u < 0.1, 0, np.where(rng.random(votes) < agree_p, 1, -1)).astype(np.int64)
    return pid, sid, vote, groups.astype(np.int64)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--statements", type=int, default=2_000)
    parser.add_argument("--votes", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args(argv)

    from sklearn.metrics import adjusted_rand_score

    from groundwork.analysis.opinion import opinion_groups, votes_from_triples

    started = time.perf_counter()
    pid, sid, vote, truth = planted_conversation(
        args.participants, args.statements, args.votes, seed=args.seed
    )
    generate_s = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    started = time.perf_counter()
    matrix = votes_from_triples(pid, sid, vote)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    result = opinion_groups(matrix, seed=0)
    analysis_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    clustered = result.labels >= 0
    planted = truth[np.asarray(result.participant_ids)]
    print(
        json.dumps(
            {
                "participants": int(matrix.shape[0]),
                "statements": int(matrix.shape[1]),
                "votes": int(matrix.codes.nnz),
                "seconds": round(build_s + analysis_s, 4),
                "build_matrix_s": round(build_s, 4),
                "analysis_s": round(analysis_s, 4),
                "stages_s": {k: round(v, 4) for k, v in result.timings.items()},
                "generate_s": round(generate_s, 3),
                "peak_mib": round(peak, 1),
                "rss_before_analysis_mib": round(rss_before, 1),
                "k": int(result.k),
                "planted_k": int(truth.max() + 1),
                "clustered": int(clustered.sum()),
                "ari_planted": round(
                    float(adjusted_rand_score(planted[clustered], result.labels[clustered])), 4
                ),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
