"""Mentor matching: every suggestion fits the stated rule, every coalition left out breaks it,
and the order is the rule's order (nearest first, then most shared, fewest stages ahead, id)."""

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.analysis.mentors import Coalition, miles_between, suggest_mentors

TAGS = ["a", "b", "c", "d"]
AREAS = ["housing", "youth", "aces"]

coalitions = st.builds(
    Coalition,
    id=st.integers(1, 10_000),
    stage=st.integers(0, 3),
    strategies=st.frozensets(st.sampled_from(TAGS)),
    focus_areas=st.frozensets(st.sampled_from(AREAS)),
    place=st.one_of(st.none(), st.tuples(st.floats(30, 40), st.floats(-90, -75))),
)


@settings(max_examples=200, deadline=None)
@given(seeker=coalitions, others=st.lists(coalitions, max_size=30, unique_by=lambda c: c.id))
def test_the_order_is_explained_by_the_rule(seeker: Coalition, others: list[Coalition]) -> None:
    others = [o for o in others if o.id != seeker.id]
    found = suggest_mentors(seeker, others, limit=None)
    chosen = {s.coalition_id for s in found}
    for other in others:
        fits = (
            other.stage > seeker.stage
            and (not seeker.strategies or seeker.strategies & other.strategies)
            and (not seeker.focus_areas or seeker.focus_areas & other.focus_areas)
        )
        assert (other.id in chosen) == bool(fits)
    for s in found:
        other = next(o for o in others if o.id == s.coalition_id)
        assert s.stages_ahead == other.stage - seeker.stage > 0
        assert set(s.shared_strategies) == seeker.strategies & other.strategies
        assert set(s.shared_focus_areas) == seeker.focus_areas & other.focus_areas
        if seeker.place and other.place:
            assert s.miles is not None
            assert abs(s.miles - miles_between(seeker.place, other.place)) <= 0.05
        else:
            assert s.miles is None
    # The rule's order: places known first, nearest, most shared, fewest stages ahead, id.
    keys = [s.order_key() for s in found]
    assert keys == sorted(keys)
    shuffled = list(others)
    random.Random(1).shuffle(shuffled)
    assert suggest_mentors(seeker, shuffled, limit=None) == found


def test_nearest_first_with_reasons() -> None:
    seeker = Coalition(1, 0, frozenset({"a"}), frozenset({"youth"}), (35.0, -80.0))
    near = Coalition(2, 2, frozenset({"a"}), frozenset({"youth"}), (35.1, -80.0))
    far = Coalition(3, 3, frozenset({"a", "b"}), frozenset({"youth"}), (36.0, -80.0))
    unknown = Coalition(4, 1, frozenset({"a"}), frozenset({"youth"}), None)
    behind = Coalition(5, 0, frozenset({"a"}), frozenset({"youth"}), (35.0, -80.0))
    other_work = Coalition(6, 3, frozenset({"c"}), frozenset({"youth"}), (35.0, -80.0))
    found = suggest_mentors(seeker, [far, unknown, behind, near, other_work])
    assert [s.coalition_id for s in found] == [2, 3, 4]
    first, second = found[0].miles, found[1].miles
    assert first is not None and second is not None and first < second
    assert found[0].shared_strategies == ("a",) and found[0].stages_ahead == 2
    # A request about one strategy asks only that of the mentor.
    about_c = suggest_mentors(seeker, [near, other_work], strategies=["c"])
    assert [s.coalition_id for s in about_c] == [6]


def test_miles_along_a_meridian_and_the_equator() -> None:
    # One degree of a great circle is 3958.8 · π / 180 = 69.09 miles.
    degree = 3958.8 * math.pi / 180
    assert miles_between((0.0, 0.0), (1.0, 0.0)) == pytest.approx(degree)
    assert miles_between((0.0, 0.0), (0.0, 1.0)) == pytest.approx(degree)
    assert miles_between((0.0, 0.0), (0.0, 90.0)) == pytest.approx(90 * degree)
    assert miles_between((60.0, 0.0), (60.0, 1.0)) == pytest.approx(degree / 2, rel=1e-4)


def test_suggestions_in_exact_miles_five_at_most_and_without_a_focus_asked() -> None:
    seeker = Coalition(1, 0, place=(0.0, 0.0))  # no strategies or focus areas of its own
    others = [Coalition(10 + n, 1, place=(0.0, 0.5 + n)) for n in range(6)]
    found = suggest_mentors(seeker, [Coalition(9, 2), *others])
    assert [s.coalition_id for s in found] == [10, 11, 12, 13, 14]
    assert found[0].miles == 34.5 and found[1].miles == 103.6  # 0.5° and 1.5°, to 0.1 mile
    assert len(suggest_mentors(seeker, others, limit=None)) == 6
    # A coalition without a known place comes after every one with one, however far.
    assert [s.coalition_id for s in suggest_mentors(seeker, [Coalition(9, 2), others[5]])] == [
        15,
        9,
    ]
