"""Networks, communities and their organizations: created and changed by those allowed to."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..maturity import DEFAULT_STRATEGIES
from ..models import (
    Community,
    Membership,
    Network,
    Organization,
    Role,
    Strategy,
)


def _require(user: Any, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise ApplicationError(_("You do not have permission to do that."))


@transaction.atomic
def network_create(
    *, actor: Any, name: str, slug: str, state: str = "", description: str = ""
) -> Network:
    if not actor.is_superuser:
        raise ApplicationError(_("Only site administrators can create networks."))
    network = Network(name=name.strip(), slug=slug, state=state.upper(), description=description)
    network.full_clean()
    network.save()
    network.stewards.add(actor)
    strategies_create_defaults(network=network)
    audit_record(action="network.created", actor=actor, target=network)
    return network


def strategies_create_defaults(*, network: Network) -> list[Strategy]:
    """Give a network without strategies the default theory of change, in English and in
    Spanish."""
    if network.strategies.exists():
        return []
    strategies = [
        Strategy(network=network, key=key, name_en=en, name_es=es, position=index)
        for index, (key, en, es) in enumerate(DEFAULT_STRATEGIES, start=1)
    ]
    return Strategy.objects.bulk_create(strategies)


@transaction.atomic
def community_create(
    *,
    actor: Any,
    name: str,
    slug: str,
    kind: str,
    network: Network | None = None,
    coalition_name: str = "",
    description: str = "",
    area_served: str = "",
    sectors: list[str] | None = None,
    is_public: bool = True,
) -> Community:
    """Create a community; the person who creates it becomes its first coordinator."""
    _require(actor, "communities.add_community", None)
    if network is not None and not actor.has_perm("communities.add_network_community", network):
        raise ApplicationError(
            _("Only the network's staff can add a community to %(network)s.")
            % {"network": network},
            field="network",
        )
    if Community.objects.filter(slug=slug).exists():
        raise ApplicationError(_("That short name is already taken."), field="slug")
    community = Community(
        network=network,
        name=name.strip(),
        slug=slug,
        kind=kind,
        coalition_name=coalition_name.strip(),
        description=description.strip(),
        area_served=area_served.strip(),
        sectors=sorted(set(sectors or [])),
        is_public=is_public,
    )
    community.full_clean()
    community.save()
    Membership.objects.create(community=community, user=actor, role=Role.COORDINATOR)
    audit_record(action="community.created", actor=actor, community=community, target=community)
    return community


COMMUNITY_EDITABLE = {
    "name",
    "kind",
    "coalition_name",
    "description",
    "area_served",
    "sectors",
    "is_public",
}


@transaction.atomic
def community_update(*, actor: Any, community: Community, **changes: Any) -> Community:
    _require(actor, "communities.change_community", community)
    unknown = set(changes) - COMMUNITY_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    before = {k: getattr(community, k) for k in changes}
    for key, value in changes.items():
        setattr(community, key, sorted(set(value)) if key == "sectors" else value)
    community.full_clean()
    community.save()
    changed = {
        k: [before[k], getattr(community, k)] for k in changes if before[k] != getattr(community, k)
    }
    audit_record(
        action="community.updated",
        actor=actor,
        community=community,
        target=community,
        details={"changed": sorted(changed)},
    )
    return community


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    community: Community,
    name: str,
    sector: str,
    website: str = "",
    description: str = "",
) -> Organization:
    _require(actor, "communities.add_organization", community)
    if community.organizations.filter(name__iexact=name.strip()).exists():
        raise ApplicationError(_("An organization with that name is already listed."), field="name")
    organization = Organization(
        community=community,
        name=name.strip(),
        sector=sector,
        website=website,
        description=description.strip(),
    )
    organization.full_clean()
    organization.save()
    audit_record(
        action="organization.created", actor=actor, community=community, target=organization
    )
    return organization
