"""The semantic backend's embedder (groundwork.analysis.themes.embedding): loaded offline only,
on the CPU, with every core of the machine, and checked for one row per text.

``sentence-transformers`` is an optional dependency the test environment does not install: a
stand-in module records how the model is loaded and called."""

import os
import sys
import types
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pytest

from groundwork.analysis.themes import embedding
from groundwork.analysis.themes.embedding import _embed, load_embedder
from groundwork.analysis.themes.results import EMBEDDING_MODEL_ENV


class Model:
    """A stand-in SentenceTransformer: two-dimensional vectors from the texts' lengths."""

    loaded: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    encoded: list[dict[str, Any]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        Model.loaded.append((args, kwargs))

    def encode(self, texts: list[str], **kwargs: Any) -> np.ndarray:
        Model.encoded.append({"texts": texts, **kwargs})
        return np.array([[float(len(t)), 1.0] for t in texts])


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Model]]:
    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = Model  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.delenv(EMBEDDING_MODEL_ENV, raising=False)
    Model.loaded, Model.encoded = [], []
    yield Model


def test_no_model_configured_means_no_embedder(model: type[Model]) -> None:
    assert load_embedder() is None
    assert model.loaded == []


def test_the_model_is_loaded_offline_on_the_cpu(
    model: type[Model], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(EMBEDDING_MODEL_ENV, "/models/minilm")
    embed = load_embedder()
    assert embed is not None
    assert model.loaded == [(("/models/minilm",), {"device": "cpu", "local_files_only": True})]
    # Nothing may be fetched from a hub, by this library or by the ones it calls.
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"
    # A path given outright wins over the setting.
    load_embedder("/models/other")
    assert model.loaded[-1][0] == ("/models/other",)


def test_an_offline_setting_already_made_is_kept(
    model: type[Model], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
    load_embedder("/models/minilm")
    assert os.environ["HF_HUB_OFFLINE"] == os.environ["TRANSFORMERS_OFFLINE"] == "0"


def test_without_the_library_there_is_no_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    assert load_embedder("/models/minilm") is None


def test_texts_are_embedded_in_batches_of_64_normalised_quietly_on_every_core(
    model: type[Model], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []

    def affinity(pid: int) -> set[int]:
        asked.append(pid)
        return {0, 1, 2}

    monkeypatch.setattr(os, "sched_getaffinity", affinity, raising=False)
    limits: list[dict[str, Any]] = []

    class Limits:
        def __init__(self, **kwargs: Any) -> None:
            limits.append(kwargs)

        def __enter__(self) -> None:
            return None

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(embedding, "threadpool_limits", Limits)
    embed = load_embedder("/models/minilm")
    assert embed is not None
    vectors = embed(("bus", "rent"))
    # The cores this process may run on (pid 0: this process), all of them for the model.
    assert asked == [0]
    assert limits == [{"limits": 3}]
    assert model.encoded == [
        {
            "texts": ["bus", "rent"],
            "batch_size": 64,
            "normalize_embeddings": True,
            "show_progress_bar": False,
        }
    ]
    assert vectors.dtype == np.float64
    assert vectors.tolist() == [[3.0, 1.0], [4.0, 1.0]]


def fixed(rows: Sequence[Sequence[float]]) -> Any:
    return lambda texts: np.array(rows)


def test_embedding_nothing_gives_no_rows() -> None:
    assert _embed(fixed([[1.0, 0.0]]), []).shape[0] == 0


def test_an_embedder_must_return_one_row_per_text() -> None:
    with pytest.raises(ValueError, match="one row per text"):
        _embed(fixed([[1.0, 0.0]]), ["bus", "rent"])
    with pytest.raises(ValueError, match="one row per text"):
        _embed(lambda texts: np.array([1.0, 0.0]), ["bus", "rent"])
    rows = _embed(fixed([[3.0, 4.0], [0.0, 2.0]]), ["bus", "rent"])
    assert rows.tolist() == [[0.6, 0.8], [0.0, 1.0]]
