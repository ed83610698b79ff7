"""Words and meaning together (the combined backend): word statistics beside the embeddings
when an embedding model is available, word statistics alone when none is."""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from groundwork.analysis.themes import (
    ThemeModel,
    assign_to_themes,
    find_themes,
    theme_model_from_members,
)

from .test_themes import corpus

CONCEPTS = {"park": 0, "parque": 0, "tree": 0, "árbol": 0, "bus": 1, "autobús": 1}


def embed(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    out = np.zeros((len(texts), 3))
    for i, text in enumerate(texts):
        for word in text.lower().split():
            if word in CONCEPTS:
                out[i, CONCEPTS[word]] += 1.0
        out[i, 2] = 0.01
    return out


TEXTS = ["park tree bench", "parque árbol banca", "bus stop late", "autobús parada tarde"] * 10
LANGS = ["en", "es", "en", "es"] * 10


def test_combined_backend_joins_what_means_the_same_across_languages() -> None:
    combined = find_themes(
        TEXTS, languages=LANGS, embedder=embed, backend="combined", subthemes=False
    )
    assert combined.backend == "combined" and len(combined.themes) == 2
    for theme in combined.themes:
        assert len({LANGS[int(m.id)] for m in theme.members}) == 2
        assert len({TEXTS[int(m.id)].split()[0] in ("park", "parque") for m in theme.members}) == 1
    # The model round-trips, and new answers are placed by words and meaning.
    model = ThemeModel.from_dict(combined.model.to_dict())
    assert model.backend == "combined" and all(t.vector for t in model.themes)
    park = next(t for t in combined.themes if TEXTS[int(t.members[0].id)].startswith("par"))
    [placed] = assign_to_themes(["parque"], model, languages="es", embedder=embed)
    assert placed.theme == park.id
    curated = theme_model_from_members(
        model,
        {t.id: [TEXTS[int(m.id)] for m in t.members] for t in combined.themes},
        embedder=embed,
    )
    assert assign_to_themes(["árbol"], curated, languages="es", embedder=embed)[0].theme == park.id


def test_without_an_embedding_model_combined_is_word_statistics_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GROUNDWORK_EMBEDDING_MODEL", raising=False)
    texts, _ = corpus(120)
    combined = find_themes(texts, languages="en", backend="combined")
    lexical = find_themes(texts, languages="en", backend="lexical")
    assert combined.backend == "lexical"
    assert [[m.id for m in t.members] for t in combined.themes] == [
        [m.id for m in t.members] for t in lexical.themes
    ]
