"""A theme's name when its answers give no better one (groundwork.analysis.themes.describe):
the fallback is a word as the answers wrote it, and a name a larger theme has is passed
over for the theme's next best phrase."""

import numpy as np

from groundwork.analysis import theme_bilingual, theme_labels
from groundwork.analysis.text import TextAnalyzer
from groundwork.analysis.themes.describe import _make_theme
from groundwork.analysis.themes.results import Theme

#: The first two answers have no content word, so no phrase can name a theme of them; the
#: others teach the analyzer how the corpus writes its words (and the bus concept, "~bus").
TEXTS = ["and the", "of the", "The bus is late", "El autobús llega tarde", "The bus stops"]
LANGUAGES = ["en", "en", "en", "es", "en"]


def nameless_theme(vocabulary: list[str], weights: list[float]) -> Theme:
    analyzer = TextAnalyzer(concepts=theme_bilingual.load_glossary())
    for text, language in zip(TEXTS, LANGUAGES, strict=True):
        analyzer.terms(text, language)
    return _make_theme(
        "1",
        np.arange(2),
        np.array([1.0, 0.9]),
        np.array(weights),
        vocabulary,
        analyzer,
        TEXTS,
        list(range(len(TEXTS))),
        5,
        languages=LANGUAGES,
        phrases=theme_labels.phrase_index(TEXTS, LANGUAGES, None),
    )


def test_the_fallback_name_is_a_written_word_not_a_shared_concept() -> None:
    """The best word that is not a concept of the glossary ("stops", as written), before a
    concept, which is shown in the glossary's words the answers may not use."""
    theme = nameless_theme(["~bus", "stop"], [2.0, 1.0])
    assert theme.label == "Stops"


def test_the_fallback_name_is_never_a_word_the_theme_does_not_weigh() -> None:
    """Only concepts weigh in the theme: its name is the concept's (as its top word is), not
    a word of the vocabulary with no weight in it."""
    theme = nameless_theme(["~bus", "apple"], [2.0, 0.0])
    assert theme.words == ["bus"]
    assert theme.label == "Bus"


PARK = [
    "The new playground at the park is great.",
    "A new playground for the park please.",
    "The new playground needs shade trees.",
    "Shade trees near the playground.",
]


def park_theme(taken: frozenset[str]) -> Theme:
    languages = ["en"] * len(PARK)
    return _make_theme(
        "2",
        np.arange(len(PARK)),
        np.array([1.0, 0.9, 0.8, 0.7]),
        np.array([1.0, 0.5]),
        ["playground", "shade"],
        TextAnalyzer(),
        PARK,
        list(range(len(PARK))),
        5,
        languages=languages,
        phrases=theme_labels.phrase_index(PARK, languages, None),
        taken=taken,
    )


def test_a_name_a_larger_theme_has_is_passed_over_for_the_next_best_phrase() -> None:
    first = park_theme(frozenset()).label
    second = park_theme(frozenset({first.casefold()})).label
    assert second != first
    # Still a phrase of the answers, not a sentence of one of them.
    assert second not in {text.rstrip(".") for text in PARK}
    assert len(second.split()) <= 5
