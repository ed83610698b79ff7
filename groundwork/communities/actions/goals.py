"""A network's theory of change (its strategies) and statewide goals, and each community's
county goals under them."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.ordering import move_one_place, next_position
from groundwork.core.services import audit_record

from ..models import (
    Community,
    CountyGoal,
    Network,
    NetworkGoal,
    Strategy,
)
from .communities import _require


def _unique_key(network: Network, name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:50] or "strategy"
    key, n = base, 2
    while network.strategies.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def strategy_create(
    *,
    actor: Any,
    network: Network,
    name_en: str,
    name_es: str = "",
    description_en: str = "",
    description_es: str = "",
) -> Strategy:
    _require(actor, "communities.manage_network", network)
    strategy = Strategy(
        network=network,
        key=_unique_key(network, name_en),
        name_en=name_en.strip(),
        name_es=name_es.strip(),
        description_en=description_en.strip(),
        description_es=description_es.strip(),
        position=next_position(network.strategies),
    )
    strategy.full_clean()
    strategy.save()
    audit_record(action="strategy.created", actor=actor, target=strategy)
    return strategy


@transaction.atomic
def strategy_update(
    *,
    actor: Any,
    strategy: Strategy,
    name_en: str,
    name_es: str = "",
    description_en: str = "",
    description_es: str = "",
) -> Strategy:
    _require(actor, "communities.manage_network", strategy.network)
    strategy.name_en = name_en.strip()
    strategy.name_es = name_es.strip()
    strategy.description_en = description_en.strip()
    strategy.description_es = description_es.strip()
    strategy.full_clean()
    strategy.save()
    audit_record(action="strategy.updated", actor=actor, target=strategy)
    return strategy


@transaction.atomic
def strategy_delete(*, actor: Any, strategy: Strategy) -> int:
    """Delete a strategy and the coalitions' links to it; returns how many links went."""
    _require(actor, "communities.manage_network", strategy.network)
    links = strategy.coalition_links.count()
    audit_record(
        action="strategy.deleted", actor=actor, target=strategy, details={"links_removed": links}
    )
    strategy.delete()
    return links


@transaction.atomic
def network_goal_create(
    *, actor: Any, network: Network, title: str, description: str = ""
) -> NetworkGoal:
    _require(actor, "communities.manage_network", network)
    goal = NetworkGoal(
        network=network,
        title=title.strip(),
        description=description.strip(),
        position=next_position(network.goals),
    )
    goal.full_clean()
    goal.save()
    audit_record(action="network_goal.created", actor=actor, target=goal)
    return goal


@transaction.atomic
def network_goal_update(
    *, actor: Any, goal: NetworkGoal, title: str, description: str = ""
) -> NetworkGoal:
    _require(actor, "communities.manage_network", goal.network)
    goal.title = title.strip()
    goal.description = description.strip()
    goal.full_clean()
    goal.save()
    audit_record(action="network_goal.updated", actor=actor, target=goal)
    return goal


@transaction.atomic
def network_goal_delete(*, actor: Any, goal: NetworkGoal) -> int:
    """Delete a statewide goal; county goals linked to it stay, unlinked. Returns how many."""
    _require(actor, "communities.manage_network", goal.network)
    unlinked = goal.county_goals.update(network_goal=None)
    audit_record(
        action="network_goal.deleted", actor=actor, target=goal, details={"unlinked": unlinked}
    )
    goal.delete()
    return unlinked


@transaction.atomic
def network_item_move(*, actor: Any, item: Strategy | NetworkGoal, direction: str) -> None:
    """Move a strategy or statewide goal one place up or down in its network's list."""
    _require(actor, "communities.manage_network", item.network)
    siblings = list(type(item).objects.select_for_update().filter(network_id=item.network_id))
    siblings.sort(key=lambda s: (s.position, s.pk))
    if not move_one_place(siblings, item, direction):
        return
    audit_record(
        action=f"{item._meta.model_name}.moved",
        actor=actor,
        target=item,
        details={"direction": direction},
    )


# County goals -------------------------------------------------------------------------------


def _check_network_goal(community: Community, network_goal: NetworkGoal | None) -> None:
    if network_goal is not None and network_goal.network_id != community.network_id:
        raise ApplicationError(
            _("Link the county goal to one of your own network's statewide goals."),
            field="network_goal",
        )


@transaction.atomic
def county_goal_create(
    *,
    actor: Any,
    community: Community,
    title: str,
    description: str = "",
    target: str = "",
    network_goal: NetworkGoal | None = None,
) -> CountyGoal:
    _require(actor, "communities.change_community", community)
    _check_network_goal(community, network_goal)
    goal = CountyGoal(
        community=community,
        title=title.strip(),
        description=description.strip(),
        target=target.strip(),
        network_goal=network_goal,
    )
    goal.full_clean()
    goal.save()
    audit_record(action="county_goal.created", actor=actor, community=community, target=goal)
    return goal


@transaction.atomic
def county_goal_update(
    *,
    actor: Any,
    goal: CountyGoal,
    title: str,
    description: str = "",
    target: str = "",
    network_goal: NetworkGoal | None = None,
) -> CountyGoal:
    _require(actor, "communities.change_community", goal.community)
    _check_network_goal(goal.community, network_goal)
    goal.title = title.strip()
    goal.description = description.strip()
    goal.target = target.strip()
    goal.network_goal = network_goal
    goal.full_clean()
    goal.save()
    audit_record(action="county_goal.updated", actor=actor, community=goal.community, target=goal)
    return goal


@transaction.atomic
def county_goal_delete(*, actor: Any, goal: CountyGoal) -> None:
    _require(actor, "communities.change_community", goal.community)
    audit_record(action="county_goal.deleted", actor=actor, community=goal.community, target=goal)
    goal.delete()
