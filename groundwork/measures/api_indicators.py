"""Results and indicators in the API, under the same rules as the pages: a community's results
(its members see all; others see a county goal's when the community is public and a plan's once
the plan is published), a network's statewide results, and an indicator's values and forecast.
Numbers are JSON numbers; periods are written 2024, 2024-Q2 or 2024-05."""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from groundwork.api.errors import require
from groundwork.api.schemas import ErrorOut
from groundwork.communities.models import Community, Network

from . import scorecard
from .models import Indicator

router = Router(tags=["results and indicators"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class IndicatorSummaryOut(Schema):
    id: int
    name: str
    unit: str
    direction: str
    current_value: float | None
    current_period: str | None
    trend: str
    better: bool | None
    target_value: float | None
    target_period: str
    last_updated: datetime | None


class ResultOut(Schema):
    id: int
    title: str
    description: str
    owner_kind: str  # "plan", "county_goal" or "statewide_goal"
    owner_id: int
    indicators: list[IndicatorSummaryOut]


class ValueOut(Schema):
    period: str
    period_kind: str
    period_start: str
    value: float
    note: str
    source: str


class ForecastPointOut(Schema):
    period: str
    value: float
    low: float
    high: float


class ForecastOut(Schema):
    method: str
    level: float
    points_used: int
    reason: str
    points: list[ForecastPointOut]


class IndicatorOut(Schema):
    id: int
    result_id: int
    name: str
    description: str
    unit: str
    direction: str
    source: str
    geography: str
    fips: str
    baseline_value: float | None
    baseline_period: str
    target_value: float | None
    target_period: str
    story: str
    partners: str
    what_works: str
    activity_ids: list[int]
    values: list[ValueOut]
    forecast: ForecastOut


def _summary(indicator: Indicator) -> dict[str, object]:
    return summary_out(scorecard.summarize(indicator))


def summary_out(s: scorecard.IndicatorSummary) -> dict[str, object]:
    """An indicator's summary as IndicatorSummaryOut: here and in the scorecard API."""
    indicator = s.indicator
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "current_value": s.current.value if s.current else None,
        "current_period": s.current.period_label if s.current else None,
        "trend": s.trend,
        "better": s.better,
        "target_value": indicator.target_value,
        "target_period": indicator.target_period,
        "last_updated": s.last_updated,
    }


def _results(request: HttpRequest, **owner: object) -> list[dict[str, object]]:
    found = scorecard.results_for(request.user, **owner)  # type: ignore[arg-type]
    out = []
    for result in found:
        if result.plan_id:
            kind, owner_id = "plan", result.plan_id
        elif result.county_goal_id:
            kind, owner_id = "county_goal", result.county_goal_id
        else:
            kind, owner_id = "statewide_goal", result.network_goal_id
        out.append(
            {
                "id": result.pk,
                "title": result.title,
                "description": result.description,
                "owner_kind": kind,
                "owner_id": owner_id,
                "indicators": [_summary(i) for i in result.indicators.all()],
            }
        )
    return out


@router.get("/communities/{slug}/results", response={200: list[ResultOut], **ERRORS})
def community_results(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The community's results (of its plans and county goals) that the caller may see, each
    with its indicators' current value, trend and target."""
    community = get_object_or_404(Community, slug=slug)
    require(request, "measures.list_community_results", community)
    return _results(request, community=community)


@router.get("/networks/{slug}/results", response={200: list[ResultOut], **ERRORS})
def network_results(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The network's results of its statewide goals."""
    network = get_object_or_404(Network, slug=slug)
    require(request, "communities.view_network", network)
    return _results(request, network=network)


@router.get("/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def indicator_detail(request: HttpRequest, indicator_id: int):  # type: ignore[no-untyped-def]
    """An indicator with its values (one kind of period, oldest first) and the forecast if
    nothing changes (linear trend over the last five values, 90% prediction interval)."""
    indicator = (
        Indicator.objects.select_related(
            "result__community",
            "result__plan__process",
            "result__plan__community",
            "result__network_goal__network",
        )
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise Http404
    require(request, "measures.view_result", indicator.result)
    curve = scorecard.turn_the_curve(indicator)
    values = scorecard.series(indicator)
    return {
        "id": indicator.pk,
        "result_id": indicator.result_id,
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "source": indicator.source,
        "geography": indicator.geography,
        "fips": indicator.fips,
        "baseline_value": indicator.baseline_value,
        "baseline_period": indicator.baseline_period,
        "target_value": indicator.target_value,
        "target_period": indicator.target_period,
        "story": indicator.story,
        "partners": indicator.partners,
        "what_works": indicator.what_works,
        "activity_ids": sorted(indicator.activities.values_list("pk", flat=True)),
        "values": [
            {
                "period": v.period_label,
                "period_kind": v.period_kind,
                "period_start": v.period_start.isoformat(),
                "value": v.value,
                "note": v.note,
                "source": v.source,
            }
            for v in values
        ],
        "forecast": {
            "method": "linear least squares over the last 5 values at most",
            "level": curve.forecast.level,
            "points_used": curve.forecast.used,
            "reason": curve.forecast.reason,
            "points": [
                {"period": row.period, "value": p.value, "low": p.low, "high": p.high}
                for row, p in zip(curve.forecast_rows, curve.forecast.points, strict=True)
            ],
        },
    }
