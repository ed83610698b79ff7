"""Tokenizing, stop words and word-form folding (groundwork.analysis.text)."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.analysis.text import (
    CJK_FUNCTION_CHARACTERS,
    TextAnalyzer,
    analyze_many,
    base_language,
    fold_word,
    guess_language,
    is_stop_word,
    stop_words,
    strip_accents,
    tokenize,
    words,
)
from groundwork.analysis.theme_bilingual import load_glossary


def test_base_language() -> None:
    assert base_language("es-MX") == "es"
    assert base_language("EN_us") == "en"
    assert base_language(None) == ""
    assert base_language("") == ""


def test_strip_accents_latin_only() -> None:
    assert strip_accents("educación Ñandú") == "educacion Nandu"
    assert strip_accents("ﬁne Ｆｕｌｌ") == "fine Full"
    # Marks that are part of letters in other scripts are kept.
    assert strip_accents("が") == "が"
    assert strip_accents("हिन्दी") == "हिन्दी"


def _strip_accents_one_by_one(text: str) -> str:
    """The rule written out character by character: a mark is dropped when the letter it is on
    (the last character that is not a mark) is below U+0530."""
    out: list[str] = []
    on_accented = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if on_accented:
                continue
        else:
            on_accented = ord(ch) < 0x530
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@settings(max_examples=400)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=0x530),
            st.sampled_from("\u0301\u0308\u0303\u0488\u034fあが्हि\u3099"),
        ),
        max_size=30,
    )
)
def test_strip_accents_fast_path_keeps_the_rule(text: str) -> None:
    # Texts wholly in Latin, Greek or Cyrillic take one substitution; marks at the start, on
    # other scripts' letters or after them take the character-by-character path.
    assert strip_accents(text) == _strip_accents_one_by_one(text)


def test_strip_accents_keeps_a_leading_mark_and_marks_after_other_scripts() -> None:
    assert strip_accents("\u0301a\u0301") == "\u0301a"
    assert strip_accents("é\u0915\u0301") == "e\u0915\u0301"


def test_english_plural_folding_keeps_derivations_apart() -> None:
    assert tokenize("Parks, parks and PARK", "en") == ["park", "park", "park"]
    assert tokenize("parking training", "en") == ["parking", "training"]
    assert tokenize("communities libraries buses churches", "en") == [
        "community",
        "library",
        "bus",
        "church",
    ]
    assert tokenize("movies cookies potatoes", "en") == ["movie", "cookie", "potato"]
    assert tokenize("news series business analysis", "en") == [
        "news",
        "series",
        "business",
        "analysis",
    ]
    assert fold_word("people's", "en") == "people"


def test_english_stop_words_keep_planning_words() -> None:
    assert is_stop_word("the", "en")
    assert is_stop_word("don't", "en")
    assert not is_stop_word("fire", "en")
    assert not is_stop_word("system", "en")
    assert tokenize("The fire system is really not working", "en") == ["fire", "system", "working"]


def test_spanish_stemming_and_accents() -> None:
    assert tokenize("¿Qué parques? Más parques y educación", "es") == [
        "parqu",
        "parqu",
        "educ",
    ]
    assert fold_word("educación", "es") == fold_word("educacion", "es")
    assert is_stop_word("también", "es") and is_stop_word("tambien", "es")


def test_german_stop_words_and_casefold() -> None:
    assert tokenize("Die Straße und die Strasse", "de") == tokenize("Strasse Strasse", "de")


def test_unknown_language_has_no_stop_words_but_tokenizes() -> None:
    assert stop_words("xx") == frozenset()
    assert tokenize("bonjour le monde", "xx") == ["bonjour", "le", "monde"]


def test_cjk_is_cut_into_character_pairs() -> None:
    assert words("公車很好") == ["公車", "車很", "很好"]
    # No bigrams of pairs; punctuation splits runs.
    assert TextAnalyzer().terms("公車。好", "zh") == ["公車", "好"]


def test_cjk_pairs_holding_a_function_character_are_stop_words() -> None:
    # "我覺得應該" ("I think ... should"): the pairs with 我 (I) and 得 drop out; "覺得" too.
    assert TextAnalyzer().terms("我覺得計程車的司機", "zh") == ["計程", "程車", "司機"]
    assert TextAnalyzer().terms("の", "ja") == []
    # words() (reading order, for quotes and labels) keeps every pair.
    assert words("車的司機") == ["車的", "的司", "司機"]


CJK = st.text(
    alphabet=st.sampled_from("我的是計程車司機乘客政府安全保險費率のはが東京都"), max_size=30
)


@given(CJK)
@settings(max_examples=200, deadline=None)
def test_cjk_terms_are_pairs_of_the_text_without_function_characters(text: str) -> None:
    terms = TextAnalyzer().terms(text, "zh")
    for term in terms:
        assert term in text
        assert len(term) <= 2 and not CJK_FUNCTION_CHARACTERS.intersection(term)
    # Every pair of the text without a function character is kept, in order.
    pairs = [text[i : i + 2] for i in range(len(text) - 1)] if len(text) > 1 else [text]
    content = [p for p in pairs if p and not CJK_FUNCTION_CHARACTERS.intersection(p)]
    assert terms == content


def test_emoji_digits_and_punctuation_dropped() -> None:
    assert tokenize("🙂🙂 123 !!! -- ", "en") == []
    assert words("hi 🙂 there") == ["hi", "there"]


def test_bigrams_do_not_span_stop_words_or_punctuation() -> None:
    a = TextAnalyzer()
    assert a.terms("bike lanes", "en") == ["bike", "lane", "bike lane"]
    assert "bike lane" not in a.terms("bike, lanes", "en")
    assert "bike lane" not in a.terms("bike and lanes", "en")
    assert TextAnalyzer(bigrams=False).terms("bike lanes", "en") == ["bike", "lane"]


def test_surface_shows_the_most_common_written_form() -> None:
    a = TextAnalyzer()
    analyze_many(["parks", "parks", "park", "bike lanes"], ["en"] * 4, a)
    assert a.surface("park") == "parks"
    assert a.surface("bike lane") == "bike lanes"
    b = TextAnalyzer()
    b.terms("educación educación", "es")
    assert b.surface(fold_word("educación", "es")) == "educación"


def test_guess_language() -> None:
    assert guess_language("we need more of the parks and the schools") == "en"
    assert guess_language("necesitamos que los parques de la ciudad sean mejores") == "es"
    assert guess_language("wir brauchen mehr Parks und die Schulen") == "de"
    assert guess_language("parks", default="xx") == "xx"
    # Without a stated language the guess decides the stop words.
    assert tokenize("los parques de la ciudad", None) == tokenize("los parques de la ciudad", "es")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["en", "es", "de", "zh", "xx", "", None]))
def test_never_crashes_and_yields_clean_tokens(text: str, lang: str | None) -> None:
    tokens = tokenize(text, lang)
    for token in tokens:
        assert token and " " not in token
    for term in TextAnalyzer().terms(text, lang):
        assert 1 <= len(term.split(" ")) <= 2


def test_two_stop_words_of_one_language_are_enough_to_guess_it() -> None:
    assert guess_language("the buses with rust") == "en"
    assert guess_language("the buses rust", "xx") == "xx"


def test_surface_forms_drop_the_english_possessive_and_prefer_the_shorter_form() -> None:
    analyzer = TextAnalyzer()
    [maria, _garden] = analyzer.tokens("Maria's garden", "en")
    assert analyzer.surface(maria) == "maria"
    analyzer = TextAnalyzer()
    first, second = analyzer.tokens("communities community", "en")
    assert first == second and analyzer.surface(first) == "community"
    spanish = TextAnalyzer()
    [word] = spanish.tokens("d's", "es")
    assert spanish.surface(word) == "d's"


def test_a_concept_is_shown_in_the_language_most_used_english_first_on_a_tie() -> None:
    analyzer = TextAnalyzer(concepts=load_glossary())
    analyzer.tokens("housing is expensive", "en")
    analyzer.tokens("la vivienda es cara", "es")
    assert analyzer.surface("~housing") == "housing"
    analyzer.tokens("no hay vivienda", "es")
    assert analyzer.surface("~housing") == "vivienda"


def test_a_word_whose_stem_is_a_stop_word_is_dropped_too() -> None:
    assert TextAnalyzer().tokens("theirs", "en") == []
    assert TextAnalyzer().tokens("ups and downs", "en") == ["ups"]
