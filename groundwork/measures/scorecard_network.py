"""The network's scorecard page, read for what it shows and no more: each statewide goal with
its own results (as on a community's scorecard) and the roll-up of the county indicators
linked to it, then the communities, a page at a time, each with its county indicators'
current value, trend, target and last update (the charts, activities and measures are on the
community's own scorecard).

Nothing here grows with the number of values: a trend and a roll-up need only each
indicator's last two values of the kind of period of its latest one, read for all indicators
at once with a window function (``latest_values``). The query count is fixed, whatever the
number of communities, indicators or values. ``scorecard_tree.network_tree`` (every value of
every indicator, for the CSV) gives the same summaries and roll-ups: the tests say so."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Max, Model, Window
from django.db.models.functions import RowNumber

from groundwork.analysis.forecast import trend
from groundwork.analysis.rollup import Rollup, Series, roll_up
from groundwork.communities.models import Community, CountyGoal, Network

from . import scorecard
from .models import Direction, Indicator, IndicatorValue, Result
from .scorecard import IndicatorSummary
from .scorecard_tree import ResultNode, _remember_roles, _result_nodes

COMMUNITIES_PER_PAGE = 10


@dataclass
class Latest:
    """An indicator's (or a measure's) latest value and the one before it, of the same kind of
    period, and when any of its values was last changed."""

    kind: str
    values: list[tuple[Any, float, float | None]]  # (period_start, value, out_of), oldest first
    last_updated: datetime | None


def latest_values(model: type[Model], owner: str, owner_ids: Iterable[int]) -> dict[int, Latest]:
    """For each owner id (``owner`` is the value model's foreign key: "indicator" or
    "measure"), its last two values of the kind of period of its latest one, in one query that
    returns at most two rows per owner and kind of period."""
    ids = list(owner_ids)
    if not ids:
        return {}
    key = f"{owner}_id"
    has_out_of = any(f.name == "out_of" for f in model._meta.get_fields())
    rows = (
        model._default_manager.filter(**{f"{key}__in": ids})
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F(key), F("period_kind")],
                order_by=F("period_start").desc(),
            ),
            changed=Window(Max("updated_at"), partition_by=[F(key)]),
        )
        .filter(rank__lte=2)
        .values_list(
            key,
            "period_kind",
            "period_start",
            "value",
            "rank",
            "changed",
            *(["out_of"] if has_out_of else []),
        )  # fmt: skip
    )
    newest: dict[int, tuple[Any, str]] = {}  # owner: (period_start, kind) of its latest value
    by_owner: dict[tuple[int, str], list[tuple[Any, ...]]] = {}
    changed: dict[int, datetime] = {}
    for row in rows:
        pk, kind, start = row[0], row[1], row[2]
        by_owner.setdefault((pk, kind), []).append(row)
        changed[pk] = row[5]
        # The latest kind is the kind of the value that sorts last by (start, kind), as in
        # scorecard.series.
        if row[4] == 1 and (pk not in newest or (start, kind) > newest[pk]):
            newest[pk] = (start, kind)
    found = {}
    for pk, (_start, kind) in newest.items():
        ordered = sorted(by_owner[(pk, kind)], key=lambda r: r[2])
        found[pk] = Latest(
            kind=kind,
            values=[(r[2], r[3], r[6] if has_out_of else None) for r in ordered],
            last_updated=changed[pk],
        )
    return found


def latest_indicator_values(indicator_ids: Iterable[int]) -> dict[int, IndicatorValue]:
    """Each indicator's latest value (of the kind of period of its latest one), in one query;
    indicators without values are left out."""
    return {
        pk: IndicatorValue(
            indicator_id=pk,
            period_kind=latest.kind,
            period_start=latest.values[-1][0],
            value=latest.values[-1][1],
        )
        for pk, latest in latest_values(IndicatorValue, "indicator", indicator_ids).items()
        if latest.values
    }


def indicator_summary(indicator: Indicator, latest: Latest | None) -> IndicatorSummary:
    """The same summary as ``scorecard.summarize``, from the latest values only."""
    values = latest.values if latest else []
    moved = trend([v[1] for v in values])
    current = None
    if latest and values:
        start, value, _o = values[-1]
        current = IndicatorValue(
            indicator=indicator, period_kind=latest.kind, period_start=start, value=value
        )
    return IndicatorSummary(
        indicator=indicator,
        current=current,
        trend=moved,
        better=None
        if moved == "flat"
        else (moved == "up") == (indicator.direction == Direction.UP),
        last_updated=latest.last_updated if latest else None,
    )


def summary_series(summary: IndicatorSummary, latest: Latest | None) -> Series:
    return Series(
        values=[v[1] for v in latest.values] if latest else [],
        higher_is_better=summary.indicator.direction == Direction.UP,
        target=summary.indicator.target_value,
    )


@dataclass
class CountyResult:
    county_goal: CountyGoal
    result: Result
    summaries: list[IndicatorSummary]


@dataclass
class CommunityCard:
    community: Community
    results: list[CountyResult]
    rollup: Rollup


@dataclass
class GoalCard:
    goal: Any
    results: list[ResultNode]
    rollup: Rollup
    communities: int = 0


@dataclass
class NetworkCard:
    goals: list[GoalCard]
    all: list[CommunityCard]
    page: Page  # of CommunityCard
    communities: int = 0
    rollup: Rollup = field(default_factory=Rollup)


def _visible_county_results(user: Any, network: Network, region: Any = None) -> list[Result]:
    found = Result.objects.filter(
        county_goal__network_goal__network=network, community__network=network
    )
    if region is not None:
        found = found.filter(community__region=region)
    results = list(
        found.select_related("community", "county_goal").order_by(
            "community__name", "community_id", "county_goal_id", "position", "pk"
        )
    )
    _remember_roles(user, {r.community for r in results})
    return [r for r in results if user.has_perm("measures.view_result", r)]


def network_card(
    user: Any, network: Network, page: Any = 1, *, charts: bool = True, region: Any = None
) -> NetworkCard:
    """The network's scorecard page (``page`` is the page of communities, as in ?page=;
    ``charts`` for its statewide results' charts). With a ``region`` of the network, the
    county goals, their roll-ups and the communities are that region's coalitions only."""
    own = _result_nodes(user, scorecard.results_for(user, network=network), charts=charts)
    results = _visible_county_results(user, network, region)
    indicators = list(
        Indicator.objects.filter(result__in=[r.pk for r in results])
        .only(
            "result_id",
            "name_en",
            "name_es",
            "unit",
            "direction",
            "target_value",
            "target_period",
            "position",
        )  # fmt: skip
        .order_by("position", "pk")
    )
    latest = latest_values(IndicatorValue, "indicator", (i.pk for i in indicators))
    by_result: dict[int, list[tuple[IndicatorSummary, Series]]] = {}
    for indicator in indicators:
        summary = indicator_summary(indicator, latest.get(indicator.pk))
        by_result.setdefault(indicator.result_id, []).append(
            (summary, summary_series(summary, latest.get(indicator.pk)))
        )
    by_goal: dict[int, list[Series]] = {}
    goal_communities: dict[int, set[int]] = {}
    cards: dict[int, CommunityCard] = {}
    every: list[Series] = []
    for result in results:
        pairs = by_result.get(result.pk, [])
        goal_id = result.county_goal.network_goal_id
        by_goal.setdefault(goal_id, []).extend(s for _s, s in pairs)
        goal_communities.setdefault(goal_id, set()).add(result.community_id)
        every.extend(s for _s, s in pairs)
        card = cards.setdefault(
            result.community_id,
            CommunityCard(community=result.community, results=[], rollup=Rollup()),
        )
        card.results.append(
            CountyResult(
                county_goal=result.county_goal,
                result=result,
                summaries=[s for s, _series in pairs],
            )
        )
    series_of = {r.pk: [s for _s, s in by_result.get(r.pk, [])] for r in results}
    for card in cards.values():
        card.rollup = roll_up(s for cr in card.results for s in series_of[cr.result.pk])
    goals = [
        GoalCard(
            goal=goal,
            results=[n for n in own if n.result.network_goal_id == goal.pk],
            rollup=roll_up(by_goal.get(goal.pk, [])),
            communities=len(goal_communities.get(goal.pk, ())),
        )
        for goal in network.goals.order_by("position", "pk")
    ]
    every_card = list(cards.values())
    return NetworkCard(
        goals=goals,
        all=every_card,
        page=Paginator(every_card, COMMUNITIES_PER_PAGE).get_page(page),
        communities=len(cards),
        rollup=roll_up(every),
    )
