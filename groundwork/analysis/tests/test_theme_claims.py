"""Claims, then themes (groundwork.analysis.themes with groundwork.analysis.claims): an answer
about two things supports two themes, each through its own claim; subthemes are named by a
claim, verbatim, and count people, each once."""

import random

from groundwork.analysis.themes import Theme, assign_to_themes, find_themes

from .test_themes import TOPICS, corpus

TWO_SUBJECTS = [
    "The bus route never keeps its schedule on sunday. "
    "Our rent went up and the landlord kept the deposit.",
    "Every park needs a playground with benches and trees. "
    "The drains flood the basement after every storm.",
]


def theme_of(result_themes: list[Theme], word: str, texts: list[str]) -> Theme:
    """The theme most of whose members mention ``word``."""
    return max(
        result_themes,
        key=lambda t: sum(word in texts[int(m.id)].casefold() for m in t.members) / t.size,
    )


def test_an_answer_about_two_subjects_supports_two_themes() -> None:
    texts, _ = corpus(400)
    texts = texts + TWO_SUBJECTS
    two = {400: ("bus", "rent"), 401: ("park", "flood")}
    result = find_themes(texts, languages="en", seed=0)
    assert len(result.themes) == 4
    for answer, words in two.items():
        holding = [t for t in result.themes if answer in {m.id for m in t.members}]
        assert len(holding) == 2
        for word in words:
            theme = theme_of(result.themes, word, texts)
            [member] = [m for m in theme.members if m.id == answer]
            # The claim that put the answer there is the sentence about that subject.
            assert member.claim is not None
            start, end = member.claim
            claim = texts[answer][start:end]
            assert any(w in claim.casefold() for w in TOPICS[_topic(word)])
            assert claim in TWO_SUBJECTS[answer - 400]
    # Every other answer is in exactly one theme, and theme sizes count answers.
    for theme in result.themes:
        assert theme.size == len(theme.members) == len({m.id for m in theme.members})
    # Whole answers (the engine before claims) put each of them in one theme only.
    whole = find_themes(texts, languages="en", seed=0, claims=False)
    for answer in two:
        assert sum(answer in {m.id for m in t.members} for t in whole.themes) == 1


def _topic(word: str) -> str:
    return next(topic for topic, words in TOPICS.items() if word in words)


def test_new_answers_are_placed_by_their_claims() -> None:
    texts, _ = corpus(400)
    result = find_themes(texts, languages="en", seed=0, subthemes=False)
    placed = assign_to_themes(TWO_SUBJECTS, result.model, languages="en", claims=True)
    assert [a.id for a in placed] == [0, 0, 1, 1]
    for a in placed:
        assert a.theme is not None and a.claim is not None
    assert placed[0].theme != placed[1].theme and placed[2].theme != placed[3].theme
    claims = {TWO_SUBJECTS[int(a.id)][a.claim[0] : a.claim[1]] for a in placed if a.claim}
    assert "The bus route never keeps its schedule on sunday." in claims
    # Without claims each answer goes to one theme.
    assert len(assign_to_themes(TWO_SUBJECTS, result.model, languages="en")) == 2


def _collapsed(text: str) -> str:
    return " ".join(text.split()).casefold()


def test_subtheme_labels_are_verbatim_claims_of_their_members() -> None:
    texts, _ = corpus(600, seed=3)
    rng = random.Random(1)
    # Some answers of two sentences, so that claims are parts of answers.
    texts = [t + " " + rng.choice(texts) if n % 5 == 0 else t for n, t in enumerate(texts)]
    result = find_themes(texts, languages="en", seed=0)
    subthemes = [s for t in result.themes for s in t.subthemes]
    assert subthemes
    for sub in subthemes:
        label = _collapsed(sub.label.rstrip("…"))
        claims = [
            _collapsed(texts[int(m.id)][m.claim[0] : m.claim[1]] if m.claim else texts[int(m.id)])
            for m in sub.members
        ]
        assert any(label in claim for claim in claims), sub.label


def test_people_are_counted_once_per_theme_and_subtheme() -> None:
    texts, _ = corpus(400)
    # One participant wrote forty of the answers, the others one each.
    authors = ["busy" if n < 40 else f"p{n}" for n in range(len(texts))]
    result = find_themes(texts, languages="en", authors=authors, seed=0)
    assert any(t.subthemes for t in result.themes)
    for theme in result.themes:
        for group in [theme, *theme.subthemes]:
            people = {authors[int(m.id)] for m in group.members}
            assert group.people == len(people)
            busy = sum(authors[int(m.id)] == "busy" for m in group.members)
            if busy > 1:
                assert group.people == group.size - busy + 1
    # Without authors every answer is its own person.
    plain = find_themes(texts, languages="en", seed=0)
    assert all(t.people == t.size for t in plain.themes)


def test_a_claim_takes_the_language_of_its_whole_answer() -> None:
    # Unlabelled Spanish answers: each is Spanish by its words, but a short clause alone
    # ("Inundaciones graves cada invierno.") holds too few of them to tell. Its words must fold
    # as Spanish all the same, so "inundaciones" meets "inundación" and no word stays unstemmed.
    texts = [
        "Me preocupa que el alquiler sube cada año en el barrio. "
        "Inundaciones graves cada invierno.",
        "No podemos pagar el alquiler de la casa con los sueldos de hoy. "
        "Inundaciones en las calles.",
        "El alquiler es demasiado caro para las familias del pueblo. Inundaciones graves otra vez.",
        "Los dueños suben el alquiler y la gente se va del barrio. Inundaciones cada primavera.",
        "Queremos un alquiler justo para los vecinos de la ciudad. "
        "Inundaciones graves y calles rotas.",
        "El precio del alquiler no para de subir en el centro. Inundaciones en los sótanos.",
    ]
    vocabulary = find_themes(texts, seed=1, backend="lexical", subthemes=False).model.vocabulary
    assert "inund" in vocabulary
    assert "inundaciones" not in vocabulary
    assert "invierno" not in vocabulary


def test_a_self_description_beside_a_subject_is_left_out_of_the_claims() -> None:
    from groundwork.analysis.themes.units import _claim_units

    text = "I live on Elm Street. The drains flood after every storm."
    assert _claim_units([text], ["en"]) == [(0, text.index("The drains"), len(text))]


def test_an_answer_that_only_describes_its_writer_stays_one_whole_claim() -> None:
    from groundwork.analysis.themes.units import _claim_units

    about_me = (
        "I live on Elm Street near the old mill by the river. "
        "I am a renter with three children at the middle school."
    )
    # Every claim is a self-description or noise: the answer is one claim, the whole of it
    # (theme_input sets such answers apart before clustering; claims never drop an answer).
    texts = [about_me, "asdfasdf", "   "]
    assert _claim_units(texts, ["en", "en", "en"]) == [
        (0, 0, len(about_me)),
        (1, 0, 8),
        (2, 0, 3),
    ]


def test_answer_ids_order_numbers_by_value_before_any_other_id() -> None:
    from groundwork.analysis.themes.units import _id_key

    # The canonical order of answers with the same text: ids 2 and 10 as numbers, not as
    # text ("10" < "2"), and 0 among them.
    ids: list[int | str] = [10, "a", 2, -1, 0]
    assert sorted(ids, key=_id_key) == [0, 2, 10, -1, "a"]
