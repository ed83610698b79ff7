"""Who sees and who runs gatherings. The object is a gathering, a series, or their owner: a
community, a network or a planning process."""

from typing import Any

import rules

from groundwork.communities.models import Community, Network, Role
from groundwork.communities.rules import role_in
from groundwork.planning.models import Process

from .models import Gathering, Series


def _owner(obj: Any) -> Any:
    if isinstance(obj, Gathering | Series):
        return obj.community if obj.community_id else obj.network
    if isinstance(obj, Process):
        return obj.community
    return obj


def _steward(user: Any, network: Network) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cache = user.__dict__.setdefault("_stewarded_networks", None)
    if cache is None:
        cache = set(user.stewarded_networks.values_list("pk", flat=True))
        user.__dict__["_stewarded_networks"] = cache
    return network.pk in cache


@rules.predicate
def runs_it(user: Any, obj: Any) -> bool:
    """Coordinators and facilitators of the community; stewards of the network."""
    owner = _owner(obj)
    if isinstance(owner, Community):
        return role_in(user, owner) in (Role.COORDINATOR, Role.FACILITATOR)
    if isinstance(owner, Network):
        return _steward(user, owner)
    return False


@rules.predicate
def belongs(user: Any, obj: Any) -> bool:
    owner = _owner(obj)
    if isinstance(owner, Community):
        return role_in(user, owner) is not None
    return isinstance(owner, Network) and _steward(user, owner)


@rules.predicate
def is_public(user: Any, obj: Any) -> bool:
    if obj is None:
        return False
    if isinstance(obj, Gathering | Series):
        if not obj.is_public:
            return False
        if obj.process_id is not None and not obj.process.is_public:
            return False
    owner = _owner(obj)
    if isinstance(obj, Process) and not obj.is_public:
        return False
    return isinstance(owner, Network) or bool(owner is not None and owner.is_public)


@rules.predicate
def open_to_registration(user: Any, gathering: Any) -> bool:
    from django.utils import timezone

    return (
        isinstance(gathering, Gathering)
        and not gathering.cancelled
        and gathering.ends_at >= timezone.now()
    )


can_view = is_public | belongs
rules.add_perm("gatherings.view", can_view)
rules.add_perm("gatherings.register", is_public & open_to_registration)
rules.add_perm("gatherings.manage", runs_it)
