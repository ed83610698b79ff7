"""The scorecard: results → indicators → plan activities → performance measures, as a tree
with each node's current value, trend, target and last update, and a chart per series drawn
on the server (the page puts the same figures in a table beside it).

A community's scorecard holds its plans' and county goals' results. A network's holds its
statewide goals, each with its own results and the county goals linked to it: their
indicators are rolled up (``analysis.rollup``) and listed by community, without charts.
Everything is read in a fixed number of queries, whatever the number of communities."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _

from groundwork.analysis.forecast import trend
from groundwork.analysis.rollup import Rollup, Series, roll_up
from groundwork.communities.models import Community, CountyGoal, Network
from groundwork.plans.models import Activity, PlanVersion

from . import scorecard
from .models import Direction, Indicator, IndicatorValue, Result
from .models_performance import PerformanceMeasure, PerformanceValue, Quadrant
from .periods import number, period_index
from .scorecard import Chart, IndicatorSummary, nice_ticks


def _f(n: float) -> str:
    return f"{n:.1f}"


def series_chart(points: list[tuple[int, str, float]], target: float | None) -> Chart | None:
    """A small line chart of (x index, label, value) points and a target line."""
    if not points:
        return None
    chart = Chart(height=200)
    xs = [p[0] for p in points]
    ys = [p[2] for p in points]
    ticks = nice_ticks(
        min(ys + ([target] if target is not None else [])),
        max(ys + ([target] if target is not None else [])),
    )
    x0, x1 = min(xs), max(xs)
    y0, y1 = ticks[0], ticks[-1]
    span = max(1, x1 - x0)
    inner_w = chart.plot_right - chart.left - 16
    inner_h = chart.plot_bottom - chart.top

    def sx(x: float) -> float:
        return chart.left + 8 + (x - x0) / span * inner_w

    def sy(y: float) -> float:
        return chart.top + (y1 - y) / (y1 - y0) * inner_h

    chart.line = " ".join(f"{_f(sx(x))},{_f(sy(y))}" for x, _l, y in points)
    chart.dots = [(_f(sx(x)), _f(sy(y)), f"{label}: {number(y)}") for x, label, y in points]
    if target is not None:
        chart.baseline_y = _f(sy(target))  # drawn as the target line
    chart.y_ticks = [(_f(sy(t)), number(t)) for t in ticks]
    step = max(1, -(-(len(points)) // 5))
    chart.x_ticks = [(_f(sx(x)), label) for x, label, _y in points[::step]]
    return chart


@dataclass
class MeasureRow:
    period: str
    value: str
    out_of: str
    percent: str


@dataclass
class MeasureNode:
    measure: PerformanceMeasure
    rows: list[MeasureRow]
    chart: Chart | None
    current: str
    current_period: str
    trend: str
    better: bool | None
    last_updated: datetime | None
    shows_percent: bool
    latest: PerformanceValue | None = None

    @property
    def target_shown(self) -> str:
        return number(self.measure.target_value)


def _headline(v: PerformanceValue) -> float:
    return v.percent if v.percent is not None else v.value


def measure_node(measure: PerformanceMeasure, *, charts: bool = True) -> MeasureNode:
    values = sorted(measure.values.all(), key=lambda v: (v.period_start, v.period_kind))
    kind = values[-1].period_kind if values else ""
    values = [v for v in values if v.period_kind == kind]
    shows_percent = any(v.out_of for v in values) or measure.quadrant == Quadrant.BETTER_OFF
    heads = [_headline(v) for v in values]
    moved = trend(heads)
    better = None if moved == "flat" else (moved == "up") == (measure.direction == Direction.UP)
    latest = values[-1] if values else None
    if latest is None:
        current = ""
    elif latest.out_of:
        current = _("%(value)s of %(out_of)s (%(percent)s%%)") % {
            "value": number(latest.value),
            "out_of": number(latest.out_of),
            "percent": number(latest.percent, 3),
        }
    else:
        current = number(latest.value)
    return MeasureNode(
        measure=measure,
        rows=[
            MeasureRow(
                period=v.period_label,
                value=number(v.value),
                out_of=number(v.out_of),
                percent=number(v.percent, 3),
            )
            for v in values
        ],
        chart=(
            series_chart(
                [
                    (period_index(kind, v.period_start), v.period_label, h)
                    for v, h in zip(values, heads, strict=True)
                ],
                measure.target_value,
            )
            if charts
            else None
        ),
        current=current,
        current_period=latest.period_label if latest else "",
        trend=moved,
        better=better,
        last_updated=max((v.updated_at for v in values), default=None),
        shows_percent=shows_percent,
        latest=latest,
    )


@dataclass
class ActivityNode:
    activity: Activity
    measures: list[MeasureNode]
    keeper: bool = False


@dataclass
class IndicatorNode:
    summary: IndicatorSummary
    curve: scorecard.Curve | None
    activities: list[ActivityNode]


@dataclass
class ResultNode:
    result: Result
    indicators: list[IndicatorNode]


def _activities_prefetch() -> Prefetch:
    return Prefetch(
        "activities",
        queryset=Activity.objects.select_related(
            "plan__process__community", "plan__community", "community", "lead_organization"
        ).prefetch_related(
            Prefetch(
                "performance_measures",
                queryset=PerformanceMeasure.objects.prefetch_related(
                    Prefetch("values", queryset=PerformanceValue.objects.order_by("period_start"))
                ),
            )
        ),
    )


def _mark_public_plans(activities: list[Activity]) -> None:
    """Set each plan's cached "is public" (one query for all plans, see rules_performance)."""
    published = set(
        PlanVersion.objects.filter(plan_id__in={a.plan_id for a in activities})
        .values_list("plan_id", flat=True)
        .distinct()
    )
    for activity in activities:  # each indicator has its own copies of its activities' plans
        plan = activity.plan
        plan.__dict__["_is_public"] = (
            plan.pk in published and plan.process.is_public and plan.community.is_public
        )


def _result_nodes(user: Any, results: list[Result], *, charts: bool) -> list[ResultNode]:
    indicators = [i for r in results for i in r.indicators.all()]
    prefetch_related_objects(indicators, _activities_prefetch())
    _mark_public_plans([a for i in indicators for a in i.activities.all()])
    nodes = []
    for result in results:
        inodes = []
        for indicator in result.indicators.all():
            activities = [
                ActivityNode(
                    activity=a,
                    measures=[measure_node(m, charts=charts) for m in a.performance_measures.all()],
                    keeper=user.has_perm("measures.keep_performance", a),
                )
                for a in indicator.activities.all()
                if user.has_perm("measures.view_performance", a)
            ]
            inodes.append(
                IndicatorNode(
                    summary=scorecard.summarize(indicator),
                    curve=scorecard.turn_the_curve(indicator) if charts else None,
                    activities=activities,
                )
            )
        nodes.append(ResultNode(result=result, indicators=inodes))
    return nodes


def community_tree(user: Any, community: Community) -> list[ResultNode]:
    return _result_nodes(user, scorecard.results_for(user, community=community), charts=True)


@dataclass
class CountyRow:
    community: Community
    county_goal: CountyGoal
    result: Result
    summaries: list[IndicatorSummary]
    activities: int
    measures: int


@dataclass
class GoalNode:
    goal: Any
    results: list[ResultNode]
    counties: list[CountyRow] = field(default_factory=list)
    rollup: Rollup = field(default_factory=Rollup)


def _series(indicator: Indicator) -> Series:
    return Series(
        values=[v.value for v in scorecard.series(indicator)],
        higher_is_better=indicator.direction == Direction.UP,
        target=indicator.target_value,
    )


def _remember_roles(user: Any, communities: set[Community]) -> None:
    """Read the user's roles in all these communities in one query, into the cache the rules
    read (communities.rules.role_in), instead of one query per community."""
    if not getattr(user, "is_authenticated", False):
        return
    from groundwork.communities.models import Membership

    user = user.__dict__.get("_wrapped", user)  # the request's lazy user: the rules see this
    cache: dict[int, str | None] = user.__dict__.setdefault("_community_roles", {})
    wanted = {c.pk for c in communities} - set(cache)
    found = dict(
        Membership.objects.filter(user=user, community_id__in=wanted).values_list(
            "community_id", "role"
        )
    )
    for pk in wanted:
        cache[pk] = found.get(pk)


def network_tree(user: Any, network: Network) -> list[GoalNode]:
    own = scorecard.results_for(user, network=network)
    own_nodes = _result_nodes(user, own, charts=True)
    county_results = (
        Result.objects.filter(
            county_goal__network_goal__network=network, community__network=network
        )
        .select_related("community", "county_goal")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.annotate(
                    activity_count=Count("activities", distinct=True),
                    measure_count=Count("activities__performance_measures", distinct=True),
                ).prefetch_related(
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start"))
                ),
            )
        )
        .order_by("community__name", "county_goal_id", "position", "pk")
    )
    county_results = list(county_results)
    _remember_roles(user, {r.community for r in county_results})  # type: ignore[misc]
    by_goal: dict[int, list[CountyRow]] = {}
    for result in county_results:
        if not user.has_perm("measures.view_result", result):
            continue
        indicators = list(result.indicators.all())
        by_goal.setdefault(result.county_goal.network_goal_id, []).append(  # type: ignore[union-attr]
            CountyRow(
                community=result.community,  # type: ignore[arg-type]
                county_goal=result.county_goal,  # type: ignore[arg-type]
                result=result,
                summaries=[scorecard.summarize(i) for i in indicators],
                activities=sum(i.activity_count for i in indicators),  # type: ignore[attr-defined]
                measures=sum(i.measure_count for i in indicators),  # type: ignore[attr-defined]
            )
        )
    goals = []
    for goal in network.goals.order_by("position", "pk"):
        counties = by_goal.get(goal.pk, [])
        goals.append(
            GoalNode(
                goal=goal,
                results=[n for n in own_nodes if n.result.network_goal_id == goal.pk],
                counties=counties,
                rollup=roll_up(_series(s.indicator) for row in counties for s in row.summaries),
            )
        )
    return goals


# CSV: one row per value (or per node without values) ---------------------------------------

CSV_COLUMNS = [
    ("level", "level"),
    ("community", "community"),
    ("result", "result"),
    ("indicator", "indicator"),
    ("activity", "activity"),
    ("measure", "measure"),
    ("quadrant", "quadrant"),
    ("unit", "unit"),
    ("direction", "direction"),
    ("target", "target"),
    ("period", "period"),
    ("value", "value"),
    ("out_of", "out_of"),
    ("percent", "percent"),
]


def _num(value: float | None) -> Any:
    return "" if value is None else value


def _indicator_rows(base: dict[str, Any], indicator: Indicator) -> Iterator[dict[str, Any]]:
    row = {
        **base,
        "level": "indicator",
        "indicator": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "target": _num(indicator.target_value),
    }
    values = scorecard.series(indicator)
    if not values:
        yield row
    for v in values:
        yield {**row, "period": v.period_label, "value": v.value}


def tree_rows(nodes: list[ResultNode], community: str = "") -> Iterator[dict[str, Any]]:
    empty = {key: "" for key, _h in CSV_COLUMNS}
    for node in nodes:
        base = {**empty, "community": community, "result": node.result.title}
        yield {**base, "level": "result"}
        for inode in node.indicators:
            indicator = inode.summary.indicator
            yield from _indicator_rows(base, indicator)
            for anode in inode.activities:
                abase = {**base, "indicator": indicator.name, "activity": anode.activity.title}
                for mnode in anode.measures:
                    m = mnode.measure
                    row = {
                        **abase,
                        "level": "measure",
                        "measure": m.name,
                        "quadrant": m.quadrant,
                        "unit": m.unit,
                        "direction": m.direction,
                        "target": _num(m.target_value),
                    }
                    values = sorted(m.values.all(), key=lambda v: (v.period_start, v.period_kind))
                    if not values:
                        yield row
                    for v in values:
                        yield {
                            **row,
                            "period": v.period_label,
                            "value": v.value,
                            "out_of": _num(v.out_of),
                            "percent": _num(v.percent),
                        }


def network_rows(goals: list[GoalNode]) -> Iterator[dict[str, Any]]:
    empty = {key: "" for key, _h in CSV_COLUMNS}
    for goal in goals:
        yield {**empty, "level": "statewide_goal", "result": goal.goal.title}
        yield from tree_rows(goal.results)
        for row in goal.counties:
            base = {**empty, "community": row.community.name, "result": row.result.title}
            for s in row.summaries:
                yield from _indicator_rows(base, s.indicator)
