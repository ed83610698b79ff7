"""Reach and equity: who has been heard, against who lives there.

For one way of dividing people into groups (areas, age bands, languages) this compares each
group's share of the participants with its share of the population, and calls out the
groups that are *under-heard*, so that outreach goes to them first.

Representation = (share of participants) ÷ (share of population). 1.0 means a group was heard
in proportion to how many people it has; 0.5 means half as much.

A group is **under-heard** when people live there (population above 0) and either

* nobody from it took part, or
* its representation is below ``UNDER_HEARD_BELOW`` (0.8: heard at less than four fifths of its
  weight). The line is borrowed from the "four-fifths rule" of US equal-employment guidance
  (a rate below four fifths of the comparison rate is taken as evidence of adverse impact):
  simple, widely known, and far enough below 1.0 that ordinary chance in a few hundred
  answers does not flag a group.

Counts come in *as published*: a count hidden by small-count suppression is None, optionally
with a public upper bound (``participants_at_most``, what anybody can work out from the
published figures). Everything here is computed from published figures only, so nothing it
shows (shares, ratios, flags, order) can reveal a hidden count. A hidden group is flagged
when even its largest possible count would leave it under-heard.

Groups come back ordered most under-heard first: under-heard groups (lowest representation
first; for a hidden count, its largest possible representation), then the others by
representation, then groups whose representation is unknown, then groups without a
population figure. Ties keep the order given.

Pure Python, no Django.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

UNDER_HEARD_BELOW = 0.8


@dataclass(frozen=True)
class GroupCount:
    """One group as published: participants (None if hidden) and population (None if no
    figure was entered)."""

    key: str
    participants: int | None
    population: int | None = None
    participants_at_most: int | None = None


@dataclass(frozen=True)
class GroupReach:
    key: str
    participants: int | None
    population: int | None
    participant_share: float | None  # of the participants who said which group
    population_share: float | None  # of the population with a figure
    representation: float | None  # participant share ÷ population share
    representation_at_most: float | None  # for a hidden count: the most it can be
    under_heard: bool


@dataclass(frozen=True)
class HiddenTogether:
    """The groups whose counts are hidden, taken together (their sum is public)."""

    keys: tuple[str, ...]
    participants: int
    population: int
    participant_share: float | None
    population_share: float | None
    representation: float | None
    under_heard: bool


@dataclass(frozen=True)
class ReachComparison:
    groups: tuple[GroupReach, ...]  # most under-heard first
    participants: int | None  # the participants compared: those who said which group
    population: int  # the population of the groups with a figure

    hidden_together: HiddenTogether | None = None

    @property
    def under_heard(self) -> tuple[GroupReach, ...]:
        return tuple(g for g in self.groups if g.under_heard)


def _share(part: int | None, whole: int | None) -> float | None:
    if part is None or whole is None or whole <= 0:
        return None
    return part / whole


def _ratio(share: float | None, population_share: float | None) -> float | None:
    if share is None or population_share is None or population_share <= 0:
        return None
    return share / population_share


def _check(value: int | None, name: str) -> None:
    if value is not None and (isinstance(value, bool) or value < 0):
        raise ValueError(f"{name} must be a whole number of 0 or more, or None")


def compare(
    groups: Sequence[GroupCount],
    *,
    participants: int | None,
    hidden_participants: int | None = None,
    under_heard_below: float = UNDER_HEARD_BELOW,
) -> ReachComparison:
    """Compare groups with their population.

    ``participants`` is the published number of participants who said which group they
    belong to (the denominator of the participant shares); None when it is not published.
    ``hidden_participants`` is the published sum of the hidden counts among ``groups``, when
    it is known exactly: then the hidden groups are also compared together.
    """
    if not math.isfinite(under_heard_below) or under_heard_below <= 0:
        raise ValueError("under_heard_below must be a positive number")
    _check(participants, "participants")
    _check(hidden_participants, "hidden_participants")
    keys = [g.key for g in groups]
    if len(set(keys)) != len(keys):
        raise ValueError("group keys must be distinct")
    for group in groups:
        _check(group.participants, "participants")
        _check(group.population, "population")
        _check(group.participants_at_most, "participants_at_most")
    population = sum(g.population or 0 for g in groups)

    compared = []
    for group in groups:
        share = _share(group.participants, participants)
        population_share = _share(group.population, population)
        representation = _ratio(share, population_share)
        at_most = None
        if group.participants is None and group.participants_at_most is not None:
            at_most = _ratio(_share(group.participants_at_most, participants), population_share)
        lives_there = bool(group.population)
        effective = representation if representation is not None else at_most
        under_heard = lives_there and (
            group.participants == 0 or (effective is not None and effective < under_heard_below)
        )
        compared.append(
            GroupReach(
                key=group.key,
                participants=group.participants,
                population=group.population,
                participant_share=share,
                population_share=population_share,
                representation=representation,
                representation_at_most=at_most,
                under_heard=under_heard,
            )
        )

    def order(g: GroupReach) -> tuple[int, float, int]:
        population = -(g.population or 0)  # among equals, the larger group first
        if g.under_heard:
            effective = g.representation
            if effective is None:
                effective = g.representation_at_most
            return (0, effective if effective is not None else 0.0, population)
        if not g.population:
            return (3, 0.0, 0)
        if g.representation is not None:
            return (1, g.representation, population)
        if g.representation_at_most is not None:
            return (2, g.representation_at_most, population)
        return (2, math.inf, population)

    together = None
    hidden = [g for g in groups if g.participants is None]
    if hidden_participants is not None and hidden and all(g.population for g in hidden):
        hidden_population = sum(g.population or 0 for g in hidden)
        share = _share(hidden_participants, participants)
        population_share = _share(hidden_population, population)
        representation = _ratio(share, population_share)
        together = HiddenTogether(
            keys=tuple(g.key for g in hidden),
            participants=hidden_participants,
            population=hidden_population,
            participant_share=share,
            population_share=population_share,
            representation=representation,
            under_heard=hidden_participants == 0
            or (representation is not None and representation < under_heard_below),
        )
    return ReachComparison(
        groups=tuple(sorted(compared, key=order)),
        participants=participants,
        population=population,
        hidden_together=together,
    )
