"""The scorecard in the API, under the same rules as its pages: a community's results →
indicators (latest value, trend, target) → the plan activities that work on them → their
performance measures; a network's statewide goals with their own results and the roll-up of
the county indicators linked to them, then its communities a page at a time with their county
indicators. Only what the caller may see; numbers are JSON numbers."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from groundwork.analysis.rollup import Rollup
from groundwork.api.errors import require
from groundwork.api.schemas import ErrorOut
from groundwork.communities.models import Community, Network

from . import scorecard, scorecard_network
from .api_indicators import IndicatorSummaryOut, summary_out
from .scorecard_tree import MeasureNode, ResultNode, _result_nodes

router = Router(tags=["scorecard"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class MeasureOut(Schema):
    id: int
    name: str
    quadrant: str  # "how_much", "how_well" or "better_off"
    unit: str
    direction: str
    current_value: float | None
    current_out_of: float | None
    current_percent: float | None
    current_period: str | None
    trend: str
    better: bool | None
    target_value: float | None
    last_updated: datetime | None


class ActivityOut(Schema):
    id: int
    title: str
    measures: list[MeasureOut]


class ScorecardIndicatorOut(IndicatorSummaryOut):
    activities: list[ActivityOut]


class ScorecardResultOut(Schema):
    id: int
    title: str
    owner_kind: str  # "plan", "county_goal" or "statewide_goal"
    owner_id: int
    indicators: list[ScorecardIndicatorOut]


class CommunityScorecardOut(Schema):
    community: str
    results: list[ScorecardResultOut]


class RollupOut(Schema):
    total: int
    better: int
    worse: int
    flat: int
    no_data: int
    with_target: int
    at_target: int


class GoalOut(Schema):
    id: int
    title: str
    results: list[ScorecardResultOut]
    communities: int
    county_indicators: RollupOut


class CountyResultOut(Schema):
    id: int
    title: str
    county_goal_id: int
    statewide_goal_id: int
    indicators: list[IndicatorSummaryOut]


class CommunityCardOut(Schema):
    slug: str
    name: str
    county_indicators: RollupOut
    results: list[CountyResultOut]


class NetworkScorecardOut(Schema):
    network: str
    goals: list[GoalOut]
    county_indicators: RollupOut
    communities_count: int
    page: int
    pages: int
    communities: list[CommunityCardOut]


class PageIn(Schema):
    page: int = Field(1, ge=1, le=100_000)
    region: str = Field("", max_length=80)  # the short name of one of the network's regions


def _measure(node: MeasureNode) -> dict[str, Any]:
    m, latest = node.measure, node.latest
    return {
        "id": m.pk,
        "name": m.name,
        "quadrant": m.quadrant,
        "unit": m.unit,
        "direction": m.direction,
        "current_value": latest.value if latest else None,
        "current_out_of": latest.out_of if latest else None,
        "current_percent": latest.percent if latest else None,
        "current_period": latest.period_label if latest else None,
        "trend": node.trend,
        "better": node.better,
        "target_value": m.target_value,
        "last_updated": node.last_updated,
    }


def _owner(result: Any) -> tuple[str, int]:
    if result.plan_id:
        return "plan", result.plan_id
    if result.county_goal_id:
        return "county_goal", result.county_goal_id
    return "statewide_goal", result.network_goal_id


def _results(nodes: list[ResultNode]) -> list[dict[str, Any]]:
    out = []
    for node in nodes:
        kind, owner_id = _owner(node.result)
        out.append(
            {
                "id": node.result.pk,
                "title": node.result.title,
                "owner_kind": kind,
                "owner_id": owner_id,
                "indicators": [
                    {
                        **summary_out(inode.summary),
                        "activities": [
                            {
                                "id": a.activity.pk,
                                "title": a.activity.title,
                                "measures": [_measure(m) for m in a.measures],
                            }
                            for a in inode.activities
                        ],
                    }
                    for inode in node.indicators
                ],
            }
        )
    return out


def _rollup(r: Rollup) -> dict[str, int]:
    return {
        "total": r.total,
        "better": r.better,
        "worse": r.worse,
        "flat": r.flat,
        "no_data": r.no_data,
        "with_target": r.with_target,
        "at_target": r.at_target,
    }


@router.get("/communities/{slug}/scorecard", response={200: CommunityScorecardOut, **ERRORS})
def community_scorecard(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    """The community's scorecard: its results (of its plans and county goals) that the caller
    may see, their indicators, the plan activities linked to each and those activities'
    performance measures, each with its latest value, trend and target."""
    community = get_object_or_404(Community, slug=slug)
    require(request, "measures.list_community_results", community)
    found = scorecard.results_for(request.user, community=community)
    return {
        "community": community.slug,
        "results": _results(_result_nodes(request.user, found, charts=False)),
    }


@router.get("/networks/{slug}/scorecard", response={200: NetworkScorecardOut, **ERRORS})
def network_scorecard(request: HttpRequest, slug: str, query: Query[PageIn]):  # type: ignore[no-untyped-def]
    """The network's scorecard: each statewide goal with its own results (as a community's)
    and the roll-up of the county indicators linked to it; then the communities with county
    indicators the caller may see, 10 a page (``page``), each with its roll-up and its
    indicators' latest value, trend and target. With ``region``, the county goals, roll-ups
    and communities are that region's coalitions only."""
    network = get_object_or_404(Network, slug=slug)
    require(request, "communities.view_network", network)
    region = get_object_or_404(network.regions, slug=query.region) if query.region else None
    card = scorecard_network.network_card(
        request.user, network, query.page, charts=False, region=region
    )
    return {
        "network": network.slug,
        "goals": [
            {
                "id": g.goal.pk,
                "title": g.goal.title,
                "results": _results(g.results),
                "communities": g.communities,
                "county_indicators": _rollup(g.rollup),
            }
            for g in card.goals
        ],
        "county_indicators": _rollup(card.rollup),
        "communities_count": card.communities,
        "page": card.page.number,
        "pages": card.page.paginator.num_pages,
        "communities": [
            {
                "slug": c.community.slug,
                "name": c.community.name,
                "county_indicators": _rollup(c.rollup),
                "results": [
                    {
                        "id": cr.result.pk,
                        "title": cr.result.title,
                        "county_goal_id": cr.county_goal.pk,
                        "statewide_goal_id": cr.county_goal.network_goal_id,
                        "indicators": [summary_out(s) for s in cr.summaries],
                    }
                    for cr in c.results
                ],
            }
            for c in card.page
        ],
    }
