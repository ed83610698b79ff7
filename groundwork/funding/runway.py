"""The runway: when each funding stream ends and which activities lose their funding then.
An activity loses its funding on the last day of the last grant that funds it; until then
another grant still covers it. Pure Python."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = ["Stream", "Ending", "runway"]


@dataclass(frozen=True)
class Stream:
    key: Hashable
    ends_on: date
    amount_cents: int
    activities: tuple[Hashable, ...] = ()


@dataclass(frozen=True)
class Ending:
    """A grant ending, and the activities left without any grant from then."""

    stream: Stream
    losing: tuple[Hashable, ...]
    still_covered: tuple[Hashable, ...]


def runway(streams: Iterable[Stream], *, today: date | None = None) -> list[Ending]:
    """Grants in the order they end (ended ones left out when ``today`` is given)."""
    listed: Sequence[Stream] = sorted(streams, key=lambda s: (s.ends_on, str(s.key)))
    last_end: dict[Hashable, date] = {}
    for stream in listed:
        for activity in stream.activities:
            if activity not in last_end or stream.ends_on > last_end[activity]:
                last_end[activity] = stream.ends_on
    endings = []
    for stream in listed:
        if today is not None and stream.ends_on < today:
            continue
        losing = tuple(a for a in stream.activities if last_end[a] == stream.ends_on)
        covered = tuple(a for a in stream.activities if last_end[a] > stream.ends_on)
        endings.append(Ending(stream, losing, covered))
    return endings
