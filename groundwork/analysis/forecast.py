"""The forecast "if nothing changes" of Results-Based Accountability's turn-the-curve
conversation: a straight line through an indicator's most recent values, carried forward, with
a prediction interval.

Method
    Ordinary least squares on the last ``last_n`` points (x is the period's position in time,
    e.g. the year, or year × 4 + quarter), then for each future x0::

        ŷ0 = a + b·x0
        ŷ0 ± t(1 − α/2, n − 2) · s · sqrt(1 + 1/n + (x0 − x̄)² / Σ(x − x̄)²)

    where s² = Σ residual² / (n − 2): the classic prediction interval for one new observation.

Assumptions
    - The recent trend is a straight line and continues: no turning points, no ceiling or floor
      (a percentage can be forecast above 100 and a count below 0; the page says so).
    - Deviations from the line are independent, of the same spread over time, and roughly
      normal. With yearly data and 3 to 10 points none of this can be checked; the interval is a
      rough guide to "how far off this could be", not a guarantee.
    - The periods are evenly spaced in the units of x (a missing year is simply a gap).

Limits
    - Fewer than 3 points: no forecast (with 2 points a line fits exactly and the spread of the
      data around it cannot be estimated). All points in the same period: no forecast.
    - A perfect line gives an interval of zero width: the data show no noise, which says
      nothing about the future's.
    - Only the last ``last_n`` points are used, so an old trend that has since changed does not
      pull the line.

Pure: no Django, no I/O. Reasons are codes; the caller words them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import t as student_t

TOO_FEW_POINTS = "too_few_points"
SAME_PERIOD = "same_period"
MIN_POINTS = 3


@dataclass(frozen=True)
class ForecastPoint:
    x: float
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Forecast:
    """``points`` is empty and ``reason`` says why when there is no forecast."""

    points: tuple[ForecastPoint, ...]
    reason: str = ""
    used: int = 0  # how many of the most recent points the line was fitted to
    slope: float = 0.0  # change per unit of x
    intercept: float = 0.0
    residual_sd: float = 0.0
    level: float = 0.9

    @property
    def ok(self) -> bool:
        return not self.reason


def linear_forecast(
    xs: Sequence[float],
    ys: Sequence[float],
    ahead: Sequence[float],
    *,
    last_n: int = 5,
    level: float = 0.9,
) -> Forecast:
    """The trend line through the last ``last_n`` (x, y) points (sorted by x here), evaluated
    at each x of ``ahead`` with a ``level`` (e.g. 0.9) two-sided prediction interval."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys differ in length")
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    if last_n < MIN_POINTS:
        raise ValueError(f"last_n must be at least {MIN_POINTS}")
    pairs = sorted(zip(xs, ys, strict=True))[-last_n:]
    n = len(pairs)
    if n < MIN_POINTS:
        return Forecast(points=(), reason=TOO_FEW_POINTS, used=n, level=level)
    x_mean = math.fsum(x for x, _ in pairs) / n
    y_mean = math.fsum(y for _, y in pairs) / n
    sxx = math.fsum((x - x_mean) ** 2 for x, _ in pairs)
    if sxx == 0:
        return Forecast(points=(), reason=SAME_PERIOD, used=n, level=level)
    sxy = math.fsum((x - x_mean) * (y - y_mean) for x, y in pairs)
    slope = sxy / sxx
    intercept = y_mean - slope * x_mean
    sse = math.fsum((y - (intercept + slope * x)) ** 2 for x, y in pairs)
    # Rounding can leave a hair of error on a perfect line: below this it is zero.
    scale = max(1.0, max(abs(y) for _, y in pairs))
    if sse <= (1e-12 * scale) ** 2 * n:
        sse = 0.0
    sd = math.sqrt(sse / (n - 2))
    quantile = float(student_t.ppf(0.5 + level / 2, n - 2))
    points = []
    for x0 in ahead:
        fit = intercept + slope * x0
        half = quantile * sd * math.sqrt(1 + 1 / n + (x0 - x_mean) ** 2 / sxx)
        points.append(ForecastPoint(x=float(x0), value=fit, low=fit - half, high=fit + half))
    return Forecast(
        points=tuple(points),
        used=n,
        slope=slope,
        intercept=intercept,
        residual_sd=sd,
        level=level,
    )


def trend(ys: Sequence[float], *, tolerance: float = 0.0) -> str:
    """ "up", "down" or "flat": the direction of the last change of a series (oldest first).
    A change no larger than ``tolerance`` is flat; fewer than two values are flat."""
    if len(ys) < 2:
        return "flat"
    change = ys[-1] - ys[-2]
    if abs(change) <= tolerance:
        return "flat"
    return "up" if change > 0 else "down"
