"""Equity of funding across a network: the money of the grants still running, per resident of
each county the network's coalitions serve, beside the county's social vulnerability (the CDC
SVI overall percentile, imported as indicators by the measures capability).

The rule, shown on the page: a grant's amount is split equally among the coalitions it funds
that list counties; a coalition's share is split among its counties in proportion to their
population when every one of them has a population, equally otherwise. A county's funding is
the sum of its shares, each traceable to its grant. Counties are listed most vulnerable first,
then least funded per resident first; counties without a vulnerability or a population come
last, and the page says which figure is missing.

``allocate`` is pure Python; ``network_equity`` reads the database.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from groundwork.communities.counties import county as county_named
from groundwork.communities.models import Community, Network

from .models import Grant

__all__ = ["GrantShare", "allocate", "CountyFunding", "network_equity"]


@dataclass(frozen=True)
class GrantShare:
    key: Hashable
    amount_cents: int
    communities: tuple[Hashable, ...]


def allocate(
    grants: Iterable[GrantShare],
    counties_of: Mapping[Hashable, Sequence[str]],
    population: Mapping[str, float | None],
) -> tuple[dict[str, dict[Hashable, float]], dict[Hashable, float]]:
    """Each county's share of each grant (in cents, unrounded), and what no county could take
    (grants to coalitions that list no counties), by grant."""
    shares: dict[str, dict[Hashable, float]] = {}
    unplaced: dict[Hashable, float] = {}
    for grant in grants:
        if not grant.communities:
            unplaced[grant.key] = unplaced.get(grant.key, 0.0) + grant.amount_cents
            continue
        per_community = grant.amount_cents / len(grant.communities)
        for community in grant.communities:
            counties = list(dict.fromkeys(counties_of.get(community, ())))
            if not counties:
                unplaced[grant.key] = unplaced.get(grant.key, 0.0) + per_community
                continue
            people = [population.get(code) for code in counties]
            if all(p for p in people):
                total = float(sum(p for p in people if p))
                parts = [float(p or 0) / total for p in people]
            else:
                parts = [1 / len(counties)] * len(counties)
            for code, part in zip(counties, parts, strict=True):
                row = shares.setdefault(code, {})
                row[grant.key] = row.get(grant.key, 0.0) + per_community * part
    return shares, unplaced


@dataclass
class CountyFunding:
    fips: str
    name: str
    population: float | None
    svi: float | None
    svi_period: str
    cents: int
    grants: list[tuple[Any, int]] = field(default_factory=list)
    coalitions: list[Community] = field(default_factory=list)

    @property
    def per_resident_cents(self) -> float | None:
        return self.cents / self.population if self.population else None

    @property
    def per_resident_rounded(self) -> int | None:
        per = self.per_resident_cents
        return None if per is None else round(per)

    @property
    def sort_key(self) -> tuple[int, float, int, float]:
        per = self.per_resident_cents
        return (
            self.svi is None,
            -(self.svi or 0.0),
            per is None,
            per if per is not None else 0.0,
        )


def _latest(network: Network, column: str, codes: list[str]) -> dict[str, tuple[float, str]]:
    """The latest value of the network's SVI indicators of this column, by county."""
    from groundwork.measures.models import Indicator
    from groundwork.measures.scorecard_network import latest_indicator_values

    fips_of = dict(
        Indicator.objects.filter(source_key__in=[f"svi:{column}:{code}" for code in codes])
        .filter(Q(result__community__network=network) | Q(result__network_goal__network=network))
        .order_by("pk")
        .values_list("pk", "fips")
    )
    # One county may have the indicator twice (a community's and a statewide goal's): the one
    # with the later period counts.
    latest = sorted(
        latest_indicator_values(fips_of).items(), key=lambda kv: (kv[1].period_start, kv[0])
    )
    return {fips_of[pk]: (value.value, value.period_label) for pk, value in latest}


def network_equity(
    network: Network, *, today: date
) -> tuple[list[CountyFunding], list[tuple[Grant, int]]]:
    """Every county the network's coalitions serve, in the page's order, and the grants (or
    parts of grants) no county could take."""
    communities = list(Community.objects.filter(network=network).order_by("name", "pk"))
    counties_of = {c.pk: [str(code) for code in c.county_fips or []] for c in communities}
    codes = list(dict.fromkeys(code for found in counties_of.values() for code in found))
    people = _latest(network, "E_TOTPOP", codes)
    svi = _latest(network, "RPL_THEMES", codes)
    grants = list(
        Grant.objects.filter(network=network, ends_on__gte=today)
        .select_related("funder")
        .prefetch_related("communities")
        .order_by("ends_on", "pk")
    )
    by_id = {g.pk: g for g in grants}
    shares, unplaced = allocate(
        (
            GrantShare(
                g.pk,
                g.amount_cents,
                tuple(c.pk for c in g.communities.all() if c.network_id == network.pk),
            )
            for g in grants
        ),
        counties_of,
        {code: people[code][0] for code in people},
    )
    rows = []
    for code in codes:
        known = county_named(code)
        # Whole cents for each share; the county's total is the sum of the shares shown.
        own = [(by_id[pk], round(cents)) for pk, cents in shares.get(code, {}).items()]
        row = CountyFunding(
            fips=code,
            name=known.label if known else code,
            population=people[code][0] if code in people else None,
            svi=svi[code][0] if code in svi else None,
            svi_period=svi[code][1] if code in svi else "",
            cents=sum(cents for _grant, cents in own),
            grants=own,
            coalitions=[c for c in communities if code in counties_of[c.pk]],
        )
        rows.append(row)
    rows.sort(key=lambda r: (*r.sort_key, r.name))
    return rows, [(by_id[pk], round(cents)) for pk, cents in unplaced.items()]
