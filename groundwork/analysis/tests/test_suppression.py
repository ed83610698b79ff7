"""Small-count suppression: concrete examples, then properties over random tables."""

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from groundwork.analysis.suppression import (
    Cell,
    Line,
    Reason,
    SuppressedTable,
    public_hidden_sum,
    public_upper_bound,
    suppress,
    suppress_count,
    suppress_line,
    suppress_table,
)

THRESHOLD = 10


def shown(cells: Sequence[Cell]) -> list[int | None]:
    return [c.value for c in cells]


# Concrete examples ----------------------------------------------------------------------------


def test_counts_from_one_to_ten_are_hidden_zero_and_larger_counts_are_shown() -> None:
    assert suppress_count(0) == Cell(0, Reason.SHOWN)
    assert suppress_count(1) == Cell(None, Reason.PRIMARY)
    assert suppress_count(10) == Cell(None, Reason.PRIMARY)
    assert suppress_count(11) == Cell(11, Reason.SHOWN)
    assert suppress_count(4, threshold=3) == Cell(4, Reason.SHOWN)
    assert suppress_count(3, threshold=3).hidden


def test_a_lone_small_cell_takes_the_next_smallest_with_it() -> None:
    line = suppress_line([57, 23, 5, 40])
    assert shown(line.cells) == [57, None, None, 40]
    assert [c.reason for c in line.cells] == [
        Reason.SHOWN,
        Reason.COMPLEMENTARY,
        Reason.PRIMARY,
        Reason.SHOWN,
    ]
    assert line.total == Cell(125, Reason.SHOWN)
    assert line.hidden_sum == 28
    assert line.at_most(2) == 27 and line.at_most(0) == 57


def test_two_small_cells_that_add_up_to_a_small_count_are_not_enough() -> None:
    # 3 + 4 = 7 could be read off the total; the next smallest (20) goes too.
    line = suppress_line([3, 4, 20, 100])
    assert shown(line.cells) == [None, None, None, 100]
    assert line.cells[2].reason == Reason.COMPLEMENTARY


def test_two_small_cells_adding_up_to_more_than_the_threshold_protect_each_other() -> None:
    line = suppress_line([6, 7, 30])
    assert shown(line.cells) == [None, None, 30]
    assert line.hidden_sum == 13


def test_many_ones_cannot_be_recovered_from_their_total() -> None:
    # Eleven people, one in each group: their sum (11) is above 10, but every hidden cell would
    # have to be 1, so the total is hidden as well.
    line = suppress_line([1] * 11)
    assert all(c.hidden for c in line.cells)
    assert line.total.hidden and line.total.reason == Reason.COMPLEMENTARY


def test_a_small_total_is_hidden() -> None:
    line = suppress_line([0, 5, 0])
    assert shown(line.cells) == [0, None, 0]
    assert line.total == Cell(None, Reason.PRIMARY)
    assert line.hidden_sum is None and line.at_most(1) is None


def test_zeros_are_never_used_to_hide_a_count() -> None:
    # The only other non-zero figure is the total, so the total is hidden instead.
    line = suppress_line([0, 0, 15, 0, 4])
    assert shown(line.cells) == [0, 0, None, 0, None]
    assert line.total.value == 19


def test_empty_all_zero_and_single_cell_lines() -> None:
    assert suppress_line([]) == suppress_line([]) and suppress_line([]).total.value == 0
    assert shown(suppress_line([0, 0, 0]).cells) == [0, 0, 0]
    assert suppress_line([7]).total.hidden and suppress_line([7]).cells[0].hidden
    assert shown(suppress_line([12]).cells) == [12]


def test_table_margins_are_protected_too() -> None:
    table = suppress_table([[20, 30, 3], [25, 40, 50]])
    assert table.cells[0][2].reason == Reason.PRIMARY
    # Row 0 and column 2 each need a second hidden cell.
    assert sum(c.hidden for c in table.cells[0]) >= 2
    assert sum(c.hidden for c in (table.cells[0][2], table.cells[1][2])) >= 2
    assert table.grand_total.value == 168


def test_a_bridge_between_two_hidden_blocks_is_protected() -> None:
    # Every row and column below has two hidden cells after the line rule, but the cell that
    # joins the two blocks would still follow from the margins; it needs one more cell.
    counts = [
        [5, 6, 0, 0, 50],
        [7, 8, 0, 0, 50],
        [0, 0, 5, 6, 50],
        [0, 0, 7, 8, 50],
    ]
    table = suppress_table(counts)
    assert_not_recoverable(counts, table)


def test_general_lines_share_their_cells() -> None:
    # The same people counted by area and by age: the total is shared by both lines.
    values = {"all": 40, "north": 35, "south": 5, "young": 20, "old": 20}
    lines = [Line("all", ("north", "south")), Line("all", ("young", "old"))]
    cells = suppress(values, lines)
    assert cells["south"].reason == Reason.PRIMARY and cells["north"].hidden
    assert not cells["young"].hidden and cells["all"].value == 40
    assert public_hidden_sum(cells["all"], [cells["north"], cells["south"]]) == 40
    assert public_upper_bound(cells["all"], [cells["north"], cells["south"]]) == 39


@pytest.mark.parametrize(
    "values,lines",
    [
        ({"a": -1}, []),
        ({"a": 1.5}, []),
        ({"a": True}, []),
        ({"a": 3, "b": 4}, [Line("a", ("b",))]),  # does not add up
        ({"a": 3}, [Line("a", ("missing",))]),
        ({"a": 0}, [Line("a", ("a",))]),
    ],
)
def test_bad_input_is_refused(values: dict[str, object], lines: list[Line[str]]) -> None:
    with pytest.raises(ValueError):
        suppress(values, lines)  # type: ignore[arg-type]


def test_threshold_must_be_a_whole_number() -> None:
    with pytest.raises(ValueError):
        suppress_line([1], threshold=-1)


# Properties -----------------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 14), st.integers(0, 60), st.integers(0, 400))
lines_1d = st.lists(counts, max_size=12)
tables = st.integers(0, 5).flatmap(
    lambda columns: st.lists(st.lists(counts, min_size=columns, max_size=columns), max_size=5)
)


def all_cells(table: SuppressedTable) -> list[Cell]:
    return [
        *(c for row in table.cells for c in row),
        *table.row_totals,
        *table.column_totals,
        table.grand_total,
    ]


def table_lines(table: SuppressedTable) -> list[tuple[Cell, list[Cell]]]:
    rows, columns = len(table.cells), len(table.column_totals)
    return [
        *((table.row_totals[r], list(table.cells[r])) for r in range(rows)),
        *(
            (table.column_totals[c], [table.cells[r][c] for r in range(rows)])
            for c in range(columns)
        ),
        (table.grand_total, list(table.row_totals)),
        (table.grand_total, list(table.column_totals)),
    ]


def check_line(total: Cell, members: list[Cell]) -> None:
    """(b) With a shown total, a line has no hidden cell or at least two, and they add up to
    more than the threshold and more than their number."""
    if total.hidden:
        return
    hidden = sum(1 for m in members if m.hidden)
    assert hidden != 1
    if hidden:
        together = public_hidden_sum(total, members)
        assert together is not None and together > max(THRESHOLD, hidden)


def assert_not_recoverable(counts: list[list[int]], table: SuppressedTable) -> None:
    """No hidden count of a table can be worked out exactly from what is shown: the smallest
    and largest values it can take, given the published equations and that every hidden count
    is at least 1 (linear programming; the table's equations make the extremes whole numbers),
    differ."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    nodes: list[tuple[Cell, int]] = []
    index: dict[tuple[str, int, int], int] = {}

    def add(key: tuple[str, int, int], cell: Cell, value: int) -> None:
        index[key] = len(nodes)
        nodes.append((cell, value))

    for r in range(rows):
        for c in range(columns):
            add(("cell", r, c), table.cells[r][c], counts[r][c])
        add(("row", r, 0), table.row_totals[r], sum(counts[r]))
    for c in range(columns):
        add(("column", 0, c), table.column_totals[c], sum(row[c] for row in counts))
    add(("grand", 0, 0), table.grand_total, sum(map(sum, counts)))
    equations = [
        *((("row", r, 0), [("cell", r, c) for c in range(columns)]) for r in range(rows)),
        *((("column", 0, c), [("cell", r, c) for r in range(rows)]) for c in range(columns)),
        (("grand", 0, 0), [("row", r, 0) for r in range(rows)]),
        (("grand", 0, 0), [("column", 0, c) for c in range(columns)]),
    ]
    hidden = [i for i, (cell, _) in enumerate(nodes) if cell.hidden]
    if not hidden:
        return
    position = {node: j for j, node in enumerate(hidden)}
    a_eq = np.zeros((len(equations), len(hidden)))
    b_eq = np.zeros(len(equations))
    for row, (total, members) in enumerate(equations):
        for key, sign in [(total, 1.0), *((m, -1.0) for m in members)]:
            cell, _value = nodes[index[key]]
            if cell.hidden:
                a_eq[row, position[index[key]]] += sign
            else:
                assert cell.value is not None
                b_eq[row] -= sign * cell.value
    lowest = 0 if any(nodes[i][1] == 0 for i in hidden) else 1
    for j, node in enumerate(hidden):
        objective = np.zeros(len(hidden))
        objective[j] = 1.0
        smallest = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(lowest, None))
        largest = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(lowest, None))
        assert smallest.status == 0, "the published figures must be consistent"
        if largest.status == 3:  # unbounded above
            continue
        assert largest.status == 0
        assert largest.fun is not None and smallest.fun is not None
        assert -largest.fun - smallest.fun > 0.5, f"hidden count {nodes[node]} is recoverable"


@settings(deadline=None)  # the first example imports SciPy
@given(lines_1d)
def test_line_properties(values: list[int]) -> None:
    line = suppress_line(values)
    for value, cell in zip([*values, sum(values)], [*line.cells, line.total], strict=True):
        assert not (cell.value is not None and 1 <= cell.value <= THRESHOLD)  # (a)
        assert cell.hidden or cell.value == value  # (c)
        assert cell.hidden == (cell.reason != Reason.SHOWN)
        if cell.hidden:
            assert value > 0  # zeros are always shown
    check_line(line.total, list(line.cells))  # (b)
    # What a reader can work out is never below the truth.
    for i, value in enumerate(values):
        bound = line.at_most(i)
        assert bound is None or bound >= value
        if line.cells[i].hidden and bound is not None:
            assert bound > 1  # and never pins a hidden count down to 1
    assert_not_recoverable([values] if values else [], suppress_table([values] if values else []))


@settings(deadline=None)
@given(tables)
def test_table_properties(values: list[list[int]]) -> None:
    table = suppress_table(values)
    columns = len(values[0]) if values else 0
    truth = [
        *(v for row in values for v in row),
        *(sum(row) for row in values),
        *(sum(row[c] for row in values) for c in range(columns)),
        sum(map(sum, values)),
    ]
    for value, cell in zip(truth, all_cells(table), strict=True):
        assert not (cell.value is not None and 1 <= cell.value <= THRESHOLD)  # (a)
        assert cell.hidden or cell.value == value  # (c)
    for total, members in table_lines(table):
        check_line(total, members)  # (b)
    assert_not_recoverable(values, table)


@settings(deadline=None)
@given(st.integers(0, 5), st.integers(0, 5), st.sampled_from([0, 1]))
def test_empty_and_constant_tables_never_crash(rows: int, columns: int, value: int) -> None:
    table = suppress_table([[value] * columns for _ in range(rows)])
    if value == 0:
        assert all(c.value == 0 for c in all_cells(table))
    else:
        assert all(c.hidden for row in table.cells for c in row)
    assert_not_recoverable([[value] * columns for _ in range(rows)], table)


@given(lines_1d, st.integers(0, 20))
def test_any_threshold(values: list[int], threshold: int) -> None:
    line = suppress_line(values, threshold=threshold)
    for cell in (*line.cells, line.total):
        assert not (cell.value is not None and 1 <= cell.value <= threshold)
