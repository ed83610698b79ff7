"""Claims (groundwork.analysis.claims): an answer cut into sentences and clauses, in English,
Spanish and German, without losing or inventing a character."""

from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.analysis.claims import split_claims


def texts(answer: str, language: str | None = None) -> list[str]:
    return [c.text for c in split_claims(answer, language)]


def test_an_answer_about_two_things_has_two_claims_in_each_language() -> None:
    assert texts("The bus never comes on time. The clinic closes at four on weekdays.", "en") == [
        "The bus never comes on time.",
        "The clinic closes at four on weekdays.",
    ]
    assert texts(
        "Necesitamos más autobuses al hospital, pero también guarderías baratas para familias.",
        "es",
    ) == [
        "Necesitamos más autobuses al hospital,",
        "pero también guarderías baratas para familias.",
    ]
    assert texts(
        "Wir brauchen mehr Busse zur Klinik, aber auch günstige Wohnungen für junge Familien.",
        "de",
    ) == [
        "Wir brauchen mehr Busse zur Klinik,",
        "aber auch günstige Wohnungen für junge Familien.",
    ]


def test_abbreviations_numbers_and_opening_marks_do_not_cut_a_sentence() -> None:
    assert texts("Dr. Smith says 3.5 miles is too far for e.g. older people to walk.", "en") == [
        "Dr. Smith says 3.5 miles is too far for e.g. older people to walk."
    ]
    answer = "¿Por qué no hay autobús al hospital los domingos? ¡Necesitamos transporte público!"
    assert texts(answer, "es") == [
        "¿Por qué no hay autobús al hospital los domingos?",
        "¡Necesitamos transporte público!",
    ]
    assert texts("Die Sra. usw. z.B. Nr. 5 Straße ist gefährlich für Kinder.", "de") == [
        "Die Sra. usw. z.B. Nr. 5 Straße ist gefährlich für Kinder."
    ]


def test_list_items_and_line_breaks_are_claims() -> None:
    answer = "Our needs:\n- housing costs are too high\n- no jobs for young people\n"
    assert texts(answer, "en") == [
        "Our needs:\n- housing costs are too high",
        "- no jobs for young people",
    ]


def test_short_pieces_join_a_neighbour_and_one_clause_sentences_stay_whole() -> None:
    assert texts("Yes. We need more buses to the clinic.", "en") == [
        "Yes. We need more buses to the clinic."
    ]
    assert texts("We need more buses to the clinic. Thanks!", "en") == [
        "We need more buses to the clinic. Thanks!"
    ]
    # A comma before "and" joining two short phrases is not two claims.
    assert texts("Buses, and trains.", "en") == ["Buses, and trains."]
    assert texts("ok", "en") == ["ok"]
    assert texts("   ", "en") == []
    assert texts("", None) == []


alphabet = st.sampled_from(
    list("abcdeñüßxyz ABCÉ") + [".", "!", "?", ";", ",", "…", "\n", "¿", "¡", "-", "•", "3", " "]
)
pieces = st.sampled_from(
    [
        "Dr.",
        "e.g.",
        " and ",
        ", and ",
        ", pero ",
        ", aber ",
        "3.5",
        "\n- ",
        "\n1) ",
        " the bus ",
        " la clínica ",
        " die Straße ",
        "Thanks!",
        "¿Por qué? ",
        "...",
        "\t",
    ]
)
answers = st.lists(st.one_of(alphabet, pieces), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(answers, st.sampled_from(["en", "es", "de", "fr", None]))
def test_claims_never_lose_or_invent_text_and_map_back_to_the_answer(
    answer: str, language: str | None
) -> None:
    claims = split_claims(answer, language)
    previous = 0
    for claim in claims:
        assert answer[claim.start : claim.end] == claim.text
        assert claim.text and not claim.text[0].isspace() and not claim.text[-1].isspace()
        assert claim.start >= previous
        assert answer[previous : claim.start].strip() == ""
        previous = claim.end
    assert answer[previous:].strip() == ""
    # Every character that is not white space is in exactly one claim.
    assert "".join(c.text for c in claims).replace(" ", "") == "".join(
        answer[c.start : c.end] for c in claims
    ).replace(" ", "")
    assert "".join(answer.split()) == "".join("".join(c.text for c in claims).split())
    assert bool(claims) == bool(answer.strip())


def test_a_line_break_ends_a_sentence_without_a_full_stop() -> None:
    answer = "Buses always arrive late downtown\nThe parks are dirty and unsafe"
    assert texts(answer, "en") == [
        "Buses always arrive late downtown",
        "The parks are dirty and unsafe",
    ]


def test_a_sentence_of_exactly_three_content_words_stands_alone() -> None:
    assert texts("Buses arrive late. Clinics close early.", "en") == [
        "Buses arrive late.",
        "Clinics close early.",
    ]
