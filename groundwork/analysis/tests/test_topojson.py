"""TopoJSON decoding for the offline county map."""

from hypothesis import given
from hypothesis import strategies as st

from groundwork.analysis import topojson
from groundwork.analysis.topojson import (
    Transform,
    decode_arcs,
    geojson_geometry,
    shapes_with_prefix,
    svg_path,
)

positions = st.lists(
    st.tuples(st.integers(-100_000, 100_000), st.integers(-100_000, 100_000)), max_size=50
)


@given(positions)
def test_delta_encoding_round_trips(points: list[tuple[int, int]]) -> None:
    assert topojson.delta_decode(topojson.delta_encode(points)) == points


@given(positions, st.floats(0.001, 10), st.floats(-500, 500))
def test_decoded_arc_is_transformed_grid(points: list[tuple[int, int]], k: float, d: float) -> None:
    transform = topojson.Transform((k, k), (d, -d))
    [decoded] = topojson.decode_arcs([topojson.delta_encode(points)], transform)
    assert len(decoded) == len(points)
    for (x, y), (gx, gy) in zip(decoded, points, strict=True):
        assert abs(x - (gx * k + d)) < 1e-6 and abs(y - (gy * k - d)) < 1e-6


# Two unit squares side by side sharing one border (arc 1), quantized with scale 1 and the
# origin moved by (10, 20): a tiny hand-made topology.
#
#   (10,20)──(11,20)──(12,20)
#      │  A     │   B    │
#   (10,21)──(11,21)──(12,21)
TINY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [10, 20]},
    "arcs": [
        [[1, 0], [-1, 0], [0, 1], [1, 0]],  # A's outer side: (1,0)→(0,0)→(0,1)→(1,1)
        [[1, 1], [0, -1]],  # shared border: (1,1)→(1,0)
        [[1, 0], [1, 0], [0, 1], [-1, 0]],  # B's outer side: (1,0)→(2,0)→(2,1)→(1,1)
        [[0, 0], [2, 0], [0, 1], [-2, 0], [0, -1]],  # the outline of both
    ],
    "objects": {
        "counties": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "99002", "arcs": [[2, 1]], "properties": {"name": "B"}},
                {"type": "Polygon", "id": "99001", "arcs": [[0, 1]], "properties": {"name": "A"}},
                {"type": "Polygon", "id": "98001", "arcs": [[3]], "properties": {"name": "X"}},
            ],
        },
        "states": {
            "type": "GeometryCollection",
            "geometries": [{"type": "MultiPolygon", "id": "99", "arcs": [[[3]]]}],
        },
    },
}


def test_rings_join_arcs_and_reverse_negative_indexes() -> None:
    arcs = topojson.decode_arcs(TINY["arcs"], topojson.transform_of(TINY))  # type: ignore[arg-type]
    ring = topojson.ring_points([0, 1], arcs)
    assert ring == [(11, 20), (10, 20), (10, 21), (11, 21), (11, 20)]
    backwards = topojson.ring_points([~1], arcs)
    assert backwards == [(11, 20), (11, 21)]


def test_shapes_of_one_state_fitted_to_the_view_box() -> None:
    shapes = topojson.shapes_with_prefix(
        TINY,
        features="counties",
        id_prefix="99",
        outline_features="states",
        outline_id="99",
        size=100,
        margin=0,
    )
    assert [s.id for s in shapes.shapes] == ["99001", "99002"]  # X (another state) left out
    assert [s.name for s in shapes.shapes] == ["A", "B"]
    assert shapes.view_box == "0 0 100 50"
    assert shapes.shapes[0].path == "M50,0L0,0L0,50L50,50Z"
    assert shapes.shapes[1].path == "M50,0L100,0L100,50L50,50Z"
    assert shapes.outline == "M0,0L100,0L100,50L0,50Z"


def test_coordinates_rounded_to_one_decimal_and_repeats_dropped() -> None:
    path = topojson.svg_path([[[(0.04, 0.0), (0.01, 0.0), (1.26, 0.0), (1.26, 2.0)]]])
    assert path == "M0,0L1.3,0L1.3,2Z"
    # A ring that collapses to fewer than three points is not drawn.
    assert topojson.svg_path([[[(0.0, 0.0), (0.01, 0.0), (0.0, 0.02)]]]) == ""


def test_no_matching_features() -> None:
    shapes = topojson.shapes_with_prefix(TINY, features="counties", id_prefix="01")
    assert shapes.shapes == [] and shapes.view_box == "0 0 0 0"


def test_polygons_by_id_in_the_topologys_own_coordinates() -> None:
    found = topojson.polygons_by_id(TINY, features="counties", ids=["99001", "01000"])
    assert list(found) == ["99001"]
    assert found["99001"] == [[[(11, 20), (10, 20), (10, 21), (11, 21), (11, 20)]]]
    assert topojson.polygons_by_id(TINY, features="counties", ids=[]) == {}


def test_geojson_multipolygon_rounded_and_closed() -> None:
    ring = [(0.00001, 0.0), (0.00002, 0.0), (1.123456, 0.0), (1.123456, 2.0)]
    geometry = topojson.geojson_geometry([[ring]], digits=4)
    assert geometry == {
        "type": "MultiPolygon",
        "coordinates": [[[[0.0, 0.0], [1.1235, 0.0], [1.1235, 2.0], [0.0, 0.0]]]],
    }
    # A ring that collapses to fewer than three distinct positions is left out.
    assert topojson.geojson_geometry([[[(0.0, 0.0), (0.00001, 0.0)]]])["coordinates"] == []


def test_plain_arcs_keep_x_and_y_and_the_default_transform_moves_nothing() -> None:
    assert decode_arcs([[[1, 2], [3, 4]]], None) == [[(1.0, 2.0), (3.0, 4.0)]]
    assert Transform().translate == (0.0, 0.0) and Transform().scale == (1.0, 1.0)
    assert decode_arcs([[[1, 2], [3, 4]]], Transform()) == [[(1.0, 2.0), (4.0, 6.0)]]


def test_a_single_point_ring_draws_nothing_and_a_square_closes_with_z() -> None:
    square = [[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]]
    assert svg_path([square]) == "M0,0L2,0L2,2L0,2Z"
    assert svg_path([square], offset=(1.0, 1.0), scale=10.0) == "M-10,-10L10,-10L10,10L-10,10Z"
    assert svg_path([[[(1.0, 1.0)]]]) == ""


def test_a_map_is_scaled_to_a_thousand_and_an_empty_one_has_no_size() -> None:
    topology = {
        "arcs": [[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]],
        "objects": {
            "counties": {"geometries": [{"type": "Polygon", "id": "37001", "arcs": [[0]]}]}
        },
    }
    found = shapes_with_prefix(topology, features="counties", id_prefix="37", margin=0.0)
    assert (found.width, found.height) == (1000.0, 500.0)
    assert found.shapes[0].path == "M0,0L1000,0L1000,500L0,500Z"
    outlined = shapes_with_prefix(
        topology,
        features="counties",
        id_prefix="37",
        outline_features="counties",
        outline_id="37001",
        margin=0.0,
    )
    assert outlined.outline == "M0,0L1000,0L1000,500L0,500Z"
    empty = shapes_with_prefix(topology, features="counties", id_prefix="99")
    assert (empty.width, empty.height, empty.shapes, empty.outline) == (0.0, 0.0, [], "")


def test_geojson_rounds_to_four_places_drops_repeats_and_closes_rings() -> None:
    ring = [(0.00001, 0.0), (0.0, 0.00002), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    assert geojson_geometry([[ring]]) == {
        "type": "MultiPolygon",
        "coordinates": [[[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]],
    }
    # A ring that goes back to a point it passed (not the one before) keeps both visits.
    back = [(0.0, 0.0), (1.0, 0.0), (0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.0, 0.0)]
    assert geojson_geometry([[back]])["coordinates"][0][0] == [list(p) for p in back]
    assert geojson_geometry([[ring]], digits=5)["coordinates"][0][0][0] == [0.00001, 0.0]
