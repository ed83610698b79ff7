"""Clean input for the theme engine (groundwork.analysis.theme_input) and its effect on themes:
junk and self-descriptions set aside, duplicates and one person's posts counted once,
rejected answers left out, and a theme over a quarter of the answers split when it holds two
subjects."""

import random

from hypothesis import given
from hypothesis import strategies as st

from groundwork.analysis.theme_input import (
    is_junk,
    is_keyboard_mash,
    is_self_description,
    screen_answers,
)
from groundwork.analysis.themes import find_themes

from .test_themes import corpus as topical

JUNK = [
    "test",
    "Testing 123",
    "hello",
    "Hola!",
    "asdfasdf",
    "qwerty",
    "sdfg",
    "ok",
    "Strongly agree",
    "ich stimme zu",
    "no comment",
    "xxx",
    "🙂",
    "???",
    "",
]
NOT_JUNK = [
    "Housing",
    "More bike lanes",
    "Legalize weed",
    "Test the water for lead",
    "Más parques",
    "liberty and property",
    "Kommunismus",
]
SELF = [
    "I live in a large NZ city",
    "My household income is less than $100,000",
    "I am between 20 and 25 years old.",
    "I am a renter.",
    "I'm retired",
    "I have lived in BG/Warren County all my life.",
    "Soy madre de tres hijos.",
    "Vivo en el barrio norte.",
    "Mi hogar tiene cinco personas.",
    "Ich wohne in Graz.",
]
NOT_SELF = [
    "I am worried about security issues with online voting.",
    "I am pleased with the current electoral system.",
    "I live on Elm Street and the drains should be fixed.",
    "I live downtown. We need more parking.",
    "Soy de la opinión que faltan parques.",
    "Vivo cerca del río pero nadie limpia los drenajes.",
    "We need affordable housing",
]


def test_junk_rule() -> None:
    for text in JUNK:
        assert is_junk(text, "en" if text != "ich stimme zu" else "de"), text
    for text in NOT_JUNK:
        assert not is_junk(text), text


def test_keyboard_mashes() -> None:
    for word in ["asdf", "asdfasdf", "qwert", "hjkl", "sdfgh", "aaaaaa", "jajaja", "zxcvb"]:
        assert is_keyboard_mash(word), word
    for word in ["property", "liberty", "poverty", "rhythm", "water", "street", "banana"]:
        assert not is_keyboard_mash(word), word


def test_self_description_rule() -> None:
    for text in SELF:
        assert is_self_description(text), text
    for text in NOT_SELF:
        assert not is_self_description(text), text


@given(st.lists(st.sampled_from(JUNK + NOT_JUNK + SELF + NOT_SELF), max_size=30))
def test_screen_puts_every_answer_in_exactly_one_place(texts: list[str]) -> None:
    screened = screen_answers(texts)
    placed = (
        [i for group in screened.stands_for for i in group]
        + screened.junk
        + screened.about
        + screened.rejected
    )
    assert sorted(placed) == list(range(len(texts)))
    assert screened.items == [group[0] for group in screened.stands_for]
    # Without authors an item weighs the answers it stands for.
    assert screened.weight == [float(len(g)) for g in screened.stands_for]


def test_duplicates_and_one_persons_posts_weigh_one_voice() -> None:
    texts = ["More bike lanes!", "more bike lanes", "Bike lanes, more.", "Fix the drains", "Parks"]
    authors = ["ana", "ana", "ben", "ana", None]
    screened = screen_answers(texts, authors=authors)
    # "more bike lanes" twice by Ana is one item; "Bike lanes, more." has other word order.
    assert screened.stands_for == [[0, 1], [2], [3], [4]]
    # Ana is one voice shared by her two distinct items; Ben and the anonymous answer one each.
    assert screened.weight == [0.5, 1.0, 0.5, 1.0]


def test_rejected_answers_are_left_out() -> None:
    screened = screen_answers(
        ["a good idea about parks", "spam spam", "fine"], moderated=[1, -1, 0]
    )
    assert screened.rejected == [1]
    assert 0 in screened.items


def test_junk_and_self_descriptions_are_set_aside_not_themes() -> None:
    texts, _ = topical(200)
    extra = [
        "test",
        "hello",
        "asdfasdf",
        "test",
        "I live in a large city",
        "I am a renter.",
        "My household has four people",
        "Soy estudiante.",
        "Vivo en el centro.",
    ] * 3
    result = find_themes(texts + extra, languages="en", seed=0)
    junk = {i for i, t in enumerate(extra, start=200) if t in ("test", "hello", "asdfasdf")}
    about = set(range(200, 200 + len(extra))) - junk
    assert set(result.junk) == junk and set(result.about) == about
    in_themes = {m.id for t in result.themes for m in t.members}
    assert not in_themes & (junk | about) and not set(result.other) & (junk | about)
    for theme in result.themes:
        assert "test" not in theme.words and "asdfasdf" not in theme.words


def test_a_repeated_post_by_one_participant_counts_once() -> None:
    texts, _ = topical(200)
    authors: list[object] = list(range(200))
    # One participant posts about a pet project 40 times, in different words each time.
    rng = random.Random(1)
    pet = ["hydrosolar", "plant", "turbine", "reservoir", "megawatt", "dam", "generator"]
    for _ in range(40):
        texts.append(" ".join(rng.sample(pet, 4)) + " " + rng.choice(["now", "today", "soon"]))
        authors.append("pet-project")
    # ... and posts the same flood answer five more times.
    texts += ["Flood drains in the basement again"] * 5
    authors += ["flood-person"] * 5
    with_authors = find_themes(texts, languages="en", authors=authors, seed=0)
    without = find_themes(texts, languages="en", seed=0)

    # Without authors, forty answers make a theme named after the pet project; with them, one
    # voice cannot name a theme.
    def named_by_pet(theme: object) -> bool:
        return any(word in theme.label for word in pet)  # type: ignore[attr-defined]

    assert any(named_by_pet(t) for t in without.themes)
    assert not any(named_by_pet(t) for t in with_authors.themes)
    # Every answer is still somewhere: in a theme or in "other" (duplicates with their first).
    placed = {m.id for t in with_authors.themes for m in t.members} | set(with_authors.other)
    assert placed == set(range(len(texts)))
    repeated = set(range(240, 245))
    theme_of = {m.id: t.id for t in with_authors.themes for m in t.members}
    assert len({theme_of.get(i) for i in repeated}) == 1


def test_moderation_flags_are_respected() -> None:
    texts, _ = topical(120)
    flags = [-1 if i % 10 == 0 else 1 for i in range(120)]
    result = find_themes(texts, languages="en", moderated=flags, seed=0)
    assert set(result.rejected) == {i for i in range(120) if i % 10 == 0}
    in_themes = {m.id for t in result.themes for m in t.members}
    assert not in_themes & set(result.rejected)


SUBJECTS = {
    "water": ["water", "pipes", "lead", "tap", "boil", "notice", "drinking", "brown"],
    "wifi": ["internet", "broadband", "signal", "wifi", "slow", "outage", "provider", "fiber"],
    "parks": ["park", "playground", "trees", "trail", "benches", "picnic", "garden"],
    "bus": ["bus", "route", "schedule", "fare", "driver", "sunday", "stop"],
}
SHARED = [
    "town",
    "council",
    "fix",
    "please",
    "years",
    "residents",
    "again",
    "problem",
    "complaint",
    "every",
]


def lumpable(seed: int) -> tuple[list[str], list[str]]:
    """Four subjects sharing many words; the old engine put the bus and the internet answers
    (56 of 180, 31%) in one theme."""
    rng = random.Random(seed)
    texts, topics = [], []
    for topic, size in {"water": 60, "wifi": 60, "parks": 30, "bus": 30}.items():
        for _ in range(size):
            words = [rng.choice(SUBJECTS[topic]) for _ in range(rng.randint(2, 3))]
            words += [rng.choice(SHARED) for _ in range(rng.randint(3, 5))]
            rng.shuffle(words)
            texts.append(" ".join(words).capitalize() + ".")
            topics.append(topic)
    return texts, topics


def test_a_theme_over_a_quarter_holding_two_subjects_is_split() -> None:
    texts, topics = lumpable(0)
    result = find_themes(texts, languages="en", seed=0)
    for theme in result.themes:
        subjects = {topics[int(m.id)] for m in theme.members}
        if theme.size > len(texts) / 4:
            assert len(subjects) == 1, (theme.label, subjects)


def test_keyboard_runs_with_vowels_to_the_end_of_a_row() -> None:
    # Runs along a row, vowels and all: four letters, or five up to the row's last key.
    for word in ["qwer", "uiop", "yuiop", "poiuy", "trewq", "azert"]:
        assert is_keyboard_mash(word), word
    for word in ["rope", "pier", "quiet", "tower"]:
        assert not is_keyboard_mash(word), word
