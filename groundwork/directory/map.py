"""The directory's map: the services and assets of one or more communities, each with its
point when it has one and may show it, over the outlines of the counties served.

One selector, ``map_entries``, filtered like the directory's search (the same filters, the
same query parameters) and shaped twice: as the list beside the map (the accessible
alternative, and all there is without JavaScript) and as GeoJSON for the map itself.

What a map never shows: the point or address of a confidential location (its service is
placed in its county only), the point of an individual's gifts (a person's home is not a
public place: the county only), members-only contacts, and anything of a community the
visitor may not see. A fixed number of queries whatever the number of entries."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from groundwork.communities.counties import County
from groundwork.communities.models import Community
from groundwork.landscape.geo import county_geometries

from .models import Address, Asset, AssetKind, Location, ServiceAtLocation
from .search import Filters, miles_between, service_search

# The most services (and, separately, assets) one map shows; the list says when there are more.
MAP_LIMIT = 1000
SHOW_CHOICES = ("", "services", "assets")


@dataclass
class MapEntry:
    key: str  # the list item's id, and the feature's
    kind: str  # "service" or "asset"
    category: str  # what it is, in the reader's language
    name: str
    url: str
    community: Community
    county: str  # label of the county (or area) it is in; may be empty
    county_fips: str
    point: tuple[float, float] | None  # (latitude, longitude), only when it may be shown
    withheld: bool = False  # a confidential address: the county only
    person: bool = False  # an individual's gifts: the county only


@dataclass
class MapData:
    entries: list[MapEntry]
    counties: list[County]
    truncated: bool

    @property
    def placed(self) -> int:
        return sum(1 for e in self.entries if e.point is not None)


def _county_named(name: str, counties: Sequence[County]) -> County | None:
    """The county an address's region (or a service area) names: "Durham", "Durham County",
    "Durham County, NC"."""
    text = name.strip().lower()
    for county in counties:
        plain = county.name.lower()
        if text in (
            plain,
            f"{plain} county",
            county.label.lower(),
            f"{plain} county, {county.state.lower()}",
        ):
            return county
    return None


def _only_county(counties: Sequence[County]) -> County | None:
    return counties[0] if len(counties) == 1 else None


def _service_only(filters: Filters) -> bool:
    """Filters that only services answer (an asset has no taxonomy, languages, cost, ages or
    hours): with any of them the map shows services only."""
    return bool(
        filters.term
        or filters.language
        or filters.cost
        or filters.age is not None
        or filters.open_now
    )


def _service_entries(
    communities: Sequence[Community], filters: Filters, at: datetime
) -> tuple[list[MapEntry], bool]:
    page = service_search(
        communities=communities, filters=filters, page=1, per_page=MAP_LIMIT, at=at
    )
    services = page.services
    if not services:
        return [], False
    by_community = {c.pk: c for c in communities}
    community_ids = list({s.community_id for s in services})
    links = list(
        ServiceAtLocation.objects.filter(
            community__in=community_ids, service_id__in=[s.hsds_id for s in services]
        )
        .order_by("pk")
        .values_list("community_id", "service_id", "location_id")
    )
    locations = {
        (loc.community_id, loc.hsds_id): loc
        for loc in Location.objects.filter(
            community__in=community_ids, hsds_id__in={x[2] for x in links if x[2]}
        ).only("community_id", "hsds_id", "latitude", "longitude", "confidential")
    }
    regions: dict[tuple[int, uuid.UUID], str] = {}
    for community_id, location_id, region in (
        Address.objects.filter(
            community__in=community_ids, location_id__in=[k[1] for k in locations]
        )
        .exclude(region="")
        .order_by("pk")
        .values_list("community_id", "location_id", "region")
    ):
        regions.setdefault((community_id, location_id), region.strip())
    at_service: dict[tuple[int, uuid.UUID], list[Location]] = defaultdict(list)
    for community_id, service_id, location_id in links:
        location = locations.get((community_id, location_id))
        if location is not None:
            at_service[(community_id, service_id)].append(location)
    entries = []
    for service in services:
        community = by_community[service.community_id]
        counties = community.counties()
        placed = at_service.get((service.community_id, service.hsds_id), [])
        public = [
            loc
            for loc in placed
            if not loc.confidential and loc.latitude is not None and loc.longitude is not None
        ]
        chosen = public[0] if public else (placed[0] if placed else None)
        region = regions.get((community.pk, chosen.hsds_id), "") if chosen else ""
        county = _county_named(region, counties) if region else _only_county(counties)
        withheld = bool(placed) and not public and any(loc.confidential for loc in placed)
        entries.append(
            MapEntry(
                key=f"service-{community.slug}-{service.hsds_id}",
                kind="service",
                category=_("Service"),
                name=service.display_name,
                url=reverse("directory:service", args=[community.slug, service.hsds_id]),
                community=community,
                county=county.label if county else region,
                county_fips=county.fips if county else "",
                point=(public[0].latitude, public[0].longitude) if public else None,
                withheld=withheld,
            )
        )
    return entries, page.total > len(services)


def _asset_entries(
    communities: Sequence[Community], filters: Filters
) -> tuple[list[MapEntry], bool]:
    assets = Asset.objects.filter(community__in=[c.pk for c in communities]).shown()
    for word in filters.words.split():
        assets = assets.filter(
            Q(name__icontains=word)
            | Q(name_es__icontains=word)
            | Q(description__icontains=word)
            | Q(description_es__icontains=word)
            | Q(area__icontains=word)
        )
    if filters.place:
        assets = assets.filter(latitude__isnull=False, longitude__isnull=False).exclude(
            kind=AssetKind.INDIVIDUAL
        )
    fields = ("pk", "community_id", "kind", "name", "name_es", "county_fips", "area")
    rows = list(
        assets.order_by("name", "pk").only(*fields, "latitude", "longitude")[: MAP_LIMIT + 1]
    )
    truncated = len(rows) > MAP_LIMIT
    kinds = dict(AssetKind.choices)
    by_community = {c.pk: c for c in communities}
    entries = []
    for asset in rows[:MAP_LIMIT]:
        community = by_community[asset.community_id]
        counties = community.counties()
        county = next((c for c in counties if c.fips == asset.county_fips), None)
        if county is None and not asset.county_fips:
            county = _only_county(counties)
        point = None
        if asset.has_point and asset.kind != AssetKind.INDIVIDUAL:
            point = (float(asset.latitude), float(asset.longitude))  # type: ignore[arg-type]
        if filters.place and (
            point is None
            or miles_between((filters.place.latitude, filters.place.longitude), point)
            > filters.miles
        ):
            continue
        if filters.area and not (
            (county and _county_named(filters.area, [county]))
            or asset.area.strip().lower() == filters.area.strip().lower()
        ):
            continue
        entries.append(
            MapEntry(
                key=f"asset-{asset.pk}",
                kind="asset",
                category=str(kinds.get(asset.kind, asset.kind)),
                name=asset.display_name,
                url=reverse("assets:detail", args=[community.slug, asset.pk]),
                community=community,
                county=county.label if county else asset.area,
                county_fips=county.fips if county else "",
                point=point,
                person=asset.kind == AssetKind.INDIVIDUAL,
            )
        )
    return entries, truncated


def map_entries(
    *, communities: Sequence[Community], filters: Filters, show: str, at: datetime
) -> MapData:
    """What the map and its list show, in list order: services, then assets, each by name.
    ``show`` is "services", "assets", or "" for both. Queries: those of the search, three
    for the services' places, one for the assets."""
    entries: list[MapEntry] = []
    truncated = False
    if show in ("", "services"):
        found, more = _service_entries(communities, filters, at)
        entries += found
        truncated |= more
    if show in ("", "assets") and not _service_only(filters):
        found, more = _asset_entries(communities, filters)
        entries += found
        truncated |= more
    counties: dict[str, County] = {}
    for community in communities:
        for county in community.counties():
            counties.setdefault(county.fips, county)
    return MapData(
        entries=entries,
        counties=sorted(counties.values(), key=lambda c: (c.state, c.name)),
        truncated=truncated,
    )


def outline(community: Community) -> MapData:
    """The counties a community serves, without entries (no queries)."""
    return MapData(entries=[], counties=community.counties(), truncated=False)


def map_geojson(data: MapData) -> dict[str, Any]:
    """The map's data as a GeoJSON FeatureCollection of points (longitude, latitude), with
    the counties served as a second collection under ``counties``: each with how many of the
    entries are in it without a point (confidential addresses, individuals' gifts, entries
    not yet placed). Names, links and counties only; never an address or a contact."""
    features = []
    unplaced: dict[str, int] = defaultdict(int)
    for entry in data.entries:
        if entry.point is None:
            if entry.county_fips:
                unplaced[entry.county_fips] += 1
            continue
        latitude, longitude = entry.point
        features.append(
            {
                "type": "Feature",
                "id": entry.key,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(longitude, 5), round(latitude, 5)],
                },
                "properties": {
                    "kind": entry.kind,
                    "category": entry.category,
                    "name": entry.name,
                    "url": entry.url,
                    "county": entry.county,
                },
            }
        )
    geometries = county_geometries([c.fips for c in data.counties])
    counties = [
        {
            "type": "Feature",
            "id": county.fips,
            "geometry": geometries[county.fips],
            "properties": {"name": county.label, "unplaced": unplaced.get(county.fips, 0)},
        }
        for county in data.counties
        if county.fips in geometries
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "counties": {"type": "FeatureCollection", "features": counties},
        "truncated": data.truncated,
    }


__all__ = ["MAP_LIMIT", "MapData", "MapEntry", "map_entries", "map_geojson"]
