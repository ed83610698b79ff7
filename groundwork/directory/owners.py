"""Who owns directory entries: a community, or a network itself (a statewide hotline, the
network's own assets).

Every directory row keeps one owner column, ``community``. A network's own entries belong to
the row ``Community.directory_of`` marks as the network's directory: not a community (never
public, in no network, without members; a database constraint keeps it apart), so it shows in
no list of communities and on no community's page, while every selector, the import, the
export, the API, the confidential rules and the cache tokens work on it unchanged. The
network's pages read ``network_owners``: its visible communities plus its own directory, in
one query. The network's stewards edit its own entries; no community's members do.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Network
from groundwork.communities.selectors import visible_to
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record


def network_owners(network: Network, user: Any) -> list[Community]:
    """The owners whose entries a network's directory shows to ``user``: the network's
    communities the user may see (public ones, and their own) and the network's own
    directory (anyone sees it), the latter first. One query."""
    owners = list(
        Community.objects.filter((Q(network=network) & visible_to(user)) | Q(directory_of=network))
        .distinct()
        .order_by("name", "pk")
    )
    return sorted(owners, key=lambda c: c.directory_of_id is None)


def own_directory(network: Network) -> Community | None:
    """The network's own directory, if its stewards have opened it."""
    return Community.objects.filter(directory_of=network).first()


def _free_slug(network: Network) -> str:
    base = slugify(f"{network.slug}-directory")[:72].strip("-") or "network-directory"
    slug, n = base, 1
    while Community.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _network_counties(network: Network) -> list[str]:
    """The counties the network's communities serve: those its own entries may name."""
    counties: set[str] = set()
    for fips in Community.objects.filter(network=network).values_list("county_fips", flat=True):
        counties.update(fips or [])
    return sorted(counties)


def open_own_directory(*, actor: Any, network: Network) -> Community:
    """The network's own directory, made on first use (audited). Stewards only (``actor``
    None: the system, as the demo loads). Its counties
    are those of the network's communities, brought up to date each time it is opened."""
    if actor is not None and not actor.has_perm("communities.manage_network", network):
        raise ApplicationError(_("You do not have permission to do that."))
    counties = _network_counties(network)
    found = own_directory(network)
    if found is not None:
        if found.county_fips != counties:
            found.county_fips = counties
            found.save(update_fields=["county_fips", "updated_at"])
        return found
    try:
        with transaction.atomic():
            owner = Community.objects.create(
                name=network.name,
                slug=_free_slug(network),
                kind=Community.Kind.REGION,
                is_public=False,
                network=None,
                directory_of=network,
                area_served=network.state,
                county_fips=counties,
            )
            audit_record(
                action="directory.network_directory_opened",
                actor=actor,
                community=owner,
                target=network,
            )
    except IntegrityError:  # opened at the same moment by another steward
        found = own_directory(network)
        if found is None:
            raise
        return found
    return owner
