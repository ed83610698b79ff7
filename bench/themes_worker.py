"""One run of one theme method on one corpus, in a fresh process, for bench/themes.py.

    python bench/themes_worker.py METHOD CORPUS.json OUT.json [--model DIR] [--repeat 2]
                                  [--seed N]

METHOD is ``lexical`` (Groundwork's default backend; the project's virtualenv), ``semantic``
(Groundwork's semantic backend) or ``bertopic`` (BERTopic's default pipeline); the last two
run in bench/.venv-themes with ``--model DIR`` (a local sentence-transformers directory).
Groundwork's engine is imported from the repository (``groundwork.analysis.themes`` needs no
Django). ``--seed`` is the seed Groundwork's engine is given (BERTopic's default pipeline
takes none: its UMAP step differs from run to run by itself). CORPUS.json holds ``texts`` and
``languages`` (one code per text, or one for all).

OUT.json gets: ``seconds`` (wall time from the texts to the themes, embedding included; the
model is loaded before the clock starts and its loading is ``model_load_s``), ``embed_s`` (time
inside the sentence-embedding calls), ``import_s``, every theme's label, size and top words
(for ours also every subtheme's label and members), and every text's theme (-1 = other, which
for BERTopic is its outlier topic -1). With ``--repeat 2`` the same call runs a second time in
the same process on the first call's vectors (``seconds_warm_without_embedding``): libraries
loaded, numba's compiled code in memory; the themes reported are the first call's. Embedding
runs on every core for both (Groundwork's embedder raises its thread limit to
``os.cpu_count()`` for the model; BERTopic's worker sets ``torch.set_num_threads(os.cpu_count())``),
so that step costs the same for both.
Peak memory is read by the parent from this process's rusage.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_ours(
    backend: str,
    texts: list[str],
    languages: Any,
    model_dir: str | None,
    repeat: int,
    seed: int = 0,
) -> dict[str, Any]:
    started = time.perf_counter()
    from groundwork.analysis.themes import find_themes, load_embedder

    import_s = time.perf_counter() - started
    embed_s = 0.0
    embedder = None
    model_load_s = 0.0
    if backend in ("semantic", "combined"):
        started = time.perf_counter()
        base = load_embedder(model_dir)
        model_load_s = time.perf_counter() - started
        if base is None:
            raise SystemExit("no embedder: sentence-transformers or the model is missing")

        cache: dict[tuple[str, ...], Any] = {}

        def embedder(batch: Any) -> Any:
            # The warm repeat reuses the first call's vectors: its time is the rest.
            nonlocal embed_s
            key = tuple(batch)
            if key in cache:
                return cache[key]
            t0 = time.perf_counter()
            out = cache[key] = base(batch)
            embed_s += time.perf_counter() - t0
            return out

    started = time.perf_counter()
    cpu_started = time.process_time()
    result = find_themes(texts, languages=languages, backend=backend, embedder=embedder, seed=seed)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    cpu_s = time.process_time() - cpu_started
    first_embed_s = embed_s
    warm: dict[str, float] = {}
    if repeat > 1:
        # The same call again in the same process (libraries loaded, the same vectors).
        started = time.perf_counter()
        find_themes(texts, languages=languages, backend=backend, embedder=embedder, seed=seed)  # type: ignore[arg-type]
        warm = {"seconds_warm_without_embedding": time.perf_counter() - started}
    if result.backend != backend:
        raise SystemExit(f"asked for the {backend} backend, got {result.backend}")
    assignment = [-1] * len(texts)
    themes = []
    for number, theme in enumerate(result.themes):
        for member in theme.members:
            # An answer whose claims are in several themes: its first (largest) theme here,
            # every theme in the members below.
            if assignment[int(member.id)] < 0:
                assignment[int(member.id)] = number
        themes.append(
            {
                "label": theme.label,
                "size": theme.size,
                "members": sorted(int(m.id) for m in theme.members),
                "words": theme.words,
                "terms": theme.terms,
                # Each subtheme's members, for the recall of must-see topics.
                "subthemes": [
                    {
                        "label": sub.label,
                        "size": sub.size,
                        "members": sorted(int(m.id) for m in sub.members),
                    }
                    for sub in theme.subthemes
                ],
            }
        )
    return {
        "seconds": seconds,
        "cpu_s": cpu_s,
        "embed_s": first_embed_s,
        "model_load_s": model_load_s,
        "import_s": import_s,
        "k": result.k,
        "themes": themes,
        "assignment": assignment,
    } | warm


def run_bertopic(texts: list[str], model_dir: str, repeat: int) -> dict[str, Any]:
    started = time.perf_counter()
    from bertopic import BERTopic
    from sentence_transformers import SentenceTransformer

    import_s = time.perf_counter() - started
    started = time.perf_counter()
    import torch

    # Every core for the embedding, as Groundwork's embedder runs it: the embedding step costs
    # the same for both methods.
    torch.set_num_threads(os.cpu_count() or 1)
    model = SentenceTransformer(model_dir, device="cpu", local_files_only=True)
    model_load_s = time.perf_counter() - started
    embed_s = 0.0
    encode = model.encode
    vectors: list[Any] = []

    def timed_encode(*args: Any, **kwargs: Any) -> Any:
        nonlocal embed_s
        t0 = time.perf_counter()
        out = encode(*args, **kwargs)
        embed_s += time.perf_counter() - t0
        if len(out) == len(texts):
            vectors.append(out)
        return out

    model.encode = timed_encode  # type: ignore[method-assign]
    started = time.perf_counter()
    # The default pipeline (UMAP, HDBSCAN, CountVectorizer, c-TF-IDF) on this model, which
    # BERTopic itself calls to embed the texts.
    topic_model = BERTopic(embedding_model=model)
    topics, _ = topic_model.fit_transform(texts)
    seconds = time.perf_counter() - started
    first_embed_s = embed_s
    warm: dict[str, float] = {}
    if repeat > 1 and vectors:
        # A second, new BERTopic in the same process (numba's compiled code loaded), on the
        # first run's vectors.
        started = time.perf_counter()
        BERTopic(embedding_model=model).fit_transform(texts, embeddings=vectors[0])
        warm = {"seconds_warm_without_embedding": time.perf_counter() - started}
    info = topic_model.get_topic_info()
    # Its own c-TF-IDF ranking beyond the 10 words it reports (which include stop words), so
    # that the scorer can take the first 10 content words, as many as ours are scored on.
    vocabulary = topic_model.vectorizer_model.get_feature_names_out()
    weights = topic_model.c_tf_idf_.toarray()
    themes = []
    for row in info.itertuples():
        topic = int(row.Topic)
        if topic == -1:
            continue
        words = [w for w, _ in (topic_model.get_topic(topic) or [])]
        ranked = weights[topic + topic_model._outliers].argsort()[::-1][:40]
        themes.append(
            {
                "topic": topic,
                "label": str(row.Name),
                "size": int(row.Count),
                "words": words,
                "ranked_words": [str(vocabulary[j]) for j in ranked],
            }
        )
    themes.sort(key=lambda t: (-t["size"], t["topic"]))
    number = {t["topic"]: i for i, t in enumerate(themes)}
    assignment = [number.get(int(t), -1) for t in topics]
    return {
        "seconds": seconds,
        "embed_s": first_embed_s,
        "model_load_s": model_load_s,
        "import_s": import_s,
        "themes": themes,
        "assignment": assignment,
    } | warm


def _option(args: list[str], name: str) -> str | None:
    """The value after ``name`` in ``args`` (both taken out of it), or None."""
    if name not in args:
        return None
    at = args.index(name)
    value = args[at + 1]
    del args[at : at + 2]
    return value


def main() -> int:
    args = sys.argv[1:]
    model_dir = _option(args, "--model")
    repeat = int(_option(args, "--repeat") or 1)
    seed = int(_option(args, "--seed") or 0)
    method, corpus_file, out_file = args
    corpus = json.loads(Path(corpus_file).read_text(encoding="utf-8"))
    texts, languages = corpus["texts"], corpus["languages"]
    if method in ("lexical", "semantic", "combined"):
        out = run_ours(method, texts, languages, model_dir, repeat, seed)
    elif method == "bertopic":
        if model_dir is None:
            raise SystemExit("bertopic needs --model DIR")
        out = run_bertopic(texts, model_dir, repeat)
    else:
        raise SystemExit(f"unknown method {method!r}")
    Path(out_file).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
