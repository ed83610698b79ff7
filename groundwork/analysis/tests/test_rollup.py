"""The roll-up of many series into counts: properties that hold for any input."""

from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groundwork.analysis.rollup import Rollup, Series, direction_of, meets_target, roll_up

values = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False), max_size=8
)
one = st.builds(
    Series,
    values=values,
    higher_is_better=st.booleans(),
    target=st.none() | st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
many = st.lists(one, max_size=30)


@given(many)
def test_every_series_is_counted_once(items: list[Series]) -> None:
    r = roll_up(items)
    assert r.total == len(items)
    assert r.better + r.worse + r.flat + r.no_data == r.total
    assert 0 <= r.at_target <= r.with_target <= r.total


@given(many, st.randoms())
def test_order_does_not_matter(items: list[Series], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert roll_up(shuffled) == roll_up(items)


@given(many, many)
def test_rolling_up_two_groups_adds_their_counts(a: list[Series], b: list[Series]) -> None:
    left, right, both = roll_up(a), roll_up(b), roll_up(a + b)
    for name in ("total", "better", "worse", "flat", "no_data", "with_target", "at_target"):
        assert getattr(both, name) == getattr(left, name) + getattr(right, name)


@given(one)
def test_flipping_which_way_is_better_swaps_better_and_worse(s: Series) -> None:
    flipped = Series(values=s.values, higher_is_better=not s.higher_is_better, target=s.target)
    swap = {"better": "worse", "worse": "better", "flat": "flat", "none": "none"}
    assert direction_of(flipped) == swap[direction_of(s)]


@given(one, st.floats(min_value=-1e3, max_value=1e3, allow_nan=False))
def test_mirroring_the_values_and_the_direction_keeps_the_verdict(s: Series, shift: float) -> None:
    mirrored = Series(
        values=[-v + shift for v in s.values],
        higher_is_better=not s.higher_is_better,
        target=None if s.target is None else -s.target + shift,
    )
    # Exact when the arithmetic is exact; floats can round a tie either way, so only check
    # series whose values survive the mirror unchanged in order.
    if all(-(-v + shift) + shift == v for v in s.values) and (
        s.target is None or -(-s.target + shift) + shift == s.target
    ):
        assert direction_of(mirrored) == direction_of(s)


def test_examples() -> None:
    falling_good = Series([14.0, 12.5], higher_is_better=False, target=12.0)
    rising_good = Series([40.0, 55.0], higher_is_better=True, target=50.0)
    empty = Series([], target=3.0)
    single = Series([7.0])
    r = roll_up([falling_good, rising_good, empty, single])
    assert r == Rollup(total=4, better=2, worse=0, flat=1, no_data=1, with_target=3, at_target=1)
    assert r.percent_better() == 200 / 3
    assert not meets_target(falling_good)
    assert meets_target(rising_good)
    assert roll_up([]).percent_better() is None


def test_exact_counts_percent_and_targets_met_exactly() -> None:
    on_target = Series([3.0, 5.0], target=5.0)
    below_target = Series([5.0, 3.0], higher_is_better=False, target=3.0)
    no_target_yet = Series([], target=None)
    falling = Series([2.0, 1.0])
    r = roll_up([on_target, below_target, no_target_yet, falling])
    assert r == Rollup(total=4, better=2, worse=1, flat=0, no_data=1, with_target=2, at_target=2)
    assert r.with_data == 3 and r.percent_better() == pytest.approx(200 / 3)
    assert Rollup(total=4, better=1, no_data=2).percent_better() == 50.0
    assert meets_target(on_target) and meets_target(below_target)
    assert not meets_target(Series([4.9], target=5.0))
    assert not meets_target(Series([], target=5.0)) and not meets_target(falling)
    assert Rollup() == roll_up([]) and Rollup().total == 0
    assert direction_of(falling) == "worse" and direction_of(Series([1.0, 2.0])) == "better"


def test_series_and_roll_ups_are_values() -> None:
    assert len({Series((1.0,)), Series((1.0,)), Rollup(), Rollup()}) == 2
    with pytest.raises(FrozenInstanceError):
        Rollup().total = 1  # type: ignore[misc]
