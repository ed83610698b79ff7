"""Small-count suppression: the one gate every public count passes through.

Groundwork publishes counts of people (who took part, from which area, of which age, in which
language) on public pages. A small count can single somebody out ("the only person from North
Fork who answered is 70 or older"), so every count shown to the public is first handed to this
module, which decides what may be shown.

The rules
---------
**Primary suppression.** A count from 1 to ``threshold`` (10 by default, so 1–10) is hidden.

**Zeros are shown.** A true zero says that *nobody* in a group took part: it describes no
person, so there is nobody to single out, and for reach and equity it is the most useful
figure there is ("nobody from Fox Run has been heard"). This follows the common practice of
statistical agencies, which publish true zeros and suppress only small positive counts. Zeros
are not chosen for complementary suppression either (in a two-way table, only as a last
resort when nothing else protects a hidden count), so in a list of counts with its total a
reader may rely on every hidden count being at least 1; the arithmetic below uses that, and
so does the reach comparison.

**Totals are counts too.** A published total of 1–10 is hidden like any other cell.

**Complementary (secondary) suppression.** Counts are published in *lines*: a total and the
cells that add up to it (a list of groups with its total; a row or a column of a table with
its margin). Whenever a line that shows its total has exactly one hidden cell, that cell is
the total minus the others, so the smallest other non-zero cell of the line (or, failing
that, the total itself) is hidden as well. Two more cases are treated the same way, because
subtraction would still give something away:

* the hidden cells of a line with a shown total add up to ``threshold`` or less (the hidden
  cells *together* would be a small count anybody can work out), or
* they add up to no more than their number (every one of them would have to be exactly 1).

Hiding one cell can break another line that shares it (a row total is also a cell of the
line of row totals), so the rules are applied again until nothing changes. Finally, for
two-way tables, where a cell can be pinned down by combining several lines even when every
line has two hidden cells (two rows and a column, say, leave "these two cells add up to 2",
so both are 1), each hidden count is audited: the smallest and largest value it can take,
given every published figure and that hidden counts are at least 1, are found by linear
programming (SciPy), and a count that is pinned down gets one more complementary cell. The
result: no hidden count can be worked out exactly from the published counts and totals. (It
can still be bounded, for example "at most 14": that is inherent in publishing totals, and is
what the reach comparison uses.) Lists that share nothing but their total, the shape of the
reach page, provably need no audit and never import SciPy.

Each published cell says why it is shown or hidden (:class:`Reason`). Pages should mark every
hidden cell the same way, whatever the reason: telling readers which hidden cells are
"complementary" (and therefore larger than the threshold) narrows the others down again.

Pure Python with NumPy (and SciPy for two-way tables), no Django: values in, :class:`Cell`
objects out.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

import numpy as np

DEFAULT_THRESHOLD = 10

K = TypeVar("K", bound=Hashable)


class Reason(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # a count from 1 to the threshold
    COMPLEMENTARY = "complementary"  # hidden so that another hidden count cannot be recovered


@dataclass(frozen=True)
class Cell:
    """One published count: its value, or None when it is hidden, and why."""

    value: int | None
    reason: Reason

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Line(Generic[K]):
    """A published equation: the cell ``total`` is the sum of the cells ``members``."""

    total: K
    members: tuple[K, ...]


def suppress(
    values: Mapping[K, int], lines: Sequence[Line[K]] = (), *, threshold: int = DEFAULT_THRESHOLD
) -> dict[K, Cell]:
    """Suppress a set of counts linked by lines (totals and the cells adding up to them).

    ``values`` holds every count that will be published, keyed by anything hashable; a count
    that is in no line is only subject to primary suppression. The order of ``values`` breaks
    ties when choosing complementary cells, so the result is deterministic.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        raise ValueError("threshold must be a whole number of 0 or more")
    keys = list(values)
    index = {key: i for i, key in enumerate(keys)}
    counts = [_count(values[key]) for key in keys]
    equations: list[tuple[int, tuple[int, ...]]] = []
    for line in lines:
        missing = [k for k in (line.total, *line.members) if k not in index]
        if missing:
            raise ValueError(f"line refers to counts that are not given: {missing!r}")
        total = index[line.total]
        members = tuple(index[m] for m in line.members)
        if total in members or len(set(members)) != len(members):
            raise ValueError("a line's total and members must be distinct counts")
        if counts[total] != sum(counts[m] for m in members):
            raise ValueError(f"the members of the line for {line.total!r} do not add up to it")
        equations.append((total, members))

    hidden: dict[int, Reason] = {
        i: Reason.PRIMARY for i, value in enumerate(counts) if 1 <= value <= threshold
    }
    unresolvable: set[int] = set()
    while _complete_lines(counts, equations, hidden, threshold) or _break_pinned(
        counts, equations, hidden, unresolvable
    ):
        pass
    return {
        key: Cell(None, hidden[i]) if i in hidden else Cell(counts[i], Reason.SHOWN)
        for i, key in enumerate(keys)
    }


def suppress_count(value: int, *, threshold: int = DEFAULT_THRESHOLD) -> Cell:
    """A count that is not part of any published line: only primary suppression applies."""
    return suppress({0: value}, threshold=threshold)[0]


@dataclass(frozen=True)
class SuppressedLine:
    """A list of counts and their total, as they may be published."""

    cells: tuple[Cell, ...]
    total: Cell

    @property
    def hidden_sum(self) -> int | None:
        """What the hidden cells add up to, as anybody can work out from what is shown (None
        when the total is hidden)."""
        return public_hidden_sum(self.total, self.cells)

    def at_most(self, i: int) -> int | None:
        """The largest value hidden cell ``i`` could have, judging by what is shown."""
        if not self.cells[i].hidden:
            return self.cells[i].value
        return public_upper_bound(self.total, self.cells)


def suppress_line(counts: Sequence[int], *, threshold: int = DEFAULT_THRESHOLD) -> SuppressedLine:
    """Suppress a list of counts published together with their total (their sum)."""
    values: dict[tuple[str, int], int] = {("cell", i): _count(v) for i, v in enumerate(counts)}
    values[("total", 0)] = sum(values.values())
    line = Line(("total", 0), tuple(("cell", i) for i in range(len(counts))))
    cells = suppress(values, [line], threshold=threshold)
    return SuppressedLine(
        cells=tuple(cells[("cell", i)] for i in range(len(counts))), total=cells[("total", 0)]
    )


@dataclass(frozen=True)
class SuppressedTable:
    """A two-way table of counts with its row totals, column totals and grand total."""

    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell


def suppress_table(
    counts: Sequence[Sequence[int]], *, threshold: int = DEFAULT_THRESHOLD
) -> SuppressedTable:
    """Suppress a rows × columns table published with row totals, column totals and a grand
    total."""
    rows = [[_count(v) for v in row] for row in counts]
    n_columns = len(rows[0]) if rows else 0
    if any(len(row) != n_columns for row in rows):
        raise ValueError("every row must have the same number of cells")
    values: dict[tuple[str, int, int], int] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            values[("cell", r, c)] = value
    for r, row in enumerate(rows):
        values[("row", r, 0)] = sum(row)
    for c in range(n_columns):
        values[("column", 0, c)] = sum(row[c] for row in rows)
    values[("grand", 0, 0)] = sum(sum(row) for row in rows)
    lines = [
        *(
            Line(("row", r, 0), tuple(("cell", r, c) for c in range(n_columns)))
            for r in range(len(rows))
        ),
        *(
            Line(("column", 0, c), tuple(("cell", r, c) for r in range(len(rows))))
            for c in range(n_columns)
        ),
        Line(("grand", 0, 0), tuple(("row", r, 0) for r in range(len(rows)))),
        Line(("grand", 0, 0), tuple(("column", 0, c) for c in range(n_columns))),
    ]
    cells = suppress(values, lines, threshold=threshold)
    return SuppressedTable(
        cells=tuple(
            tuple(cells[("cell", r, c)] for c in range(n_columns)) for r in range(len(rows))
        ),
        row_totals=tuple(cells[("row", r, 0)] for r in range(len(rows))),
        column_totals=tuple(cells[("column", 0, c)] for c in range(n_columns)),
        grand_total=cells[("grand", 0, 0)],
    )


def public_hidden_sum(total: Cell, members: Sequence[Cell]) -> int | None:
    """The sum of a line's hidden members, from published figures only: the shown total minus
    the shown members. None when the total is hidden."""
    if total.value is None:
        return None
    return total.value - sum(m.value for m in members if m.value is not None)


def public_upper_bound(total: Cell, members: Sequence[Cell]) -> int | None:
    """The most any hidden member of a line can be, from published figures only: every hidden
    count is at least 1, so one of k hidden members is at most their sum minus (k - 1)."""
    hidden_sum = public_hidden_sum(total, members)
    k = sum(1 for m in members if m.hidden)
    if hidden_sum is None or k == 0:
        return None
    return hidden_sum - (k - 1)


def _count(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("counts must be whole numbers, not booleans")
    try:
        number: int = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError) as error:
        raise ValueError(f"not a count: {value!r}") from error
    if number != value or number < 0:
        raise ValueError(f"counts must be whole numbers of 0 or more, not {value!r}")
    return number


def _needs_more(
    counts: list[int], total: int, members: tuple[int, ...], hidden: dict[int, Reason], t: int
) -> bool:
    hidden_members = [m for m in members if m in hidden]
    k = len(hidden_members) + (total in hidden)
    if k == 0:
        return False
    if k == 1:
        return True  # the one hidden cell is the total minus the others, or their sum
    if total in hidden:
        return False
    together = sum(counts[m] for m in hidden_members)
    return together <= max(t, len(hidden_members))


def _complete_lines(
    counts: list[int],
    equations: list[tuple[int, tuple[int, ...]]],
    hidden: dict[int, Reason],
    threshold: int,
) -> bool:
    """Apply the line rules until they hold everywhere; True if anything was hidden."""
    changed = False
    again = True
    while again:
        again = False
        for total, members in equations:
            while _needs_more(counts, total, members, hidden, threshold):
                candidates = [n for n in (*members, total) if n not in hidden and counts[n] > 0]
                if not candidates:
                    break  # only zeros are left: nothing more can be hidden usefully
                # The smallest count costs readers the least; members before the total.
                choice = min(candidates, key=lambda n: (counts[n], n == total, n))
                hidden[choice] = Reason.COMPLEMENTARY
                changed = again = True
    return changed


def _crossing(equations: list[tuple[int, tuple[int, ...]]]) -> bool:
    """Whether lines cross: some count is a member of two lines, or the total of one line and
    a member of another (two-way tables, hierarchies). Lines that share nothing but their
    total (one count broken down several ways) never need the audit: each hidden member can
    move against another hidden member of its own line, or with the hidden total."""
    seen: set[int] = set()
    totals = {total for total, _ in equations}
    for _, members in equations:
        for member in members:
            if member in seen or member in totals:
                return True
            seen.add(member)
    return False


def _pinned(
    counts: list[int],
    equations: list[tuple[int, tuple[int, ...]]],
    hidden: Collection[int],
    node: int,
) -> bool:
    """Whether a reader can work hidden count ``node`` out exactly from the published counts.

    The reader knows every equation, every shown count and that a hidden count is at least 1
    (0 for a zero hidden as a last resort). The smallest and largest value ``node`` can take
    are two linear programs; the equations of totals form a network matrix, so these extremes
    are whole numbers and the count is pinned exactly when they are equal."""
    from scipy.optimize import linprog  # only two-way tables need it; it is slow to import

    nodes = sorted(hidden)
    position = {n: j for j, n in enumerate(nodes)}
    rows = [(t, m) for t, m in equations if t in position or any(x in position for x in m)]
    matrix = np.zeros((len(rows), len(nodes)))
    constant = np.zeros(len(rows))
    for row, (total, members) in enumerate(rows):
        for n, sign in ((total, 1.0), *((m, -1.0) for m in members)):
            if n in position:
                matrix[row, position[n]] += sign
            else:
                constant[row] -= sign * counts[n]
    bounds = [(float(min(1, counts[n])), None) for n in nodes]
    objective = np.zeros(len(nodes))
    objective[position[node]] = 1.0
    smallest = linprog(objective, A_eq=matrix, b_eq=constant, bounds=bounds, method="highs")
    largest = linprog(-objective, A_eq=matrix, b_eq=constant, bounds=bounds, method="highs")
    if smallest.status != 0 or largest.status != 0 or smallest.fun is None or largest.fun is None:
        return False  # unbounded above (or numerically unclear): not pinned
    return bool(-largest.fun - smallest.fun < 0.5)


def _break_pinned(
    counts: list[int],
    equations: list[tuple[int, tuple[int, ...]]],
    hidden: dict[int, Reason],
    unresolvable: set[int],
) -> bool:
    """Hide one more count for the first hidden count a reader could still work out exactly
    by combining lines. True if anything changed."""
    if not hidden or not _crossing(equations):
        return False
    involved = {n for total, members in equations for n in (total, *members)}
    for node in sorted(n for n in hidden if n in involved and n not in unresolvable):
        if not _pinned(counts, equations, hidden, node):
            continue
        neighbours = {n for t, m in equations if node in (t, *m) for n in (t, *m)}
        shown = [n for n in involved if n not in hidden]
        # Non-zero counts before zeros, the node's own lines first, then the smallest count.
        order = sorted(shown, key=lambda n: (counts[n] == 0, n not in neighbours, counts[n], n))
        for candidate in order:
            if not _pinned(counts, equations, [*hidden, candidate], node):
                hidden[candidate] = Reason.COMPLEMENTARY
                return True
        if order and counts[order[0]] > 0:
            hidden[order[0]] = Reason.COMPLEMENTARY  # no single count frees it: hide more
        else:
            unresolvable.add(node)  # nothing non-zero is left to hide
        return True
    return False
