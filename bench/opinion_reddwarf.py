"""Runs red-dwarf's Pol.is pipeline for bench/opinion.py, inside red-dwarf's own virtualenv
(bench/.venv-reddwarf). It never imports Groundwork.

    bench/.venv-reddwarf/bin/python bench/opinion_reddwarf.py VOTES.npz

VOTES.npz holds arrays participant_id, statement_id, vote, modified, mod_out, meta. The worker
reports its import and preparation times, then answers commands on stdin, one per line:
``run SEED`` runs ``reddwarf.implementations.polis.run_pipeline`` once and reports its wall
time and the group of every participant it clustered; ``quit`` ends. Replies are single lines
starting with ``@@`` followed by JSON (anything else on stdout is red-dwarf's own chatter).
"""

from __future__ import annotations

import json
import sys
import time
import warnings


def reply(payload: dict[str, object]) -> None:
    sys.stdout.write("@@" + json.dumps(payload) + "\n")
    sys.stdout.flush()


def main() -> int:
    started = time.perf_counter()
    import numpy as np
    from reddwarf.implementations.polis import run_pipeline

    import_s = time.perf_counter() - started
    try:
        from importlib.metadata import version

        rd_version = version("red-dwarf")
    except Exception:  # pragma: no cover - metadata missing
        rd_version = "unknown"

    started = time.perf_counter()
    data = np.load(sys.argv[1])
    votes = [
        {"participant_id": int(p), "statement_id": int(s), "vote": int(v), "modified": int(t)}
        for p, s, v, t in zip(
            data["participant_id"].tolist(),
            data["statement_id"].tolist(),
            data["vote"].tolist(),
            data["modified"].tolist(),
            strict=True,
        )
    ]
    mod_out = [int(x) for x in data["mod_out"].tolist()]
    meta = [int(x) for x in data["meta"].tolist()]
    prepare_s = time.perf_counter() - started
    reply({"ready": True, "import_s": import_s, "prepare_s": prepare_s, "version": rd_version})

    for line in sys.stdin:
        command = line.split()
        if not command or command[0] == "quit":
            break
        seed = int(command[1]) if len(command) > 1 else 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            started = time.perf_counter()
            result = run_pipeline(
                votes=votes,
                mod_out_statement_ids=mod_out,
                meta_statement_ids=meta,
                random_state=seed,
            )
            seconds = time.perf_counter() - started
        frame = result.participants_df
        clustered = frame["cluster_id"].notna().to_numpy()
        labels = {
            str(pid): int(cluster)
            for pid, cluster, ok in zip(
                frame.index.tolist(), frame["cluster_id"].tolist(), clustered, strict=True
            )
            if ok
        }
        k = len(set(labels.values()))
        reply({"seconds": seconds, "k": k, "labels": labels})
    return 0


if __name__ == "__main__":
    sys.exit(main())
