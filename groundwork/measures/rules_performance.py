"""Who keeps and who sees an activity's performance measures. The rule's object is the plan
activity.

The activity's coordinators and facilitators (those who track the plan) keep them, and so does
the activity's lead: a member of the community whose membership names the activity's lead
organization. Members see them; others see them once the plan is published in a public
process of a public community, like a plan's results."""

from typing import Any

import rules

from groundwork.communities.rules import is_member
from groundwork.planning.rules import is_facilitating


def _lead_organizations(user: Any, community: Any) -> int | None:
    """The organization the user's membership of the community names (cached per request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, int | None] = user.__dict__.setdefault("_membership_organizations", {})
    if community.pk not in cache:
        cache[community.pk] = (
            community.memberships.filter(user=user).values_list("organization", flat=True).first()
        )
    return cache[community.pk]


@rules.predicate
def leads_activity(user: Any, activity: Any) -> bool:
    if activity is None or activity.lead_organization_id is None:
        return False
    return _lead_organizations(user, activity.community) == activity.lead_organization_id


@rules.predicate
def tracks_activity(user: Any, activity: Any) -> bool:
    return activity is not None and is_facilitating(user, activity.plan.process)


def plan_is_public(plan: Any) -> bool:
    from .rules import _plan_is_public

    cached = plan.__dict__.get("_is_public")
    if cached is None:
        cached = plan.__dict__["_is_public"] = _plan_is_public(plan)
    return bool(cached)


@rules.predicate
def sees_activity(user: Any, activity: Any) -> bool:
    if activity is None:
        return False
    return bool(is_member.test(user, activity.community)) or plan_is_public(activity.plan)


rules.add_perm("measures.keep_performance", tracks_activity | leads_activity)
rules.add_perm("measures.view_performance", sees_activity | tracks_activity | leads_activity)
