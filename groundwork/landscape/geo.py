"""The county map's geometry, read from the us-atlas package installed with npm.

``settings.LANDSCAPE_TOPOJSON`` names the TopoJSON file (by default
``node_modules/us-atlas/counties-albers-10m.json``: Census Bureau boundaries, public domain,
already projected to Albers USA). The file is read from disk once per process and the paths
of each state are kept in memory; nothing is fetched over the network. When the file is
missing or unreadable the map is simply unavailable and pages show the table instead.

The directory's map draws the same counties over longitude and latitude (its points and any
tile server are geographic), so it reads the unprojected file of the same package,
``settings.DIRECTORY_MAP_TOPOJSON`` (by default ``node_modules/us-atlas/counties-10m.json``).
"""

import json
import logging
from functools import cache
from pathlib import Path

from django.conf import settings

from groundwork.analysis.topojson import (
    ShapeSet,
    geojson_geometry,
    polygons_by_id,
    shapes_with_prefix,
)
from groundwork.communities.counties import counties_in_state

logger = logging.getLogger(__name__)


def topojson_path() -> Path:
    configured = getattr(settings, "LANDSCAPE_TOPOJSON", None)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / "node_modules" / "us-atlas" / "counties-albers-10m.json"


def state_fips(state: str) -> str | None:
    """The two-digit FIPS code of a state (USPS abbreviation), from the shipped county list."""
    counties = counties_in_state(state or "")
    return counties[0].fips[:2] if counties else None


@cache
def _topology(path: str) -> dict:  # type: ignore[type-arg]
    """The whole TopoJSON file, read once per process (a failure is not kept: it raises)."""
    with open(path, encoding="utf-8") as handle:
        return dict(json.load(handle))


_SHAPES: dict[tuple[str, str], ShapeSet] = {}


def state_shapes(state: str) -> ShapeSet | None:
    """County shapes and the outline of a state, or None when the map cannot be drawn. Each
    state's shapes are computed once per process; a missing file is looked for again."""
    prefix = state_fips(state)
    if prefix is None:
        return None
    key = (str(topojson_path()), prefix)
    if key not in _SHAPES:
        try:
            shapes = shapes_with_prefix(
                _topology(key[0]),
                features="counties",
                id_prefix=prefix,
                outline_features="states",
                outline_id=prefix,
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            logger.warning("County map geometry unavailable from %s", key[0], exc_info=True)
            return None
        if not shapes.shapes:
            return None
        _SHAPES[key] = shapes
    return _SHAPES[key]


def lonlat_topojson_path() -> Path:
    configured = getattr(settings, "DIRECTORY_MAP_TOPOJSON", None)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / "node_modules" / "us-atlas" / "counties-10m.json"


_COUNTY_GEOMETRY: dict[tuple[str, str], dict | None] = {}  # type: ignore[type-arg]


def county_geometries(fips: list[str]) -> dict[str, dict]:  # type: ignore[type-arg]
    """GeoJSON MultiPolygons (longitude, latitude) of these counties by FIPS code; counties
    the file lacks, or all of them when it cannot be read, are left out. Each county is
    computed once per process."""
    path = str(lonlat_topojson_path())
    missing = [f for f in fips if (path, f) not in _COUNTY_GEOMETRY]
    if missing:
        try:
            found = polygons_by_id(_topology(path), features="counties", ids=missing)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            logger.warning("County geometry unavailable from %s", path, exc_info=True)
            return {}
        for code in missing:
            polygons = found.get(code)
            _COUNTY_GEOMETRY[(path, code)] = geojson_geometry(polygons) if polygons else None
    out = {}
    for code in fips:
        geometry = _COUNTY_GEOMETRY.get((path, code))
        if geometry is not None:
            out[code] = geometry
    return out
