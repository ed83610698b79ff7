"""U.S. counties and county equivalents with their FIPS codes, shipped in data/us_counties.csv.

The list comes from the Census Bureau's cartographic boundary files (public domain); it is
regenerated with `scripts/make_county_list.py`. Nothing here touches the database.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "us_counties.csv"


@dataclass(frozen=True)
class County:
    fips: str  # five digits: two for the state, three for the county
    state: str  # USPS abbreviation, e.g. "NC"
    state_name: str
    name: str  # as the Census Bureau writes it, without "County"

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}"


@cache
def _all() -> dict[str, County]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return {
            row["fips"]: County(row["fips"], row["state"], row["state_name"], row["county"])
            for row in csv.DictReader(handle)
        }


def all_counties() -> list[County]:
    return list(_all().values())


def county(fips: str) -> County | None:
    """The county with this five-digit FIPS code, or None."""
    return _all().get(fips)


@cache
def _by_state() -> dict[str, tuple[County, ...]]:
    states: dict[str, list[County]] = {}
    for c in _all().values():
        states.setdefault(c.state, []).append(c)
    return {code: tuple(sorted(cs, key=lambda c: c.name)) for code, cs in states.items()}


@cache
def _states() -> tuple[tuple[str, str], ...]:
    names = {c.state: c.state_name for c in _all().values()}
    return tuple(sorted(names.items(), key=lambda item: item[1]))


def states() -> list[tuple[str, str]]:
    """(USPS abbreviation, name) of every state and territory in the list, by name."""
    return list(_states())


def counties_in_state(state: str) -> list[County]:
    """Every county of a state (USPS abbreviation, any case), in name order."""
    return list(_by_state().get(state.upper(), ()))


def is_valid_fips(fips: str) -> bool:
    return fips in _all()
