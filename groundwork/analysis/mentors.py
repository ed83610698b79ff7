"""Mentor matching: which coalitions could mentor one that asks for help (no Django).

The rule, stated once and explained on the page for every suggestion:

1. A mentor is at a **more advanced maturity stage** than the coalition asking.
2. It pursues **the same strategies and works on the same focus areas**: at least one of the
   strategies asked about and at least one of the focus areas asked about (an empty set asks
   nothing of that kind).
3. Suggestions come **nearest first** (miles between the centres of the counties they serve);
   coalitions whose place is unknown come after those whose place is known. Ties go to the
   one that shares more strategies and focus areas, then to the one fewer stages ahead (a
   closer peer), then to the lower id (so the order never depends on the input's order).

Each suggestion carries the facts the rule used (stages, what is shared, miles), so a page
can say why it was suggested and a test can check the order against the rule."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EARTH_RADIUS_MILES = 3958.8


@dataclass(frozen=True)
class Coalition:
    id: int
    stage: int  # 0 (beginning to raise awareness) … 3 (institutionalized)
    strategies: frozenset[str] = field(default_factory=frozenset)
    focus_areas: frozenset[str] = field(default_factory=frozenset)
    place: tuple[float, float] | None = None  # (latitude, longitude)


@dataclass(frozen=True)
class Suggestion:
    coalition_id: int
    stage: int
    stages_ahead: int
    shared_strategies: tuple[str, ...]
    shared_focus_areas: tuple[str, ...]
    miles: float | None

    @property
    def shared(self) -> int:
        return len(self.shared_strategies) + len(self.shared_focus_areas)

    def order_key(self) -> tuple[int, float, int, int, int]:
        """The rule's order: known places first, nearest, most shared, fewest stages ahead."""
        known = 0 if self.miles is not None else 1
        return (known, self.miles or 0.0, -self.shared, self.stages_ahead, self.coalition_id)


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def suggest_mentors(
    seeker: Coalition,
    candidates: Iterable[Coalition],
    *,
    strategies: Iterable[str] | None = None,
    focus_areas: Iterable[str] | None = None,
    limit: int | None = 5,
) -> list[Suggestion]:
    """Coalitions that fit the rule, in the rule's order. ``strategies`` and ``focus_areas``
    are what the request is about (the seeker's own when not given)."""
    wanted_strategies = frozenset(seeker.strategies if strategies is None else strategies)
    wanted_focus = frozenset(seeker.focus_areas if focus_areas is None else focus_areas)
    found: list[Suggestion] = []
    for other in candidates:
        if other.id == seeker.id or other.stage <= seeker.stage:
            continue
        shared_strategies = tuple(sorted(wanted_strategies & other.strategies))
        shared_focus = tuple(sorted(wanted_focus & other.focus_areas))
        if wanted_strategies and not shared_strategies:
            continue
        if wanted_focus and not shared_focus:
            continue
        miles = (
            round(miles_between(seeker.place, other.place), 1)
            if seeker.place is not None and other.place is not None
            else None
        )
        found.append(
            Suggestion(
                coalition_id=other.id,
                stage=other.stage,
                stages_ahead=other.stage - seeker.stage,
                shared_strategies=shared_strategies,
                shared_focus_areas=shared_focus,
                miles=miles,
            )
        )
    found.sort(key=Suggestion.order_key)
    return found if limit is None else found[:limit]


def centre(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The mean of some (latitude, longitude) points (counties of one state are close enough
    for a mean to stand for their middle), or None without points."""
    if not points:
        return None
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )
