import math
import random
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import mannwhitneyu

from groundwork.analysis.waves import Comparison, domain_scores, mann_whitney


def compared(a: list[int], b: list[int]) -> Comparison:
    found = mann_whitney(a, b)
    assert found is not None
    return found


likert = st.lists(st.integers(min_value=1, max_value=5), min_size=5, max_size=80)


@given(likert, likert)
@settings(max_examples=200, deadline=None)
def test_symmetric(a: list[int], b: list[int]) -> None:
    ab = compared(a, b)
    ba = compared(b, a)
    assert math.isclose(ab.p_value, ba.p_value, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(ab.z, -ba.z, abs_tol=1e-9)
    assert math.isclose(ab.u + ba.u, len(a) * len(b))
    assert math.isclose(ab.change, -ba.change, abs_tol=1e-9)


@given(likert)
@settings(max_examples=100, deadline=None)
def test_identical_samples_show_no_change(a: list[int]) -> None:
    found = compared(a, list(a))
    assert found.p_value == 1.0
    assert found.change == 0
    assert not found.beyond_noise
    assert found.direction == "same"
    assert found.superiority == 0.5


@given(likert, likert, st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_order_does_not_matter(a: list[int], b: list[int], rnd: random.Random) -> None:
    shuffled_a, shuffled_b = list(a), list(b)
    rnd.shuffle(shuffled_a)
    rnd.shuffle(shuffled_b)
    assert mann_whitney(a, b) == compared(shuffled_a, shuffled_b)


@given(likert, likert)
@settings(max_examples=100, deadline=None)
def test_agrees_with_scipy(a: list[int], b: list[int]) -> None:
    ours = compared(a, b)
    if len(set(a) | set(b)) == 1:
        assert ours.p_value == 1.0
        return
    theirs = mannwhitneyu(b, a, alternative="two-sided", method="asymptotic", use_continuity=True)
    assert math.isclose(ours.u, theirs.statistic)
    assert math.isclose(ours.p_value, theirs.pvalue, rel_tol=1e-6, abs_tol=1e-9)


def test_a_clear_shift_is_beyond_noise_and_says_which_way() -> None:
    before = [2] * 40 + [3] * 40 + [4] * 20
    after = [3] * 20 + [4] * 50 + [5] * 30
    found = compared(before, after)
    assert found.beyond_noise
    assert found.direction == "up"
    assert found.change == pytest.approx(4.1 - 2.8)
    assert compared(after, before).direction == "down"


def test_too_few_answers_make_no_test() -> None:
    assert mann_whitney([1, 2, 3, 4], [1, 2, 3, 4, 5]) is None
    assert mann_whitney([], [1] * 10) is None


def test_domain_scores_need_half_the_questions() -> None:
    answers = [
        {"q1": 4, "q2": 2, "q3": 3, "q4": 5},
        {"q1": 5, "q2": 5},  # half: counted
        {"q1": 1},  # a quarter: left out
        {"other": 3},
    ]
    assert domain_scores(answers, ["q1", "q2", "q3", "q4"]) == [3.5, 5.0]
    assert domain_scores(answers, []) == []


def test_superiority_and_noise_by_hand() -> None:
    # B = [2, 3] against A = [1, 2, 2]: of the 6 pairs B is higher in 4 and ties in 2, U = 5.
    found = mann_whitney([1, 2, 2], [2, 3], min_answers=1)
    assert found is not None
    assert found.u == 5.0 and found.superiority == pytest.approx(5 / 6)
    assert found.p_value > 0.05 and not found.beyond_noise and found.direction == "same"
    assert domain_scores([{"q1": 2, "q2": 4}], ["q1", "q2"]) == [3.0]
    assert found == mann_whitney([2, 1, 2], [3, 2], min_answers=1)
    assert len({found, mann_whitney([2, 1, 2], [3, 2], min_answers=1)}) == 1
    with pytest.raises(FrozenInstanceError):
        found.u = 0.0  # type: ignore[misc]
