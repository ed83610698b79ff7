"""Property tests of the theme engine: robustness, determinism, symmetry, verbatim quotes."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groundwork.analysis.themes import ThemeResult, find_themes

WORDS = [
    "park",
    "tree",
    "bus",
    "fare",
    "rent",
    "landlord",
    "flood",
    "river",
    "school",
    "teacher",
    "clinic",
    "nurse",
]
answer = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join),
    st.sampled_from(["", "   ", "the and of", "🙂🎉", "¿Qué?", "123 456", "公車很好"]),
    st.text(max_size=30),
)
corpora = st.lists(answer, max_size=40)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_structure(texts: list[str], result: ThemeResult) -> None:
    ids = set(range(len(texts)))
    # Every answer is in exactly one place: a theme, "other", or set aside.
    seen = list(result.other) + list(result.junk) + list(result.about) + list(result.rejected)
    for theme in result.themes:
        members = {m.id for m in theme.members}
        seen += list(members)
        assert theme.size == len(theme.members) > 0
        assert 1 <= len(theme.quotes) <= 5
        for quote in theme.quotes:
            assert quote.id in members and quote.text == texts[int(quote.id)]
        if theme.subthemes:
            # Subthemes are disjoint parts of the theme; a claim like none stays in no subtheme.
            in_subs = [m.id for s in theme.subthemes for m in s.members]
            assert len(in_subs) == len(set(in_subs)) and set(in_subs) <= members
            for sub in theme.subthemes:
                for quote in sub.quotes:
                    assert quote.text == texts[int(quote.id)]
                    assert quote.id in {m.id for m in sub.members}
    assert sorted(seen) == sorted(ids)


@FAST
@given(corpora, st.sampled_from(["en", "es", None]))
def test_never_crashes_and_accounts_for_every_answer(texts: list[str], lang: str | None) -> None:
    result = find_themes(texts, languages=lang, subtheme_min_members=8)
    check_structure(texts, result)


def test_edge_cases() -> None:
    assert find_themes([]).themes == [] and find_themes([]).other == []
    one = find_themes(["We need more parks"])
    assert one.themes == [] and one.other == [0]
    same = find_themes(["More parks please"] * 12)
    assert len(same.themes) == 1 and same.themes[0].size == 12
    assert len(same.themes[0].quotes) == 1
    stop = find_themes(["the and of", "is it", "a an"] * 5, languages="en")
    # Answers with nothing to group by are set aside as junk, not "other".
    assert stop.themes == [] and len(stop.junk) == 15 and stop.other == []
    emoji = find_themes(["🙂", "🎉🎉", "👍"] * 5)
    assert emoji.themes == [] and len(emoji.junk) == 15 and emoji.other == []


@FAST
@given(corpora, st.integers(0, 3))
def test_deterministic_for_a_seed(texts: list[str], seed: int) -> None:
    a = find_themes(texts, seed=seed, subtheme_min_members=8).to_dict()
    b = find_themes(texts, seed=seed, subtheme_min_members=8).to_dict()
    assert a == b


@FAST
@given(corpora, st.randoms(use_true_random=False))
def test_permuting_the_input_permutes_membership(texts: list[str], rnd: random.Random) -> None:
    ids = list(range(len(texts)))
    order = ids[:]
    rnd.shuffle(order)
    a = find_themes(texts, ids=ids, subtheme_min_members=8)
    b = find_themes([texts[i] for i in order], ids=order, subtheme_min_members=8)
    assert a.to_dict() == b.to_dict()


def test_permutation_on_a_realistic_corpus() -> None:
    rng = random.Random(1)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))) for _ in range(300)]
    order = list(range(300))
    rng.shuffle(order)
    a = find_themes(texts, ids=list(range(300)))
    b = find_themes([texts[i] for i in order], ids=order)
    assert a.to_dict() == b.to_dict()
    assert len(a.themes) >= 2


@FAST
@given(corpora, st.randoms(use_true_random=False), st.integers(1, 5))
def test_permutation_invariance_with_authors_and_moderation(
    texts: list[str], rnd: random.Random, people: int
) -> None:
    ids = list(range(len(texts)))
    authors = [i % people for i in ids]
    flags = [-1 if i % 7 == 3 else 1 for i in ids]
    order = ids[:]
    rnd.shuffle(order)
    a = find_themes(texts, ids=ids, authors=authors, moderated=flags, subtheme_min_members=8)
    b = find_themes(
        [texts[i] for i in order],
        ids=order,
        authors=[authors[i] for i in order],
        moderated=[flags[i] for i in order],
        subtheme_min_members=8,
    )
    assert a.to_dict() == b.to_dict()
    check_structure(texts, a)


@pytest.mark.parametrize(
    "texts",
    [
        ["AA\r", "park", "park"],
        [
            "The bus never comes on time. The park has no lights at night.",
            "The bus is late every morning.",
            "The park needs lights.",
            "Buses should run on Sundays.",
        ],
    ],
)
def test_a_quote_is_its_answers_whole_text_even_when_a_claim_was_picked(
    texts: list[str],
) -> None:
    """A quote carries its answer's text verbatim, not the claim (trimmed, or one sentence of
    several) the theme was built from."""
    check_structure(texts, find_themes(texts, ids=list(range(len(texts)))))
