"""Gaps in what a community's directory offers: the needs (the network's focus areas, the
directory's taxonomy terms) that no service in the community's county offers.

A need is met when any of its names matches, without case, accents or punctuation, a name
of what a service offers (the code or the name of a taxonomy term attached to it): the focus
area "food_security" is met by a term coded "food_security" or named "Food security" or
"Seguridad alimentaria". Needs are returned in the order given, each once.

Which strengths residents named that the asset map lacks is `analysis.coverage` with assets
in the place of activities (see `directory.asset_selectors.gaps`).

Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from .coverage import answer_key

__all__ = ["Need", "name_key", "unmet"]


@dataclass(frozen=True)
class Need:
    """Something the community may need a service for: its kind ("focus_area" or "term"),
    its key, the label to show and every name it may be offered under."""

    kind: str
    key: str
    label: str
    names: tuple[str, ...] = ()


def name_key(name: str) -> str:
    """A name compared without case, accents, punctuation or underscores."""
    return answer_key(name.replace("_", " ").replace("-", " "))


def unmet(needs: Iterable[Need], offered: Collection[str]) -> list[Need]:
    """The needs none of whose names (nor key) is among the names offered."""
    available = {name_key(name) for name in offered if name.strip()}
    found: list[Need] = []
    seen: set[tuple[str, str]] = set()
    for need in needs:
        if (need.kind, need.key) in seen:
            continue
        seen.add((need.kind, need.key))
        names = {name_key(n) for n in (need.key, need.label, *need.names) if n.strip()}
        if not names & available:
            found.append(need)
    return found
