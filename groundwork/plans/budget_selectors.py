"""Reads of a plan's money, shaped for the builder, the money page, the PDF and the API; and
a budget vote's results. All amounts are integers of cents.

The gap of an activity is what its cost lines add up to, less the value of the in-kind help
and what is already funded (never below zero); the gap of a goal or plan is the sum of its
activities' gaps."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from groundwork.analysis.suppression import Line, suppress
from groundwork.planning.models import Area, Channel

from . import budget_services
from .models import (
    Activity,
    Ballot,
    BudgetVote,
    CostCategory,
    CostLine,
    InKind,
    Plan,
    VoteRule,
)


@dataclass
class Money:
    cost: int = 0
    in_kind: int = 0
    funded: int = 0
    spent: int = 0
    # A total's gap is the sum of its activities' gaps: money beyond one activity's cost does
    # not fill another's gap.
    summed_gap: int | None = None

    @property
    def gap(self) -> int:
        if self.summed_gap is not None:
            return self.summed_gap
        return max(0, self.cost - self.in_kind - self.funded)

    def add(self, other: "Money") -> None:
        self.summed_gap = (self.summed_gap or 0) + other.gap
        self.cost += other.cost
        self.in_kind += other.in_kind
        self.funded += other.funded
        self.spent += other.spent

    def as_dict(self) -> dict[str, int]:
        return {
            "cost_cents": self.cost,
            "in_kind_cents": self.in_kind,
            "funded_cents": self.funded,
            "spent_cents": self.spent,
            "gap_cents": self.gap,
        }


@dataclass
class ActivityMoney:
    activity: Activity
    money: Money
    lines: list[Any] = field(default_factory=list)
    in_kind: list[Any] = field(default_factory=list)


@dataclass
class GoalMoney:
    goal: Any
    money: Money
    activities: list[ActivityMoney]


@dataclass
class PlanMoney:
    goals: list[GoalMoney]
    total: Money
    by_category: list[tuple[str, str, int]]

    @property
    def activities(self) -> list[ActivityMoney]:
        return [a for g in self.goals for a in g.activities]


def plan_money(plan: Plan) -> PlanMoney:
    """Every activity's money, by goal, with totals; three queries."""
    activities = list(
        Activity.objects.filter(plan=plan)
        .select_related("goal", "funded_by_vote")
        .prefetch_related("cost_lines", "in_kind__asset", "in_kind__organization")
    )
    goals: dict[int, GoalMoney] = {}
    total = Money()
    categories: dict[str, int] = defaultdict(int)
    for activity in activities:
        lines = list(activity.cost_lines.all())
        help_ = list(activity.in_kind.all())
        money = Money(
            cost=sum(line.amount_cents for line in lines),
            in_kind=sum(item.value_cents for item in help_),
            funded=activity.funded_cents,
            spent=activity.spent_cents,
        )
        for line in lines:
            categories[line.category] += line.amount_cents
        row = ActivityMoney(activity, money, lines, help_)
        entry = goals.setdefault(activity.goal_id, GoalMoney(activity.goal, Money(), []))
        entry.activities.append(row)
        entry.money.add(money)
        total.add(money)
    by_category = [
        (value, str(label), categories[value])
        for value, label in CostCategory.choices
        if categories.get(value)
    ]
    ordered = sorted(goals.values(), key=lambda g: (g.goal.order, g.goal.pk))
    return PlanMoney(goals=ordered, total=total, by_category=by_category)


def _sum_of(model: Any, field: str) -> Any:
    total = (
        model.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def with_money(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Activities with ``cost_total`` and ``in_kind_total`` (cents) in the same query."""
    return activities.annotate(
        cost_total=_sum_of(CostLine, "amount_cents"),
        in_kind_total=_sum_of(InKind, "value_cents"),
    )


def money_maps(activities: list[Activity]) -> dict[str, Any]:
    """For the builder, from activities loaded ``with_money``: money per activity and goal
    (by id) and for the plan, without another query."""
    by_activity: dict[int, Money] = {}
    by_goal: dict[int, Money] = {}
    total = Money()
    for activity in activities:
        # Sums that with_money adds: an activity loaded without them is a mistake of the
        # caller, which must fail rather than show a plan with no costs.
        money = Money(
            cost=activity.cost_total or 0,  # type: ignore[attr-defined]
            in_kind=activity.in_kind_total or 0,  # type: ignore[attr-defined]
            funded=activity.funded_cents,
            spent=activity.spent_cents,
        )
        by_activity[activity.pk] = money
        by_goal.setdefault(activity.goal_id, Money()).add(money)
        total.add(money)
    return {"total": total, "goals": by_goal, "activities": by_activity}


def plan_money_json(plan: Plan) -> dict[str, Any]:
    """The plan's money for the API: totals, per goal and per activity, in cents."""
    money = plan_money(plan)
    return {
        "currency": "USD",
        "total": money.total.as_dict(),
        "goals": [
            {
                "id": g.goal.pk,
                "title": g.goal.title,
                **g.money.as_dict(),
                "activities": [
                    {
                        "id": a.activity.pk,
                        "title": a.activity.title,
                        **a.money.as_dict(),
                        "funded_by_vote": a.activity.funded_by_vote_id,
                    }
                    for a in g.activities
                ],
            }
            for g in money.goals
        ],
    }


def votes(plan: Plan) -> list[BudgetVote]:
    return list(plan.budget_votes.annotate(ballot_count=Count("ballots")))


@dataclass
class OptionResult:
    option: Any
    votes: int  # ballots that chose it (on a ranked vote: that ranked it)
    greedy: bool  # funded by most votes first (on a ranked vote: most Borda points first)
    equal_shares: bool
    points: int | None = None  # Borda points, on a ranked vote


@dataclass
class VoteResults:
    vote: BudgetVote
    options: list[OptionResult]
    ballots: int
    greedy_spent: int
    equal_shares_spent: int
    turnout: list[tuple[str, Any]]  # channel label, suppressed cell
    turnout_total: Any
    turnout_areas: list[tuple[str, Any]] = field(default_factory=list)  # area, suppressed cell

    @property
    def top_points(self) -> int:
        """What a first choice is worth on a ranked ballot: one less than the options."""
        return max(0, len(self.options) - 1)


def results(vote: BudgetVote) -> VoteResults:
    """Votes per option, the winners by both rules, and turnout by channel and by area (the
    area a voter said they live in; every area of the process, zeros included, and those who
    did not say) with small counts suppressed by the rule of every published count: the two
    lists share their total, so they are suppressed together."""
    outcome = budget_services.outcomes(vote)
    counts = dict(
        vote.options.annotate(n=Count("ballots")).values_list("pk", "n")  # type: ignore[arg-type]
    )
    first_rule = VoteRule.RANKED_GREEDY if vote.ranked else VoteRule.GREEDY
    greedy = set(outcome[first_rule].funded)
    shares = set(outcome[VoteRule.EQUAL_SHARES].funded)
    listed = list(vote.options.select_related("activity").order_by("id"))
    options = [OptionResult(o, counts.get(o.pk, 0), o.pk in greedy, o.pk in shares) for o in listed]
    if vote.ranked:
        points = outcome[first_rule].scores  # counted with the outcome, cached with it
        for row in options:
            row.points = points.get(row.option.pk, 0)
        options.sort(key=lambda r: (-(r.points or 0), r.option.cost_cents, r.option.pk))
    else:
        options.sort(key=lambda r: (-r.votes, r.option.cost_cents, r.option.pk))
    by_channel = dict(
        Ballot.objects.filter(vote=vote).values_list("channel").annotate(n=Count("id"))
    )
    labels = dict(Channel.choices)
    channels = [c for c in Channel.values if by_channel.get(c)]
    by_area = dict(
        Ballot.objects.filter(vote=vote)
        .values_list("participant__area")
        .annotate(n=Count("id"))
        .order_by()
    )
    areas: list[tuple[Any, str]] = [
        (a.pk, a.name) for a in Area.objects.filter(process_id=vote.plan.process_id)
    ]
    known = {pk for pk, _name in areas}
    for pk in [pk for pk in by_area if pk is not None and pk not in known]:
        by_area[None] = by_area.get(None, 0) + by_area.pop(pk)
    if by_area.get(None) or not areas:
        areas.append((None, str(_("Area not given"))))
    total = sum(by_channel.values())
    values: dict[tuple[str, Any], int] = {("total", 0): total}
    values.update({("channel", c): by_channel[c] for c in channels})
    values.update({("area", pk): by_area.get(pk, 0) for pk, _name in areas})
    cells = suppress(
        values,
        [
            Line(("total", 0), tuple(("channel", c) for c in channels)),
            Line(("total", 0), tuple(("area", pk) for pk, _name in areas)),
        ],
    )
    return VoteResults(
        vote=vote,
        options=options,
        ballots=sum(by_channel.values()),
        greedy_spent=outcome[first_rule].spent,
        equal_shares_spent=outcome[VoteRule.EQUAL_SHARES].spent,
        turnout=[(str(labels[c]), cells[("channel", c)]) for c in channels],
        turnout_total=cells[("total", 0)],
        turnout_areas=[(name, cells[("area", pk)]) for pk, name in areas],
    )
