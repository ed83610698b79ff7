"""Coverage over themes: people, not answers, weigh a theme; a link to the theme or to any of
its answers addresses it; answers in no theme are grouped by their words."""

from groundwork.analysis.coverage import AnswerRow, answer_key, coverage


def rows() -> list[AnswerRow]:
    return [
        # Theme 1 "Buses": one person wrote three answers, another one.
        AnswerRow(1, 1, 100, "No bus to the clinic"),
        AnswerRow(2, 1, 100, "Buses are late"),
        AnswerRow(3, 1, 100, "The bus skips our street"),
        AnswerRow(4, 1, 101, "More buses"),
        # Theme 2 "Rent": three people and two cards typed in from paper.
        AnswerRow(5, 2, 102, "Rent is too high"),
        AnswerRow(6, 2, 103, "Rent doubled"),
        AnswerRow(7, 2, 104, "Cannot afford rent"),
        AnswerRow(8, 2, None, "Rent!"),
        AnswerRow(9, 2, None, "Rent!"),
        # In no theme: the same words twice, written differently, and one more.
        AnswerRow(10, None, 105, "¡No hay parque!", "es"),
        AnswerRow(11, None, 106, "no hay parque", "es"),
        AnswerRow(12, None, 100, "Lights in the park"),
    ]


THEMES = {1: "Buses", 2: "Rent", 3: "Empty theme"}


def test_themes_are_weighted_by_people_and_captured_answers() -> None:
    result = coverage(rows(), THEMES, theme_links={}, answer_links={})
    assert [(t.label, t.people, t.answers) for t in result.themes] == [
        ("Rent", 5, 5),
        ("Buses", 2, 4),
        ("Empty theme", 0, 0),
    ]
    assert [t.label for t in result.gaps] == ["Rent", "Buses", "Empty theme"]
    assert result.people == 7 + 2  # participants 100..106 and two paper cards
    assert result.gap_people == 7  # 100..104 and two cards; not 105, 106 (not themed)


def test_a_link_to_the_theme_or_to_any_of_its_answers_addresses_it() -> None:
    result = coverage(rows(), THEMES, theme_links={2: {7}}, answer_links={3: {9, 8}, 11: {8}})
    by_label = {t.label: t for t in result.themes}
    assert by_label["Rent"].activities == (7,)
    assert by_label["Buses"].activities == (8, 9)
    assert [t.label for t in result.gaps] == ["Empty theme"]
    assert result.gap_people == 0
    [park, lights] = result.unthemed
    assert park.activities == (8,) and not lights.addressed


def test_answers_in_no_theme_are_grouped_by_their_words() -> None:
    result = coverage(rows(), THEMES, theme_links={}, answer_links={}, unthemed_limit=1)
    assert result.unthemed_answers == 3 and result.unthemed_people == 3
    assert result.unthemed_groups == 2
    [park] = result.unthemed
    assert (park.label, park.language, park.people, park.answers) == (
        "¡No hay parque!",
        "es",
        2,
        2,
    )
    # An answer whose theme is unknown (a stale membership) counts as in no theme.
    stale = coverage([AnswerRow(1, 99, 1, "x")], {}, theme_links={}, answer_links={})
    assert stale.unthemed_answers == 1 and stale.themes == []


def test_groups_report_people_per_kind_and_the_main_kind() -> None:
    answers = [
        AnswerRow(1, 1, 1, "a", group="internal"),
        AnswerRow(2, 1, 1, "b", group="internal"),
        AnswerRow(3, 1, 2, "c", group="internal"),
        AnswerRow(4, 1, 3, "d", group="external"),
        AnswerRow(5, 2, 4, "e", group="internal"),
        AnswerRow(6, 2, 5, "f", group="external"),
        AnswerRow(7, 3, 6, "g"),
    ]
    result = coverage(answers, {1: "A", 2: "B", 3: "C"}, theme_links={}, answer_links={})
    by_label = {t.label: t for t in result.themes}
    assert by_label["A"].groups == {"external": 1, "internal": 2}
    assert by_label["A"].group == "internal"
    assert by_label["B"].group == ""  # a tie
    assert by_label["C"].groups == {} and by_label["C"].group == ""


def test_answer_key_ignores_case_accents_and_punctuation() -> None:
    assert answer_key("¡No hay AUTOBÚS!") == answer_key("no hay autobus")
    assert answer_key("!!!") == "!!!"


def test_themes_alike_in_everything_but_their_id_come_in_id_order() -> None:
    found = coverage([], {2: "Buses", 1: "BUSES", 0: "buses"}, theme_links={}, answer_links={})
    assert [t.theme for t in found.themes] == [0, 1, 2]
