"""Survey results, shaped for the results page, the API and the landscape report.

Every count of people passes through ``groundwork.analysis.suppression``: a choice's count and
the others of its question form a line with the number who answered it; the choices of a
"choose any" question are each published with the number who did not pick them, so neither
can be worked out; breakdown tables use the two-way table rules. Percentages are shown only
for shown counts, and only when enough people answered.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from groundwork.analysis import suppression
from groundwork.analysis.pii import looks_personal
from groundwork.analysis.suppression import Cell
from groundwork.communities.counties import county as county_by_fips
from groundwork.communities.models import Sector

from .choices import item_choices
from .models import Answer, Instrument, Item, ItemKind, ItemRole

THRESHOLD = suppression.DEFAULT_THRESHOLD
MIN_PERCENT_BASE = 20  # below this, percentages say more than the counts can carry
MIN_NUMBER_BASE = THRESHOLD + 1
MIN_THEME_TEXTS = THRESHOLD + 1
QUOTES_PER_THEME = 3
MAX_THEMES = 6


@dataclass(frozen=True)
class Bar:
    value: str
    label: str
    cell: Cell
    percent: float | None
    width: float  # 0–100, for the SVG; 0 when hidden


@dataclass(frozen=True)
class ThemeSummary:
    label: str
    size: Cell
    quotes: list[str]


@dataclass
class ItemResult:
    item: Item
    base: Cell
    bars: list[Bar] = field(default_factory=list)
    hidden_width: float = 0.0  # Likert: the width of the hidden part of the stacked bar
    median: float | None = None
    quartiles: tuple[float, float] | None = None
    themes: list[ThemeSummary] = field(default_factory=list)
    percents: bool = False

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def chart(self) -> tuple[list["ChartRow"], int]:
        return bar_rows(self)

    @property
    def segments(self) -> list["Segment"]:
        return likert_segments(self)


@dataclass
class Results:
    instrument: Instrument
    total: Cell
    items: list[ItemResult]
    by_sector: list[tuple[str, str, Cell]] | None
    by_county: list[tuple[str, str, Cell]] | None


def _percent(cell: Cell, base: Cell) -> float | None:
    if cell.value is None or base.value is None or base.value < MIN_PERCENT_BASE:
        return None
    return round(100.0 * cell.value / base.value, 1) if base.value else 0.0


def _choice_result(item: Item, values: list[Any], joint: "Joint | None" = None) -> ItemResult:
    choices = item_choices(item)
    counts = Counter(values)
    if joint is not None:
        # Published with the breakdown tables: the cells of one joint suppression.
        line = suppression.SuppressedLine(
            cells=tuple(joint.overall[v] for v, _label in choices), total=joint.base
        )
    else:
        line = suppression.suppress_line([counts.get(v, 0) for v, _label in choices])
    base = line.total
    percents = base.value is not None and base.value >= MIN_PERCENT_BASE
    n = sum(counts.get(v, 0) for v, _label in choices) or 1
    bars = []
    for (value, label), cell in zip(choices, line.cells, strict=True):
        bars.append(
            Bar(
                value=value,
                label=label,
                cell=cell,
                percent=_percent(cell, base),
                width=0.0 if cell.value is None else 100.0 * cell.value / n,
            )
        )
    hidden = line.hidden_sum
    result = ItemResult(item=item, base=base, bars=bars, percents=percents)
    if item.kind == ItemKind.LIKERT and hidden:
        result.hidden_width = 100.0 * hidden / n
    if item.role == ItemRole.COUNTY:
        # A hundred counties are too many bars: list only those somebody chose.
        result.bars = [b for b, (v, _l) in zip(bars, choices, strict=True) if counts.get(v)]
    return result


def _multiple_result(item: Item, values: list[list[str]]) -> ItemResult:
    answered = len(values)
    picked = Counter(v for chosen in values for v in chosen)
    base = suppression.suppress_count(answered)
    bars = []
    for value, label in item_choices(item):
        count = picked.get(value, 0)
        # Published beside the number who answered: "not chosen" is a count of people too.
        line = suppression.suppress_line([count, answered - count])
        cell = line.cells[0] if not base.hidden else Cell(None, suppression.Reason.PRIMARY)
        bars.append(
            Bar(
                value=value,
                label=label,
                cell=cell,
                percent=_percent(cell, base),
                width=0.0 if cell.value is None or not answered else 100.0 * count / answered,
            )
        )
    return ItemResult(
        item=item,
        base=base,
        bars=bars,
        percents=base.value is not None and base.value >= MIN_PERCENT_BASE,
    )


def _number_result(item: Item, numbers: list[float]) -> ItemResult:
    base = suppression.suppress_count(len(numbers))
    result = ItemResult(item=item, base=base)
    if len(numbers) >= MIN_NUMBER_BASE and not base.hidden:
        q1, median, q3 = statistics.quantiles(numbers, n=4, method="inclusive")
        result.median = median
        result.quartiles = (q1, q3)
    return result


def item_themes(item: Item, rows: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """Themes of a free-text question's answers, as stored in ``item.themes_cache``: computed
    with the theme engine when the number of answers changed since the last time, else read
    from the cache."""
    cache = item.themes_cache or {}
    if cache.get("count") == len(rows) and cache.get("screened"):
        return list(cache.get("themes", []))
    themes: list[dict[str, Any]] = []
    if len(rows) >= MIN_THEME_TEXTS:
        from groundwork.analysis.themes import find_themes

        try:
            found = find_themes(
                [text for _pk, text, _lang in rows],
                ids=[pk for pk, _text, _lang in rows],
                languages=[lang or None for _pk, _text, lang in rows],
                backend="lexical",
                subthemes=False,
                max_quotes=QUOTES_PER_THEME * 3,
                k_range=(2, 8),
            )
        except ValueError:
            found = None
        if found is not None:
            themes = [
                {
                    "label": t.label,
                    "size": t.size,
                    # Quotes can be public: none that looks like personal data.
                    "quotes": list(
                        dict.fromkeys(q.text for q in t.quotes if not looks_personal(q.text))
                    )[:QUOTES_PER_THEME],
                }
                for t in found.themes[:MAX_THEMES]
            ]
    cache = {**(item.themes_cache or {}), "count": len(rows), "themes": themes, "screened": True}
    Item.objects.filter(pk=item.pk).update(themes_cache=cache)
    item.themes_cache = cache
    return themes


def _text_result(item: Item, rows: list[tuple[int, str, str]]) -> ItemResult:
    base = suppression.suppress_count(len(rows))
    result = ItemResult(item=item, base=base)
    if not base.hidden:
        for theme in item_themes(item, rows):
            size = suppression.suppress_count(int(theme["size"]))
            result.themes.append(ThemeSummary(theme["label"], size, list(theme["quotes"])))
    return result


def _group_line(counts: dict[str, int], labels: dict[str, str]) -> list[tuple[str, str, Cell]]:
    keys = sorted(counts, key=lambda k: labels.get(k, k))
    line = suppression.suppress_line([counts[k] for k in keys])
    return [(k, labels.get(k, k), cell) for k, cell in zip(keys, line.cells, strict=True)]


def sector_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Sector.choices}


def county_labels(keys: Any) -> dict[str, str]:
    found = {k: county_by_fips(k) for k in keys}
    return {k: c.name if c else k for k, c in found.items()}


def instrument_results(instrument: Instrument) -> Results:
    """Every question's results. Three queries, whatever the number of questions."""
    items = list(
        instrument.items.select_related("section").order_by("section__position", "position")
    )
    for item in items:
        item.instrument = instrument
    rows = Answer.objects.filter(response__instrument=instrument).values_list(
        "item_id", "value", "text", "number", "pk", "response__language"
    )
    values: dict[int, list[Any]] = defaultdict(list)
    texts: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    numbers: dict[int, list[float]] = defaultdict(list)
    for item_id, value, text, number, pk, language in rows:
        if text:
            texts[item_id].append((pk, text, language))
        elif number is not None:
            numbers[item_id].append(number)
        elif value is not None:
            values[item_id].append(value)
    total_count = instrument.responses.count()
    by_sector, by_county = _who_answered(instrument, items)
    dimensions = _dimensions(by_sector, by_county)
    joints: dict[int, Joint] = {}
    if dimensions:
        joints = _joints(
            [i for i in items if i.kind in (ItemKind.LIKERT, ItemKind.SINGLE) and not i.role],
            dimensions,
            total_count,
        )
    results = []
    for item in items:
        if item.kind == ItemKind.MULTIPLE:
            results.append(_multiple_result(item, values[item.pk]))
        elif item.kind == ItemKind.NUMBER:
            results.append(_number_result(item, numbers[item.pk]))
        elif item.kind == ItemKind.TEXT:
            results.append(_text_result(item, texts[item.pk]))
        else:
            results.append(_choice_result(item, values[item.pk], joints.get(item.pk)))
    return Results(
        instrument=instrument,
        total=suppression.suppress_count(total_count),
        items=results,
        by_sector=by_sector,
        by_county=by_county,
    )


OTHER = "~other"  # the row of groups too small to show on their own, and of answers without one


def _who_answered(
    instrument: Instrument, items: list[Item]
) -> tuple[list[tuple[str, str, Cell]] | None, list[tuple[str, str, Cell]] | None]:
    """Responses by sector and by county (each a line with the number of responses)."""
    if not instrument.breakdowns_allowed:
        return None, None
    roles = {i.role for i in items}
    if ItemRole.SECTOR not in roles and ItemRole.COUNTY not in roles:
        return None, None
    groups = instrument.responses.values("sector", "county").annotate(n=Count("pk")).order_by()
    sectors: Counter[str] = Counter()
    counties: Counter[str] = Counter()
    for g in groups:
        if g["sector"]:
            sectors[g["sector"]] += g["n"]
        if g["county"]:
            counties[g["county"]] += g["n"]
    by_sector = _group_line(dict(sectors), sector_labels()) if ItemRole.SECTOR in roles else None
    by_county = (
        _group_line(dict(counties), county_labels(counties)) if ItemRole.COUNTY in roles else None
    )
    return by_sector, by_county


def _dimensions(
    by_sector: list[tuple[str, str, Cell]] | None, by_county: list[tuple[str, str, Cell]] | None
) -> dict[str, list[tuple[str, str]]]:
    """The rows of each breakdown: the groups shown in "who answered" (a group hidden there is
    pooled with the others too small to show, and with answers that name no group)."""
    dimensions = {}
    for name, line in (("sector", by_sector), ("county", by_county)):
        if line is not None:
            rows = [(key, label) for key, label, cell in line if cell.value]
            dimensions[name] = [*rows, (OTHER, _("Other groups, or not given"))]
    return dimensions


@dataclass
class Joint:
    """One question's counts as published on the results page and in its breakdowns, all
    suppressed together so that no page gives away what another hides."""

    overall: dict[str, Cell]
    base: Cell
    cells: dict[tuple[str, str, str], Cell]  # (dimension, row key, choice value)
    row_totals: dict[tuple[str, str], Cell]


def _joint(
    choices: list[str],
    answers: list[tuple[str, str, str]],
    dimensions: dict[str, list[tuple[str, str]]],
) -> Joint:
    overall = Counter(value for value, _sector, _county in answers)
    values: dict[tuple[str, ...], int] = {("c", v): overall.get(v, 0) for v in choices}
    values[("base",)] = sum(values.values())
    lines = [suppression.Line(("base",), tuple(("c", v) for v in choices))]
    for name, rows in dimensions.items():
        known = {key for key, _label in rows}
        table: Counter[tuple[str, str]] = Counter()
        for value, sector, county in answers:
            group = sector if name == "sector" else county
            table[(group if group in known else OTHER, value)] += 1
        for key, _label in rows:
            for v in choices:
                values[(name, key, v)] = table.get((key, v), 0)
            values[(name + "_row", key)] = sum(table.get((key, v), 0) for v in choices)
            lines.append(
                suppression.Line((name + "_row", key), tuple((name, key, v) for v in choices))
            )
        for v in choices:
            lines.append(suppression.Line(("c", v), tuple((name, key, v) for key, _l in rows)))
        lines.append(suppression.Line(("base",), tuple((name + "_row", k) for k, _l in rows)))
    found = suppression.suppress(values, lines)
    return Joint(
        overall={v: found[("c", v)] for v in choices},
        base=found[("base",)],
        cells={
            (name, key, v): found[(name, key, v)]
            for name, rows in dimensions.items()
            for key, _l in rows
            for v in choices
        },
        row_totals={
            (name, key): found[(name + "_row", key)]
            for name, rows in dimensions.items()
            for key, _l in rows
        },
    )


def _cell_out(cell: Cell) -> list[Any]:
    return [cell.value, str(cell.reason)]


def _cell_in(row: list[Any]) -> Cell:
    return Cell(row[0], suppression.Reason(row[1]))


def _joint_to_json(joint: Joint) -> dict[str, Any]:
    return {
        "overall": {v: _cell_out(c) for v, c in joint.overall.items()},
        "base": _cell_out(joint.base),
        "cells": [[*k, *_cell_out(c)] for k, c in joint.cells.items()],
        "rows": [[*k, *_cell_out(c)] for k, c in joint.row_totals.items()],
    }


def _joint_from_json(data: dict[str, Any]) -> Joint:
    return Joint(
        overall={v: _cell_in(c) for v, c in data["overall"].items()},
        base=_cell_in(data["base"]),
        cells={(r[0], r[1], r[2]): _cell_in(r[3:]) for r in data["cells"]},
        row_totals={(r[0], r[1]): _cell_in(r[2:]) for r in data["rows"]},
    )


def _joints(
    items: list[Item], dimensions: dict[str, list[tuple[str, str]]], responses: int
) -> dict[int, Joint]:
    """The joint suppression of each question that can be broken down. The linear programs
    behind it take a moment, so the result is kept with the question until a response arrives
    or its choices change."""
    if not items:
        return {}
    keys = {
        item.pk: [
            responses,
            [v for v, _l in item_choices(item)],
            {name: [k for k, _l in rows] for name, rows in sorted(dimensions.items())},
        ]
        for item in items
    }
    joints: dict[int, Joint] = {}
    for item in items:
        cached = (item.themes_cache or {}).get("joint")
        if cached and cached.get("key") == keys[item.pk]:
            joints[item.pk] = _joint_from_json(cached["value"])
    stale = [item for item in items if item.pk not in joints]
    if not stale:
        return joints
    answers: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    rows = Answer.objects.filter(item__in=stale).values_list(
        "item_id", "value", "response__sector", "response__county"
    )
    for item_id, value, sector, county in rows:
        if value is not None:
            answers[item_id].append((str(value), sector, county))
    for item in stale:
        joint = _joint(keys[item.pk][1], answers[item.pk], dimensions)
        joints[item.pk] = joint
        cache = {
            **(item.themes_cache or {}),
            "joint": {"key": keys[item.pk], "value": _joint_to_json(joint)},
        }
        Item.objects.filter(pk=item.pk).update(themes_cache=cache)
        item.themes_cache = cache
    return joints


@dataclass
class Breakdown:
    item: Item
    dimension: str
    columns: list[str]
    rows: list[tuple[str, list[Cell], Cell]]
    column_totals: list[Cell]
    grand_total: Cell


def breakdown_items(instrument: Instrument) -> list[Item]:
    return list(
        instrument.items.filter(kind__in=[ItemKind.LIKERT, ItemKind.SINGLE], role="").order_by(
            "section__position", "position"
        )
    )


def item_breakdown(instrument: Instrument, item: Item, dimension: str) -> Breakdown | None:
    """One question's answers by sector or by county as a two-way table: the same joint
    suppression as the results page, so the two pages agree on every hidden count."""
    if dimension not in ("sector", "county"):
        raise ValueError(dimension)
    item.instrument = instrument
    items = list(instrument.items.all())
    dimensions = _dimensions(*_who_answered(instrument, items))
    if dimension not in dimensions:
        return None
    fresh = next(i for i in items if i.pk == item.pk)
    fresh.instrument = instrument
    joint = _joints([fresh], dimensions, instrument.responses.count())[item.pk]
    choices = item_choices(item)
    return Breakdown(
        item=item,
        dimension=dimension,
        columns=[label for _v, label in choices],
        rows=[
            (
                label,
                [joint.cells[(dimension, key, v)] for v, _l in choices],
                joint.row_totals[(dimension, key)],
            )
            for key, label in dimensions[dimension]
        ],
        column_totals=[joint.overall[v] for v, _l in choices],
        grand_total=joint.base,
    )


LIKERT_COLOURS = ["#8b0a03", "#d54309", "#71767a", "#2378c3", "#1a4480"]
CHART_WIDTH = 400
ROW_HEIGHT = 40


@dataclass(frozen=True)
class ChartRow:
    label: str
    text: str
    y_text: int
    y_bar: int
    width: float
    x_text: float


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    label: str


def bar_rows(result: ItemResult) -> tuple[list[ChartRow], int]:
    """Horizontal bars of an item's shown counts, for the inline SVG (hidden ones empty)."""
    rows = []
    for i, bar in enumerate(result.bars):
        if bar.cell.value is None:
            text = _("hidden")
        elif bar.percent is not None:
            text = f"{bar.cell.value} ({bar.percent:g}%)"
        else:
            text = str(bar.cell.value)
        rows.append(
            ChartRow(
                label=bar.label,
                text=text,
                y_text=i * ROW_HEIGHT + 14,
                y_bar=i * ROW_HEIGHT + 19,
                width=round(bar.width * (CHART_WIDTH - 80) / 100.0, 1),
                x_text=round(bar.width * (CHART_WIDTH - 80) / 100.0, 1) + 6,
            )
        )
    return rows, max(len(rows) * ROW_HEIGHT, ROW_HEIGHT)


def likert_segments(result: ItemResult) -> list[Segment]:
    """The stacked bar of a Likert item: shown counts in order, the hidden part in grey."""
    segments = []
    x = 0.0
    for bar, colour in zip(result.bars, LIKERT_COLOURS, strict=False):
        if bar.cell.value is None or bar.width <= 0:
            continue
        w = round(bar.width * CHART_WIDTH / 100.0, 1)
        segments.append(Segment(x, w, colour, bar.label))
        x += w
    if result.hidden_width:
        segments.append(
            Segment(x, round(result.hidden_width * CHART_WIDTH / 100.0, 1), "#dfe1e2", _("hidden"))
        )
    return segments
