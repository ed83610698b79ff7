"""Reach and equity: shares, representation, under-heard groups first."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groundwork.analysis.reach import UNDER_HEARD_BELOW, GroupCount, compare


def test_under_heard_groups_come_first_with_the_least_heard_at_the_top() -> None:
    result = compare(
        [
            GroupCount("Town", 60, population=6000),
            GroupCount("Mill Hill", 20, population=6000),
            GroupCount("Fox Run", 0, population=1000),
            GroupCount("Cedar", 20, population=1000),
        ],
        participants=100,
    )
    assert [g.key for g in result.groups] == ["Fox Run", "Mill Hill", "Town", "Cedar"]
    assert [g.key for g in result.under_heard] == ["Fox Run", "Mill Hill"]
    mill = result.groups[1]
    assert mill.participant_share == pytest.approx(0.2)
    assert mill.population_share == pytest.approx(6000 / 14000)
    assert mill.representation == pytest.approx(0.2 / (6000 / 14000))
    assert result.population == 14000 and result.participants == 100


def test_hidden_counts_are_judged_by_what_is_public() -> None:
    result = compare(
        [
            GroupCount("Town", 80, population=5000),
            # At most 14 of 100 people, where 50% live: under-heard whatever the true count.
            GroupCount("North", None, population=5000, participants_at_most=14),
            # At most 14 of 100 where 0.5% live: cannot be called under-heard.
            GroupCount("Tiny", None, population=50, participants_at_most=14),
            GroupCount("Unknown", None, population=50),
        ],
        participants=100,
        hidden_participants=None,
    )
    north = next(g for g in result.groups if g.key == "North")
    assert north.under_heard and north.representation is None
    assert north.representation_at_most == pytest.approx(0.14 / (5000 / 10100))
    assert north.participant_share is None
    assert result.groups[0].key == "North"
    assert [g.key for g in result.groups[-2:]] == ["Tiny", "Unknown"]
    assert result.hidden_together is None


def test_hidden_groups_compared_together_when_their_sum_is_public() -> None:
    result = compare(
        [
            GroupCount("Town", 84, population=5000),
            GroupCount("North", None, population=3000),
            GroupCount("South", None, population=2000),
        ],
        participants=100,
        hidden_participants=16,
    )
    together = result.hidden_together
    assert together is not None and together.keys == ("North", "South")
    assert together.representation == pytest.approx(0.16 / 0.5) and together.under_heard


def test_groups_without_population_figures_come_last_and_are_not_flagged() -> None:
    result = compare(
        [GroupCount("New area", 0), GroupCount("Town", 30, population=100)], participants=30
    )
    assert [g.key for g in result.groups] == ["Town", "New area"]
    assert not any(g.under_heard for g in result.groups)
    assert result.groups[1].population_share is None


def test_nobody_yet() -> None:
    result = compare(
        [GroupCount("A", 0, population=10), GroupCount("B", 0, population=0)], participants=0
    )
    assert [g.key for g in result.under_heard] == ["A"]
    assert result.groups[0].representation is None
    assert compare([], participants=None).groups == ()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"groups": [GroupCount("a", -1)], "participants": 1},
        {"groups": [GroupCount("a", 1), GroupCount("a", 2)], "participants": 3},
        {"groups": [], "participants": 1, "under_heard_below": math.nan},
    ],
)
def test_bad_input_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        compare(**kwargs)  # type: ignore[arg-type]


groups = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(0, 500)),
        st.one_of(st.none(), st.integers(0, 10_000)),
        st.one_of(st.none(), st.integers(0, 500)),
    ),
    max_size=10,
)


@given(groups, st.one_of(st.none(), st.integers(0, 5000)))
def test_order_and_flags(
    rows: list[tuple[int | None, int | None, int | None]], d: int | None
) -> None:
    result = compare(
        [GroupCount(str(i), p, pop, most) for i, (p, pop, most) in enumerate(rows)],
        participants=d,
    )
    assert sorted(g.key for g in result.groups) == sorted(str(i) for i in range(len(rows)))
    flags = [g.under_heard for g in result.groups]
    assert flags == sorted(flags, reverse=True)  # every under-heard group comes first
    for g in result.groups:
        if g.under_heard:
            assert g.population
        if g.representation is not None:
            assert g.representation >= 0
            assert g.under_heard == (g.representation < UNDER_HEARD_BELOW)
        if g.participants is not None:
            assert g.representation_at_most is None


@given(st.lists(st.integers(1, 1000), min_size=1, max_size=8), st.integers(1, 50))
def test_people_heard_in_proportion_are_not_under_heard(populations: list[int], k: int) -> None:
    # Participants exactly proportional to population (k per person): every ratio is 1.
    result = compare(
        [GroupCount(str(i), p * k, p) for i, p in enumerate(populations)],
        participants=sum(populations) * k,
    )
    assert not result.under_heard
    assert all(g.representation == pytest.approx(1.0) for g in result.groups)
    shares = sum(g.participant_share or 0 for g in result.groups)
    assert shares == pytest.approx(1.0)


def test_without_a_published_total_or_with_none_there_are_no_shares() -> None:
    groups = [GroupCount("a", 3, 100), GroupCount("b", 0, 100)]
    for total in (None, 0):
        found = {g.key: g for g in compare(groups, participants=total).groups}
        assert found["a"].participant_share is None and found["a"].representation is None
    # Nobody of b took part: under-heard even without shares.
    assert [g.key for g in compare(groups, participants=None).under_heard] == ["b"]


@pytest.mark.parametrize("below", [0.0, -0.5, math.inf, math.nan])
def test_the_under_heard_line_must_be_a_positive_number(below: float) -> None:
    with pytest.raises(ValueError):
        compare([GroupCount("a", 1, 10)], participants=1, under_heard_below=below)


def test_under_heard_by_representation_then_the_rest_by_representation() -> None:
    # Shares of 20 participants against equal populations of 100 (a quarter each):
    # a 2/20 → 0.4, b 1/20 → 0.2, c 9/20 → 1.8, d 8/20 → 1.6.
    groups = [
        GroupCount("a", 2, 100),
        GroupCount("b", 1, 100),
        GroupCount("c", 9, 100),
        GroupCount("d", 8, 100),
    ]
    found = compare(groups, participants=20)
    assert [g.key for g in found.groups] == ["b", "a", "d", "c"]
    assert [g.representation for g in found.groups] == pytest.approx([0.2, 0.4, 1.6, 1.8])
    # Among the well heard, the lower representation first even for a smaller group.
    bigger = compare([GroupCount("big", 12, 300), GroupCount("small", 8, 100)], participants=20)
    assert [g.key for g in bigger.groups] == ["big", "small"]
