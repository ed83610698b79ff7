"""The two-way-table audit checked against an independent computation: every integer table
that agrees with what is published is listed by brute force, and no hidden count may take a
single value across them. Plus exact results for small cases, which pin down that no more is
hidden than needed."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from groundwork.analysis.suppression import (
    Cell,
    Reason,
    suppress_line,
    suppress_table,
)


def consistent_values(counts: list[list[int]], result) -> dict[str, set[int]]:  # type: ignore[no-untyped-def]
    """Every value each hidden figure takes over all tables of whole numbers (hidden cells at
    least 1, as the published rule says) that give the published figures. Brute force over
    the hidden inner cells; the margins follow from them. Written without the module's
    arithmetic or SciPy."""
    rows, columns = len(counts), len(counts[0])
    grand = sum(map(sum, counts))
    hidden = [
        (r, c) for r in range(rows) for c in range(columns) if result.cells[r][c].value is None
    ]
    cap = grand + 2  # one more than any value a bounded hidden count can have
    if not hidden:
        grids = np.array(counts, dtype=np.int64)[None, :, :]
    else:
        axes = [np.arange(1, cap + 1) for _ in hidden]
        mesh = np.meshgrid(*axes, indexing="ij")
        grids = np.broadcast_to(
            np.array(counts, dtype=np.int64), (mesh[0].size, rows, columns)
        ).copy()
        for (r, c), values in zip(hidden, mesh, strict=True):
            grids[:, r, c] = values.ravel()
    row_totals = grids.sum(axis=2)
    column_totals = grids.sum(axis=1)
    grand_totals = grids.sum(axis=(1, 2))
    keep = np.ones(len(grids), dtype=bool)
    for r, cell in enumerate(result.row_totals):
        if cell.value is not None:
            keep &= row_totals[:, r] == cell.value
    for c, cell in enumerate(result.column_totals):
        if cell.value is not None:
            keep &= column_totals[:, c] == cell.value
    if result.grand_total.value is not None:
        keep &= grand_totals == result.grand_total.value
    found: dict[str, set[int]] = {}
    for r, c in hidden:
        found[f"cell {r},{c}"] = set(grids[keep, r, c].tolist())
    for r, cell in enumerate(result.row_totals):
        if cell.value is None:
            found[f"row {r}"] = set(row_totals[keep, r].tolist())
    for c, cell in enumerate(result.column_totals):
        if cell.value is None:
            found[f"column {c}"] = set(column_totals[keep, c].tolist())
    if result.grand_total.value is None:
        found["grand"] = set(grand_totals[keep].tolist())
    return found


tables = st.integers(2, 3).flatmap(
    lambda rows: st.integers(2, 3).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(1, 14), min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(counts=tables, threshold=st.sampled_from([3, 5, 10]))
def test_no_hidden_count_of_a_table_can_be_worked_out(counts, threshold):  # type: ignore[no-untyped-def]
    result = suppress_table(counts, threshold=threshold)
    hidden_inner = sum(cell.hidden for row in result.cells for cell in row)
    assume((sum(map(sum, counts)) + 2) ** hidden_inner <= 1_500_000)
    for name, values in consistent_values(counts, result).items():
        assert len(values) > 1, f"{name} is pinned to {values} in {counts} (t={threshold})"
    # The true table is one of the tables that agree with what is published.
    for r, row in enumerate(result.cells):
        for c, cell in enumerate(row):
            assert cell.value in (None, counts[r][c])
            if 1 <= counts[r][c] <= threshold:
                assert cell.reason == Reason.PRIMARY
    # Lines with a shown total: their hidden members are never a small sum together.
    lines = [
        (result.row_totals[r], list(result.cells[r]), list(counts[r])) for r in range(len(counts))
    ]
    lines += [
        (result.column_totals[c], [row[c] for row in result.cells], [row[c] for row in counts])
        for c in range(len(counts[0]))
    ]
    for total, cells, line_counts in lines:
        hidden = [v for cell, v in zip(cells, line_counts, strict=True) if cell.hidden]
        if total.value is not None and hidden:
            assert len(hidden) >= 2 and sum(hidden) > max(threshold, len(hidden))


def test_a_line_hides_the_small_count_and_the_next_smallest_only():  # type: ignore[no-untyped-def]
    line = suppress_line([5, 20, 30])
    assert line.cells == (
        Cell(None, Reason.PRIMARY),
        Cell(None, Reason.COMPLEMENTARY),
        Cell(30, Reason.SHOWN),
    )
    assert line.total == Cell(55, Reason.SHOWN)
    assert line.hidden_sum == 25
    assert line.at_most(0) == 24 and line.at_most(2) == 30
    # Two small counts that add up to a small count: one more, the smallest.
    line = suppress_line([3, 4, 50, 60])
    assert [c.reason for c in line.cells] == [
        Reason.PRIMARY,
        Reason.PRIMARY,
        Reason.COMPLEMENTARY,
        Reason.SHOWN,
    ]
    # Nothing small: nothing hidden; a zero is shown.
    assert all(not c.hidden for c in suppress_line([0, 12, 30]).cells)


def test_a_table_hides_one_rectangle_around_a_small_count():  # type: ignore[no-untyped-def]
    table = suppress_table([[20, 30, 40], [25, 5, 35], [45, 50, 60]])
    hidden = {
        (r, c) for r, row in enumerate(table.cells) for c, cell in enumerate(row) if cell.hidden
    }
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert table.cells[1][1].reason == Reason.PRIMARY
    assert not any(c.hidden for c in (*table.row_totals, *table.column_totals, table.grand_total))
    # A 2 × 2 table with one small count: all four inner cells, and not one margin more.
    table = suppress_table([[20, 30], [40, 5]])
    assert all(cell.hidden for row in table.cells for cell in row)
    assert [c.value for c in table.row_totals] == [50, 45]
    assert [c.value for c in table.column_totals] == [60, 35]
    assert table.grand_total.value == 95


def test_a_published_cell_cannot_be_changed_after_suppression():  # type: ignore[no-untyped-def]
    """Cells are frozen: a page cannot put a hidden count back by accident, and cells can be
    kept in sets and used as keys."""
    import dataclasses

    import pytest

    line = suppress_line([3, 40, 50])
    small = line.cells[0]
    assert small == Cell(None, Reason.PRIMARY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        small.value = 3  # type: ignore[misc]
    assert line.cells[0].value is None
    assert len({small, Cell(None, Reason.PRIMARY), line.cells[2]}) == 2


def test_a_table_is_checked_again_after_a_column_hides_more():  # type: ignore[no-untyped-def]
    """Hiding a cell to protect a column can leave an earlier row needing another: the line
    rules run again over every line until none needs more, so here the first row's 20 stays
    shown (a single pass would hide it too). Exact, so hiding more than needed fails."""
    result = suppress_table([[1, 15, 20, 1], [0, 15, 3, 0]], threshold=1)
    hidden = [[cell.value is None for cell in row] for row in result.cells]
    assert hidden == [[True, True, False, True], [False, True, True, False]]
    assert [c.value for c in result.row_totals] == [37, 18]
    assert [c.value for c in result.column_totals] == [None, 30, None, None]
    assert result.grand_total.value == 55


def test_a_single_line_never_needs_the_linear_programs(monkeypatch):  # type: ignore[no-untyped-def]
    """Lines that share nothing but their total are safe by the line rules alone: the audit
    (two linear programs per hidden count, and SciPy's import) runs only for crossing lines."""
    from groundwork.analysis import suppression

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the audit ran for lines that do not cross")

    monkeypatch.setattr(suppression, "_pinned", refuse)
    line = suppress_line([3, 40, 50, 12])
    assert [c.value for c in line.cells] == [None, 40, 50, None]
    by_area = suppression.suppress(
        {"all": 95, "north": 3, "south": 92, "young": 40, "old": 55},
        [
            suppression.Line("all", ("north", "south")),
            suppression.Line("all", ("young", "old")),
        ],
    )
    assert by_area["north"].value is None and by_area["south"].value is None
    assert by_area["young"].value == 40
    monkeypatch.undo()
    table = suppress_table([[3, 40], [50, 60]])  # crossing lines: the audit runs
    assert table.cells[0][0].value is None


def test_the_audit_assumes_a_hidden_count_is_at_least_one_not_more():  # type: ignore[no-untyped-def]
    """A reader knows a hidden count is at least 1, nothing more: the audit's linear programs
    use that bound, so the third row's 12 stays shown. Assuming a hidden count is at least 2
    would make the reader seem to know more, and hide the 12 for nothing."""
    counts = [[0, 30, 0, 30], [20, 1, 1, 0], [0, 12, 30, 12], [0, 2, 0, 3]]
    result = suppress_table(counts, threshold=2)
    assert [[cell.value for cell in row] for row in result.cells] == [
        [0, 30, 0, 30],
        [None, None, None, 0],
        [0, 12, None, None],
        [0, None, 0, None],
    ]
    assert [c.value for c in result.row_totals] == [60, 22, 54, 5]
    assert [c.value for c in result.column_totals] == [None, 45, None, 45]


def test_a_count_with_two_possible_values_is_not_pinned():  # type: ignore[no-untyped-def]
    """A hidden count is worked out only when its smallest and largest possible values are
    equal. One that can still take two values is safe, so the second row's total, 16, stays
    shown (treating a range of one as pinned would hide it too)."""
    result = suppress_table([[0, 2, 1], [15, 0, 1], [30, 2, 1], [0, 0, 30]], threshold=2)
    assert [[cell.value for cell in row] for row in result.cells] == [
        [0, None, None],
        [None, 0, None],
        [None, None, None],
        [0, 0, None],
    ]
    assert [c.value for c in result.row_totals] == [None, 16, 33, None]
    assert [c.value for c in result.column_totals] == [45, 4, 33]
    assert result.grand_total.value == 82


def test_the_audit_hides_a_count_of_the_pinned_count_own_lines_first():  # type: ignore[no-untyped-def]
    """When a hidden count can still be worked out, the audit hides a count in one of that
    count's own lines before one elsewhere, so what is hidden stays near the small counts."""
    counts = [[0, 20, 3, 15], [20, 12, 1, 0], [0, 0, 15, 12], [20, 2, 30, 20]]
    result = suppress_table(counts, threshold=5)
    assert [[cell.value for cell in row] for row in result.cells] == [
        [0, 20, None, None],
        [None, None, None, 0],
        [0, 0, None, None],
        [None, None, None, 20],
    ]
    assert [c.value for c in result.row_totals] == [38, 33, 27, 72]
    assert [c.value for c in result.column_totals] == [40, 34, 49, 47]
