"""Participatory budgeting: which projects a budget vote funds, from approval ballots.

Every amount is an integer (cents); shares and payments are exact fractions, never floats.
A ballot is the set of projects a voter approves ("knapsack" ballots are approval ballots
whose total cost is within the budget; the count does not need that, the form checks it).

Two documented rules:

``greedy``
    Projects in order of votes (most first); each is funded if it still fits in what is left
    of the budget, else skipped and the next one tried. This is the rule most cities use.

``equal_shares``
    The Method of Equal Shares (Peters, Pierczyński and Skowron, "Proportional Participatory
    Budgeting with Additive Utilities", NeurIPS 2021), for approval ballots with cost
    utilities, as explained on equalshares.net ("Explanation", "Completion", "Tie breaking"):
    the budget is split equally between the voters; a project may only be paid by the voters
    who approved it, its cost split between them as equally as their money allows; the project
    with the highest *effective vote count* (its cost divided by the largest payment any
    supporter makes) is funded next, until no project can be paid.

    Completion (``completion="add_one"``, the recommended one): the run is repeated with each
    voter's share raised by ``step`` cents at a time (one currency unit by default), stopping
    when the outcome is exhaustive (no further project would fit in the budget) or when the
    next raise would take the outcome over the budget; the last outcome within the budget is
    kept. What budget is still left then goes, as equalshares.net's compute tool does, to the
    unfunded projects by the greedy rule (``completion="add_one"`` always does both steps;
    ``completion=None`` is the method without any completion).

``ranked_greedy``
    For ranked ballots (each voter puts some of the projects in order of preference): the
    Borda count, then the greedy rule on its points. With ``m`` projects in the vote, a
    voter's first choice gets ``m - 1`` points, the second ``m - 2``, and so on; projects a
    voter did not rank get nothing from that ballot (a project ranked twice counts at its
    best place). Projects are then taken in order of points (most first), each funded if it
    still fits in what is left of the budget; projects that got no points are never funded.

Ties are broken as equalshares.net recommends: the lower cost, then the higher initial vote
count, then the order the projects were given in (the caller's order: a drawn lot, or the
order they were proposed in), so the outcome is deterministic.

Pure Python, no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Generic, Literal, TypeVar

__all__ = [
    "DuplicatePlace",
    "Outcome",
    "borda_points",
    "equal_shares",
    "greedy",
    "ranked_greedy",
    "ranking_from_places",
    "vote_counts",
]

P = TypeVar("P", bound=Hashable)

Completion = Literal["add_one"] | None

# At most this many runs of the method while completing it: the outcome so far is kept.
MAX_COMPLETION_RUNS = 2000


@dataclass(frozen=True)
class Outcome(Generic[P]):
    """The funded projects in the order they were chosen, what they cost together, for
    equal shares the per-voter share the kept run started from (cents, exact), and for the
    greedy rules the score each project was ordered by (votes, or Borda points)."""

    funded: tuple[P, ...]
    spent: int
    rule: str
    share: Fraction | None = None
    completed_by_greedy: tuple[P, ...] = field(default=())
    scores: Mapping[P, int] = field(default_factory=dict)


def _check(costs: Mapping[P, int], budget: int) -> None:
    if budget < 0:
        raise ValueError("The budget cannot be negative.")
    for project, cost in costs.items():
        if isinstance(cost, bool) or not isinstance(cost, int) or cost <= 0:
            raise ValueError(f"The cost of {project!r} must be a positive integer of cents.")


def vote_counts(costs: Mapping[P, int], ballots: Iterable[Iterable[P]]) -> dict[P, int]:
    """How many ballots approve each project (projects not in ``costs`` are ignored)."""
    counts: dict[P, int] = dict.fromkeys(costs, 0)
    for ballot in ballots:
        for project in set(ballot):
            if project in counts:
                counts[project] += 1
    return counts


def _greedy_fill(
    costs: Mapping[P, int],
    counts: Mapping[P, int],
    budget: int,
    chosen: Sequence[P],
) -> tuple[list[P], int]:
    order = {project: index for index, project in enumerate(costs)}
    spent = sum(costs[p] for p in chosen)
    added: list[P] = []
    taken = set(chosen)
    candidates = sorted(
        (p for p in costs if p not in taken and counts[p] > 0),
        key=lambda p: (-counts[p], costs[p], order[p]),
    )
    for project in candidates:
        if spent + costs[project] <= budget:
            added.append(project)
            spent += costs[project]
    return added, spent


def greedy(costs: Mapping[P, int], ballots: Iterable[Iterable[P]], budget: int) -> Outcome[P]:
    """Greedy by votes within the budget. Projects nobody approved are never funded."""
    _check(costs, budget)
    counts = vote_counts(costs, ballots)
    funded, spent = _greedy_fill(costs, counts, budget, ())
    return Outcome(funded=tuple(funded), spent=spent, rule="greedy", scores=counts)


def borda_points(costs: Mapping[P, int], rankings: Iterable[Sequence[P]]) -> dict[P, int]:
    """The Borda points of each project from ranked ballots (first choice first); projects
    not in ``costs`` are ignored and do not take a place."""
    m = len(costs)
    points: dict[P, int] = dict.fromkeys(costs, 0)
    for ranking in rankings:
        seen: set[P] = set()
        place = 0
        for project in ranking:
            if project not in points or project in seen:
                continue
            seen.add(project)
            points[project] += m - 1 - place
            place += 1
    return points


class DuplicatePlace(ValueError):
    """Two projects were given the same place on a ranked ballot."""

    def __init__(self, place: int) -> None:
        super().__init__(f"Two projects have place {place}.")
        self.place = place


def ranking_from_places(places: Mapping[P, int | None]) -> tuple[P, ...]:
    """A ranked ballot from the place a voter gave each project (1 is the first choice; None
    or a missing project is not ranked): the ranked projects, first choice first. Gaps
    between places close up (places 1, 3 and 4 rank three projects first, second and third),
    as a paper ballot with a skipped number is counted; two projects at one place are refused
    with ``DuplicatePlace``, since the ballot does not say which the voter prefers."""
    seen: dict[int, P] = {}
    for project, place in places.items():
        if place is None:
            continue
        if isinstance(place, bool) or not isinstance(place, int) or place < 1:
            raise ValueError(f"The place of {project!r} must be a whole number from 1.")
        if place in seen:
            raise DuplicatePlace(place)
        seen[place] = project
    return tuple(seen[place] for place in sorted(seen))


def ranked_greedy(
    costs: Mapping[P, int], rankings: Iterable[Sequence[P]], budget: int
) -> Outcome[P]:
    """Greedy by Borda points within the budget."""
    _check(costs, budget)
    points = borda_points(costs, rankings)
    funded, spent = _greedy_fill(costs, points, budget, ())
    return Outcome(funded=tuple(funded), spent=spent, rule="ranked_greedy", scores=points)


def _run(
    costs: Mapping[P, int],
    groups: Sequence[tuple[frozenset[P], int]],
    counts: Mapping[P, int],
    share: Fraction,
) -> list[P]:
    """One run of the Method of Equal Shares without completion. Voters with the same ballot
    always hold the same money, so they are kept as one group with a weight."""
    order = {project: index for index, project in enumerate(costs)}
    money = [share] * len(groups)
    supporters: dict[P, list[int]] = {p: [] for p in costs}
    for index, (ballot, _weight) in enumerate(groups):
        for project in ballot:
            supporters[project].append(index)
    remaining = [p for p in costs if counts[p] > 0]
    # A project's key (rho/cost, then the tie-breaks) never goes down from one round to the
    # next, since the voters' money only goes down: the last key computed is a lower bound,
    # and a round stops looking once the bounds left cannot beat the best key found.
    bound: dict[P, tuple[Fraction, int, int, int]] = {
        p: (Fraction(0), costs[p], -counts[p], order[p]) for p in remaining
    }
    chosen: list[P] = []
    while True:
        best: P | None = None
        best_key: tuple[Fraction, int, int, int] | None = None
        best_rho = Fraction(0)
        unaffordable: list[P] = []
        for project in sorted(remaining, key=lambda p: bound[p]):
            if best_key is not None and bound[project] > best_key:
                break
            backers = supporters[project]
            cost = costs[project]
            available = sum((money[g] * groups[g][1] for g in backers), Fraction(0))
            if available < cost:
                unaffordable.append(project)  # money only goes down: for good
                continue
            # The smallest largest payment rho: supporters poorer than rho pay all they have.
            paid = Fraction(0)
            heads = sum(groups[g][1] for g in backers)
            rho: Fraction | None = None
            for g in sorted(backers, key=lambda g: money[g]):
                candidate = (cost - paid) / heads
                if money[g] >= candidate:
                    rho = candidate
                    break
                paid += money[g] * groups[g][1]
                heads -= groups[g][1]
            if rho is None or rho <= 0:
                unaffordable.append(project)
                continue
            # Highest effective vote count cost/rho, i.e. lowest rho/cost; then lower cost,
            # more initial votes, the given order.
            key = (rho / cost, cost, -counts[project], order[project])
            bound[project] = key
            if best_key is None or key < best_key:
                best, best_key, best_rho = project, key, rho
        for project in unaffordable:
            remaining.remove(project)
        if best is None:
            return chosen
        chosen.append(best)
        remaining.remove(best)
        for g in supporters[best]:
            money[g] -= min(money[g], best_rho)


def _groups(
    costs: Mapping[P, int], ballots: Iterable[Iterable[P]]
) -> list[tuple[frozenset[P], int]]:
    counter: Counter[frozenset[P]] = Counter(
        frozenset(p for p in ballot if p in costs) for ballot in ballots
    )
    order = {project: index for index, project in enumerate(costs)}
    return sorted(counter.items(), key=lambda item: sorted(order[p] for p in item[0]))


def equal_shares(
    costs: Mapping[P, int],
    ballots: Iterable[Iterable[P]],
    budget: int,
    *,
    completion: Completion = "add_one",
    step: int = 100,
) -> Outcome[P]:
    """The Method of Equal Shares for approval ballots (cost utilities). ``costs`` gives each
    project's cost in cents, in the tie-breaking order; ``step`` is the raise of each voter's
    share per completion run, in cents."""
    _check(costs, budget)
    if step <= 0:
        raise ValueError("The completion step must be positive.")
    ballots = [tuple(b) for b in ballots]
    voters = len(ballots)
    counts = vote_counts(costs, ballots)
    if voters == 0 or budget == 0:
        return Outcome(funded=(), spent=0, rule="equal_shares", share=None)
    groups = _groups(costs, ballots)
    share = Fraction(budget, voters)
    chosen = _run(costs, groups, counts, share)
    if completion is None:
        spent = sum(costs[p] for p in chosen)
        return Outcome(funded=tuple(chosen), spent=spent, rule="equal_shares", share=share)

    def exhaustive(outcome: Sequence[P]) -> bool:
        spent = sum(costs[p] for p in outcome)
        return all(spent + costs[p] > budget for p in costs if p not in outcome)

    kept, kept_share = chosen, share
    # Whole steps from the equal split rounded down (equalshares.net: 100, 101, 102, ...).
    raised = (budget // voters // step) * step
    runs = 0
    while not exhaustive(kept) and runs < MAX_COMPLETION_RUNS and raised < budget:
        raised += step
        runs += 1
        if raised <= share:
            continue
        attempt = _run(costs, groups, counts, Fraction(raised))
        if sum(costs[p] for p in attempt) > budget:
            break
        kept, kept_share = attempt, Fraction(raised)
    added, spent = _greedy_fill(costs, counts, budget, kept)
    return Outcome(
        funded=tuple(kept) + tuple(added),
        spent=spent,
        rule="equal_shares",
        share=kept_share,
        completed_by_greedy=tuple(added),
    )
