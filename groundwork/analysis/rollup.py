"""Rolling measures up: how many of a set of series (the county indicators under one statewide
goal, or an activity's performance measures) are getting better, getting worse, not changing
or without values yet, and how many have reached their target.

Pure: no database, no Django. Each series is its values oldest first, which way is better and
an optional target. "Better" and "worse" look at the last change only (the same rule as an
indicator's trend arrow), so a series with one value is "flat". A series "meets its target"
when its latest value is at or beyond it in the good direction; a series without a target or
without values does not count as meeting one. Series of different units are never added
together: only their counts are."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .forecast import trend


@dataclass(frozen=True)
class Series:
    values: Sequence[float]
    higher_is_better: bool = True
    target: float | None = None


@dataclass(frozen=True)
class Rollup:
    total: int = 0
    better: int = 0
    worse: int = 0
    flat: int = 0
    no_data: int = 0
    with_target: int = 0
    at_target: int = 0

    @property
    def with_data(self) -> int:
        return self.total - self.no_data

    def percent_better(self) -> float | None:
        """Of the series with values, the percent getting better (None when none has any)."""
        return 100 * self.better / self.with_data if self.with_data else None


def direction_of(series: Series, *, tolerance: float = 0.0) -> str:
    """ "better", "worse", "flat" or "none" (no values) for one series."""
    if not series.values:
        return "none"
    moved = trend(series.values, tolerance=tolerance)
    if moved == "flat":
        return "flat"
    return "better" if (moved == "up") == series.higher_is_better else "worse"


def meets_target(series: Series) -> bool:
    if series.target is None or not series.values:
        return False
    latest = series.values[-1]
    return latest >= series.target if series.higher_is_better else latest <= series.target


def roll_up(many: Iterable[Series], *, tolerance: float = 0.0) -> Rollup:
    counts = {"better": 0, "worse": 0, "flat": 0, "none": 0}
    total = with_target = at_target = 0
    for series in many:
        total += 1
        counts[direction_of(series, tolerance=tolerance)] += 1
        if series.target is not None:
            with_target += 1
            at_target += meets_target(series)
    return Rollup(
        total=total,
        better=counts["better"],
        worse=counts["worse"],
        flat=counts["flat"],
        no_data=counts["none"],
        with_target=with_target,
        at_target=at_target,
    )
