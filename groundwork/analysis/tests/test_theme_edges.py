"""Edges of the theme engine's defaults (groundwork.analysis.themes): the smallest theme, the
language an answer is screened in, the semantic backend's threshold, coherence over one
answer, the minimum theme size in stability's resamples, cohesion, and the preferred grain."""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from groundwork.analysis.themes import find_themes, topic_coherence

from .test_themes import corpus

LIBRARY = [
    "Library hours on weekends please.",
    "Library books for kids and teens.",
    "Library card fees are too high.",
]


def test_a_subject_of_three_answers_is_a_theme_of_its_own() -> None:
    """Three answers is the least a theme holds by default (1% of the answers, at least 3):
    with room for five themes, the library's three answers are one, which a minimum of four
    would dissolve into the others."""
    texts = corpus(60)[0] + LIBRARY
    found = find_themes(texts, languages="en", k=5, subthemes=False)
    [library] = [t for t in found.themes if {int(m.id) for m in t.members} == {60, 61, 62}]
    assert library.size == 3
    stricter = find_themes(texts, languages="en", k=5, subthemes=False, min_theme_size=4)
    assert all(t.size >= 4 for t in stricter.themes)


def test_answers_are_screened_in_the_language_they_are_given_in() -> None:
    """ "Muy." and "Nosotros." are only Spanish stop words: junk when the answers say they are
    Spanish (guessed, they would pass for unknown words of an English answer)."""
    texts = corpus(40)[0] + ["Muy.", "Nosotros."]
    found = find_themes(texts, languages=["en"] * 40 + ["es", "es"], subthemes=False)
    assert sorted(int(i) for i in found.junk) == [40, 41]
    placed = {int(m.id) for t in found.themes for m in t.members} | {int(i) for i in found.other}
    assert not placed & {40, 41}


def two_senses(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Answers about parks point one way, the others another, each a little apart."""
    out = np.zeros((len(texts), 3))
    for i, text in enumerate(texts):
        out[i, 0 if "park" in text.lower() else 1] = 1.0
        out[i, 2] = 0.3 * ((i % 5) / 5)
    return out


def test_the_semantic_backend_places_answers_near_a_theme_by_default() -> None:
    """By default an answer joins a semantic theme from a cosine similarity of 0.2: answers a
    little apart from their theme's centre are in it, none is left in "other"."""
    texts = [f"The park needs care, note {i}." for i in range(20)] + [
        f"The bus runs late, note {i}." for i in range(20)
    ]
    found = find_themes(texts, languages="en", embedder=two_senses, backend="semantic", k=2)
    assert found.backend == "semantic"
    assert sorted(t.size for t in found.themes) == [20, 20]
    assert list(found.other) == []
    assert found.model.embedding_min_strength == 0.2


def test_coherence_over_a_single_answer_is_that_answers_words_together() -> None:
    """One answer holding both words: they always occur together (NPMI 1)."""
    assert topic_coherence([["bus", "route"]], [["bus", "route", "late"]]) == 1.0
    assert topic_coherence([["bus", "route"]], []) == 0.0


def test_a_resample_dissolves_what_the_fit_dissolved() -> None:
    """Stability clusters each resample with the fit's minimum theme size, scaled to the
    resample's rows: two answers the fit folded into a larger theme (too few for a theme of
    their own) are folded the same way in the resamples, so they do not count against the
    clustering's stability."""
    import scipy.sparse as sp

    from groundwork.analysis.themes.clustering import _stability
    from groundwork.analysis.themes.vectors import _normalize_sparse

    # Terms 0-1: ten answers; 2-3: ten others; two answers share term 0 with the first ten.
    rows = [[0, 1]] * 10 + [[2, 3]] * 10 + [[0, 4]] * 2
    dense = np.zeros((len(rows), 5))
    for i, terms in enumerate(rows):
        dense[i, terms] = 1.0
    tfidf = _normalize_sparse(sp.csr_matrix(dense))
    labels = np.array([0] * 10 + [1] * 10 + [0] * 2)
    stability = _stability(
        tfidf,
        tfidf.toarray(),
        None,
        np.ones(len(rows)),
        labels,
        3,
        min_size=3.0,
        min_strength=0.05,
        seed=0,
    )
    assert stability == 1.0


def test_a_themes_cohesion_is_its_members_weighted_mean_strength() -> None:
    from groundwork.analysis.themes.clustering import _cohesion

    strength = np.array([0.9, 0.5, 0.2, 0.7, 0.4])
    labels = np.array([0, 0, 1, 1, -1])
    weights = np.array([3.0, 1.0, 1.0, 1.0, 5.0])
    cohesion = _cohesion(strength, labels, weights, 3)
    assert np.allclose(cohesion, [(0.9 * 3 + 0.5) / 4, (0.2 + 0.7) / 2, 0.0])


def test_the_preferred_grain_reaches_the_choice_of_k(monkeypatch: pytest.MonkeyPatch) -> None:
    """The themes' preferred number (5-12 from 100 answers) is what k is chosen within."""
    from groundwork.analysis.themes import clustering

    asked: list[object] = []
    choose = clustering._choose_k

    def spy(*args: object, **kwargs: object) -> object:
        asked.append(kwargs.get("preferred"))
        return choose(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(clustering, "_choose_k", spy)
    find_themes(corpus(120)[0], languages="en", subthemes=False)
    assert asked[0] == (5, 12)
