"""Where a theme's subthemes begin and end (groundwork.analysis.themes.subthemes): the
smallest term that seeds one, the fit threshold, a theme with exactly two subthemes, claims
that fit none, and the people behind a subtheme's quotes and name.

The theme here is built by hand (its claims, their terms, their authors) and divided by
``_subthemes`` itself, so each test sits at one edge of the rules the package docstring
states (step 9)."""

from collections.abc import Sequence

import numpy as np
import pytest
import scipy.sparse as sp

from groundwork.analysis.text import TextAnalyzer
from groundwork.analysis.themes import Theme, subthemes
from groundwork.analysis.themes.subthemes import _phrase_groups, _subthemes
from groundwork.analysis.themes.vectors import _normalize_sparse


def matrices(
    terms_of: Sequence[Sequence[str]], *, extra_rows: int = 0
) -> tuple[sp.csr_matrix, sp.csr_matrix, list[str]]:
    """Presence and unit TF-IDF-like rows of claims given by their terms; ``extra_rows``
    claims of the corpus outside the theme (holding a term of their own) make the theme's
    terms rarer in the corpus than in the theme."""
    vocabulary = sorted({t for terms in terms_of for t in terms} | {"elsewhere"})
    column = {t: j for j, t in enumerate(vocabulary)}
    dense = np.zeros((len(terms_of) + extra_rows, len(vocabulary)))
    for i, terms in enumerate(terms_of):
        for t in terms:
            dense[i, column[t]] = 1.0
    dense[len(terms_of) :, column["elsewhere"]] = 1.0
    return sp.csr_matrix(dense), _normalize_sparse(sp.csr_matrix(dense)), vocabulary


def divide(
    texts: Sequence[str],
    terms_of: Sequence[Sequence[str]],
    *,
    authors: Sequence[str] | None = None,
) -> list[Theme]:
    """The subthemes ``_subthemes`` makes of a theme holding every claim (lexical backend)."""
    presence, tfidf, vocabulary = matrices(terms_of)
    n = len(texts)
    rows = np.arange(n, dtype=np.intp)
    found, stored = _subthemes(
        "1",
        rows,
        rows,
        tfidf,
        presence,
        None,
        vocabulary,
        TextAnalyzer(),
        list(texts),
        list(range(n)),
        seed=0,
        max_quotes=5,
        weights=np.ones(n),
        languages=["en"] * n,
        authors=None if authors is None else list(authors),
    )
    assert [s.label for s in stored] == [t.label for t in found]
    return found


def members(theme: Theme) -> set[int]:
    return {int(m.id) for m in theme.members}


PLAYGROUND = [
    "The park needs a new playground.",
    "A playground for small children in the park.",
    "Fix the broken playground at the park.",
]
TREES = [
    "Plant more trees in the park.",
    "The park lost its old trees.",
    "Shade trees along the park paths.",
]


def test_a_theme_with_exactly_two_subthemes_keeps_both() -> None:
    found = divide(PLAYGROUND + TREES, [["park", "playground"]] * 3 + [["park", "tree"]] * 3)
    assert [members(s) for s in found] == [{0, 1, 2}, {3, 4, 5}]
    # Each is named by one of its claims, trimmed.
    assert found[0].label + "." in PLAYGROUND and found[1].label + "." in TREES
    assert [s.id for s in found] == ["1.1", "1.2"]


def test_a_term_held_by_exactly_three_claims_seeds_a_subtheme() -> None:
    """_PHRASE_MIN (3) is the least: three claims sharing "playground" are one subtheme,
    two sharing "bench" are none."""
    assert subthemes._PHRASE_MIN == 3
    texts = PLAYGROUND + TREES + TREES[:1] + ["Benches by the park.", "More benches, please."]
    terms = (
        [["park", "playground"]] * 3
        + [["park", "tree"]] * 4
        + [["park", "bench"], ["bench", "please"]]
    )
    presence, tfidf, _ = matrices(terms)
    found = _phrase_groups(tfidf, presence, np.arange(len(texts)), 10)
    assert found is not None and found.k == 2
    seeded = {int(label) for label in found.labels[:7]}
    assert len(seeded) == 2
    # The two "bench" claims seed nothing of their own: they join a subtheme or none.
    assert set(found.labels[7:].tolist()) <= seeded | {-1}


def test_a_claim_exactly_at_the_fit_threshold_joins_its_subtheme(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The threshold is inclusive: a claim whose cosine similarity to its subtheme's centre
    equals _SUBTHEME_MIN_FIT is in it. Claims with one term each sit at exactly 1.0 from the
    centre of the claims holding that term."""
    monkeypatch.setattr(subthemes, "_SUBTHEME_MIN_FIT", 1.0)
    found = divide(PLAYGROUND + TREES, [["playground"]] * 3 + [["tree"]] * 3)
    assert [members(s) for s in found] == [{0, 1, 2}, {3, 4, 5}]
    assert all(m.strength == 1.0 for s in found for m in s.members)


def test_claims_like_no_subtheme_are_in_none_of_them() -> None:
    """Two claims sharing no word with either subtheme stay in the theme in no subtheme (not
    in the first or the second)."""
    texts = PLAYGROUND + TREES + ["Litter everywhere.", "Litter after every weekend."]
    found = divide(texts, [["park", "playground"]] * 3 + [["park", "tree"]] * 3 + [["litter"]] * 2)
    assert [members(s) for s in found] == [{0, 1, 2}, {3, 4, 5}]


def test_without_two_distinctive_terms_the_theme_is_clustered_and_misfits_stay_out() -> None:
    """When no two terms can seed subthemes, the lexical backend clusters the claims instead
    (steps 4-8 again), and still leaves a claim that fits no subtheme out of all of them."""
    # "slide" is in 7 of 12 claims (more than half: the theme's own subject, no seed),
    # "swing" in 4, "litter" in 1: one seed only.
    slides = [f"The slide needs work, point {i}." for i in range(7)]
    swings = [f"Swing seats, point {i}." for i in range(4)]
    texts = slides + swings + ["Litter everywhere."]
    terms = [["slide"]] * 7 + [["swing"]] * 4 + [["litter"]]
    presence, tfidf, _ = matrices(terms)
    assert _phrase_groups(tfidf, presence, np.arange(12), 10) is None
    found = divide(texts, terms)
    assert sorted(sorted(members(s)) for s in found) == [list(range(7)), list(range(7, 11))]


def test_the_lexical_backend_forms_subthemes_from_shared_terms_not_by_clustering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Words only, with two distinctive terms: the phrase groups are the subthemes and the
    claims are not clustered again."""

    def no_clustering(*args: object, **kwargs: object) -> None:
        raise AssertionError("the lexical subthemes were clustered")

    monkeypatch.setattr(subthemes, "_cluster", no_clustering)
    found = divide(PLAYGROUND + TREES, [["park", "playground"]] * 3 + [["park", "tree"]] * 3)
    assert len(found) == 2


def test_a_subthemes_quotes_and_name_count_people_not_posts() -> None:
    """One person's three posts about a playground's fence and two other people's about its
    slide: the subtheme's quotes come from different people (one of the fence posts, not
    three), and its name is what the most people said."""
    texts = [
        "The playground fence is broken at the gate.",
        "The playground fence is broken at the corner.",
        "The playground fence is broken near the road.",
        "The playground slide is too steep.",
        "The playground slide needs a handrail.",
        "Plant trees near the park entrance.",
        "Trees would give the park shade.",
        "Old trees in the park need care.",
    ]
    authors = ["ana", "ana", "ana", "ben", "cleo", "dev", "eli", "fay"]
    terms = [["playground", "fence"]] * 3 + [["playground", "slide"]] * 2 + [["tree", "park"]] * 3
    found = divide(texts, terms, authors=authors)
    [playground] = [s for s in found if members(s) == {0, 1, 2, 3, 4}]
    quoted = [authors[int(q.id)] for q in playground.quotes]
    assert len(quoted) == len(set(quoted)) == 3
    assert "slide" in playground.label
    # Counted by posts, the fence would name it.
    by_posts = divide(texts, terms)
    [same] = [s for s in by_posts if members(s) == {0, 1, 2, 3, 4}]
    assert "fence" in same.label


def test_a_theme_has_at_most_ten_subthemes() -> None:
    """Eleven distinctive terms, three claims each: the ten that hold most become subthemes
    (_SUBTHEME_K_MAX), the eleventh's claims join the nearest or none."""
    assert subthemes._SUBTHEME_K_MAX == 10
    terms = [[f"term{t:02d}"] for t in range(11) for _ in range(3)]
    presence, tfidf, _ = matrices(terms)
    found = _phrase_groups(tfidf, presence, np.arange(len(terms)), subthemes._SUBTHEME_K_MAX)
    assert found is not None and found.k == 10
    assert len(set(found.labels[found.labels >= 0].tolist())) == 10
