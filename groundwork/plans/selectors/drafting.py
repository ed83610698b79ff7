"""The draft's activities as the builder lists them: their links grouped, their
endorsements counted, their warnings, under their goals."""

from dataclasses import dataclass, field
from typing import Any

from ..models import (
    Activity,
    LinkKind,
    Plan,
)
from ..snapshot import endorsement_counts, group_links, link_rows, localized

ITEMS_SHOWN = 5  # on the builder, the largest groups of each kind under an activity


@dataclass
class ActivityRow:
    activity: Activity
    links: dict[str, list[dict[str, Any]]]
    support: int = 0
    concern: int = 0
    warnings: list[str] = field(default_factory=list)

    def shown(self, kind: str) -> list[dict[str, Any]]:
        return self.links.get(kind, [])[:ITEMS_SHOWN]

    @property
    def strengths(self) -> list[dict[str, Any]]:
        return self.shown(LinkKind.STRENGTH)

    @property
    def barriers(self) -> list[dict[str, Any]]:
        return self.shown(LinkKind.BARRIER)

    @property
    def allies(self) -> list[dict[str, Any]]:
        return self.shown(LinkKind.ALLY)

    @property
    def evidence(self) -> list[dict[str, Any]]:
        return self.shown(LinkKind.EVIDENCE)

    def _count(self, kind: str) -> int:
        return sum(i["count"] for i in self.links.get(kind, []))

    @property
    def counts(self) -> dict[str, int]:
        return {kind: self._count(kind) for kind in LinkKind.values}

    @property
    def more(self) -> dict[str, int]:
        return {
            kind: max(0, len(self.links.get(kind, [])) - ITEMS_SHOWN) for kind in LinkKind.values
        }


def activity_warnings(activity: Activity, links: dict[str, list[dict[str, Any]]]) -> list[str]:
    from django.utils.translation import gettext as _

    warnings = []
    if not links.get(LinkKind.STRENGTH):
        warnings.append(_("It builds on no strength yet."))
    if not links.get(LinkKind.BARRIER):
        warnings.append(_("It addresses no barrier yet."))
    if not activity.lead:
        warnings.append(_("It has no lead."))
    return warnings


def plan_activities(plan: Plan) -> list[ActivityRow]:
    """The draft's activities with their links grouped and their endorsements counted: four
    queries whatever the size of the plan."""
    from ..budget_selectors import with_money  # cost and in-kind totals, same query

    activities = list(
        with_money(plan.activities.select_related("lead_organization", "goal")).order_by(
            "goal__order", "goal_id", "order", "id"
        )
    )
    grouped = group_links(link_rows(plan))
    votes = endorsement_counts(plan)
    rows = []
    for activity in activities:
        links = {kind: localized(items) for kind, items in grouped.get(activity.pk, {}).items()}
        counts = votes.get(activity.pk, {})
        rows.append(
            ActivityRow(
                activity=activity,
                links=links,
                support=counts.get("support", 0),
                concern=counts.get("concern", 0),
                warnings=activity_warnings(activity, links),
            )
        )
    return rows


def goals_with_activities(plan: Plan, rows: list[ActivityRow]) -> list[dict[str, Any]]:
    goals = list(plan.goals.select_related("statement", "theme").order_by("order", "id"))
    by_goal: dict[int, list[ActivityRow]] = {g.pk: [] for g in goals}
    for row in rows:
        by_goal.setdefault(row.activity.goal_id, []).append(row)
    return [{"goal": g, "activities": by_goal[g.pk]} for g in goals]
