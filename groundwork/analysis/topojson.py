"""TopoJSON to SVG paths: the geometry of the offline county map, without Django.

A TopoJSON topology stores every shared border once, as an *arc*. In a quantized topology
the arc's first position is an absolute integer grid position and every following position
is the difference from the one before (delta encoding); ``transform`` turns grid positions
into coordinates (``x * scale[0] + translate[0]``). Polygons list their rings as arc indexes;
a negative index ``~i`` (that is ``-i - 1``) means arc ``i`` walked backwards. When arcs are
joined into a ring, each arc after the first starts where the one before ended, so its first
position is dropped.

The functions here decode arcs, join them into rings, and write SVG path data fitted to a
view box, coordinates rounded to one decimal. The us-atlas topologies are already projected
(Albers USA, in pixels), so no map projection is needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]


@dataclass(frozen=True)
class Transform:
    scale: tuple[float, float] = (1.0, 1.0)
    translate: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class Shape:
    """One feature of the topology drawn as SVG path data."""

    id: str
    name: str
    path: str


@dataclass(frozen=True)
class ShapeSet:
    """Features fitted together to a view box ``0 0 width height``."""

    width: float
    height: float
    shapes: list[Shape]
    outline: str  # path data of the enclosing feature(s), e.g. the state; may be empty

    @property
    def view_box(self) -> str:
        return f"0 0 {_fmt(self.width)} {_fmt(self.height)}"


def delta_encode(positions: Sequence[tuple[int, int]]) -> list[list[int]]:
    """The inverse of :func:`delta_decode`: the first position, then differences."""
    encoded: list[list[int]] = []
    previous = (0, 0)
    for x, y in positions:
        encoded.append([x - previous[0], y - previous[1]])
        previous = (x, y)
    return encoded


def delta_decode(arc: Sequence[Sequence[int | float]]) -> list[tuple[int, int]]:
    """Absolute grid positions of a delta-encoded arc (a running sum of the positions)."""
    x = y = 0
    out: list[tuple[int, int]] = []
    for position in arc:
        x += int(position[0])
        y += int(position[1])
        out.append((x, y))
    return out


def transform_of(topology: Mapping[str, Any]) -> Transform | None:
    raw = topology.get("transform")
    if not raw:
        return None
    scale = raw["scale"]
    translate = raw["translate"]
    return Transform((float(scale[0]), float(scale[1])), (float(translate[0]), float(translate[1])))


def decode_arcs(
    arcs: Sequence[Sequence[Sequence[int | float]]], transform: Transform | None
) -> list[list[Point]]:
    """Every arc as a list of coordinates (quantized arcs are delta-decoded first)."""
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in arcs]
    (kx, ky), (dx, dy) = transform.scale, transform.translate
    return [[(x * kx + dx, y * ky + dy) for x, y in delta_decode(arc)] for arc in arcs]


def ring_points(indexes: Iterable[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """Join arcs into one ring; ``~i`` walks arc ``i`` backwards."""
    ring: Ring = []
    for index in indexes:
        points = list(arcs[~index])[::-1] if index < 0 else list(arcs[index])
        if ring and points:
            points = points[1:]  # the first point repeats the last point of the arc before
        ring.extend(points)
    return ring


def geometry_polygons(
    geometry: Mapping[str, Any], arcs: Sequence[Sequence[Point]]
) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon geometry (other types have none)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [[ring_points(ring, arcs) for ring in geometry["arcs"]]]
    if kind == "MultiPolygon":
        return [[ring_points(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
    return []


def bounds(polygons: Iterable[Polygon]) -> tuple[float, float, float, float] | None:
    """(min x, min y, max x, max y) of the polygons, or None when there are no points."""
    xs: list[float] = []
    ys: list[float] = []
    for polygon in polygons:
        for ring in polygon:
            for x, y in ring:
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _fmt(value: float) -> str:
    text = f"{round(value, 1):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def svg_path(polygons: Iterable[Polygon], *, offset: Point = (0.0, 0.0), scale: float = 1.0) -> str:
    """SVG path data: each ring ``M x,y L … Z``; points are ``(p - offset) * scale`` rounded to
    one decimal; a point that rounds to the one before it, and the closing point of a ring,
    are left out."""
    parts: list[str] = []
    ox, oy = offset
    for polygon in polygons:
        for ring in polygon:
            previous = ""
            commands: list[str] = []
            for x, y in ring:
                point = f"{_fmt((x - ox) * scale)},{_fmt((y - oy) * scale)}"
                if point == previous:
                    continue
                commands.append(("L" if commands else "M") + point)
                previous = point
            if len(commands) > 1 and commands[-1][1:] == commands[0][1:]:
                commands.pop()  # the closing point: "Z" draws that line
            if len(commands) >= 3:
                parts.append("".join(commands) + "Z")
    return "".join(parts)


def shapes_with_prefix(
    topology: Mapping[str, Any],
    *,
    features: str,
    id_prefix: str,
    outline_features: str | None = None,
    outline_id: str | None = None,
    size: float = 1000.0,
    margin: float = 4.0,
) -> ShapeSet:
    """The features of ``topology["objects"][features]`` whose id starts with ``id_prefix``,
    fitted to a view box whose larger side is ``size`` (plus ``margin`` on every side), with
    the outline of ``outline_features``/``outline_id`` (for example the state) in the same
    coordinates. Shapes come in id order."""
    arcs = decode_arcs(topology["arcs"], transform_of(topology))
    chosen = [
        g
        for g in topology["objects"][features]["geometries"]
        if str(g.get("id", "")).startswith(id_prefix)
    ]
    polygons = {str(g["id"]): geometry_polygons(g, arcs) for g in chosen}
    outline_polygons: list[Polygon] = []
    if outline_features and outline_id is not None:
        for g in topology["objects"][outline_features]["geometries"]:
            if str(g.get("id", "")) == outline_id:
                outline_polygons = geometry_polygons(g, arcs)
    box = bounds([p for ps in polygons.values() for p in ps] + outline_polygons)
    if box is None:
        return ShapeSet(0.0, 0.0, [], "")
    x0, y0, x1, y1 = box
    extent = max(x1 - x0, y1 - y0) or 1.0
    scale = size / extent
    offset = (x0 - margin / scale, y0 - margin / scale)
    names = {str(g["id"]): str((g.get("properties") or {}).get("name", "")) for g in chosen}
    shapes = [
        Shape(id=key, name=names[key], path=svg_path(polygons[key], offset=offset, scale=scale))
        for key in sorted(polygons)
    ]
    return ShapeSet(
        width=(x1 - x0) * scale + 2 * margin,
        height=(y1 - y0) * scale + 2 * margin,
        shapes=shapes,
        outline=svg_path(outline_polygons, offset=offset, scale=scale),
    )


def polygons_by_id(
    topology: Mapping[str, Any], *, features: str, ids: Iterable[str]
) -> dict[str, list[Polygon]]:
    """The polygons of the features of ``topology["objects"][features]`` with these ids, in
    the topology's own coordinates (longitude and latitude for an unprojected topology)."""
    wanted = set(ids)
    chosen = [
        g for g in topology["objects"][features]["geometries"] if str(g.get("id", "")) in wanted
    ]
    if not chosen:
        return {}
    arcs = decode_arcs(topology["arcs"], transform_of(topology))
    return {str(g["id"]): geometry_polygons(g, arcs) for g in chosen}


def geojson_geometry(polygons: Sequence[Polygon], *, digits: int = 4) -> dict[str, Any]:
    """A GeoJSON MultiPolygon of the polygons, coordinates rounded to ``digits`` decimals; a
    position that rounds to the one before it is left out, and each ring is closed."""
    out: list[list[list[list[float]]]] = []
    for polygon in polygons:
        rings: list[list[list[float]]] = []
        for ring in polygon:
            positions: list[list[float]] = []
            for x, y in ring:
                position = [round(x, digits), round(y, digits)]
                if not positions or positions[-1] != position:
                    positions.append(position)
            if positions and positions[0] != positions[-1]:
                positions.append(list(positions[0]))
            if len(positions) >= 4:
                rings.append(positions)
        if rings:
            out.append(rings)
    return {"type": "MultiPolygon", "coordinates": out}
