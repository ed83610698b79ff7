"""Candidate statements drafted from answers: verbatim, trimmed at clause boundaries, never
invented, and stable when drafted again."""

from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.analysis.seeds import (
    DraftStatement,
    draft_statements,
    normalize_space,
    sentences,
    statement_key,
)


def test_splits_sentences_and_keeps_the_words_as_written() -> None:
    answer = "We need buses on Sundays.  The clinic is far!\n- Dr. Ortiz helps a lot at night"
    assert sentences(answer) == [
        "We need buses on Sundays.",
        "The clinic is far!",
        "Dr. Ortiz helps a lot at night",
    ]


def test_questions_short_sentences_personal_data_and_existing_statements_are_left_out() -> None:
    answers = [
        (1, "¿Por qué no hay autobuses? Necesitamos autobuses los domingos."),
        (2, "Why is the clinic closed? Yes. Call me at (919) 555-0134 about the clinic."),
        (3, "A youth center downtown would keep kids safe."),
    ]
    drafts = draft_statements(answers, existing=["a youth center downtown would keep kids safe"])
    assert drafts == [DraftStatement("Necesitamos autobuses los domingos.", (1,))]


def test_the_same_sentence_in_several_answers_is_one_candidate_naming_them_all() -> None:
    answers = [
        (7, "Fix the river levee. It floods every spring."),
        (3, "It floods every spring.\nWe lose our homes each time."),
        (9, "it   floods every spring"),
    ]
    drafts = draft_statements(answers)
    assert drafts[0] == DraftStatement("It floods every spring.", (7, 3, 9))
    assert [d.text for d in drafts[1:]] == ["Fix the river levee.", "We lose our homes each time."]


def test_a_long_sentence_is_cut_at_its_last_clause_boundary_that_fits() -> None:
    sentence = (
        "The buses should run every half hour on weekdays, and on Sundays they should reach "
        "the clinic and the market; otherwise people without cars cannot get to work"
    )
    drafts = draft_statements([(1, sentence)], limit=120)
    assert drafts == [
        DraftStatement(
            "The buses should run every half hour on weekdays, and on Sundays they should "
            "reach the clinic and the market",
            (1,),
        )
    ]
    # No clause boundary within the limit: nothing is cut mid-clause.
    assert draft_statements([(1, "word " * 40)], limit=50) == []


def test_duplicates_are_found_without_case_spacing_or_closing_punctuation() -> None:
    assert statement_key("  More BUSES  to the clinic!! ") == statement_key(
        "more buses to the clinic"
    )


texts = st.text(
    alphabet=st.sampled_from(list("abcdefghij ABC,.;:!?¿¡-–…\n\t'\"()0123456789ñé") + [" "] * 6),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=5), st.integers(min_value=12, max_value=200))
def test_never_returns_text_that_is_not_in_its_answers(answers: list[str], limit: int) -> None:
    drafts = draft_statements(list(enumerate(answers)), limit=limit, personal=lambda _t: False)
    for draft in drafts:
        assert draft.sources
        for source in draft.sources:
            assert statement_key(draft.text) in {
                statement_key(s) for s in _all_trimmed(answers[source], limit)
            }
        assert draft.text in normalize_space(answers[draft.sources[0]])


def _all_trimmed(answer: str, limit: int) -> list[str]:
    """Every sentence of the answer and every start of it cut at a clause boundary."""
    out = []
    for sentence in sentences(answer):
        out.append(sentence)
        for i, char in enumerate(sentence):
            if char in ",;:-–—":
                out.append(sentence[:i].rstrip())
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=5), st.integers(min_value=12, max_value=200))
def test_respects_the_length_limits(answers: list[str], limit: int) -> None:
    for draft in draft_statements(list(enumerate(answers)), limit=limit, personal=lambda _t: False):
        assert len(draft.text) <= limit
        assert len(draft.text) >= 12 and len(draft.text.split()) >= 3
        assert draft.text == normalize_space(draft.text)
        assert not draft.text.startswith("¿") and not draft.text.endswith("?")


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=5), st.integers(min_value=12, max_value=200))
def test_drafting_is_idempotent(answers: list[str], limit: int) -> None:
    drafts = draft_statements(list(enumerate(answers)), limit=limit, personal=lambda _t: False)
    for draft in drafts:
        again = draft_statements([(0, draft.text)], limit=limit, personal=lambda _t: False)
        assert [d.text for d in again] == [draft.text]
    # Drafting the same answers again gives the same candidates.
    assert draft_statements(list(enumerate(answers)), limit=limit) == draft_statements(
        list(enumerate(answers)), limit=limit
    )
    # Candidates already accepted as statements are not proposed again.
    assert (
        draft_statements(
            list(enumerate(answers)),
            limit=limit,
            personal=lambda _t: False,
            existing=[d.text for d in drafts],
        )
        == []
    )


def test_a_zero_limit_is_refused() -> None:
    with pytest.raises(ValueError):
        draft_statements([(1, "Some words here.")], limit=0)


def test_an_initial_does_not_end_a_sentence_but_a_two_letter_word_does() -> None:
    assert sentences("Ask J. Smith about the bus. We go. It is late.") == [
        "Ask J. Smith about the bus.",
        "We go.",
        "It is late.",
    ]


def test_a_sentence_of_exactly_the_limit_is_kept_whole_and_candidates_can_be_capped() -> None:
    sentence = "The bus to the clinic is always late"  # 36 characters
    assert [d.text for d in draft_statements([(1, sentence)], limit=36)] == [sentence]
    answers = [(1, "Buses are late every day."), (2, "Parks need more trees now.")]
    assert len(draft_statements(answers)) == 2
    assert draft_statements(answers, max_candidates=1) == [
        DraftStatement("Buses are late every day.", (1,))
    ]
    # Both the words and the characters must be enough.
    assert draft_statements([(1, "Fix potholes")], min_words=2, min_chars=13) == []
    assert draft_statements([(1, "Fix all potholes")], min_words=4, min_chars=5) == []
    draft = draft_statements(answers)[0]
    assert len({draft, DraftStatement("Buses are late every day.", (1,))}) == 1
    with pytest.raises(FrozenInstanceError):
        draft.text = ""  # type: ignore[misc]
