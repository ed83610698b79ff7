"""The forecast if nothing changes: a least-squares line with a prediction interval."""

import math
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.analysis.forecast import (
    SAME_PERIOD,
    TOO_FEW_POINTS,
    Forecast,
    ForecastPoint,
    linear_forecast,
    trend,
)

finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)


@given(
    slope=finite,
    intercept=finite,
    n=st.integers(min_value=3, max_value=12),
    start=st.integers(min_value=1990, max_value=2030),
)
def test_a_perfect_line_is_forecast_exactly_with_no_spread(slope, intercept, n, start):  # type: ignore[no-untyped-def]
    xs = [start + i for i in range(n)]
    ys = [intercept + slope * x for x in xs]
    ahead = [start + n, start + n + 3]
    found = linear_forecast(xs, ys, ahead, last_n=n)
    assert found.ok and found.used == n
    tolerance = 1e-6 * max(1.0, abs(slope) * (start + n + 3), abs(intercept))
    for point, x in zip(found.points, ahead, strict=True):
        assert math.isclose(point.value, intercept + slope * x, abs_tol=tolerance)
        assert point.high - point.low <= tolerance


@settings(max_examples=50)
@given(
    noise=st.lists(
        st.floats(min_value=-1, max_value=1, allow_nan=False), min_size=5, max_size=5
    ).filter(lambda ns: max(ns) - min(ns) > 0.01),
    factor=st.floats(min_value=1.5, max_value=20),
)
def test_the_interval_widens_with_noise(noise, factor):  # type: ignore[no-untyped-def]
    xs = [2020, 2021, 2022, 2023, 2024]
    quiet = [10 + 0.5 * i + e for i, e in enumerate(noise)]
    loud = [10 + 0.5 * i + e * factor for i, e in enumerate(noise)]
    a = linear_forecast(xs, quiet, [2025]).points[0]
    b = linear_forecast(xs, loud, [2025]).points[0]
    assert b.high - b.low > a.high - a.low > 0


@given(ys=st.lists(finite, min_size=3, max_size=10))
def test_the_interval_holds_the_forecast_and_grows_further_out(ys):  # type: ignore[no-untyped-def]
    xs = list(range(len(ys)))
    found = linear_forecast(xs, ys, [len(ys), len(ys) + 5], last_n=10)
    near, far = found.points
    for point in found.points:
        assert point.low <= point.value <= point.high
    assert far.high - far.low >= near.high - near.low - 1e-9


def test_only_the_last_points_are_used():  # type: ignore[no-untyped-def]
    xs = list(range(2010, 2020))
    ys = [100.0] * 5 + [1.0, 2.0, 3.0, 4.0, 5.0]  # an old level, then a new straight trend
    found = linear_forecast(xs, ys, [2020], last_n=5)
    assert found.used == 5
    assert found.points[0].value == pytest.approx(6.0)


def test_a_known_interval():  # type: ignore[no-untyped-def]
    # y = 1, 3, 2, 5, 4 at x = 1..5: b = 0.8, a = 0.6, s² = 3.6 / 3 = 1.2;
    # at x0 = 6: ŷ = 5.4, se = sqrt(1.2 · (1 + 1/5 + 9/10)) = 1.5875, t(0.95, 3) = 2.3534.
    found = linear_forecast([1, 2, 3, 4, 5], [1, 3, 2, 5, 4], [6], level=0.9)
    point = found.points[0]
    assert found.slope == pytest.approx(0.8)
    assert point.value == pytest.approx(5.4)
    assert point.high - point.value == pytest.approx(2.3534 * 1.5875, rel=1e-3)


@given(ys=st.lists(finite, max_size=2))
def test_fewer_than_three_points_give_no_forecast_and_say_why(ys):  # type: ignore[no-untyped-def]
    found = linear_forecast(list(range(len(ys))), ys, [5])
    assert not found.ok and found.reason == TOO_FEW_POINTS and found.points == ()


def test_points_all_in_one_period_give_no_forecast():  # type: ignore[no-untyped-def]
    found = linear_forecast([2024, 2024, 2024], [1, 2, 3], [2025])
    assert found.reason == SAME_PERIOD and not found.points


def test_bad_arguments_are_refused():  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        linear_forecast([1, 2], [1], [3])
    with pytest.raises(ValueError):
        linear_forecast([1, 2, 3], [1, 2, 3], [4], level=1.0)
    with pytest.raises(ValueError):
        linear_forecast([1, 2, 3], [1, 2, 3], [4], last_n=2)


def test_trend_is_the_direction_of_the_last_change():  # type: ignore[no-untyped-def]
    assert trend([1, 2, 3]) == "up"
    assert trend([3, 2.5]) == "down"
    assert trend([3, 3]) == "flat"
    assert trend([5]) == "flat"
    assert trend([1.0, 1.05], tolerance=0.1) == "flat"


def test_a_small_interval_worked_by_hand():  # type: ignore[no-untyped-def]
    # y = 1, 3, 2 at x = 1, 2, 3: x̄ = 2, Sxx = 2, b = 0.5, a = 1, residuals −0.5, 1, −0.5,
    # SSE = 1.5, s = sqrt(1.5 / 1); t(0.95, 1) = 6.313752. The interval's width grows with
    # (x0 − x̄)² / Sxx, the same on either side of x̄.
    found = linear_forecast([1, 2, 3], [1, 3, 2], [0, 2, 4], level=0.9)
    assert found.slope == pytest.approx(0.5) and found.intercept == pytest.approx(1.0)
    assert found.residual_sd == pytest.approx(math.sqrt(1.5))
    t, s = 6.313752, math.sqrt(1.5)
    before, middle, after = found.points
    assert (before.value, middle.value, after.value) == (1.0, 2.0, 3.0)
    assert middle.high - middle.value == pytest.approx(t * s * math.sqrt(1 + 1 / 3), rel=1e-6)
    for point in (before, after):
        assert point.high - point.value == pytest.approx(t * s * math.sqrt(3 + 1 / 3), rel=1e-6)
        assert point.value - point.low == pytest.approx(point.high - point.value)


def test_no_forecast_keeps_the_line_at_zero_and_forecasts_are_values():  # type: ignore[no-untyped-def]
    none = linear_forecast([1, 2], [1, 2], [3])
    assert (none.slope, none.intercept, none.residual_sd, none.level) == (0.0, 0.0, 0.0, 0.9)
    assert none.ok is False and linear_forecast([1, 2, 3], [1, 2, 3], [4]).ok is True
    assert Forecast(points=()).level == 0.9
    point = ForecastPoint(x=1.0, value=2.0, low=1.0, high=3.0)
    assert point == ForecastPoint(x=1.0, value=2.0, low=1.0, high=3.0)
    assert len({point, ForecastPoint(x=1.0, value=2.0, low=1.0, high=3.0)}) == 1
    with pytest.raises(FrozenInstanceError):
        point.value = 0.0  # type: ignore[misc]
