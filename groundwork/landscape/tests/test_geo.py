"""The county geometry read from the installed us-atlas package."""

import re

from groundwork.communities.counties import counties_in_state
from groundwork.landscape import geo


def test_north_carolina_has_its_100_counties_fitted_to_the_view_box() -> None:
    shapes = geo.state_shapes("NC")
    assert shapes is not None
    assert [s.id for s in shapes.shapes] == sorted(c.fips for c in counties_in_state("NC"))
    assert len(shapes.shapes) == 100
    names = {s.id: s.name for s in shapes.shapes}
    assert names["37183"] == "Wake" and names["37119"] == "Mecklenburg"
    width, height = (float(v) for v in shapes.view_box.split()[2:])
    assert max(width, height) > 900
    numbers = [float(n) for s in shapes.shapes for n in re.findall(r"-?\d+(?:\.\d+)?", s.path)]
    assert min(numbers) >= 0 and max(numbers) <= max(width, height)
    assert all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in re.findall(r"[-\d.]+", shapes.outline))
    assert shapes.outline.startswith("M") and shapes.outline.endswith("Z")
    assert geo.state_shapes("nc") is shapes  # kept in memory


def test_unknown_state_has_no_map() -> None:
    assert geo.state_fips("NC") == "37"
    assert geo.state_shapes("ZZ") is None
    assert geo.state_shapes("") is None
