"""The choices an item offers, in the request's language.

Likert items share one five-point agreement scale; the sector item offers the sectors and the
county item the counties of the owner's state. Every value is a string.
"""

from django.utils.translation import gettext_lazy

from groundwork.communities.counties import counties_in_state, county
from groundwork.communities.models import Sector
from groundwork.core.text import in_language

from .models import Instrument, Item, ItemKind, ItemRole

LIKERT_VALUES = ["1", "2", "3", "4", "5"]
LIKERT_LABELS = {
    "1": gettext_lazy("Strongly disagree"),
    "2": gettext_lazy("Disagree"),
    "3": gettext_lazy("Neither agree nor disagree"),
    "4": gettext_lazy("Agree"),
    "5": gettext_lazy("Strongly agree"),
}


def owner_state(instrument: Instrument) -> str:
    if instrument.network_id:
        return instrument.network.state  # type: ignore[union-attr]
    community = instrument.community
    if community is not None and community.network_id:
        return community.network.state  # type: ignore[union-attr]
    for fips in (community.county_fips if community else None) or []:
        found = county(fips)
        if found:
            return found.state
    return ""


def county_choices(instrument: Instrument) -> list[tuple[str, str]]:
    state = owner_state(instrument)
    if state:
        return [(c.fips, c.name) for c in counties_in_state(state)]
    community = instrument.community
    found = [county(f) for f in (community.county_fips if community else None) or []]
    return [(c.fips, c.label) for c in found if c]


def item_choices(item: Item) -> list[tuple[str, str]]:
    """(value, label) of each choice, labels in the current language."""
    if item.kind == ItemKind.LIKERT:
        return [(v, str(LIKERT_LABELS[v])) for v in LIKERT_VALUES]
    if item.role == ItemRole.SECTOR:
        return [(value, str(label)) for value, label in Sector.choices]
    if item.role == ItemRole.COUNTY:
        return county_choices(item.instrument)
    return [
        (str(c["value"]), in_language(c.get("en") or "", c.get("es") or "") or c["value"])
        for c in item.choices or []
    ]
