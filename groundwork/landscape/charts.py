"""Inline SVG for the catalog and the report: the county map and bar charts.

Everything here prepares numbers and strings for the templates; colors are SVG attributes
(the Content-Security-Policy allows no inline styles). Every chart has a table beside it.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groundwork.analysis.topojson import ShapeSet
from groundwork.communities.models import MaturityStage

# A sequential blue scale, light to dark as a coalition matures (USWDS blues).
STAGE_FILL = {
    MaturityStage.AWARENESS.value: "#d9e8f6",
    MaturityStage.FORMING.value: "#73b3e7",
    MaturityStage.MAINTAINING.value: "#2378c3",
    MaturityStage.INSTITUTIONALIZED.value: "#0b4778",
}
COVERED_FILL = "#2378c3"
GAP_FILL = "url(#gw-gap-pattern)"  # light gray with dark diagonal hatching
HIGHLIGHT_STROKE = "#d54309"


@dataclass
class MapCounty:
    fips: str
    name: str
    path: str
    fill: str
    title: str
    href: str = ""
    highlighted: bool = False
    dimmed: bool = False

    @property
    def is_gap(self) -> bool:
        return self.fill == GAP_FILL


@dataclass
class CountyMap:
    view_box: str
    outline: str
    counties: list[MapCounty]  # highlighted counties last, so their outline is drawn on top
    highlighting: bool

    @property
    def gap_path(self) -> str:
        """Every gap county in one path. A PDF fills it with the hatching once: WeasyPrint
        draws a pattern again for each shape it fills, which made the report's map take most
        of the time of its PDF (about half a second for 50 gap counties)."""
        return " ".join(c.path for c in self.counties if c.fill == GAP_FILL)


def county_map(
    shapes: ShapeSet | None, counties: dict[str, dict[str, Any]], *, highlighting: bool = False
) -> CountyMap | None:
    """``counties`` maps FIPS to {"fill", "title", "href", "highlighted"} for each county
    drawn; shapes without an entry are left out."""
    if shapes is None:
        return None
    drawn = []
    for shape in shapes.shapes:
        info = counties.get(shape.id)
        if info is None:
            continue
        highlighted = bool(info.get("highlighted"))
        drawn.append(
            MapCounty(
                fips=shape.id,
                name=shape.name,
                path=shape.path,
                fill=info["fill"],
                title=info["title"],
                href=info.get("href", ""),
                highlighted=highlighted,
                dimmed=highlighting and not highlighted,
            )
        )
    drawn.sort(key=lambda c: c.highlighted)
    return CountyMap(shapes.view_box, shapes.outline, drawn, highlighting)


def catalog_map(
    shapes: ShapeSet | None, rows: list[Any], *, highlighting: bool
) -> CountyMap | None:
    """The catalog's map: counties colored by the most advanced stage of their coalitions."""
    counties: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.is_gap:
            title = _("%(county)s County: no coalition yet.") % {"county": row.county.name}
        else:
            names = "; ".join(f"{e.name} ({e.stage_label})" for e in row.entries)
            title = _("%(county)s County: %(coalitions)s") % {
                "county": row.county.name,
                "coalitions": names,
            }
        counties[row.county.fips] = {
            "fill": GAP_FILL if row.is_gap else STAGE_FILL[row.stage],
            "title": title,
            "href": row.entries[0].community.get_absolute_url() if len(row.entries) == 1 else "",
            "highlighted": row.matches,
        }
    return county_map(shapes, counties, highlighting=highlighting)


def layer_map(shapes: ShapeSet | None, rows: list[Any], layer: Any) -> CountyMap | None:
    """A county indicator (the SVI, or any indicator kept by county) as a choropleth: each
    county's latest value; counties without one are hatched."""
    counties: dict[str, dict[str, Any]] = {}
    for row in rows:
        value = layer.values.get(row.county.fips)
        if value is None:
            title = _("%(county)s County: no data.") % {"county": row.county.name}
        else:
            title = _("%(county)s County: %(value)s (%(period)s)") % {
                "county": row.county.name,
                "value": value.shown,
                "period": value.period,
            }
        counties[row.county.fips] = {
            "fill": GAP_FILL if value is None else value.fill,
            "title": title,
        }
    return county_map(shapes, counties)


def coverage_map(shapes: ShapeSet | None, figures: dict[str, Any]) -> CountyMap | None:
    """The report's map: counties with at least one coalition, and gaps."""
    counties: dict[str, dict[str, Any]] = {}
    for row in figures["counties"]["covered"]:
        counties[row["fips"]] = {
            "fill": COVERED_FILL,
            "title": ngettext(
                "%(county)s County: %(n)s coalition.",
                "%(county)s County: %(n)s coalitions.",
                row["coalitions"],
            )
            % {"county": row["name"], "n": row["coalitions"]},
        }
    for row in figures["counties"]["not_covered"]:
        counties[row["fips"]] = {
            "fill": GAP_FILL,
            "title": _("%(county)s County: no coalition yet.") % {"county": row["name"]},
        }
    return county_map(shapes, counties)


@dataclass
class Bar:
    label: str
    value: float
    shown: str  # the value as written for the reader ("3,5" in Spanish)
    y: int
    width: float  # of the bar, in view box units (the template writes it unlocalized)


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    width: int = 640
    bar_area: int = 520


ROW = 36


def bar_chart(
    title: str, rows: list[tuple[str, float | None]], *, maximum: float | None = None
) -> BarChart:
    """A horizontal bar chart: each row's label above its bar, the value after it."""
    values = [v for _label, v in rows if v is not None]
    top = maximum if maximum is not None else max(values, default=0) or 1
    chart = BarChart(title=title, bars=[], height=ROW * len(rows) + 4)
    for index, (label, value) in enumerate(rows):
        shown = "—" if value is None else number_format(f"{value:g}")
        width = 0.0 if value is None else round(chart.bar_area * float(value) / float(top), 1)
        chart.bars.append(Bar(str(label), value or 0, shown, index * ROW, width))
    return chart
