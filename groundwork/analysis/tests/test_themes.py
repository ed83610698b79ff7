"""The theme engine (groundwork.analysis.themes): structure, metrics, assignment, models."""

import json
import random
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groundwork.analysis import themes as themes_module
from groundwork.analysis.themes import (
    DocId,
    Theme,
    ThemeModel,
    assign_to_themes,
    corpus_tokens,
    find_themes,
    theme_model_from_members,
    topic_coherence,
    topic_diversity,
)

TOPICS = {
    "transit": ["bus", "route", "schedule", "transit", "ride", "fare", "driver", "sunday"],
    "housing": ["rent", "housing", "apartment", "landlord", "eviction", "deposit", "mortgage"],
    "parks": ["park", "playground", "trees", "trail", "benches", "picnic", "garden"],
    "flood": ["flood", "drains", "storm", "river", "basement", "sandbags", "levee"],
}
FILL = ["we", "need", "more", "better", "the", "and", "in", "our", "for", "a", "to", "is"]


def corpus(n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, topics = [], []
    for _ in range(n):
        topic = rng.choice(sorted(TOPICS))
        words = [rng.choice(TOPICS[topic]) for _ in range(rng.randint(3, 6))]
        words += [rng.choice(FILL) for _ in range(rng.randint(1, 4))]
        rng.shuffle(words)
        texts.append(" ".join(words).capitalize() + ".")
        topics.append(topic)
    return texts, topics


def all_members(theme: Theme) -> set[DocId]:
    return {m.id for m in theme.members}


def test_planted_topics_are_found() -> None:
    texts, topics = corpus(400)
    result = find_themes(texts, languages="en", seed=0)
    assert result.k == 4 and len(result.themes) == 4
    assert result.backend == "lexical"
    # k is chosen by stability among the k whose themes do not repeat each other's words.
    assert set(result.k_scores) == set(result.k_diversity) == set(result.k_stability)
    diverse = [k for k in result.k_stability if result.k_diversity[k] >= 0.8]
    assert max(diverse, key=lambda k: result.k_stability[k]) == 4
    assert result.k_stability[4] > 0.9
    assert any(result.k_diversity[k] < 0.8 for k in result.k_scores if k > 4)
    for theme in result.themes:
        found = {topics[int(i)] for i in all_members(theme)}
        assert len(found) == 1
        assert 3 <= len(theme.quotes) <= 5
        assert theme.size == len(theme.members)
        assert theme.label and len(theme.label.split(", ")) <= 3
        strengths = [m.strength for m in theme.members]
        assert strengths == sorted(strengths, reverse=True)
        assert all(0.0 <= s <= 1.0 + 1e-9 for s in strengths)
    covered = sorted([i for t in result.themes for i in all_members(t)] + list(result.other))
    assert covered == list(range(400))


def test_subthemes_are_disjoint_parts_of_large_themes() -> None:
    texts, _ = corpus(400)
    result = find_themes(texts, languages="en", seed=0)
    with_subs = [t for t in result.themes if t.subthemes]
    assert with_subs
    for theme in with_subs:
        assert len(theme.subthemes) >= 2
        assert sum(s.size for s in theme.subthemes) <= theme.size
        in_subs = [m.id for s in theme.subthemes for m in s.members]
        assert len(in_subs) == len(set(in_subs)) and set(in_subs) <= all_members(theme)
        for sub in theme.subthemes:
            assert sub.id.startswith(theme.id + ".") and sub.label and sub.quotes
    no_subs = find_themes(texts, languages="en", subthemes=False)
    assert all(not t.subthemes for t in no_subs.themes)


def test_quotes_are_verbatim_most_typical_distinct_members() -> None:
    texts, _ = corpus(200)
    texts = texts + [texts[0]] * 5  # duplicates are not quoted twice
    result = find_themes(texts, languages="en")
    for theme in result.themes:
        members = {m.id: m.strength for m in theme.members}
        quoted = [q.text for q in theme.quotes]
        assert len(set(quoted)) == len(quoted)
        for quote in theme.quotes:
            assert quote.id in members and texts[int(quote.id)] == quote.text
        assert members[theme.quotes[0].id] == max(members.values())


def test_k_can_be_given() -> None:
    texts, _ = corpus(300)
    result = find_themes(texts, languages="en", k=3, subthemes=False)
    assert result.k == 3 and len(result.themes) <= 3
    assert result.k_scores == {} and result.k_diversity == {}


def test_spanish_and_english_answers_meet_in_one_theme_lexically() -> None:
    # Both languages together (theme_bilingual): parks and buses, not English and Spanish.
    en = ["we need more parks and trees", "parks with more trees", "the bus route is late"] * 8
    es = ["necesitamos más parques y árboles", "parques con árboles", "la ruta del autobús"] * 8
    texts = en + es
    langs = ["en"] * len(en) + ["es"] * len(es)
    result = find_themes(texts, languages=langs, subthemes=False)
    assert len(result.themes) == 2
    for theme in result.themes:
        members = [int(i) for i in all_members(theme)]
        assert {langs[i] for i in members} == {"en", "es"}
        assert len({texts[i].endswith(("autobús", "late")) for i in members}) == 1


def test_unusable_answers_are_set_aside_as_junk() -> None:
    texts, _ = corpus(100)
    texts += ["", "🙂🙂", "the and of", "123"]
    result = find_themes(texts, languages="en")
    assert {100, 101, 102, 103} <= set(result.junk)
    assert not {100, 101, 102, 103} & ({i for t in result.themes for i in all_members(t)})
    assert not {100, 101, 102, 103} & set(result.other)


def test_ids_must_be_unique_and_match() -> None:
    with pytest.raises(ValueError):
        find_themes(["a b", "c d"], ids=[1, 1])
    with pytest.raises(ValueError):
        find_themes(["a b"], ids=[1, 2])
    with pytest.raises(ValueError):
        find_themes(["a b"], languages=["en", "es"])


def test_custom_ids_and_other_languages() -> None:
    texts = [
        "我們需要更好的公車服務",
        "公車服務太少",
        "公車司機很好",
        "公園需要更多樹",
        "公園很乾淨",
    ] * 4
    ids = [f"c{i}" for i in range(len(texts))]
    result = find_themes(texts, ids=ids, languages="zh")
    assert result.themes
    member_ids = {m for t in result.themes for m in all_members(t)} | set(result.other)
    assert member_ids == set(ids)


def test_coherence_and_diversity() -> None:
    docs = [["park", "tree"], ["park", "tree"], ["bus", "fare"], ["bus", "fare"]]
    assert topic_coherence([["park", "tree"], ["bus", "fare"]], docs) == pytest.approx(1.0)
    assert topic_coherence([["park", "bus"]], docs) == pytest.approx(-1.0)
    assert topic_coherence([["park", "unseen"]], docs) == pytest.approx(-1.0)
    assert topic_coherence([["park"]], docs) == 0.0
    assert topic_coherence([], docs) == 0.0
    assert topic_diversity([["a", "b"], ["b", "c"]]) == pytest.approx(0.75)
    assert topic_diversity([]) == 0.0


def test_found_themes_are_coherent_on_planted_topics() -> None:
    texts, _ = corpus(400)
    result = find_themes(texts, languages="en")
    tokens = corpus_tokens(texts, "en")
    assert topic_coherence(result.top_terms, tokens) > 0.1
    assert topic_diversity(result.top_terms) > 0.9


def test_k_chosen_on_a_sample_extends_to_every_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    # Corpora larger than the sample choose k on the sample, then every answer joins a theme
    # and the refinement runs on all: k is the planted topics' number, and every theme holds
    # one topic (a topic over a quarter of the answers may come out in two pure parts, by the
    # rule for large themes).
    monkeypatch.setattr(themes_module, "_K_SAMPLE", 120)
    texts, topics = corpus(400)
    result = find_themes(texts, languages="en", subthemes=False)
    assert result.k == 4 and 4 <= len(result.themes) <= 8 and not result.other
    for theme in result.themes:
        assert len({topics[int(i)] for i in all_members(theme)}) == 1
    assert {topics[int(t.members[0].id)] for t in result.themes} == set(topics)
    assert sum(t.size for t in result.themes) == 400
    again = find_themes(
        list(reversed(texts)), ids=list(range(399, -1, -1)), languages="en", subthemes=False
    )
    assert [all_members(t) for t in again.themes] == [all_members(t) for t in result.themes]
    by_id = {a.id: a.theme for a in assign_to_themes(texts, result.model, languages="en")}
    assert all(by_id[m.id] == t.id for t in result.themes for m in t.members)


def test_assignment_reproduces_membership_and_places_new_answers() -> None:
    texts, topics = corpus(300)
    result = find_themes(texts, languages="en")
    assignments = assign_to_themes(texts, result.model, languages="en")
    by_id = {a.id: a for a in assignments}
    for theme in result.themes:
        for member in theme.members:
            assert by_id[member.id].theme == theme.id
            assert by_id[member.id].strength == pytest.approx(member.strength, abs=1e-4)
        for sub in theme.subthemes:
            for member in sub.members:
                assert by_id[member.id].subtheme == sub.id
    for other in result.other:
        assert by_id[other].theme is None
    new = assign_to_themes(
        ["the levee and the sandbags", "", "zebra xylophone"],
        result.model,
        ids=["a", "b", "c"],
        languages="en",
    )
    flood = next(t for t in result.themes if topics[int(t.members[0].id)] == "flood")
    assert new[0].id == "a" and new[0].theme == flood.id
    assert new[1].theme is None and new[2].theme is None


def test_model_round_trips_through_json() -> None:
    texts, _ = corpus(200)
    result = find_themes(texts, languages="en")
    data = json.loads(json.dumps(result.model.to_dict()))
    model = ThemeModel.from_dict(data)
    assert model.to_dict() == data
    a = assign_to_themes(texts, result.model, languages="en")
    b = assign_to_themes(texts, model, languages="en")
    assert [x.theme for x in a] == [x.theme for x in b]
    json.dumps(result.to_dict())
    with pytest.raises(ValueError):
        ThemeModel.from_dict({**data, "version": 99})


def test_a_theme_shows_five_quotes_at_most_unless_asked_for_more() -> None:
    texts, _ = corpus(200)
    assert max(len(t.quotes) for t in find_themes(texts, languages="en").themes) == 5
    more = find_themes(texts, languages="en", max_quotes=7).themes
    assert max(len(t.quotes) for t in more) == 7


def test_a_semantic_model_keeps_its_embedding_settings_and_subthemes_through_json() -> None:
    from groundwork.analysis.themes.results import StoredTheme

    sub = StoredTheme(id="t1.s0", label="Late buses", centroid={"bus": 1.0}, vector=[0.6, 0.8])
    model = ThemeModel(
        backend="semantic",
        vocabulary=["bus", "rent"],
        idf=[1.25, 2.5],
        themes=[
            StoredTheme(
                id="t1", label="Buses", centroid={"bus": 1.0}, vector=[1.0, 0.0], subthemes=[sub]
            )
        ],
        min_strength=0.07,
        embedding_min_strength=0.61,
        embedding_model="paraphrase-multilingual-MiniLM-L12-v2",
    )
    again = ThemeModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again == model


def test_curated_model_keeps_human_decisions() -> None:
    texts, topics = corpus(300)
    result = find_themes(texts, languages="en", subthemes=False)
    parks = next(t for t in result.themes if topics[int(t.members[0].id)] == "parks")
    flood = next(t for t in result.themes if topics[int(t.members[0].id)] == "flood")
    # People merge parks into flood ("outdoors"), rename it, and drop nothing else.
    members = {
        t.id: [texts[int(m.id)] for m in t.members] for t in result.themes if t.id != parks.id
    }
    members[flood.id] += [texts[int(m.id)] for m in parks.members]
    curated = theme_model_from_members(
        result.model, members, languages=dict.fromkeys(members, "en"), labels={flood.id: "Outdoors"}
    )
    assert [t.id for t in curated.themes] == list(members)
    assert next(t for t in curated.themes if t.id == flood.id).label == "Outdoors"
    placed = assign_to_themes(["a picnic under the trees in the park"], curated, languages="en")
    assert placed[0].theme == flood.id


def test_semantic_backend_with_an_embedder_joins_languages() -> None:
    concepts = {"park": 0, "parque": 0, "tree": 0, "árbol": 0, "bus": 1, "autobús": 1}

    def embed(texts: Sequence[str]) -> npt.NDArray[np.float64]:
        out = np.zeros((len(texts), 3))
        for i, text in enumerate(texts):
            for word in text.lower().split():
                if word in concepts:
                    out[i, concepts[word]] += 1.0
            out[i, 2] = 0.01
        return out

    texts = ["park tree", "parque árbol", "bus", "autobús"] * 10
    langs = ["en", "es", "en", "es"] * 10
    result = find_themes(texts, languages=langs, embedder=embed, subthemes=False)
    assert result.backend == "semantic" and len(result.themes) == 2
    for theme in result.themes:
        assert len({langs[int(i)] for i in all_members(theme)}) == 2
    new = assign_to_themes(["parque"], result.model, languages="es", embedder=embed)
    park_theme = next(t for t in result.themes if texts[int(t.members[0].id)].startswith("par"))
    assert new[0].theme == park_theme.id
    # Without an embedder a semantic model falls back to its term centroids.
    assert assign_to_themes(["park tree"], result.model, languages="en")[0].theme is not None
    lexical = find_themes(texts, languages=langs, backend="lexical", subthemes=False)
    assert lexical.backend == "lexical"


def test_without_model_configuration_the_lexical_backend_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GROUNDWORK_EMBEDDING_MODEL", raising=False)
    texts, _ = corpus(60)
    assert find_themes(texts, backend="semantic").backend == "lexical"


def test_real_sentence_transformers_model(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    import os

    path = os.environ.get("GROUNDWORK_EMBEDDING_MODEL")
    if not path:
        pytest.skip("GROUNDWORK_EMBEDDING_MODEL is not set")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = ["We need more parks", "Necesitamos más parques", "The bus is late"] * 5
    result = find_themes(texts, languages=["en", "es", "en"] * 5, backend="semantic")
    assert result.backend == "semantic" and result.themes


def test_hundreds_of_answers_on_many_subjects_are_not_lumped_into_two_themes() -> None:
    """The grain: Bowling Green's 600 kept comments (a city-wide conversation on many
    subjects) give a plan's worth of themes (5-12), none holding more than a quarter of the
    answers."""
    from pathlib import Path

    from groundwork.analysis import polis_io

    path = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "polis"
    path = path / "american-assembly.bowling-green" / "comments.csv"
    if not path.exists():
        pytest.skip("the shared Pol.is data is not here")
    comments, _ = polis_io.read_comments(path)
    texts = [c.body for c in comments if c.body.strip() and not c.rejected and not c.is_meta]
    result = find_themes(texts, languages="en", backend="lexical", seed=0)
    assert 5 <= result.k <= 12 and 5 <= len(result.themes) <= 12
    assert max(t.size for t in result.themes) <= 0.25 * len(texts)


def test_subthemes_of_the_lexical_backend_are_claims_sharing_a_distinctive_term() -> None:
    """Subthemes seeded by shared terms: a term in most of the theme's claims (its subject,
    "park") seeds none; claims sharing "playground" and claims sharing "tree" make two; a
    claim with neither joins the nearest; every claim is in exactly one."""
    import numpy as np
    import scipy.sparse as sp

    from groundwork.analysis.themes.subthemes import _phrase_groups
    from groundwork.analysis.themes.vectors import _normalize_sparse

    # Terms: park, playground, tree, bench, swing.
    rows = [[0, 1, 4]] * 3 + [[0, 1]] * 2 + [[0, 2]] * 4 + [[0, 3]]
    dense = np.zeros((len(rows), 5))
    for i, terms in enumerate(rows):
        dense[i, terms] = 1.0
    presence = sp.csr_matrix(dense)
    tfidf = _normalize_sparse(sp.csr_matrix(dense))
    found = _phrase_groups(tfidf, presence, np.arange(len(rows)), 10)
    assert found is not None and found.k == 2
    labels = list(found.labels)
    assert len(set(labels[:5])) == 1 and len(set(labels[5:9])) == 1 and labels[0] != labels[5]
    assert labels[9] in (labels[0], labels[5])
    again = _phrase_groups(tfidf, presence, np.arange(len(rows)), 10)
    assert again is not None and list(again.labels) == labels
    # One distinctive term only: no split.
    assert _phrase_groups(tfidf[:5], presence[:5], np.arange(5), 10) is None


def test_a_claim_like_no_subtheme_stays_in_the_theme_in_none() -> None:
    """Words-only subthemes hold only claims like them: a claim whose cosine similarity to
    every subtheme's centre is under _SUBTHEME_MIN_FIT (here one sharing no word with them)
    is in no subtheme, so a subtheme stays mainly about its subject; assignment of the same
    claim to the stored model leaves it out too."""
    import numpy as np
    import scipy.sparse as sp

    from groundwork.analysis.themes.subthemes import _SUBTHEME_MIN_FIT, _phrase_groups
    from groundwork.analysis.themes.vectors import _normalize_sparse

    # Terms: park, playground, tree, bench, swing, litter.
    rows = [[0, 1, 4]] * 3 + [[0, 1]] * 2 + [[0, 2]] * 4 + [[5]] * 2
    dense = np.zeros((len(rows), 6))
    for i, terms in enumerate(rows):
        dense[i, terms] = 1.0
    presence = sp.csr_matrix(dense)
    tfidf = _normalize_sparse(sp.csr_matrix(dense))
    found = _phrase_groups(tfidf, presence, np.arange(len(rows)), 10)
    assert found is not None and found.k == 2
    assert list(found.labels[9:]) == [-1, -1]
    assert (found.labels[:9] >= 0).all()
    assert (found.strength[found.labels >= 0] >= _SUBTHEME_MIN_FIT).all()


def test_subtheme_membership_is_reproduced_by_assignment_claims_in_none_included() -> None:
    """The stored subthemes place the same answers as the fit, those in no subtheme too."""
    texts, _ = corpus(300)
    texts = texts + ["litter picking volunteers " + w for w in ("today", "weekly", "soon")]
    result = find_themes(texts, languages="en", subtheme_min_members=8)
    by_id = {a.id: a for a in assign_to_themes(texts, result.model, languages="en")}
    for theme in result.themes:
        placed = {m.id: s.id for s in theme.subthemes for m in s.members}
        for member in theme.members:
            assert by_id[member.id].subtheme == placed.get(member.id)


def test_a_loose_theme_is_split_whatever_its_size() -> None:
    """A theme whose members are far from its centre (four unrelated subjects gathered as a
    residue) is split even under a quarter of the answers; tight themes stay whole."""
    import scipy.sparse as sp

    from groundwork.analysis.themes.clustering import _cohesion, _loose, _refine, _split_large
    from groundwork.analysis.themes.vectors import _normalize_sparse

    # Five tight themes of 10 rows (two words each), and a residue of four subjects of 4 rows.
    groups = [(2 * g, 2 * g + 1) for g in range(9)]
    rows: list[tuple[int, int]] = []
    labels: list[int] = []
    for g in range(5):
        rows += [groups[g]] * 10
        labels += [g] * 10
    for g in range(5, 9):
        rows += [groups[g]] * 4
        labels += [5] * 4
    dense = np.zeros((len(rows), 18))
    for i, (a, b) in enumerate(rows):
        dense[i, [a, b]] = 1.0
    tfidf = _normalize_sparse(sp.csr_matrix(dense))
    weights = np.ones(len(rows))
    found = _refine(
        tfidf,
        None,
        np.asarray(labels, dtype=np.intp),
        6,
        min_size=3,
        min_strength=0.05,
        weights=weights,
    )
    assert found is not None
    assert 16 / len(rows) < 0.25  # not a large theme
    cohesion = _cohesion(found.strength, found.labels, weights, 6)
    assert list(_loose(cohesion)) == [False] * 5 + [True]
    vocabulary = [f"w{j}" for j in range(18)]
    split = _split_large(
        tfidf,
        None,
        vocabulary,
        found,
        weights=weights,
        min_size=3,
        min_strength=0.05,
        seed=0,
        k_max=12,
        k_total=20,
    )
    residue = split.labels[50:]
    assert len(set(residue.tolist())) >= 2
    # The tight themes keep their members together.
    for g in range(5):
        assert len(set(split.labels[10 * g : 10 * g + 10].tolist())) == 1
    # No more themes than allowed in all.
    capped = _split_large(
        tfidf,
        None,
        vocabulary,
        found,
        weights=weights,
        min_size=3,
        min_strength=0.05,
        seed=0,
        k_max=12,
        k_total=6,
    )
    assert capped.term_centroids.shape[0] <= 6


def test_a_hundred_answers_on_ten_subjects_may_show_more_than_seven_themes() -> None:
    """The cap on k lets 100 answers show ten subjects (the square root of half of them alone
    allowed 7); the grain applies from 30 answers."""
    from groundwork.analysis.themes.clustering import _grain, _k_cap

    assert _k_cap(100) == 12 and _k_cap(41) == 5 and _k_cap(2_000) == 32 and _k_cap(10) == 2
    assert _grain(36) == (3, 12) and _grain(20) is None and _grain(100) == (5, 12)
    subjects = [
        ["bus", "route", "fare", "stop"],
        ["rent", "landlord", "lease", "deposit"],
        ["park", "playground", "trees", "trail"],
        ["flood", "drains", "levee", "river"],
        ["school", "teacher", "classroom", "homework"],
        ["police", "officer", "patrol", "arrest"],
        ["clinic", "doctor", "nurse", "medicine"],
        ["library", "books", "reading", "librarian"],
        ["jobs", "wages", "employer", "training"],
        ["internet", "broadband", "signal", "wifi"],
    ]
    rng = random.Random(3)
    texts = [
        " ".join(rng.sample(words, 3)) + " " + rng.choice(FILL)
        for words in subjects
        for _ in range(10)
    ]
    result = find_themes(texts, languages="en", subthemes=False)
    assert len(result.themes) > 7


def test_the_grain_is_five_to_twelve_themes_from_a_hundred_answers() -> None:
    """The preferred grain: 3-12 themes for a few dozen answers, 5-12 from a hundred, however
    many answers there are (finer subjects are subthemes); none under three dozen."""
    from groundwork.analysis.themes.clustering import _grain

    assert _grain(29) is None
    assert _grain(30) == (3, 12) and _grain(99) == (3, 12)
    assert _grain(100) == (5, 12) and _grain(1_000) == (5, 12) and _grain(50_000) == (5, 12)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=100, max_value=5_000))
def test_grain_top_is_monotone_and_bounded(total: int) -> None:
    from groundwork.analysis.themes.clustering import _grain

    low, high = _grain(float(total)) or (0, 0)
    nxt = _grain(float(total + 1))
    assert low == 5 and 12 <= high <= 20 and nxt is not None and nxt[1] >= high


def test_the_chosen_number_of_themes_is_fitted_again_from_several_starts() -> None:
    """After k is chosen (one k-means start per k), the clustering is fitted again with the
    chosen number of themes from several starts: the result is never worse than the choice
    by k-means' own measure, and it is the same on reruns."""
    import numpy as np

    from groundwork.analysis.themes.clustering import _nearest_centre

    rng = np.random.default_rng(0)
    centres = np.eye(4) * 5
    points = np.vstack([c + rng.normal(0, 0.3, size=(25, 4)) for c in centres])
    labels = _nearest_centre(points, points, 4, seed=0, weights=np.ones(len(points)))
    assert sorted(np.bincount(labels).tolist()) == [25, 25, 25, 25]
    again = _nearest_centre(points, points, 4, seed=0, weights=np.ones(len(points)))
    assert labels.tolist() == again.tolist()


def test_a_word_few_answers_use_outweighs_one_many_use_squared() -> None:
    """Term weights: inverse document frequency squared from 50 answers on (a subject's word
    outweighs the place's name that answers on every subject share), plain below."""
    import math

    from groundwork.analysis.themes.vectors import _build_vectors

    def weights(n: int) -> dict[str, float]:
        lists = [["town", "homeless"] if i < 5 else ["town", f"w{i % 7}"] for i in range(n)]
        built = _build_vectors(lists, min_df=2)
        return dict(zip(built.vocabulary, built.idf, strict=True))

    big, small = weights(60), weights(40)
    assert big["homeless"] == pytest.approx((math.log(61 / 6) + 1) ** 2)
    assert big["town"] == pytest.approx(1.0)
    assert small["homeless"] == pytest.approx(math.log(41 / 6) + 1)


def test_a_word_is_as_rare_as_it_is_among_the_answers_of_its_languages() -> None:
    """A bilingual corpus: a shared concept term used by a tenth of each language's answers
    weighs what a one-language word used by a tenth of that language's answers weighs, so
    squared weights do not part the languages again."""
    from groundwork.analysis.themes.vectors import _build_vectors

    lists: list[list[str]] = []
    langs: list[str] = []
    for i in range(100):
        lang = "en" if i < 60 else "es"
        own = i % 10 == 0
        lists.append(["~rent", "landlord" if lang == "en" else "casero"] if own else ["x", "y"])
        langs.append(lang)
    built = _build_vectors(lists, min_df=2, languages=langs)
    weight = dict(zip(built.vocabulary, built.idf, strict=True))
    # "~rent": 10 of 100 answers; "landlord": 6 of the 60 English ones; "casero": 4 of 40.
    assert weight["~rent"] == pytest.approx(weight["landlord"], rel=0.05)
    assert weight["~rent"] == pytest.approx(weight["casero"], rel=0.1)
    one_language = _build_vectors(lists, min_df=2)
    plain = dict(zip(one_language.vocabulary, one_language.idf, strict=True))
    assert plain["landlord"] > 1.3 * plain["~rent"]


def test_two_themes_never_share_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """When a phrase names two themes, the smaller is named by its most representative claim."""
    from groundwork.analysis import theme_labels

    monkeypatch.setattr(
        theme_labels, "theme_labels", lambda index, members, **named: {"en": "Our town"}
    )
    texts, topics = corpus(200)
    result = find_themes(texts, languages="en", subthemes=False)
    names = [t.label for t in result.themes]
    assert len(result.themes) >= 3 and names[0] == "Our town"
    assert len({n.casefold() for n in names}) == len(names)
    for theme in result.themes[1:]:
        assert any(theme.label.rstrip("…").rstrip(".") in texts[int(m.id)] for m in theme.members)
