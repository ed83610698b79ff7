"""County indicators as a layer on the network's catalog map and a column of its county table:
the SVI imported as indicators (actions/svi.py), or any indicator kept by county (one with a
county FIPS code).

Only public indicators are shown: those of the network's statewide goals, and those of the
county goals of the network's public communities (both are on public pages already)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.formats import number_format

from groundwork.analysis.vulnerability import Bin, bins, class_of
from groundwork.communities.models import Network
from groundwork.core.text import in_language

from .models import Indicator, IndicatorValue
from .scorecard_network import latest_indicator_values

SVI_OVERALL = "svi:RPL_THEMES"
# A sequential orange scale (USWDS oranges), light to dark as the value rises.
LAYER_FILL = ("#fbe0d0", "#f3bf90", "#e66f0e", "#8c3d10")
NO_DATA_FILL = "#ffffff"


@dataclass(frozen=True)
class CountyValue:
    value: float
    period: str
    shown: str  # written for the reader
    fill: str


@dataclass
class CountyLayer:
    key: str
    label: str
    percentile: bool
    direction: str
    values: dict[str, CountyValue] = field(default_factory=dict)  # by FIPS
    legend: list[tuple[str, str]] = field(default_factory=list)  # (fill, label)


def _key(indicator: Indicator) -> str:
    if indicator.source_key.startswith("svi:"):
        return ":".join(indicator.source_key.split(":")[:2])
    return f"i:{indicator.name_en.strip().casefold()}"


def _indicators(network: Network) -> list[Indicator]:
    return list(
        Indicator.objects.filter(
            Q(result__network_goal__network=network)
            | Q(
                result__county_goal__isnull=False,
                result__community__network=network,
                result__community__is_public=True,
            )
        )
        .exclude(fips="")
        .order_by("position", "pk")
    )


def _choices(indicators: list[Indicator]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for indicator in indicators:
        seen.setdefault(_key(indicator), in_language(indicator.name_en, indicator.name_es))
    return sorted(
        seen.items(),
        key=lambda kv: (kv[0] != SVI_OVERALL, not kv[0].startswith("svi:"), kv[1]),
    )


def layer_choices(network: Network) -> list[tuple[str, str]]:
    """(key, label) of each layer the network has, the SVI's overall percentile first."""
    return _choices(_indicators(network))


def catalog_layer(
    network: Network, wanted: str | None
) -> tuple[list[tuple[str, str]], CountyLayer | None]:
    """The layers the network has and the one ``wanted`` (an unknown key: the first; empty:
    none), in two queries at most however many counties and indicators there are."""
    indicators = _indicators(network)
    choices = _choices(indicators)
    keys = [key for key, _label in choices]
    if not keys or wanted == "":
        return choices, None
    key = wanted if wanted in keys else keys[0]
    return choices, _layer([i for i in indicators if _key(i) == key], key)


def county_layer(network: Network, key: str) -> CountyLayer | None:
    """The latest value of each county for the layer ``key``, with its class and legend."""
    return _layer([i for i in _indicators(network) if _key(i) == key], key)


def _layer(indicators: list[Indicator], key: str) -> CountyLayer | None:
    if not indicators:
        return None
    first = indicators[0]
    layer = CountyLayer(
        key=key,
        label=in_language(first.name_en, first.name_es),
        percentile=key.startswith("svi:"),
        direction=first.direction,
    )
    latest = latest_indicator_values(i.pk for i in indicators)
    found: dict[str, IndicatorValue] = {}
    for indicator in indicators:
        value = latest.get(indicator.pk)
        if value is not None and indicator.fips not in found:
            found[indicator.fips] = value
    classes = bins([v.value for v in found.values()], percentile=layer.percentile)
    for fips, value in found.items():
        bin_ = class_of(value.value, classes)
        layer.values[fips] = CountyValue(
            value=value.value,
            period=value.period_label,
            shown=_shown(value.value, layer.percentile),
            fill=LAYER_FILL[bin_.index] if bin_ else NO_DATA_FILL,
        )
    layer.legend = [(LAYER_FILL[b.index], _range(b, layer.percentile)) for b in classes]
    return layer


def _shown(value: float, percentile: bool) -> str:
    if percentile:
        return number_format(value, 2)
    return number_format(value, 1 if value != int(value) else 0)


def _range(bin_: Bin, percentile: bool) -> str:
    return f"{_shown(bin_.low, percentile)} – {_shown(bin_.high, percentile)}"


@dataclass(frozen=True)
class AreaVulnerability:
    value: float
    shown: str
    period: str


def area_vulnerability(
    *, community: object, names: list[str], user: object
) -> dict[str, AreaVulnerability]:
    """Each of a community's areas (by name) that has an overall social vulnerability value of
    its own: an SVI overall indicator of the community whose geography names the area (for
    example a census tract's percentile typed in or imported), latest period; only from
    results the viewer may see."""
    wanted = {name.casefold(): name for name in names}
    if not wanted:
        return {}
    candidates = (
        Indicator.objects.filter(result__community=community)
        .filter(
            Q(source_key__startswith=SVI_OVERALL + ":")
            | Q(name_en__iexact="Social vulnerability, overall")
        )
        .exclude(geography="")
        .select_related("result__community", "result__plan", "result__county_goal")
        .order_by("pk")
    )
    named = [
        (name, indicator)
        for indicator in candidates
        if (name := wanted.get(indicator.geography.strip().casefold())) is not None
        and user.has_perm("measures.view_result", indicator.result)  # type: ignore[attr-defined]
    ]
    latest = latest_indicator_values(indicator.pk for _name, indicator in named)
    found: dict[str, AreaVulnerability] = {}
    for name, indicator in named:
        value = latest.get(indicator.pk)
        if value is None or name in found:
            continue
        found[name] = AreaVulnerability(value.value, _shown(value.value, True), value.period_label)
    return found
