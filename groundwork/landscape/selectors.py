"""Reads for the catalog, the county map and the landscape report.

The coalitions of a network are read in a fixed number of queries (the coalitions, their
strategies, their county goals with the statewide goals); filtering and the stage (derived
from the maturity flags) are done in Python, the same way on SQLite and PostgreSQL.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from groundwork.communities.counties import County, counties_in_state
from groundwork.communities.maturity import community_maturity
from groundwork.communities.models import (
    CoalitionStrategy,
    Community,
    CountyGoal,
    MaturityStage,
    Network,
    NetworkGoal,
    Strategy,
)
from groundwork.communities.rules import is_network_steward
from groundwork.communities.selectors import visible_to

from .models import LandscapeReport

STAGE_ORDER = [s.value for s in MaturityStage]


def stage_rank(stage: str | None) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1


@dataclass
class CatalogEntry:
    """A coalition as the catalog shows it."""

    community: Community
    stage: str
    counties: list[County]
    strategies: list[Strategy]
    goals: list[NetworkGoal]  # statewide goals its county goals work toward

    @property
    def name(self) -> str:
        return self.community.coalition_name or self.community.name

    @property
    def stage_label(self) -> Any:
        return MaturityStage(self.stage).label

    @property
    def sector_labels(self) -> list[str]:
        return self.community.sector_labels()

    @property
    def focus_labels(self) -> list[str]:
        return self.community.focus_area_labels()

    @property
    def county_fips(self) -> list[str]:
        return [c.fips for c in self.counties]


@dataclass
class CatalogFilters:
    region: int | None = None  # the pk of one of the network's regions
    county: str = ""
    stages: list[str] = field(default_factory=list)
    sector: str = ""  # the coalition has this sector at the table
    lacks_sector: str = ""  # the coalition does not
    focus: str = ""
    strategy: int | None = None
    goal: int | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.region
            or self.county
            or self.stages
            or self.sector
            or self.lacks_sector
            or self.focus
            or self.strategy
            or self.goal
        )

    def matches(self, entry: CatalogEntry) -> bool:
        c = entry.community
        sectors = set(c.sectors or [])
        return (
            (not self.region or c.region_id == self.region)
            and (not self.county or self.county in entry.county_fips)
            and (not self.stages or entry.stage in self.stages)
            and (not self.sector or self.sector in sectors)
            and (not self.lacks_sector or self.lacks_sector not in sectors)
            and (not self.focus or self.focus in (c.focus_areas or []))
            and (not self.strategy or any(s.pk == self.strategy for s in entry.strategies))
            and (not self.goal or any(g.pk == self.goal for g in entry.goals))
        )


@dataclass
class CountyRow:
    """One county of the state: the coalitions serving it (none: a gap)."""

    county: County
    entries: list[CatalogEntry]
    matches: bool  # served by a coalition that the filters pick (False when none are active)
    goals: list[NetworkGoal]

    @property
    def stage(self) -> str | None:
        stages = [e.stage for e in self.entries]
        return max(stages, key=stage_rank) if stages else None

    @property
    def stage_label(self) -> Any:
        return MaturityStage(self.stage).label if self.stage else None

    @property
    def is_gap(self) -> bool:
        return not self.entries


@dataclass
class Catalog:
    network: Network
    filters: CatalogFilters
    all_entries: list[CatalogEntry]
    entries: list[CatalogEntry]  # those the filters pick
    counties: list[CountyRow]  # every county of the network's state
    strategies: list[Strategy]
    goals: list[NetworkGoal]
    viewer_is_steward: bool

    @property
    def gaps(self) -> list[CountyRow]:
        return [row for row in self.counties if row.is_gap]

    @property
    def covered(self) -> list[CountyRow]:
        return [row for row in self.counties if not row.is_gap]

    def stage_counts(self) -> list[tuple[str, Any, int]]:
        """(stage, label, how many of the listed coalitions are at that stage)."""
        return [
            (s.value, s.label, sum(1 for e in self.entries if e.stage == s.value))
            for s in MaturityStage
        ]


def visible_coalitions(*, network: Network, user: Any, steward: bool) -> QuerySet[Community]:
    """The network's coalitions the viewer may see: public profiles, the viewer's own
    communities, and every coalition for the network's staff."""
    coalitions = Community.objects.filter(network=network)
    if not steward:
        coalitions = coalitions.filter(
            pk__in=Community.objects.filter(visible_to(user)).values("pk")
        )
    return coalitions.prefetch_related(
        Prefetch(
            "strategy_links",
            queryset=CoalitionStrategy.objects.select_related("strategy").order_by(
                "strategy__position", "strategy_id"
            ),
        ),
        Prefetch(
            "county_goals",
            queryset=CountyGoal.objects.select_related("network_goal").order_by("id"),
        ),
    ).order_by("name", "pk")


def catalog_entries(coalitions: Iterable[Community]) -> list[CatalogEntry]:
    """Catalog entries in the order of the names shown (the coalition's, else the community's)."""
    entries = []
    for c in coalitions:
        counties = c.counties()
        goals: dict[int, NetworkGoal] = {}
        for g in c.county_goals.all():
            if g.network_goal is not None and g.network_goal.network_id == c.network_id:
                goals.setdefault(g.network_goal.pk, g.network_goal)
        entries.append(
            CatalogEntry(
                community=c,
                stage=community_maturity(c).stage,
                counties=counties,
                strategies=[
                    link.strategy
                    for link in c.strategy_links.all()
                    if link.strategy.network_id == c.network_id
                ],
                goals=sorted(goals.values(), key=lambda g: (g.position, g.pk)),
            )
        )
    entries.sort(key=lambda e: (e.name.casefold(), e.community.pk))
    return entries


def county_rows(
    state: str, entries: list[CatalogEntry], picked: list[CatalogEntry], filters: CatalogFilters
) -> list[CountyRow]:
    by_fips: dict[str, list[CatalogEntry]] = {}
    for e in entries:
        for fips in dict.fromkeys(e.county_fips):
            by_fips.setdefault(fips, []).append(e)
    picked_fips = {fips for e in picked for fips in e.county_fips}
    if filters.county:
        picked_fips &= {filters.county}
    rows = []
    for c in counties_in_state(state):
        serving = by_fips.get(c.fips, [])
        goals: dict[int, NetworkGoal] = {}
        for e in serving:
            for g in e.goals:
                goals.setdefault(g.pk, g)
        rows.append(
            CountyRow(
                county=c,
                entries=serving,
                matches=filters.active and c.fips in picked_fips,
                goals=sorted(goals.values(), key=lambda g: (g.position, g.pk)),
            )
        )
    return rows


def catalog(
    *,
    network: Network,
    user: Any,
    filters: CatalogFilters,
    strategies: list[Strategy],
    goals: list[NetworkGoal],
) -> Catalog:
    """The catalog as ``user`` sees it, with the network's ``strategies`` and ``goals`` (which
    the filter form has read already)."""
    steward = bool(is_network_steward(user, network))
    entries = catalog_entries(visible_coalitions(network=network, user=user, steward=steward))
    picked = [e for e in entries if filters.matches(e)]
    return Catalog(
        network=network,
        filters=filters,
        all_entries=entries,
        entries=picked,
        counties=county_rows(network.state, entries, picked, filters),
        strategies=strategies,
        goals=goals,
        viewer_is_steward=steward,
    )


def public_coalitions(*, network: Network) -> list[CatalogEntry]:
    """What the landscape report counts: the coalitions with a public profile."""
    return catalog_entries(
        visible_coalitions(network=network, user=None, steward=True).filter(is_public=True)
    )


def latest_report(*, network: Network) -> LandscapeReport | None:
    return (
        LandscapeReport.objects.filter(network=network)
        .select_related("generated_by")
        .order_by("-generated_at", "-id")
        .first()
    )
