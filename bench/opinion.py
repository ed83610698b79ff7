"""The opinion-group benchmark: fidelity to Pol.is's own groups, speed against red-dwarf, and
scale on a large synthetic conversation. Writes bench/results/opinion.json.

    python bench/opinion.py                # everything (make bench-opinion)
    python bench/opinion.py --runs 3 --skip-scale

Fidelity: for every conversation under ../shared/data/polis/ (found beside the repository),
the adjusted Rand index between our groups and the ``group-id`` Pol.is exported, over the
participants both clustered, and whether the number of groups matches; red-dwarf's ARI on
the same votes beside ours. Ours is one cold run on the latest votes, as red-dwarf's is;
``ari_history`` is the same pipeline run as the product runs it and as Pol.is computed its
groups: the vote log replayed in time order in ``--history`` runs (default 100), each
warm-started from the one before (conversations without votes.csv have none). Where
comments.csv carries Pol.is's group-informed-consensus, our group-aware consensus computed from
Pol.is's own groups is compared with it. The table is printed at the end of the run.

Speed: wall time of the analysis of the same (latest-vote) lists by us and by red-dwarf 0.4.0
(``reddwarf.implementations.polis.run_pipeline``), median of N runs each, alternated; imports
and CSV parsing are timed separately. red-dwarf runs in its own virtualenv
(bench/.venv-reddwarf, installed from PyPI on first use) in a worker process that prepares its
input once and then times each call.

Scale: bench/opinion_scale.py in a fresh process (time, peak memory, recovery of planted
groups).

Web: bench/opinion_web.py (votes over HTTP to the voting page, gunicorn on a throwaway
PostgreSQL, against /healthz measured in the same rounds); see its docstring.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(HERE))

import numpy as np  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from groundwork.analysis.opinion import (  # noqa: E402
    PASS,
    OpinionResult,
    VoteMatrix,
    group_aware_consensus,
    group_vote_counts,
    opinion_groups,
    votes_from_triples,
)
from groundwork.analysis.polis_io import PolisExport, read_export  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polis"
RESULTS = HERE / "results" / "opinion.json"
REDDWARF_VENV = HERE / ".venv-reddwarf"
REDDWARF_VERSION = "0.4.0"
SPEED_CONVERSATION = "american-assembly.bowling-green"
SEED = 0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- red-dwarf


def ensure_reddwarf() -> dict[str, Any]:
    """Create bench/.venv-reddwarf and install red-dwarf there if it is not yet; report
    whether it can be used (and why not)."""
    python = REDDWARF_VENV / "bin" / "python"
    stamp = REDDWARF_VENV / f".installed-{REDDWARF_VERSION}"
    status: dict[str, Any] = {"version": REDDWARF_VERSION, "venv": str(REDDWARF_VENV)}
    if stamp.exists() and python.exists():
        return status | {"available": True, "python": str(python)}
    try:
        if not python.exists():
            log(f"creating {REDDWARF_VENV}")
            subprocess.run([sys.executable, "-m", "venv", str(REDDWARF_VENV)], check=True)
        log(f"installing red-dwarf=={REDDWARF_VERSION} from PyPI into {REDDWARF_VENV}")
        done = subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                f"red-dwarf=={REDDWARF_VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            return status | {"available": False, "error": "pip install failed: " + " | ".join(tail)}
        stamp.touch()
        return status | {"available": True, "python": str(python)}
    except (OSError, subprocess.SubprocessError) as exc:
        return status | {"available": False, "error": f"could not set up red-dwarf: {exc}"}


class RedDwarf:
    """A red-dwarf worker process (bench/opinion_reddwarf.py) holding one vote list."""

    def __init__(self, python: str, votes_file: Path) -> None:
        self.process = subprocess.Popen(
            [python, str(HERE / "opinion_reddwarf.py"), str(votes_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.ready = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("@@"):
                reply: dict[str, Any] = json.loads(line[2:])
                return reply
        raise RuntimeError(f"red-dwarf worker stopped (exit {self.process.wait()})")

    def run(self, seed: int = SEED) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(f"run {seed}\n")
        self.process.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.write("quit\n")
                self.process.stdin.close()
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


@contextmanager
def reddwarf_worker(
    status: dict[str, Any], votes: tuple[np.ndarray, ...], export: PolisExport
) -> Iterator[RedDwarf | None]:
    if not status.get("available"):
        yield None
        return
    pid, sid, vote = votes
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "votes.npz"
        np.savez(
            path,
            participant_id=pid,
            statement_id=sid,
            vote=vote,
            modified=np.zeros(len(vote), dtype=np.int64),
            mod_out=export.rejected_ids(),
            meta=export.meta_ids(),
        )
        worker = RedDwarf(status["python"], path)
        try:
            yield worker
        finally:
            worker.close()


# --------------------------------------------------------------------------- helpers


def latest_votes(matrix: VoteMatrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The latest vote per participant × statement as parallel arrays (1, -1, 0)."""
    coo = matrix.codes.tocoo()
    vote = np.where(coo.data == PASS, 0, coo.data).astype(np.int64)
    return (
        np.asarray(matrix.participant_ids)[coo.row].astype(np.int64),
        np.asarray(matrix.statement_ids)[coo.col].astype(np.int64),
        vote,
    )


def run_ours(
    votes: tuple[np.ndarray, ...], export: PolisExport
) -> tuple[OpinionResult, float, float]:
    """Our analysis of a vote list: build the matrix, run the pipeline. Returns the result,
    the total seconds and the seconds of opinion_groups alone."""
    pid, sid, vote = votes
    rejected, meta = export.rejected_ids(), export.meta_ids()
    started = time.perf_counter()
    matrix = votes_from_triples(pid, sid, vote)
    middle = time.perf_counter()
    result = opinion_groups(matrix, rejected=rejected, meta=meta, seed=SEED)
    ended = time.perf_counter()
    return result, ended - started, ended - middle


def run_history(export: PolisExport, runs: int) -> OpinionResult | None:
    """Our analysis as the product computes it in use, and as Pol.is computed its groups:
    the vote log replayed in time order, one run after every ``1/runs`` of the votes, each
    run warm-started from the one before (participants once in stay in, clusterings
    continue, k changes only after winning runs in a row). None without votes.csv."""
    log_ = export.votes
    if log_ is None or runs < 1 or len(log_) == 0:
        return None
    order = np.lexsort((np.arange(len(log_)), log_.timestamps))
    total = len(log_)
    cuts = sorted({max(1, round(total * i / runs)) for i in range(1, runs + 1)})
    rejected, meta = export.rejected_ids(), export.meta_ids()
    result: OpinionResult | None = None
    for cut in cuts:
        chosen = order[:cut]
        matrix = votes_from_triples(
            log_.voter_ids[chosen],
            log_.comment_ids[chosen],
            log_.votes[chosen],
            timestamps=log_.timestamps[chosen],
        )
        result = opinion_groups(
            matrix,
            rejected=rejected,
            meta=meta,
            seed=SEED,
            previous=result.state if result is not None else None,
        )
    return result


def polis_groups(export: PolisExport) -> dict[int, int]:
    table = export.participants
    if table is None:
        return {}
    return {
        int(p): int(g)
        for p, g in zip(table.participant_ids.tolist(), table.group_ids.tolist(), strict=True)
        if g >= 0
    }


def ari(reference: dict[int, int], labels: dict[int, int]) -> tuple[float | None, int]:
    both = [p for p in reference if p in labels]
    if len(both) < 2:
        return None, len(both)
    score = adjusted_rand_score([reference[p] for p in both], [labels[p] for p in both])
    return round(float(score), 4), len(both)


def our_labels(result: OpinionResult) -> dict[int, int]:
    return {
        int(p): int(g)
        for p, g in zip(result.participant_ids.tolist(), result.labels.tolist(), strict=True)
        if g >= 0
    }


def gic_check(export: PolisExport) -> float | None:
    """Largest |ours − Pol.is| of group-aware consensus computed from Pol.is's groups."""
    comments = export.comments or ()
    theirs = {
        c.comment_id: c.group_informed_consensus
        for c in comments
        if c.group_informed_consensus is not None
    }
    table = export.participants
    if not theirs or table is None:
        return None
    agree, _, seen = group_vote_counts(table.codes, table.group_ids)
    ours = dict(
        zip(table.comment_ids.tolist(), group_aware_consensus(agree, seen).tolist(), strict=True)
    )
    return max(abs(ours[c] - v) for c, v in theirs.items() if c in ours)


def import_seconds() -> float:
    code = (
        "import time; t = time.perf_counter(); import groundwork.analysis.opinion; "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(out.stdout.strip())


# --------------------------------------------------------------------------- legs


def fidelity(status: dict[str, Any], history_runs: int = 0) -> dict[str, Any]:
    folders = sorted(p for p in DATA.iterdir() if p.is_dir())
    out: dict[str, Any] = {}
    for folder in folders:
        started = time.perf_counter()
        export = read_export(folder)
        matrix = export.vote_matrix()
        parse_s = time.perf_counter() - started
        votes = latest_votes(matrix)
        reference = polis_groups(export)
        result, seconds, _ = run_ours(votes, export)
        score, n_both = ari(reference, our_labels(result))
        entry: dict[str, Any] = {
            "ari": score,
            "k": int(result.k),
            "k_polis": len(set(reference.values())),
            "k_match": int(result.k) == len(set(reference.values())),
            "participants": int(matrix.shape[0]),
            "statements": int(matrix.shape[1]),
            "votes": int(matrix.codes.nnz),
            "clustered_polis": len(reference),
            "clustered_ours": int((result.labels >= 0).sum()),
            "clustered_both": n_both,
            "parse_s": round(parse_s, 4),
            "ours_s": round(seconds, 4),
            "source": "votes.csv" if export.votes is not None else "participants-votes.csv",
        }
        with reddwarf_worker(status, votes, export) as worker:
            if worker is None:
                entry |= {"ari_reddwarf": None, "k_reddwarf": None}
            else:
                reply = worker.run()
                labels = {int(p): int(g) for p, g in reply["labels"].items()}
                rd_score, rd_both = ari(reference, labels)
                entry |= {
                    "ari_reddwarf": rd_score,
                    "k_reddwarf": int(reply["k"]),
                    "clustered_reddwarf": len(labels),
                    "clustered_both_reddwarf": rd_both,
                    "reddwarf_s": round(float(reply["seconds"]), 4),
                }
        if history_runs:
            replayed = run_history(export, history_runs)
            if replayed is None:
                entry |= {"ari_history": None, "k_history": None}
            else:
                h_score, _ = ari(reference, our_labels(replayed))
                entry |= {"ari_history": h_score, "k_history": int(replayed.k)}
        gic = gic_check(export)
        if gic is not None:
            entry["group_informed_consensus_max_abs_error"] = gic
            entry["group_informed_consensus_within_1e-9"] = gic <= 1e-9
        out[folder.name] = entry
        log(
            f"fidelity {folder.name}: ARI {entry['ari']} (red-dwarf {entry['ari_reddwarf']}), "
            f"k {entry['k']} vs Pol.is {entry['k_polis']}"
            + (f", replayed {entry['ari_history']}" if history_runs else "")
        )
    return out


def fidelity_summary(table: dict[str, Any]) -> dict[str, Any]:
    ours = [e["ari"] for e in table.values() if e["ari"] is not None]
    theirs = [e["ari_reddwarf"] for e in table.values() if e.get("ari_reddwarf") is not None]
    beaten = [
        name
        for name, e in table.items()
        if e.get("ari_reddwarf") is not None
        and e["ari"] is not None
        and e["ari"] > e["ari_reddwarf"]
    ]
    return {
        "median_ari": round(statistics.median(ours), 4) if ours else None,
        "median_ari_reddwarf": round(statistics.median(theirs), 4) if theirs else None,
        "k_matches": sum(1 for e in table.values() if e["k_match"]),
        "conversations": len(table),
        "beats_reddwarf_on": beaten,
        "beats_reddwarf_everywhere": bool(theirs) and len(beaten) == len(table),
        "at_least_reddwarf_count": sum(
            1
            for e in table.values()
            if e.get("ari_reddwarf") is not None
            and e["ari"] is not None
            and e["ari"] >= e["ari_reddwarf"]
        ),
        "at_least_0_9_count": sum(
            1 for e in table.values() if e["ari"] is not None and e["ari"] >= 0.9
        ),
    }


def fidelity_table(table: dict[str, Any], summary: dict[str, Any]) -> list[str]:
    """The fidelity table as printed at the end of a run (Markdown)."""
    history = any("ari_history" in e for e in table.values())
    head = (
        "| conversation | clustered | Pol.is k | ours ARI | ours k | red-dwarf ARI | red-dwarf k |"
    )
    rule = "|---|--:|--:|--:|--:|--:|--:|"
    if history:
        head += " ours replayed ARI | replayed k |"
        rule += "--:|--:|"
    lines = [head, rule]

    def cell(value: object) -> str:
        return "" if value is None else str(value)

    for name, e in table.items():
        row = (
            f"| {name} | {e['clustered_both']} | {e['k_polis']} | {cell(e['ari'])} | {e['k']} "
            f"| {cell(e.get('ari_reddwarf'))} | {cell(e.get('k_reddwarf'))} |"
        )
        if history:
            row += f" {cell(e.get('ari_history'))} | {cell(e.get('k_history'))} |"
        lines.append(row)
    lines.append(
        f"| **median** | | | **{cell(summary['median_ari'])}** | | "
        f"**{cell(summary['median_ari_reddwarf'])}** | |" + (" | |" if history else "")
    )
    return lines


def speed(status: dict[str, Any], runs: int) -> dict[str, Any]:
    folder = DATA / SPEED_CONVERSATION
    started = time.perf_counter()
    export = read_export(folder)
    matrix = export.vote_matrix()
    parse_s = time.perf_counter() - started
    votes = latest_votes(matrix)
    run_ours(votes, export)  # warm caches the same way the worker's first run does
    ours: list[float] = []
    ours_only: list[float] = []
    theirs: list[float] = []
    rd_ready: dict[str, Any] = {}
    with reddwarf_worker(status, votes, export) as worker:
        if worker is not None:
            rd_ready = worker.ready
            worker.run()  # warm-up, not counted
        for i in range(runs):
            _, total, only = run_ours(votes, export)
            ours.append(total)
            ours_only.append(only)
            if worker is not None:
                theirs.append(float(worker.run()["seconds"]))
            log(
                f"speed run {i + 1}/{runs}: ours {total:.4f} s"
                + (f", red-dwarf {theirs[-1]:.3f} s" if theirs else "")
            )
    ours_s = statistics.median(ours)
    result: dict[str, Any] = {
        "conversation": SPEED_CONVERSATION,
        "participants": int(matrix.shape[0]),
        "statements": int(matrix.shape[1]),
        "votes": int(matrix.codes.nnz),
        "runs": runs,
        "ours_s": round(ours_s, 5),
        "ours_analysis_only_s": round(statistics.median(ours_only), 5),
        "ours_runs_s": [round(x, 5) for x in ours],
        "ours_import_s": round(import_seconds(), 4),
        "csv_parse_s": round(parse_s, 4),
        "reddwarf_s": round(statistics.median(theirs), 5) if theirs else None,
        "reddwarf_runs_s": [round(x, 5) for x in theirs],
        "reddwarf_import_s": round(rd_ready["import_s"], 4) if rd_ready else None,
        "reddwarf_input_prepare_s": round(rd_ready["prepare_s"], 4) if rd_ready else None,
        "ratio": round(statistics.median(theirs) / ours_s, 2) if theirs else None,
        "note": (
            "ours_s builds the sparse matrix from the vote list and runs the whole pipeline "
            "(PCA, base and group clustering, representative and consensus statements, "
            "group-aware consensus, priorities); red-dwarf's time is one run_pipeline call on "
            "the same latest-vote list, already converted to its list-of-dicts input"
        ),
    }
    if not status.get("available"):
        result["reddwarf_error"] = status.get("error")
    return result


def scale(args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        str(HERE / "opinion_scale.py"),
        "--participants",
        str(args.participants),
        "--statements",
        str(args.statements),
        "--votes",
        str(args.votes),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["goal"] = {"seconds": 5.0, "peak_mib": 2048.0}
    result["within_goal"] = result["seconds"] < 5.0 and result["peak_mib"] < 2048.0
    return result


def web(args: argparse.Namespace) -> dict[str, Any]:
    """Votes over HTTP (bench/opinion_web.py): votes_per_s, p95_ms and ratio_to_trivial
    first, then everything measured."""
    import opinion_web

    if args.skip_web:
        return {
            "votes_per_s": None,
            "p95_ms": None,
            "ratio_to_trivial": None,
            "reason": "skipped (--skip-web)",
        }
    return opinion_web.run_web(opinion_web.parse_args(["--quick"] if args.web_quick else []))


def summary_lines(report: dict[str, Any]) -> list[str]:
    """Fidelity, speed and scale as printed at the end of a run."""
    summary = report["fidelity_summary"]
    lines = ["Fidelity: adjusted Rand index against Pol.is's own groups", ""]
    lines += fidelity_table(report["fidelity"], summary)
    lines.append("")
    lines.append(
        f"ours >= red-dwarf on {summary['at_least_reddwarf_count']} of "
        f"{summary['conversations']}; ours >= 0.9 on {summary['at_least_0_9_count']}; "
        f"k matches Pol.is on {summary['k_matches']}"
    )
    sp = report["speed"]
    lines.append(
        f"Speed ({sp['conversation']}, {sp['votes']} votes): ours {sp['ours_s']} s, "
        f"red-dwarf {sp['reddwarf_s']} s: red-dwarf / ours = {sp['ratio']}x"
    )
    sc = report.get("scale")
    if sc:
        lines.append(
            f"Scale: {sc.get('participants')} participants, {sc.get('statements')} statements, "
            f"{sc.get('votes')} votes: {sc['seconds']} s, peak {sc['peak_mib']} MiB, "
            f"ARI planted {sc['ari_planted']}"
        )
    web_ = report.get("web") or {}
    if web_.get("ratio_to_trivial") is not None:
        lines.append(
            f"Web: {web_.get('votes_per_s')} votes/s, p95 {web_.get('p95_ms')} ms, "
            f"ratio to trivial {web_.get('ratio_to_trivial')}"
        )
    return lines


def machine(status: dict[str, Any]) -> dict[str, Any]:
    import scipy
    import sklearn

    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit_learn": sklearn.__version__,
        "reddwarf": REDDWARF_VERSION if status.get("available") else None,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="speed runs of each implementation")
    p.add_argument("--participants", type=int, default=50_000)
    p.add_argument("--statements", type=int, default=2_000)
    p.add_argument("--votes", type=int, default=2_000_000)
    p.add_argument(
        "--history",
        type=int,
        default=100,
        metavar="RUNS",
        help="also replay each vote log in RUNS warm-started runs (default 100; 0: off)",
    )
    p.add_argument("--skip-reddwarf", action="store_true")
    p.add_argument("--skip-scale", action="store_true")
    p.add_argument("--skip-web", action="store_true", help="no votes over HTTP")
    p.add_argument("--web-quick", action="store_true", help="short web rounds, small data")
    p.add_argument("--output", type=Path, default=RESULTS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not DATA.is_dir():
        print(
            f"error: the Pol.is exports are not at {DATA}; the benchmark expects the shared "
            "folder beside the repository (../shared/data/polis)",
            file=sys.stderr,
        )
        return 2
    load = os.getloadavg()
    status = (
        {"available": False, "error": "skipped (--skip-reddwarf)", "version": REDDWARF_VERSION}
        if args.skip_reddwarf
        else ensure_reddwarf()
    )
    if not status.get("available"):
        log(f"red-dwarf unavailable: {status.get('error')}")
    report: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "make bench-opinion",
        "seed": SEED,
        "reddwarf": {k: v for k, v in status.items() if k != "python"},
    }
    table = fidelity(status, args.history)
    report["fidelity"] = table
    report["fidelity_summary"] = fidelity_summary(table)
    report["fidelity_history_runs"] = args.history
    report["speed"] = speed(status, args.runs)
    log(f"speed: ours {report['speed']['ours_s']} s, ratio {report['speed']['ratio']}")
    if args.skip_scale:
        report["scale"] = None
    else:
        log("scale: generating and analysing the synthetic conversation")
        report["scale"] = scale(args)
        log(
            f"scale: {report['scale']['seconds']} s, peak {report['scale']['peak_mib']} MiB, "
            f"ARI planted {report['scale']['ari_planted']}"
        )
    log("web: votes over HTTP on PostgreSQL (bench/opinion_web.py)")
    report["web"] = web(args)
    for line in report["web"].get("summary", [report["web"].get("reason", "")]):
        log(f"web: {line}")
    report["machine"] = machine(status)
    report["machine"]["load_average_at_start"] = [round(x, 2) for x in load]
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["summary"] = summary_lines(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    partial = args.output.with_suffix(".json.tmp")
    partial.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(args.output)
    print("\n".join(report["summary"]))
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
