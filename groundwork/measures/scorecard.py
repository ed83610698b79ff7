"""Reading results and indicators: who sees which, each indicator's latest value and trend (the
start of the scorecard), and an indicator's turn-the-curve figures with its chart, drawn on the
server as SVG (the page puts the same figures in a table beside it)."""

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from groundwork.analysis.forecast import Forecast, linear_forecast, trend
from groundwork.communities.models import Community, Network

from .models import Direction, Indicator, IndicatorValue, Result
from .periods import number, parse_period, period_from_index, period_index, period_label

FORECAST_POINTS = 5  # the line is fitted to at most the last five values
AHEAD = 3  # periods forecast when there is no later target
MAX_AHEAD = 12
LEVEL = 0.9


def results_for(
    user: Any, *, community: Community | None = None, network: Network | None = None
) -> list[Result]:
    """The results of a community (its plans' and county goals') or of a network (its
    statewide goals') that the user may see, indicators and values prefetched."""
    if community is not None:
        qs: QuerySet[Result] = Result.objects.filter(community=community)
    else:
        qs = Result.objects.filter(network_goal__network=network, community__isnull=True)
    qs = qs.select_related(
        "community",
        "community__network",
        "plan",
        "plan__process",
        "plan__community",
        "county_goal",
        "network_goal",
        "network_goal__network",
    ).prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start"))
            ),
        )
    )
    return [r for r in qs if user.has_perm("measures.view_result", r)]


def series(indicator: Indicator) -> list[IndicatorValue]:
    """The indicator's values of one kind of period (the kind of its latest value), oldest
    first. Uses prefetched values when there are."""
    values = sorted(indicator.values.all(), key=lambda v: (v.period_start, v.period_kind))
    if not values:
        return []
    kind = values[-1].period_kind
    return [v for v in values if v.period_kind == kind]


@dataclass
class IndicatorSummary:
    indicator: Indicator
    current: IndicatorValue | None
    trend: str  # "up", "down", "flat"
    better: bool | None  # None: flat or unknown
    last_updated: datetime | None

    @property
    def current_shown(self) -> str:
        return number(self.current.value) if self.current else ""

    @property
    def target_shown(self) -> str:
        return number(self.indicator.target_value)


def summarize(indicator: Indicator) -> IndicatorSummary:
    values = series(indicator)
    direction = trend([v.value for v in values])
    better = (
        None
        if direction == "flat"
        else (direction == "up") == (indicator.direction == Direction.UP)
    )
    updated = max((v.updated_at for v in indicator.values.all()), default=None)
    return IndicatorSummary(
        indicator=indicator,
        current=values[-1] if values else None,
        trend=direction,
        better=better,
        last_updated=updated,
    )


# Turn the curve ----------------------------------------------------------------------------


@dataclass
class Row:
    period: str
    value: str
    low: str = ""
    high: str = ""
    note: str = ""
    source: str = ""
    pk: int | None = None


@dataclass
class Chart:
    width: int = 400
    height: int = 240
    left: int = 48
    right: int = 12
    top: int = 12
    bottom: int = 36
    line: str = ""  # polyline points of the values
    dots: list[tuple[str, str, str]] = field(default_factory=list)  # x, y, label
    forecast_line: str = ""
    band: str = ""  # polygon points of the interval
    target: tuple[str, str] | None = None  # x, y
    baseline_y: str = ""
    y_ticks: list[tuple[str, str]] = field(default_factory=list)  # y, label
    x_ticks: list[tuple[str, str]] = field(default_factory=list)  # x, label

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom


@dataclass
class Curve:
    indicator: Indicator
    rows: list[Row]
    forecast: Forecast
    forecast_rows: list[Row]
    kind: str
    chart: Chart | None
    baseline: str
    target: str
    level_percent: int = int(LEVEL * 100)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _chart(
    kind: str,
    values: list[IndicatorValue],
    forecast: Forecast,
    indicator: Indicator,
) -> Chart | None:
    if not values:
        return None
    chart = Chart()
    xs = [period_index(kind, v.period_start) for v in values]
    ys = [v.value for v in values]
    x_all = xs + [int(p.x) for p in forecast.points]
    y_all = ys + [p.low for p in forecast.points] + [p.high for p in forecast.points]
    target = parse_period(indicator.target_period) if indicator.target_period else None
    target_x = period_index(kind, target[1]) if target and target[0] == kind else None
    if indicator.target_value is not None and target_x is not None:
        x_all.append(target_x)
        y_all.append(indicator.target_value)
    if indicator.baseline_value is not None:
        y_all.append(indicator.baseline_value)
    ticks = nice_ticks(min(y_all), max(y_all))
    x0, x1 = min(x_all), max(x_all)
    y0, y1 = ticks[0], ticks[-1]
    span_x = max(1, x1 - x0)
    inner_w = chart.plot_right - chart.left - 16
    inner_h = chart.plot_bottom - chart.top

    def sx(x: float) -> float:
        return chart.left + 8 + (x - x0) / span_x * inner_w

    def sy(y: float) -> float:
        return chart.top + (y1 - y) / (y1 - y0) * inner_h

    def f(n: float) -> str:
        return f"{n:.1f}"

    chart.line = " ".join(f"{f(sx(x))},{f(sy(y))}" for x, y in zip(xs, ys, strict=True))
    chart.dots = [
        (f(sx(x)), f(sy(v.value)), f"{v.period_label}: {number(v.value)}")
        for x, v in zip(xs, values, strict=True)
    ]
    if forecast.points:
        start = [(xs[-1], ys[-1])]
        line = start + [(p.x, p.value) for p in forecast.points]
        chart.forecast_line = " ".join(f"{f(sx(x))},{f(sy(y))}" for x, y in line)
        upper = start + [(p.x, p.high) for p in forecast.points]
        lower = start + [(p.x, p.low) for p in forecast.points]
        chart.band = " ".join(f"{f(sx(x))},{f(sy(y))}" for x, y in upper + lower[::-1])
    if indicator.target_value is not None and target_x is not None:
        chart.target = (f(sx(target_x)), f(sy(indicator.target_value)))
    if indicator.baseline_value is not None:
        chart.baseline_y = f(sy(indicator.baseline_value))
    chart.y_ticks = [(f(sy(t)), number(t)) for t in ticks]
    step = max(1, math.ceil((x1 - x0 + 1) / 6))
    chart.x_ticks = [
        (f(sx(x)), period_label(kind, period_from_index(kind, x))) for x in range(x0, x1 + 1, step)
    ]
    return chart


def turn_the_curve(indicator: Indicator) -> Curve:
    values = series(indicator)
    kind = values[-1].period_kind if values else "year"
    xs = [period_index(kind, v.period_start) for v in values]
    ahead: list[float] = []
    if xs:
        last = xs[-1]
        target = parse_period(indicator.target_period) if indicator.target_period else None
        end = last + AHEAD
        if target and target[0] == kind and period_index(kind, target[1]) > last:
            end = min(period_index(kind, target[1]), last + MAX_AHEAD)
        ahead = [float(x) for x in range(last + 1, end + 1)]
    forecast = linear_forecast(
        xs, [v.value for v in values], ahead, last_n=FORECAST_POINTS, level=LEVEL
    )
    rows = [
        Row(
            period=v.period_label,
            value=number(v.value),
            note=v.note,
            source=v.source,
            pk=v.pk,
        )
        for v in values
    ]
    forecast_rows = [
        Row(
            period=period_label(kind, period_from_index(kind, int(p.x))),
            value=number(p.value, 4),
            low=number(p.low, 4),
            high=number(p.high, 4),
        )
        for p in forecast.points
    ]
    return Curve(
        indicator=indicator,
        rows=rows,
        forecast=forecast,
        forecast_rows=forecast_rows,
        kind=kind,
        chart=_chart(kind, values, forecast, indicator),
        baseline=number(indicator.baseline_value),
        target=number(indicator.target_value),
    )


def indicator_for(pk: int, *, community: Community | None, network: Network | None) -> Indicator:
    """The indicator, found only through the community or network in the address."""
    qs = Indicator.objects.select_related(
        "result",
        "result__community",
        "result__community__network",
        "result__plan",
        "result__plan__process",
        "result__plan__community",
        "result__county_goal",
        "result__network_goal",
        "result__network_goal__network",
    )
    if community is not None:
        qs = qs.filter(result__community=community)
    else:
        qs = qs.filter(Q(result__network_goal__network=network) & Q(result__community__isnull=True))
    return qs.get(pk=pk)
