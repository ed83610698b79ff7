"""Both languages together: English and Spanish answers about one subject meet in one theme."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groundwork.analysis import theme_bilingual as tb
from groundwork.analysis.text import TextAnalyzer
from groundwork.analysis.themes import Theme, assign_to_themes, find_themes

# Planted subjects, each with its own English and Spanish sentences (written for these tests,
# not the benchmark's corpus): openings and endings are joined at random.
PLANTED: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "flood": {
        "en": (
            ["Flooding on our street", "The creek", "Every storm the flood water", "Floods"],
            [
                "reaches the houses near the levee",
                "filled the basement with mud again",
                "closes the road for days",
                "needs better drainage ditches",
            ],
        ),
        "es": (
            [
                "Las inundaciones en la calle",
                "El arroyo",
                "Con cada tormenta el agua",
                "La crecida",
            ],
            [
                "llega a las casas cerca del dique",
                "llenó el sótano de lodo otra vez",
                "cierra el camino por días",
                "necesita mejor drenaje",
            ],
        ),
    },
    "school": {
        "en": (
            ["The elementary school", "Our teachers", "The high school", "Students"],
            [
                "need more tutoring after class",
                "have no counselor this year",
                "lose a day of classes when the heating fails",
                "need books in both languages",
            ],
        ),
        "es": (
            ["La escuela primaria", "Los maestros", "La preparatoria", "Los estudiantes"],
            [
                "necesitan más tutoría después de clase",
                "no tienen consejero este año",
                "pierden clases cuando falla la calefacción",
                "necesitan libros en los dos idiomas",
            ],
        ),
    },
    "food": {
        "en": (
            ["The food bank", "Groceries", "Fresh vegetables", "Families on food stamps"],
            [
                "run out before the end of the month",
                "cost too much at the only store",
                "are hard to find in the winter",
                "go hungry when school is out",
            ],
        ),
        "es": (
            [
                "El banco de alimentos",
                "La comida",
                "Las verduras frescas",
                "Las familias con cupones",
            ],
            [
                "se acaba antes del fin de mes",
                "cuesta demasiado en la única tienda",
                "son difíciles de encontrar en invierno",
                "pasan hambre cuando no hay escuela",
            ],
        ),
    },
    "police": {
        "en": (
            ["The police", "Sheriff deputies", "Officers", "Patrols at night"],
            [
                "do not speak with the neighbors",
                "should stop the speeding cars",
                "make immigrant families afraid",
                "never come when we call about crime",
            ],
        ),
        "es": (
            ["La policía", "Los agentes del sheriff", "Los oficiales", "Las patrullas de noche"],
            [
                "no hablan con los vecinos",
                "deberían parar los carros que van rápido",
                "dan miedo a las familias inmigrantes",
                "nunca vienen cuando llamamos por un crimen",
            ],
        ),
    },
}


def planted(n: int, spanish_share: float, seed: int) -> tuple[list[str], list[str], list[str]]:
    rng = random.Random(seed)
    names = sorted(PLANTED)
    texts: list[str] = []
    langs: list[str] = []
    topics: list[str] = []
    for i in range(n):
        topic = names[i % len(names)]
        lang = "es" if rng.random() < spanish_share else "en"
        openings, endings = PLANTED[topic][lang]
        texts.append(f"{rng.choice(openings)} {rng.choice(endings)}.")
        langs.append(lang)
        topics.append(topic)
    return texts, langs, topics


def _members(theme: Theme) -> list[int]:
    return [int(m.id) for m in theme.members]


def test_the_glossary_is_consistent_and_covers_community_subjects() -> None:
    glossary = tb.load_glossary()
    assert tb.glossary_conflicts() == []
    assert glossary.languages == ("en", "es")
    assert len(glossary.written) >= 200
    for concept, forms in glossary.written.items():
        assert forms["en"] and forms["es"], concept
    assert tb.GLOSSARY_PATH.with_name("README.md").exists()


def test_a_glossary_that_breaks_its_rules_lists_every_conflict(tmp_path: Path) -> None:
    """A form two concepts claim, and a phrase that folds to one word the concept does not
    list alone ("one stop" would stand for every "stop"), are reported; a phrase whose word the
    concept also lists alone ("every spring" beside "spring") is not."""
    glossary = tmp_path / "glossary.csv"
    glossary.write_text(
        "concept,en,es\n"
        "bus,bus|one stop,autobús\n"
        "van,van|bus,camioneta\n"
        "spring,spring|every spring,primavera\n",
        encoding="utf-8",
    )
    assert tb.glossary_conflicts(str(glossary)) == [
        "en: 'stop' in ~bus and the phrase 'one stop'",
        "en: 'bus' in ~bus and ~van",
    ]


def test_inflected_forms_of_both_languages_meet_in_one_concept() -> None:
    analyzer = TextAnalyzer(bigrams=False, concepts=tb.load_glossary())
    for text, lang in [
        ("Floods again", "en"),
        ("The river flooded", "en"),
        ("Las inundaciones", "es"),
        ("El río inundó todo", "es"),
        ("Se inundan las casas", "es"),
    ]:
        assert "~flood" in analyzer.tokens(text, lang), text
    # A phrase of the glossary is one concept: "cuidado de los niños" is child care.
    assert analyzer.tokens("el cuidado de los niños", "es") == ["~childcare"]
    assert analyzer.tokens("Child care", "en") == ["~childcare"]
    # Rent: "alquiler", "renta" and "rent" are one concept; shown as a word, never a stem.
    assert analyzer.tokens("el alquiler y la renta", "es") == ["~rent", "~rent"]
    assert analyzer.surface("~rent") == "renta"


def test_a_corpus_in_one_language_keeps_its_words() -> None:
    texts, _langs, _topics = planted(80, 0.0, seed=1)
    assert tb.concepts_for(texts, ["en"] * len(texts)) is None
    result = find_themes(texts, languages="en", subthemes=False)
    assert not any(tb.is_concept(t) for t in result.model.vocabulary)
    # A few Spanish answers among many English ones do not switch the mapping on.
    mixed = texts + ["La policía no habla con los vecinos."]
    assert tb.concepts_for(mixed, ["en"] * len(texts) + ["es"]) is None


def test_spanish_and_english_answers_about_one_subject_meet_in_one_theme() -> None:
    texts, langs, topics = planted(240, 0.35, seed=0)
    result = find_themes(texts, languages=langs, subthemes=False)
    for topic in PLANTED:
        for lang in ("en", "es"):
            rows = [i for i, t in enumerate(topics) if t == topic and langs[i] == lang]
            assert rows
        # The theme holding most of the topic's English answers holds most of its Spanish ones.
        homes = {}
        for lang in ("en", "es"):
            counts: Counter[int] = Counter()
            for position, theme in enumerate(result.themes):
                counts[position] = sum(
                    1 for i in _members(theme) if topics[i] == topic and langs[i] == lang
                )
            homes[lang] = counts.most_common(1)[0]
        assert homes["en"][0] == homes["es"][0], (topic, homes)
    for theme in result.themes:
        assert {langs[i] for i in _members(theme)} == {"en", "es"}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    spanish_share=st.floats(min_value=0.2, max_value=0.6),
)
def test_planted_bilingual_subjects_are_themes_holding_both_languages(
    seed: int, spanish_share: float
) -> None:
    texts, langs, topics = planted(200, spanish_share, seed=seed)
    result = find_themes(texts, languages=langs, subthemes=False, seed=seed % 7)
    theme_of = {i: position for position, t in enumerate(result.themes) for i in _members(t)}
    together = 0
    for topic in PLANTED:
        english = Counter(
            theme_of[i]
            for i, t in enumerate(topics)
            if t == topic and langs[i] == "en" and i in theme_of
        )
        spanish = [i for i, t in enumerate(topics) if t == topic and langs[i] == "es"]
        # A Spanish answer that sits with English answers about its subject (three at least).
        together += sum(1 for i in spanish if english.get(theme_of.get(i, -1), 0) >= 3)
    # Most Spanish answers do; in parallel themes by language none would.
    assert together >= 0.6 * langs.count("es"), (together, langs.count("es"))


def test_new_answers_are_placed_by_concept_in_either_language() -> None:
    texts, langs, topics = planted(200, 0.4, seed=3)
    result = find_themes(texts, languages=langs, subthemes=False)
    assert any(tb.is_concept(t) for t in result.model.vocabulary)
    theme_of = {int(m.id): t.id for t in result.themes for m in t.members}
    # The theme most of the flood answers are in.
    flood_theme = Counter(theme_of[i] for i, t in enumerate(topics) if t == "flood").most_common(1)[
        0
    ][0]
    placed = assign_to_themes(
        ["Otra inundación llenó de lodo los sótanos.", "The flooded creek reached our basement."],
        result.model,
        languages=["es", "en"],
    )
    assert [a.theme for a in placed] == [flood_theme, flood_theme]


def test_a_bilingual_theme_is_named_in_each_language_from_its_own_answers() -> None:
    texts, langs, _topics = planted(240, 0.4, seed=5)
    result = find_themes(texts, languages=langs, subthemes=False)
    lowered = {
        lang: [
            " ".join(t.casefold().split()) for t, lg in zip(texts, langs, strict=True) if lg == lang
        ]
        for lang in ("en", "es")
    }
    for theme in result.themes:
        # Counted by distinct answers: a repeated answer is one item (theme_input).
        members = list({texts[i]: i for i in _members(theme)}.values())
        by_language = Counter(langs[i] for i in members)
        # Every language a tenth of the theme's answers (and two) are written in names it.
        assert set(theme.labels) == {
            lang for lang, n in by_language.items() if n >= 2 and n >= 0.1 * len(members)
        }, theme.labels
        # The main name is in the language most of the theme's answers are written in.
        assert theme.label == theme.labels[by_language.most_common(1)[0][0]]
        assert theme.to_dict()["labels"] == theme.labels
        for lang, label in theme.labels.items():
            for part in label.replace(" and ", "|").replace(" y ", "|").split("|"):
                assert any(part.casefold() in t for t in lowered[lang]), (lang, part, label)


def test_a_phrase_may_skip_two_dropped_words_but_not_three() -> None:
    glossary = tb.Glossary(("en",), {"en": {("child", "care"): "~childcare"}}, {})
    assert glossary.longest == 2
    two = ["child", None, None, "care", "now"]
    three = ["child", None, None, None, "care"]
    assert glossary.apply("en", two) == ["~childcare", "now"]
    assert glossary.apply("en", three) == three
    assert glossary.apply("fr", two) == two  # no forms in that language
    assert tb.Glossary((), {}, {}).longest == 1


def test_the_glossary_is_read_once_and_a_one_row_file_gives_its_languages(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert tb.load_glossary() is tb.load_glossary()
    path = tmp_path / "one.csv"
    path.write_text("concept,en,es\nchild_care,child care|daycare,guardería\n", encoding="utf-8")
    glossary = tb.load_glossary(str(path))
    assert glossary.languages == ("en", "es")
    analyzer = TextAnalyzer(bigrams=False)
    [es_form] = glossary.forms["es"]
    assert es_form == tuple(analyzer.tokens("guardería", "es")) and len(es_form) == 1
    two_words = tuple(analyzer.tokens("child care", "en"))
    assert len(two_words) == 2 and glossary.forms["en"][two_words] == "~child_care"
    assert glossary.written["~child_care"]["en"] == ["child care", "daycare"]
