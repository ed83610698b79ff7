"""Placing new answers in stored themes (groundwork.analysis.themes.assign): the threshold
given for claims, the strength of an answer none of whose claims fit, a semantic model placed
by meaning, and a curated model's embedding centres and subthemes."""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from groundwork.analysis.themes import ThemeModel, assign_to_themes, theme_model_from_members
from groundwork.analysis.themes.results import StoredTheme

#: Meaning by hand: parks (in both languages) on the first axis, buses on the second.
SENSE = {"park": 0, "parque": 0, "tree": 0, "árbol": 0, "bus": 1, "autobús": 1}


def embed(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    out = np.zeros((len(texts), 3))
    for i, text in enumerate(texts):
        for word in text.lower().replace(".", " ").split():
            if word in SENSE:
                out[i, SENSE[word]] += 1.0
        out[i, 2] = 0.01
    return out


def model(backend: str = "lexical") -> ThemeModel:
    semantic = backend != "lexical"
    return ThemeModel(
        backend=backend,
        vocabulary=["bus", "park", "rent"],
        idf=[1.0, 1.0, 1.0],
        themes=[
            StoredTheme("t1", "Parks", {"park": 1.0}, [1.0, 0.0, 0.0] if semantic else None),
            StoredTheme("t2", "Buses", {"bus": 1.0}, [0.0, 1.0, 0.0] if semantic else None),
        ],
        min_strength=0.05,
        embedding_min_strength=0.2,
    )


def test_the_threshold_given_holds_for_claims_too() -> None:
    texts = ["The park rent for a picnic shelter is too high. The bus fare went up with rent."]
    default = assign_to_themes(texts, model(), languages="en", claims=True)
    assert {a.theme for a in default} == {"t1", "t2"}
    strict = assign_to_themes(texts, model(), languages="en", claims=True, min_strength=0.9)
    assert [a.theme for a in strict] == [None]


def test_an_answer_none_of_whose_claims_fit_keeps_its_best_claims_strength() -> None:
    """Below the threshold the answer is "other", with the strength of its best claim (how
    near it came), the same as placing that sentence alone; an empty answer has none."""
    best = "The bus and park route runs late every evening."
    texts = [best + " Rent payments keep rising every month.", ""]
    placed = assign_to_themes(texts, model(), languages="en", claims=True, min_strength=0.99)
    alone = assign_to_themes([best], model(), languages="en", min_strength=0.99)
    assert [a.theme for a in placed] == [None, None]
    assert placed[0].strength == pytest.approx(alone[0].strength) == pytest.approx(0.5**0.5)
    assert placed[1].strength == 0.0


def test_a_semantic_model_places_answers_by_meaning() -> None:
    """ "Árbol" shares no word with any theme; its meaning is a park's."""
    [placed] = assign_to_themes(["árbol"], model("semantic"), languages="es", embedder=embed)
    assert placed.theme == "t1"
    assert placed.strength > 0.9
    # By words alone it would be "other".
    [words] = assign_to_themes(["árbol"], model(), languages="es")
    assert words.theme is None


def test_a_curated_semantic_model_has_the_meaning_of_its_members() -> None:
    curated = theme_model_from_members(
        model("semantic"),
        {"t1": ["park tree", "parque árbol"], "t2": ["bus stop"]},
        embedder=embed,
    )
    parks, buses = curated.themes
    assert parks.vector is not None and buses.vector is not None
    assert parks.vector[0] > 0.99 and buses.vector[1] > 0.99
    [placed] = assign_to_themes(["autobús"], curated, languages="es", embedder=embed)
    assert placed.theme == "t2"


def test_a_curated_model_keeps_the_subthemes_people_made() -> None:
    curated = theme_model_from_members(
        model(),
        {"t1": ["park playground", "park trees", "park trees old"]},
        subthemes={"t1": {"t1.1": ["park playground"], "t1.2": ["park trees", "park trees old"]}},
        labels={"t1.1": "Playgrounds"},
    )
    [parks] = curated.themes
    assert [s.id for s in parks.subthemes] == ["t1.1", "t1.2"]
    assert parks.subthemes[0].label == "Playgrounds"
    assert parks.subthemes[1].centroid and parks.subthemes[0].centroid == {"park": 1.0}
