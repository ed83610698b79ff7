"""The semantic backend: sentence embeddings from a local model, loaded offline only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from groundwork.analysis.themes.results import EMBEDDING_MODEL_ENV, Embedder, FloatArray
from groundwork.analysis.themes.vectors import _normalize_rows


def load_embedder(model_path: str | None = None) -> Embedder | None:
    """A sentence-embedding function from a local sentence-transformers model directory
    (``model_path`` or ``$GROUNDWORK_EMBEDDING_MODEL``), or None when no model is configured
    or ``sentence-transformers`` is not installed. Loads offline only: nothing is fetched."""
    path = model_path or os.environ.get(EMBEDDING_MODEL_ENV, "")
    if not path:
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    model = SentenceTransformer(path, device="cpu", local_files_only=True)
    threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def embed(texts: Sequence[str]) -> npt.NDArray[Any]:
        # The model uses every core even inside find_themes, which holds other pools to one
        # thread: embedding is most of a semantic run, and two threads halve it on two cores.
        # The count is fixed per machine, so repeated runs still give the same vectors.
        with threadpool_limits(limits=threads or 1):
            vectors = model.encode(
                list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float64)

    return embed


def _embed(embedder: Embedder, texts: Sequence[str]) -> FloatArray:
    if not texts:
        return np.zeros((0, 1))
    vectors = np.asarray(embedder(list(texts)), dtype=np.float64)
    if vectors.ndim != 2 or vectors.shape[0] != len(texts):
        raise ValueError("the embedder must return one row per text")
    # Rounded as the LSA vectors are: a model's last bits may depend on its threads.
    return _normalize_rows(vectors.round(6))
