"""Drafting a plan: its goals and activities, their order."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.communities.models import Organization
from groundwork.core.errors import ApplicationError
from groundwork.core.ordering import move_one_place, next_position
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.deliberation.models import Statement, StatementModeration
from groundwork.deliberation.selectors import latest_consensus
from groundwork.planning.models import Process
from groundwork.themes.models import Theme

from ..models import (
    Activity,
    ActivityStatus,
    Goal,
    Plan,
)
from .common import _require


@transaction.atomic
def plan_create(*, actor: Any, process: Process, title: str = "", summary: str = "") -> Plan:
    if not actor.has_perm("planning.change_process", process):
        raise ApplicationError(_("Only the community's coordinators and facilitators can do that."))
    if Plan.objects.filter(process=process).exists():
        raise ApplicationError(_("This process already has a plan."))
    plan = Plan(
        community=process.community,
        process=process,
        title=(title or str(_("Community Resilience Plan"))).strip(),
        summary=clean_text(summary),
    )
    plan.full_clean()
    plan.save()
    audit_record(community=process.community, actor=actor, action="plan.created", target=plan)
    return plan


@transaction.atomic
def plan_update(*, actor: Any, plan: Plan, title: str, summary: str = "") -> Plan:
    _require(actor, "plans.change_plan", plan)
    plan.title = title.strip()
    plan.summary = clean_text(summary)
    plan.full_clean()
    plan.save()
    audit_record(community=plan.community, actor=actor, action="plan.updated", target=plan)
    return plan


@transaction.atomic
def goal_save(
    *,
    actor: Any,
    plan: Plan,
    title: str,
    description: str = "",
    order: int | None = None,
    goal: Goal | None = None,
    statement: Statement | None = None,
    theme: Theme | None = None,
) -> Goal:
    """Create a goal (optionally from a consensus statement or a theme, keeping the link) or
    change one."""
    _require(actor, "plans.change_plan", plan)
    created = goal is None
    if goal is None:
        goal = Goal(community=plan.community, plan=plan)
        if order is None:
            order = next_position(plan.goals, field="order")
    elif goal.plan_id != plan.pk:
        raise ApplicationError(_("That goal belongs to another plan."))
    if statement is not None:
        if (
            statement.conversation.process_id != plan.process_id
            or statement.moderation != StatementModeration.ACCEPTED
        ):
            raise ApplicationError(_("That statement is not part of this process."))
        goal.statement = statement
        goal.consensus_percent = latest_consensus(plan.process).get(statement.pk)
    if theme is not None:
        if theme.process_id != plan.process_id or theme.parent_id is not None:
            raise ApplicationError(_("That theme is not part of this process."))
        goal.theme = theme
    goal.title = title.strip()
    goal.description = clean_text(description)
    if order is not None:
        goal.order = order
    goal.full_clean()
    goal.save()
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.goal_created" if created else "plan.goal_changed",
        target=goal,
        details={
            **({"statement": statement.pk} if statement else {}),
            **({"theme": theme.pk, "theme_label": theme.label} if theme else {}),
        },
    )
    return goal


@transaction.atomic
def activity_save(
    *,
    actor: Any,
    plan: Plan,
    goal: Goal,
    title: str,
    description: str = "",
    lead_name: str = "",
    lead_organization: Organization | None = None,
    partners: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    resources: str = "",
    status: str = ActivityStatus.IDEA,
    activity: Activity | None = None,
) -> Activity:
    _require(actor, "plans.change_plan", plan)
    if goal.plan_id != plan.pk:
        raise ApplicationError(_("Choose one of this plan's goals."), field="goal")
    if lead_organization is not None and lead_organization.community_id != plan.community_id:
        raise ApplicationError(
            _("Choose an organization of this community."), field="lead_organization"
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise ApplicationError(_("The end date must not be before the start."), field="ends_on")
    created = activity is None
    if activity is None:
        activity = Activity(community=plan.community, plan=plan)
        activity.order = next_position(plan.activities.filter(goal=goal), field="order")
    elif activity.plan_id != plan.pk:
        raise ApplicationError(_("That activity belongs to another plan."))
    activity.goal = goal
    activity.title = title.strip()
    activity.description = clean_text(description)
    activity.lead_name = lead_name.strip()
    activity.lead_organization = lead_organization
    activity.partners = partners.strip()
    activity.starts_on = starts_on
    activity.ends_on = ends_on
    activity.resources = clean_text(resources)
    activity.status = status
    if status == ActivityStatus.DONE:
        activity.progress = 100
    activity.full_clean()
    activity.save()
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.activity_created" if created else "plan.activity_changed",
        target=activity,
    )
    return activity


@transaction.atomic
def goal_move(*, actor: Any, goal: Goal, direction: str) -> bool:
    """Move a goal one place up or down in the plan."""
    plan = goal.plan
    _require(actor, "plans.change_plan", plan)
    goals = list(plan.goals.select_for_update().order_by("order", "id"))
    moved = move_one_place(goals, goal, direction, field="order")
    if moved:
        audit_record(
            community=plan.community,
            actor=actor,
            action="plan.goal_moved",
            target=goal,
            details={"direction": direction},
        )
    return moved


@transaction.atomic
def activity_move(*, actor: Any, activity: Activity, direction: str) -> bool:
    """Move an activity one place up or down within its goal."""
    plan = activity.plan
    _require(actor, "plans.change_plan", plan)
    siblings = list(
        plan.activities.select_for_update().filter(goal_id=activity.goal_id).order_by("order", "id")
    )
    moved = move_one_place(siblings, activity, direction, field="order")
    if moved:
        audit_record(
            community=plan.community,
            actor=actor,
            action="plan.activity_moved",
            target=activity,
            details={"direction": direction},
        )
    return moved


@transaction.atomic
def goal_delete(*, actor: Any, goal: Goal) -> None:
    """Remove a goal with no activities (move or remove its activities first). Published
    versions keep it: they are snapshots."""
    plan = goal.plan
    _require(actor, "plans.change_plan", plan)
    if goal.activities.exists():
        raise ApplicationError(
            _("This goal still has activities. Move them to another goal or remove them first.")
        )
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.goal_deleted",
        target=plan,
        details={"goal": goal.pk, "title": goal.title},
    )
    goal.delete()


@transaction.atomic
def activity_delete(*, actor: Any, activity: Activity) -> None:
    """Remove an activity from the draft, with its links and endorsements. One that has
    progress updates is part of the plan's record: mark it dropped instead."""
    plan = activity.plan
    _require(actor, "plans.change_plan", plan)
    if activity.updates.exists():
        raise ApplicationError(
            _(
                "This activity has progress updates, which are part of the plan's record. "
                "Change its status to dropped instead."
            )
        )
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.activity_deleted",
        target=plan,
        details={"activity": activity.pk, "title": activity.title},
    )
    activity.delete()
