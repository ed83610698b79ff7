"""Theme names that read as phrases, and quotes that say something."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groundwork.analysis import theme_labels as tl
from groundwork.analysis.text import TextAnalyzer, is_stop_word
from groundwork.analysis.themes import _make_theme, find_themes

CONNECTOR_WORDS = {"and", "y", "e", "und"}


def _parts(label: str) -> list[str]:
    """The phrases of a label, split at its connector."""
    words = label.split(" ")
    parts: list[list[str]] = [[]]
    for w in words:
        if w in CONNECTOR_WORDS and parts[-1]:
            parts.append([])
        else:
            parts[-1].append(w)
    return [" ".join(p) for p in parts if p]


def _check_label(label: str, texts: list[str], language: str) -> None:
    """No stop word at a phrase's edge, no lone stop word, every phrase verbatim from the
    answers (never a stem), no comma list."""
    assert label
    assert ", " not in label
    lowered = [" ".join(t.casefold().split()) for t in texts]
    for part in _parts(label):
        words = part.split(" ")
        assert not is_stop_word(words[0], language), label
        assert not is_stop_word(words[-1], language), label
        assert any(part.casefold() in t for t in lowered), (part, label)


# ------------------------------------------------------------------------------------------
# Labels

VOTING = [
    "Online voting would make it easier for working parents to take part",
    "I want online voting, but the security of online voting worries me",
    "Security must come first if we move to online voting",
    "Online voting needs strong security and paper backups",
    "Online voting for council elections, please",
    "Make online voting secure: security audits every year",
]
PARKS = [
    "The parks need more shade trees and benches",
    "More shade trees in the parks would help in summer",
    "Our parks are too hot without shade trees",
    "Plant shade trees along the river park",
    "Benches and shade trees for the parks, please",
    "Shade trees in every park",
]


def test_label_is_a_noun_phrase_pair_from_the_answers() -> None:
    texts = VOTING + PARKS
    index = tl.phrase_index(texts, ["en"] * len(texts))
    voting = tl.theme_label(index, list(range(len(VOTING))))
    parks = tl.theme_label(index, list(range(len(VOTING), len(texts))))
    assert voting == "Online voting and security"
    assert parks.startswith("Shade trees")
    for label in (voting, parks):
        _check_label(label, texts, "en")


def test_spanish_label_uses_y_and_keeps_linking_words_inside() -> None:
    texts = [
        "Falta cuidado de niños durante las reuniones",
        "No hay cuidado de niños en las reuniones de la escuela",
        "Necesitamos cuidado de niños y transporte",
        "El cuidado de niños cuesta demasiado",
        "Transporte público a la clínica",
        "No hay transporte público los domingos",
        "El transporte público no llega al barrio",
    ]
    index = tl.phrase_index(texts, "es" and ["es"] * len(texts))
    label = tl.theme_label(index, [0, 1, 2, 3])
    assert label.startswith("Cuidado de niños")
    _check_label(label, texts, "es")
    assert tl.connector("es", "inmigración") == "e"
    assert tl.connector("es", "hielo") == "y"
    assert tl.connector("de", "Wohnungen") == "und"


def test_one_participants_repeated_word_cannot_name_a_theme() -> None:
    # One person posts "Hydrosolarkraftwerk" five times; four others write about buses.
    texts = [f"Hydrosolarkraftwerk jetzt bauen, Nummer {i}" for i in range(5)] + [
        "Mehr Busse am Abend",
        "Busse fahren zu selten",
        "Die Busse sind immer voll",
        "Busse auch am Sonntag",
    ]
    authors = ["ein"] * 5 + ["b", "c", "d", "e"]
    members = list(range(len(texts)))
    index = tl.phrase_index(texts, ["de"] * len(texts), authors)
    label = tl.theme_label(index, members)
    assert "Hydrosolarkraftwerk" not in label
    assert label.startswith("Busse")
    # Without authors every post is a voice, and the repeated word wins.
    alone = tl.phrase_index(list(texts), ["de"] * len(texts))
    assert "hydrosolarkraftwerk" in tl.theme_label(alone, members).casefold()


def test_plural_and_singular_are_one_phrase_shown_as_written() -> None:
    texts = [
        "Home ownership is out of reach",
        "home ownership for young families",
        "Help with home ownership",
        "Homes ownership programs",  # a misspelling once: the frequent form is shown
        "Rent control now",
        "Rent control and tenant rights",
    ]
    index = tl.phrase_index(texts, ["en"] * len(texts))
    label = tl.theme_label(index, [0, 1, 2, 3])
    assert label == "Home ownership"
    assert "homes" not in label.casefold()


VOCABULARY = """
    the a of and to in park parks bus buses housing rent rents clinic clinics flooding
    river roads safety trees school schools water jobs wages food library is are we our
    it not very more people good
"""
words_en = st.sampled_from(sorted(set(VOCABULARY.split())))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(words_en, min_size=1, max_size=12), min_size=4, max_size=30))
def test_generated_labels_have_no_stop_word_edges_and_no_stems(
    corpus: list[list[str]],
) -> None:
    texts = [" ".join(words) for words in corpus]
    index = tl.phrase_index(texts, ["en"] * len(texts))
    half = list(range(len(texts) // 2 + 1))
    label = tl.theme_label(index, half)
    if not label:
        return
    _check_label(label, texts, "en")
    for part in _parts(label):
        for word in part.casefold().split(" "):
            # A shown word is a written word, not only a folded key ("communiti").
            assert word in {w for t in texts for w in t.casefold().split()}


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(12))))
def test_label_does_not_depend_on_member_order(order: list[int]) -> None:
    texts = VOTING + PARKS
    index = tl.phrase_index(texts, ["en"] * len(texts))
    members = [i for i in order if i < len(VOTING)]
    assert tl.theme_label(index, members) == "Online voting and security"


def test_real_answers_bowling_green_labels_are_phrases() -> None:
    from pathlib import Path

    from groundwork.analysis import polis_io

    path = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "polis"
    path = path / "american-assembly.bowling-green" / "comments.csv"
    if not path.exists():
        pytest.skip("the shared Pol.is data is not here")
    comments, _ = polis_io.read_comments(path)
    rows = [c for c in comments if c.body.strip() and not c.rejected]
    texts = [c.body for c in rows]
    authors = [c.author_id for c in rows]
    result = find_themes(texts, languages="en", backend="lexical", seed=0)
    for theme in result.themes:
        _check_label(theme.label, texts, "en")
        for sub in theme.subthemes:
            # A subtheme is named by a claim: words of one answer, in order (runs of white
            # space shown as one space).
            claim = sub.label.rstrip("…").casefold()
            assert any(claim in " ".join(t.split()).casefold() for t in texts)
    assert authors is None or len(authors) == len(texts)


# ------------------------------------------------------------------------------------------
# Quotes


def test_quotes_skip_agreement_and_come_from_different_people() -> None:
    texts = [
        "I agree",
        "Agreed!",
        "Estoy de acuerdo",
        "The bus to the clinic only runs twice a day, so people miss appointments",
        "The bus to the clinic only runs twice a day, and I missed two appointments",
        "Buses should run every hour to the clinic and the pharmacy",
        "A volunteer driver program could take seniors to the clinic",
        "yes",
    ]
    strengths = [0.99, 0.98, 0.97, 0.9, 0.89, 0.8, 0.7, 0.96]
    authors = ["a", "b", "c", "d", "d", "e", "f", "g"]
    picked = tl.pick_quotes(texts, strengths, languages=["en"] * 8, authors=authors, limit=3)
    chosen = [texts[i] for i in picked]
    assert len(picked) == 3
    assert not {"I agree", "Agreed!", "Estoy de acuerdo", "yes"} & set(chosen)
    assert len({authors[i] for i in picked}) == 3
    assert chosen[0] == texts[3]  # the most typical informative answer first


def test_quotes_are_diverse_not_near_copies() -> None:
    texts = [
        "Fix the potholes on Mill Road before winter",
        "Fix the potholes on Mill Road before winter comes",
        "Fix the potholes on Mill Road before the winter",
        "Street lights on the bridge are broken and it is dark",
    ]
    picked = tl.pick_quotes(texts, [0.9, 0.89, 0.88, 0.6], languages=["en"] * 4, limit=2)
    assert picked == [0, 3]


def test_both_sides_are_quoted_when_a_theme_holds_opposite_positions() -> None:
    texts = [
        "I support the new bike lanes on Main Street",
        "The new bike lanes on Main Street are great for kids",
        "Bike lanes on Main Street make it safe to ride to school",
        "Bike lanes downtown help local shops",
        "I am against the bike lanes on Main Street, they cause traffic",
        "The bike lanes are dangerous and should not stay",
    ]
    strengths = [0.95, 0.94, 0.93, 0.92, 0.5, 0.45]
    picked = tl.pick_quotes(texts, strengths, languages=["en"] * 6, limit=3)
    sides = {tl.stance(texts[i], "en") for i in picked}
    assert sides == {1, -1}
    assert 0 in picked  # still led by the most typical


def test_spanish_stance_and_informative() -> None:
    assert tl.stance("No queremos más tráfico en el barrio", "es") == -1
    assert tl.stance("Apoyo la nueva biblioteca, es muy buena idea", "es") == 1
    assert not tl.is_informative("De acuerdo", "es")
    assert not tl.is_informative("Sí", "es")
    assert tl.is_informative("Necesitamos transporte a la clínica los sábados", "es")


def test_make_theme_quotes_from_different_people() -> None:
    texts = [
        "More buses to the clinic on weekends please",
        "More buses to the clinic on weekends, I said it before",
        "Weekend buses to the clinic are needed for shift workers",
        "A shuttle from the senior center to the clinic",
    ]
    rows = np.arange(4, dtype=np.intp)
    analyzer = TextAnalyzer()
    for t in texts:
        analyzer.terms(t, "en")
    theme = _make_theme(
        "1",
        rows,
        np.array([0.9, 0.85, 0.8, 0.7]),
        np.zeros(1),
        ["bus"],
        analyzer,
        texts,
        list(range(4)),
        3,
        languages=["en"] * 4,
        authors=["p1", "p1", "p2", "p3"],
    )
    assert sorted(q.id for q in theme.quotes) == [0, 2, 3]  # p1 quoted once


# ------------------------------------------------------------------------------------------
# Subthemes: named by a claim


def test_subtheme_labels_are_trimmed_claims_distinct_among_siblings() -> None:
    texts = [
        "Fix the drainage on Mill Road. It floods every spring.",
        "The drainage on Mill Road is blocked again",
        "Mill Road drainage needs fixing before the rains come back next year, and the county "
        "should pay for it rather than the families who live there",
        "Build a levee along the river",
        "A levee along the river would protect the homes",
        "The levee along the river should be higher",
    ]
    labels = tl.claim_labels([[0, 1, 2], [3, 4, 5]], texts, languages=["en"] * 6)
    assert len(set(labels)) == 2
    assert "drainage" in labels[0].casefold() and "levee" in labels[1].casefold()
    for label, group in zip(labels, ([0, 1, 2], [3, 4, 5]), strict=True):
        assert len(label) <= 91
        assert any(label.rstrip("…").casefold() in texts[i].casefold() for i in group)


def test_claim_label_trims_a_long_sentence_at_a_clause() -> None:
    long = (
        "We need a community kitchen in the old school building, with space for classes, "
        "storage for the food bank and a room where families can eat together on weekends"
    )
    [label] = tl.claim_labels([[0, 1]], [long, long + " too"], languages=["en", "en"])
    assert label == "We need a community kitchen in the old school building"


# ------------------------------------------------------------------------------------------
# Weak cases: place names that set the scene, verbs and vague words at a name's edge

TOWN = [
    "Millbrook should welcome newcomers with a community festival",
    "I love Millbrook and the community festival every fall",
    "Millbrook needs a community festival downtown",
    "People in Millbrook are friendly",
    "Millbrook has a long history worth telling",
    "A community festival would bring Millbrook together",
    "Millbrook is home",
    "Keep Millbrook small and quiet",
]
TOWN_OTHERS = [
    "The bus route to Millbrook clinic is late",
    "The bus route skips the east side",
    "Bus route hours are too short",
    "More shade trees in the parks",
    "Shade trees and benches for the parks",
    "The parks need shade trees",
]


def test_a_place_name_said_all_over_the_corpus_never_names_a_theme() -> None:
    texts = TOWN + TOWN_OTHERS
    index = tl.phrase_index(texts, ["en"] * len(texts))
    label = tl.theme_label(index, list(range(len(TOWN))), fallback="Millbrook")
    assert "Millbrook" not in label, label
    assert label.startswith("Community festival"), label
    _check_label(label, texts, "en")
    # The whole engine too: no theme is named only by the town's name.
    result = find_themes(texts, languages="en", subthemes=False, k=3)
    for theme in result.themes:
        assert theme.label.casefold() != "millbrook", theme.label


NOUNS = ["library hours", "bus route", "shade trees", "food pantry", "street lights", "the clinic"]
FILLERS_EN = ["instead", "especially", "filled", "later", "worked", "half", "afterwards"]
FILLERS_ES = ["afecta", "demasiado", "afectan", "pasado", "existen", "falta"]
NOUNS_ES = ["la biblioteca", "la ruta del autobús", "los árboles", "la despensa", "la clínica"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 100), st.integers(0, 100), st.booleans(), st.booleans()),
        min_size=6,
        max_size=14,
    )
)
def test_labels_never_end_in_a_verb_or_a_vague_word(
    picks: list[tuple[int, int, bool, bool]],
) -> None:
    texts: list[str] = []
    langs: list[str] = []
    for noun_pick, filler_pick, spanish, filler_first in picks:
        nouns, fillers = (NOUNS_ES, FILLERS_ES) if spanish else (NOUNS, FILLERS_EN)
        noun = nouns[noun_pick % len(nouns)]
        filler = fillers[filler_pick % len(fillers)]
        text = f"{filler} {noun}" if filler_first else f"{noun} {filler}"
        texts.append(text[:1].upper() + text[1:])
        langs.append("es" if spanish else "en")
    index = tl.phrase_index(texts, langs)
    for lang in ("en", "es"):
        members = [i for i, lg in enumerate(langs) if lg == lang]
        if not members:
            continue
        label = tl.theme_label(index, members)
        edges = {f.casefold() for f in FILLERS_EN + FILLERS_ES}
        for part in _parts(label):
            words = part.casefold().split(" ")
            assert words[0] not in edges and words[-1] not in edges, label
        if label:
            _check_label(label, texts, lang)


def test_german_names_are_nouns_a_word_written_in_lower_case_is_not_one() -> None:
    # German writes every noun with a capital: "online" (lower case inside sentences) is kept
    # from a name however often it is used; a sentence's capital first word says nothing.
    texts = [
        "Wir sollten online mehr Radwege planen.",
        "Die Stadt muss online Radwege zeigen.",
        "Mehr Radwege und online Karten bitte.",
        "Online Radwege melden ist gut.",
        "Wir wollen online Karten sehen.",
    ]
    index = tl.phrase_index(texts, ["de"] * len(texts), list(range(len(texts))))
    label = tl.theme_label(index, list(range(len(texts))))
    assert label == "Radwege und Karten"


def test_a_claim_name_drops_the_word_tying_it_to_a_sentence_before() -> None:
    groups = [[0, 1], [2, 3]]
    texts = [
        "But the bus never comes on time to the clinic.",
        "The bus never comes on time, we wait an hour.",
        "Pero el alquiler sube cada año y los caseros no reparan nada.",
        "El alquiler sube cada año.",
    ]
    names = tl.claim_labels(groups, texts, languages=["en", "en", "es", "es"])
    assert not any(n.split(" ")[0].casefold() in {"but", "pero"} for n in names), names
    # "And so" keeps its words: too little would be left to name anything.
    assert tl.claim_labels([[0]], ["And so?"], languages=["en"]) == ["And so"]


def test_the_same_answer_written_twice_is_quoted_once() -> None:
    texts = [
        "The buses are always late downtown",
        "the buses are  always LATE downtown",
        "Parks need more trees and benches",
    ]
    assert tl.pick_quotes(texts, [1.0, 0.9, 0.8]) == [0, 2]


def test_short_answers_fill_in_but_bare_agreement_does_not() -> None:
    assert tl.pick_quotes(["I agree!", "Buses late", "Agreed.", "Parks"], [1.0, 0.5, 0.4, 0.3]) == [
        1,
        3,
    ]


def test_a_subtheme_label_nearly_the_words_of_a_sibling_label_gives_way() -> None:
    # The larger subtheme is labelled first; the smaller one's strongest sentence has the
    # same content words (all but "very"), so its next sentence names it instead.
    late = "Buses trains clinics parks are late"
    very_late = "Buses trains clinics parks are very late"
    texts = [late + ". Potholes everywhere downtown", very_late, very_late, very_late, late]
    assert tl.claim_labels([[0, 4], [1, 2, 3]], texts, languages=["en"] * 5) == [
        "Potholes everywhere downtown",
        very_late,
    ]


def test_a_sentence_capital_is_lowered_in_a_theme_phrase() -> None:
    texts = ["Bus shelters are broken", "Bus shelters need roofs", "The bus shelters leak"]
    index = tl.phrase_index(texts, ["en"] * 3)
    assert [p.text for p in tl.theme_phrases(index, [0, 1, 2])] == ["bus shelters"]


def test_a_fallback_label_puts_a_pair_of_words_in_place_of_the_words_it_contains() -> None:
    import numpy as np

    from groundwork.analysis.themes.describe import _label

    vocabulary = ["bus", "late", "bus stop", "rent", "stop"]
    # "bus stop" comes after "bus": it takes the place of "bus", not a place of its own.
    label, _ = _label(np.array([5.0, 4.0, 3.0, 2.0, 1.0]), vocabulary, str)
    assert label == "bus stop, late, rent"
    # "bus stop" first: "stop" and "bus" are already shown in it; three parts at most.
    label, _ = _label(np.array([1.0, 0.5, 5.0, 4.0, 3.0]), vocabulary, str)
    assert label == "bus stop, rent, late"


def test_a_theme_quotes_different_people() -> None:
    import numpy as np

    from groundwork.analysis.text import TextAnalyzer
    from groundwork.analysis.themes.describe import _make_theme

    texts = [
        "The bus to the clinic is late every single morning this winter.",
        "The bus driver skipped our stop twice and nobody called the depot.",
        "The bus to the clinic comes late most mornings in winter.",
        "Buses on the north route are late and crowded every morning.",
    ]
    theme = _make_theme(
        "t1",
        np.array([0, 1, 2, 3]),
        np.array([0.9, 0.85, 0.8, 0.7]),
        np.array([3.0, 2.0, 1.0]),
        ["bus", "late", "clinic"],
        TextAnalyzer(),
        texts,
        ["a", "b", "c", "d"],
        2,
        authors=["ana", "ana", "bo", "ana"],  # the first two answers are one person's
    )
    assert [q.id for q in theme.quotes] == ["a", "c"]


def test_a_word_is_a_verb_when_more_of_its_uses_are_a_verbs() -> None:
    """Each use counts once: "repair" after "we" and "they" (a verb's cues) twice and after
    "the" (a noun's) once is a verb, kept from a name's edges; one more use as a noun ties it,
    and a tie is no verb. German by its capitals: "planen" twice in lower case inside a
    sentence, "Planen" once capitalised."""
    english = ["We repair roads every year.", "They repair bridges too slowly."]
    english += ["The repair crew is slow."]
    german = ["Wir wollen mehr planen.", "Sie planen zu wenig.", "Das Planen dauert lange."]
    cases = (
        ("en", english, "Our repair budget.", "repair"),
        ("de", german, "Mehr Planen bitte.", "planen"),
    )
    for lang, texts, one_more_noun, key in cases:
        index = tl.phrase_index(texts, [lang] * len(texts), None)
        assert key in index.verbs[lang]
        tied = texts + [one_more_noun]
        index = tl.phrase_index(tied, [lang] * len(tied), None)
        assert key not in index.verbs.get(lang, frozenset())


# Chinese answers, written as people write them: "I think" (我覺得, 我認為) opens most of them,
# apart from what follows by a space.
TRANSIT_ZH = [
    "我覺得 交通部 應該 取締 白牌車",
    "我覺得 交通部 要 管理 白牌車",
    "我認為 交通部 必須 處理 白牌車",
    "我覺得 交通部 不該 放任 白牌車",
]
TAXI_ZH = [
    "我覺得 計程車 服務品質 參差不齊",
    "我認為 計程車 服務品質 需要 改善",
    "我覺得 計程車 司機 服務品質 不好",
    "我覺得 計程車 應該 提升 服務品質",
]


def test_a_chinese_run_holding_a_function_character_never_names_a_theme() -> None:
    texts = TRANSIT_ZH + TAXI_ZH
    index = tl.phrase_index(texts, ["zh"] * len(texts))
    transit = tl.theme_label(index, list(range(len(TRANSIT_ZH))))
    taxi = tl.theme_label(index, list(range(len(TRANSIT_ZH), len(texts))))
    # "我覺得" (I think) is said by most authors of both themes; it holds 我 ("I").
    for label in (transit, taxi):
        assert "我" not in label, label
    assert "交通部" in transit or "白牌車" in transit
    assert "計程車" in taxi or "服務品質" in taxi


def test_a_chinese_run_longer_than_a_word_or_mixed_with_latin_letters_is_no_name() -> None:
    texts = ["政府應該開放市場競爭 Uber應該繳稅", "政府應該開放市場競爭 Uber應該繳稅"]
    index = tl.phrase_index(texts, ["zh", "zh"], ["a", "b"])
    # Eight characters without a space are a clause, "Uber應該" two words run together.
    assert tl.theme_label(index, [0, 1], fallback="競爭") == "競爭"


def test_a_chinese_character_pair_is_shown_as_the_word_it_is_part_of() -> None:
    texts = ["主動取締白牌車是交通部的責任", "交通部應該管理", "請交通部處理", "通部"]
    # "通部" is in four texts, three times inside "交通部": the word is shown.
    assert tl.cjk_word("通部", texts) == "交通部"
    # A pair mostly used on its own stays a pair; a run with a function character is never
    # taken ("的責任" holds 的).
    assert tl.cjk_word("責任", ["責任", "責任重大", "我的責任", "責任"]) == "責任"
    assert tl.cjk_word("問題", []) == "問題"


def test_chinese_theme_names_are_words_not_pairs_or_i_think() -> None:
    texts = TRANSIT_ZH * 2 + TAXI_ZH * 2
    result = find_themes(
        texts, languages="zh", authors=list(range(len(texts))), k=2, subthemes=False
    )
    labels = sorted(theme.label for theme in result.themes)
    assert len(labels) == 2
    for label in labels:
        assert "我" not in label and label != "通部", labels
