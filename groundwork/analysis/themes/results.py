"""Result types of the theme engine: themes, members, quotes, the stored model."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

DocId = str | int
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
#: A sentence-embedding function: texts in, an (n, d) array out.
Embedder = Callable[[Sequence[str]], npt.NDArray[Any]]
Backend = Literal["auto", "lexical", "semantic", "combined"]

#: Environment variable naming a local sentence-transformers model directory.
EMBEDDING_MODEL_ENV = "GROUNDWORK_EMBEDDING_MODEL"

MODEL_VERSION = 1
_TOP_N = 10
_DEFAULT_MIN_STRENGTH = {"lexical": 0.05, "semantic": 0.2, "combined": 0.1}
#: The combined backend's share of word statistics (LSA, TF-IDF) beside meaning (embeddings).
_WORDS_SHARE = 0.5


@dataclass(frozen=True)
class Member:
    """One answer in a theme, with its strength (cosine similarity to the theme's centre) and
    the claim that put it there: ``claim`` is (start, end) in the answer's text (None when the
    themes were found from whole answers, or for a duplicate written differently)."""

    id: DocId
    strength: float
    claim: tuple[int, int] | None = None


@dataclass(frozen=True)
class Quote:
    """A representative answer: its id and its text, verbatim."""

    id: DocId
    text: str


@dataclass
class Theme:
    """A theme (or subtheme): ``id`` is "1", "2", ... for themes, "1.1", "1.2", ... below.

    ``words`` are the top terms as people write them (unigrams and bigrams), ``terms`` the top
    10 folded unigrams, the form :func:`topic_coherence` expects with :func:`corpus_tokens`.
    Members are sorted by strength, strongest first.
    """

    id: str
    label: str
    size: int
    members: list[Member]
    quotes: list[Quote]
    words: list[str]
    terms: list[str]
    subthemes: list[Theme] = field(default_factory=list)
    #: The name in each language the theme's answers are written in, main language first.
    labels: dict[str, str] = field(default_factory=dict)
    people: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "labels": dict(self.labels),
            "size": self.size,
            "people": self.people,
            "words": list(self.words),
            "members": [
                {
                    "id": m.id,
                    "strength": round(m.strength, 4),
                    "claim": None if m.claim is None else list(m.claim),
                }
                for m in self.members
            ],
            "quotes": [{"id": q.id, "text": q.text} for q in self.quotes],
            "subthemes": [s.to_dict() for s in self.subthemes],
        }


@dataclass
class ThemeResult:
    """Themes (largest first), the ids of answers in no theme, and how k was chosen.

    ``k_scores`` maps every k scored to its themes' coherence (mean NPMI of their top words)
    and ``k_diversity`` to their topic diversity (see the module docstring, step 5).
    """

    themes: list[Theme]
    other: list[DocId]
    k: int
    k_scores: dict[int, float]
    backend: str
    model: ThemeModel
    k_diversity: dict[int, float] = field(default_factory=dict)
    k_stability: dict[int, float] = field(default_factory=dict)
    junk: list[DocId] = field(default_factory=list)
    about: list[DocId] = field(default_factory=list)
    rejected: list[DocId] = field(default_factory=list)

    @property
    def top_terms(self) -> list[list[str]]:
        """Each theme's top folded unigrams, for :func:`topic_coherence`/`topic_diversity`."""
        return [t.terms for t in self.themes]

    def to_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "k": self.k,
            "k_scores": {str(k): round(v, 4) for k, v in self.k_scores.items()},
            "k_diversity": {str(k): round(v, 4) for k, v in self.k_diversity.items()},
            "k_stability": {str(k): round(v, 4) for k, v in self.k_stability.items()},
            "themes": [t.to_dict() for t in self.themes],
            "other": list(self.other),
            "junk": list(self.junk),
            "about": list(self.about),
            "rejected": list(self.rejected),
        }


@dataclass
class StoredTheme:
    """A theme as stored for assignment: its centroid as term weights (unit length), the
    embedding centroid for semantic models, and its subthemes."""

    id: str
    label: str
    centroid: dict[str, float]
    vector: list[float] | None = None
    subthemes: list[StoredTheme] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "centroid": dict(self.centroid),
            "vector": None if self.vector is None else list(self.vector),
            "subthemes": [s.to_dict() for s in self.subthemes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoredTheme:
        vector = data.get("vector")
        return cls(
            id=str(data["id"]),
            label=str(data.get("label", "")),
            centroid={str(k): float(v) for k, v in dict(data.get("centroid", {})).items()},
            vector=None if vector is None else [float(x) for x in vector],
            subthemes=[cls.from_dict(s) for s in data.get("subthemes", [])],
        )


@dataclass
class ThemeModel:
    """What :func:`assign_to_themes` needs: vocabulary and IDF, the themes' centroids, the
    strength below which an answer is "other". JSON-able through :meth:`to_dict`."""

    backend: str
    vocabulary: list[str]
    idf: list[float]
    themes: list[StoredTheme]
    min_strength: float
    embedding_min_strength: float = _DEFAULT_MIN_STRENGTH["semantic"]
    embedding_model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "backend": self.backend,
            "vocabulary": list(self.vocabulary),
            "idf": [round(x, 6) for x in self.idf],
            "themes": [t.to_dict() for t in self.themes],
            "min_strength": self.min_strength,
            "embedding_min_strength": self.embedding_min_strength,
            "embedding_model": self.embedding_model,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThemeModel:
        version = data.get("version")
        if version != MODEL_VERSION:
            raise ValueError(f"unsupported theme model version: {version!r}")
        vocabulary = [str(t) for t in data["vocabulary"]]
        idf = [float(x) for x in data["idf"]]
        if len(vocabulary) != len(idf):
            raise ValueError("vocabulary and idf differ in length")
        return cls(
            backend=str(data["backend"]),
            vocabulary=vocabulary,
            idf=idf,
            themes=[StoredTheme.from_dict(t) for t in data["themes"]],
            min_strength=float(data["min_strength"]),
            embedding_min_strength=float(
                data.get("embedding_min_strength", _DEFAULT_MIN_STRENGTH["semantic"])
            ),
            embedding_model=data.get("embedding_model"),
        )


@dataclass(frozen=True)
class Assignment:
    """Where a new answer goes: a theme id (None = "other"), a subtheme id if the theme has
    subtheme, the strength (cosine similarity) to the theme, and with claims, the claim
    (start, end in the answer's text) that put it there."""

    id: DocId
    theme: str | None
    subtheme: str | None
    strength: float
    claim: tuple[int, int] | None = None
