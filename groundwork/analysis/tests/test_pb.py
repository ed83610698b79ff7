"""Participatory budgeting rules: greedy by votes and the Method of Equal Shares, against the
worked examples published on equalshares.net, and their properties on any ballots."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.analysis.pb import (
    MAX_COMPLETION_RUNS,
    DuplicatePlace,
    borda_points,
    equal_shares,
    greedy,
    ranked_greedy,
    ranking_from_places,
    vote_counts,
)

# equalshares.net, "Explanation of the Method of Equal Shares", Example 1
# (https://equalshares.net/explanation#example): budget 1100 for 11 voters (a share of 100
# each), five projects, the voters' approvals as the page's table gives them, column by column.
COSTS = {"bike": 700, "gym": 400, "park": 250, "playground": 200, "library": 100}
EXAMPLE_1 = [
    {"bike", "gym"},
    {"bike", "gym", "park"},
    {"bike", "gym"},
    {"bike", "gym", "park"},
    {"bike", "gym", "park"},
    {"bike", "gym"},
    {"park", "playground", "library"},
    {"playground"},
    {"playground", "library"},
    {"park", "playground", "library"},
    {"bike"},
]
# Example 2 of the same page: the right-most voter votes for the outdoor gym instead of the
# bike path.
EXAMPLE_2 = [*EXAMPLE_1[:10], {"gym"}]


def test_example_1_vote_counts_are_the_published_ones() -> None:
    assert vote_counts(COSTS, EXAMPLE_1) == {
        "bike": 7,
        "gym": 6,
        "park": 5,
        "playground": 4,
        "library": 3,
    }


def test_example_1_greedy_funds_the_two_sports_projects() -> None:
    # "they would select the bike path (with 7 votes), and then the outdoor gym (with 6
    # votes), and then stop because the budget is exhausted."
    outcome = greedy(COSTS, EXAMPLE_1, 1100)
    assert outcome.funded == ("bike", "gym")
    assert outcome.spent == 1100


def test_example_1_equal_shares_funds_bike_path_playground_and_library() -> None:
    # "the Method of Equal Shares will select the bike path, then the new playground, and then
    # the library for kids."
    plain = equal_shares(COSTS, EXAMPLE_1, 1100, completion=None)
    assert plain.funded == ("bike", "playground", "library")
    assert plain.share == 100
    # The outcome is exhaustive (100 left, every other project costs more): the completion
    # keeps it.
    completed = equal_shares(COSTS, EXAMPLE_1, 1100)
    assert completed.funded == ("bike", "playground", "library")
    assert completed.spent == 1000
    assert completed.completed_by_greedy == ()


def test_example_2_equal_shares_funds_gym_park_then_playground() -> None:
    # "the outdoor gym with 7 votes" first; the bike path is no longer affordable; "the new
    # park is still the project with the highest effective vote count" (4.1); then "the new
    # playground is selected, obtaining an effective vote count of 3.2"; then nothing else
    # can be afforded.
    plain = equal_shares(COSTS, EXAMPLE_2, 1100, completion=None)
    assert plain.funded == ("gym", "park", "playground")
    assert plain.spent == 850


def test_example_2_completion_never_leaves_an_affordable_project_unfunded() -> None:
    completed = equal_shares(COSTS, EXAMPLE_2, 1100)
    assert completed.spent <= 1100
    assert {"gym", "park", "playground"} <= set(completed.funded)
    left = 1100 - completed.spent
    assert all(COSTS[p] > left for p in COSTS if p not in completed.funded)


def test_ties_go_to_the_cheaper_project_then_the_more_voted_then_the_given_order() -> None:
    # equalshares.net, "How to break ties?": the lower cost, then the higher initial count.
    costs = {"a": 300, "b": 300, "c": 200}
    ballots = [{"a", "b"}, {"a", "b"}, {"c"}]
    assert greedy(costs, ballots, 300).funded == ("a",)
    assert greedy({"b": 300, "a": 300}, ballots, 300).funded == ("b",)
    # A share of 200 each: a and b both have an effective count of 2; a comes first.
    assert equal_shares(costs, ballots, 600, completion=None).funded == ("a", "c")
    # x and y both have an effective count of 2 (cost / largest payment): y is cheaper.
    costs = {"x": 200, "y": 100}
    same = [{"x"}, {"x"}, {"y"}, {"y"}]
    assert equal_shares(costs, same, 400, completion=None).funded[0] == "y"


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        greedy({"a": 0}, [], 10)
    with pytest.raises(ValueError):
        greedy({"a": 1.5}, [], 10)  # type: ignore[dict-item]
    with pytest.raises(ValueError):
        equal_shares({"a": 10}, [], -1)


def test_no_ballots_fund_nothing() -> None:
    assert equal_shares(COSTS, [], 1100).funded == ()
    assert greedy(COSTS, [], 1100).funded == ()


projects = st.lists(st.integers(1, 50), min_size=1, max_size=6).map(
    lambda cs: {f"p{i}": c * 100 for i, c in enumerate(cs)}
)


@st.composite
def elections(draw: st.DrawFn) -> tuple[dict[str, int], list[set[str]], int]:
    costs = draw(projects)
    names = sorted(costs)
    ballots = draw(st.lists(st.sets(st.sampled_from(names)), max_size=12))
    budget = draw(st.integers(0, 200)) * 100
    return costs, ballots, budget


@settings(max_examples=150, deadline=None)
@given(elections())
def test_never_over_budget_and_only_approved_projects(
    election: tuple[dict[str, int], list[set[str]], int],
) -> None:
    costs, ballots, budget = election
    approved = set().union(*ballots) if ballots else set()
    for outcome in (
        greedy(costs, ballots, budget),
        equal_shares(costs, ballots, budget),
        equal_shares(costs, ballots, budget, completion=None),
    ):
        assert outcome.spent == sum(costs[p] for p in outcome.funded) <= budget
        assert set(outcome.funded) <= approved
        assert len(set(outcome.funded)) == len(outcome.funded)


@settings(max_examples=100, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_the_order_of_ballots_does_not_matter(
    election: tuple[dict[str, int], list[set[str]], int], rnd: object
) -> None:
    costs, ballots, budget = election
    shuffled = list(ballots)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert greedy(costs, ballots, budget) == greedy(costs, shuffled, budget)
    assert equal_shares(costs, ballots, budget) == equal_shares(costs, shuffled, budget)


@settings(max_examples=100, deadline=None)
@given(elections())
def test_completed_outcomes_are_exhaustive_among_approved_projects(
    election: tuple[dict[str, int], list[set[str]], int],
) -> None:
    costs, ballots, budget = election
    approved = set().union(*ballots) if ballots else set()
    for outcome in (greedy(costs, ballots, budget), equal_shares(costs, ballots, budget)):
        left = budget - outcome.spent
        assert all(costs[p] > left for p in approved if p not in outcome.funded)


@settings(max_examples=100, deadline=None)
@given(elections())
def test_without_completion_no_voter_pays_more_than_an_equal_share(
    election: tuple[dict[str, int], list[set[str]], int],
) -> None:
    # Each funded project is paid by its supporters out of budget/n each: the supporters of
    # the funded projects together hold at least what those projects cost.
    costs, ballots, budget = election
    outcome = equal_shares(costs, ballots, budget, completion=None)
    if not ballots:
        return
    share = Fraction(budget, len(ballots))
    for project in outcome.funded:
        supporters = sum(1 for b in ballots if project in b)
        assert supporters * share >= costs[project]


# The Borda count's standard example (Wikipedia, "Borda count", "Example": the vote on the
# capital of Tennessee, 100 voters): Memphis 126, Nashville 194, Chattanooga 173,
# Knoxville 107 points, so Nashville wins though Memphis has the most first choices.
TENNESSEE = (
    [["Memphis", "Nashville", "Chattanooga", "Knoxville"]] * 42
    + [["Nashville", "Chattanooga", "Knoxville", "Memphis"]] * 26
    + [["Chattanooga", "Knoxville", "Nashville", "Memphis"]] * 15
    + [["Knoxville", "Chattanooga", "Nashville", "Memphis"]] * 17
)
CITIES = {"Memphis": 100, "Nashville": 100, "Chattanooga": 100, "Knoxville": 100}


def test_borda_points_reproduce_the_tennessee_example() -> None:
    assert borda_points(CITIES, TENNESSEE) == {
        "Memphis": 126,
        "Nashville": 194,
        "Chattanooga": 173,
        "Knoxville": 107,
    }
    assert ranked_greedy(CITIES, TENNESSEE, 100).funded == ("Nashville",)
    # First choices alone (approval of the first choice) would pick Memphis.
    assert greedy(CITIES, [r[:1] for r in TENNESSEE], 100).funded == ("Memphis",)


def test_ranked_greedy_skips_what_no_longer_fits_and_never_funds_unranked() -> None:
    costs = {"a": 600, "b": 500, "c": 300, "d": 100}
    outcome = ranked_greedy(costs, [["a", "b", "c"], ["b", "a"], ["a", "c"]], 1000)
    # Points: a 3+2+3 = 8, b 2+3 = 5, c 1+2 = 3, d 0.
    assert outcome.funded == ("a", "c")
    assert outcome.spent == 900 and outcome.rule == "ranked_greedy"
    # A project ranked twice counts at its best place; unknown projects are ignored.
    assert borda_points(costs, [["x", "b", "b", "a"]]) == {"a": 2, "b": 3, "c": 0, "d": 0}
    with pytest.raises(ValueError):
        ranked_greedy(costs, [], -1)


def test_places_make_a_ranking_first_choice_first_with_gaps_closed() -> None:
    assert ranking_from_places({"a": 3, "b": 1, "c": None, "d": 4}) == ("b", "a", "d")
    assert ranking_from_places({"a": None}) == ()
    with pytest.raises(DuplicatePlace) as refused:
        ranking_from_places({"a": 2, "b": 1, "c": 2})
    assert refused.value.place == 2
    for bad in (0, -1, True):
        with pytest.raises(ValueError):
            ranking_from_places({"a": bad})


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from("abcdefgh"),
        st.one_of(st.none(), st.integers(min_value=1, max_value=12)),
    )
)
def test_a_ranking_keeps_the_order_of_places_or_names_the_shared_place(
    places: dict[str, int | None],
) -> None:
    given_places = [p for p in places.values() if p is not None]
    if len(set(given_places)) < len(given_places):
        with pytest.raises(DuplicatePlace) as refused:
            ranking_from_places(places)
        assert given_places.count(refused.value.place) > 1
        return
    ranking = ranking_from_places(places)
    # Every ranked project once, in the order of its place; the unranked are left out.
    assert set(ranking) == {p for p, place in places.items() if place is not None}
    assert [places[p] for p in ranking] == sorted(given_places)
    # Only the order counts: moving every place up by the same amount changes nothing.
    shifted = {p: None if place is None else place + 5 for p, place in places.items()}
    assert ranking_from_places(shifted) == ranking


def test_completion_raises_the_share_while_the_outcome_is_not_exhaustive() -> None:
    # At the equal split (66.67 each) only c (100) is affordable; raising every share to 200
    # funds c, b and a exactly, with nothing left for a greedy completion.
    costs = {"a": 50, "b": 250, "c": 100, "d": 400, "e": 200}
    ballots = [["c"], ["c"], ["a", "d"], [], ["b", "c", "e"], ["b", "d"]]
    found = equal_shares(costs, ballots, 400)
    assert (found.funded, found.spent, found.share) == (("c", "b", "a"), 400, Fraction(200))
    assert found.completed_by_greedy == ()


def test_completion_stops_at_the_first_share_that_overspends() -> None:
    # Share 100 funds a; 150 still only a; 200 would fund a and b (600 > 500): the raising
    # stops there, keeps 150, and c is added greedily (it fits: 200 + 300 = 500), although a
    # still larger share (250) would have funded a and c by itself.
    costs = {"a": 200, "b": 400, "c": 300}
    ballots = [["b"], ["a"], ["a", "c"], ["b", "c"], [], []]
    found = equal_shares(costs, ballots, 500, step=50)
    assert (found.funded, found.share, found.completed_by_greedy) == (
        ("a", "c"),
        Fraction(150),
        ("c",),
    )


def test_completion_gives_up_after_its_last_run() -> None:
    # From 2,500 each, in steps of 1: the last run allowed tries 4,500 (and keeps it, funding
    # nothing); 4,501 would fund a, one run more than allowed, so a is added greedily.
    found = equal_shares({"a": 2_500 + MAX_COMPLETION_RUNS + 1}, [["a"], []], 5_000, step=1)
    assert (found.share, found.completed_by_greedy) == (Fraction(4_500), ("a",))
