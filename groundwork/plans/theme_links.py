"""Plan goals and activity links that point at a theme follow it when people reshape themes.

A merge moves the links to the theme merged into, a split to the largest part, and a run that
starts over moves each link to the new theme sharing the most answers with the old one. Nothing
the plan's authors linked disappears without a trace: a link with no successor is recorded in
the audit log. Called by the themes app inside its own transaction.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from groundwork.core.services import audit_record
from groundwork.themes.models import Theme, ThemeMembership

from .models import ActivityLink, Goal

_LINK_FIELDS = ("community_id", "activity_id", "kind")


def _relink(rows: list[dict[str, Any]], theme_id: int) -> None:
    """Activity links like ``rows`` to ``theme_id``; those it already has stay single (the
    unique constraint)."""
    ActivityLink.objects.bulk_create(
        [ActivityLink(theme_id=theme_id, **{f: row[f] for f in _LINK_FIELDS}) for row in rows],
        ignore_conflicts=True,
    )


def carry_over(*, source: Theme, target: Theme) -> int:
    """Point every goal and activity link of ``source`` at ``target``; returns how many moved."""
    moved = Goal.objects.filter(theme=source).update(theme=target)
    links = ActivityLink.objects.filter(theme=source)
    rows = list(links.values(*_LINK_FIELDS))
    _relink(rows, target.pk)
    links.delete()
    return moved + len(rows)


@dataclass
class Captured:
    """What pointed at a question's themes before a run replaced them."""

    members: dict[int, set[int]] = field(default_factory=dict)  # old theme → contributions
    labels: dict[int, str] = field(default_factory=dict)
    goals: dict[int, list[int]] = field(default_factory=dict)  # old theme → goal ids
    links: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def capture(question: Any) -> Captured:
    """Before a run deletes a question's themes: remember what the plan links to and which
    answers those themes held."""
    captured = Captured()
    linked = Theme.objects.filter(question=question, parent=None).filter(
        Q(plan_goals__isnull=False) | Q(plan_links__isnull=False)
    )
    themes = {t.pk: t.label for t in linked.distinct()}
    if not themes:
        return captured
    captured.labels = themes
    for theme_id, contribution_id in ThemeMembership.objects.filter(
        theme_id__in=themes
    ).values_list("theme_id", "contribution_id"):
        captured.members.setdefault(theme_id, set()).add(contribution_id)
    for goal_id, theme_id in Goal.objects.filter(theme_id__in=themes).values_list("id", "theme_id"):
        captured.goals.setdefault(theme_id, []).append(goal_id)
    for row in ActivityLink.objects.filter(theme_id__in=themes).values("theme_id", *_LINK_FIELDS):
        captured.links.setdefault(row["theme_id"], []).append(row)
    return captured


def restore(captured: Captured, question: Any) -> None:
    """After the run stored its new themes: link each goal and activity to the new theme that
    shares the most answers with the old one."""
    if not captured.labels:
        return
    new_members: dict[int, set[int]] = {}
    for theme_id, contribution_id in ThemeMembership.objects.filter(
        theme__question=question
    ).values_list("theme_id", "contribution_id"):
        new_members.setdefault(theme_id, set()).add(contribution_id)
    for old_id, label in captured.labels.items():
        old = captured.members.get(old_id, set())
        best = max(
            new_members.items(), key=lambda item: (len(item[1] & old), -item[0]), default=None
        )
        successor = best[0] if best is not None and best[1] & old else None
        goal_ids = captured.goals.get(old_id, [])
        links = captured.links.get(old_id, [])
        if successor is not None:
            Goal.objects.filter(pk__in=goal_ids).update(theme_id=successor)
            _relink(links, successor)
        elif goal_ids or links:
            audit_record(
                community=question.process.community,
                actor=None,
                action="plan.theme_link_lost",
                target=question,
                details={
                    "theme": label,
                    "goals": goal_ids,
                    "activities": sorted({row["activity_id"] for row in links}),
                },
            )
