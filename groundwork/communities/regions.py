"""Regional hubs of a network, set up from the product: the network's stewards make a region,
name its stewards and may remove it; a region's stewards (or the network's) change the region
and choose which of the network's coalitions it groups. Every write validated, atomic and
audited, like ``services``; the network's cached pages (catalog, directory) change with it."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groundwork.core import generations
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import require_perm
from groundwork.core.services import audit_record

from .joining import accounts_by_email
from .models import Community, Network, Region

TEXT_FIELDS = ("name", "name_es", "description", "description_es")


def _changed(network: Network, communities: list[Community] | None = None) -> None:
    keys = [generations.network_key(network.slug)]
    keys += [generations.community_key(c.slug) for c in communities or []]
    generations.bump(keys)


def _free_slug(network: Network, name: str, wanted: str = "") -> str:
    base = (slugify(wanted or name)[:72].strip("-")) or "region"
    slug, n = base, 1
    while Region.objects.filter(network=network, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def region_create(*, actor: Any, network: Network, name: str, **fields: Any) -> Region:
    """A new region of the network (its short name made from its name when not given)."""
    require_perm(actor, "communities.add_region", network)
    unknown = set(fields) - set(TEXT_FIELDS) - {"slug"}
    if unknown:
        raise ValueError(f"Not region fields: {sorted(unknown)}")
    slug = fields.pop("slug", "") or ""
    if slug and Region.objects.filter(network=network, slug=slug).exists():
        raise ApplicationError(_("That short name is already taken."), field="slug")
    region = Region(network=network, name=name.strip(), slug=_free_slug(network, name, slug))
    for key, value in fields.items():
        setattr(region, key, (value or "").strip())
    region.full_clean()
    try:
        with transaction.atomic():
            region.save()
    except IntegrityError as error:  # the same short name, taken a moment ago
        raise ApplicationError(_("That short name is already taken."), field="slug") from error
    audit_record(action="region.created", actor=actor, target=region, details={"name": name})
    _changed(network)
    return region


@transaction.atomic
def region_update(*, actor: Any, region: Region, **fields: Any) -> Region:
    require_perm(actor, "communities.change_region", region)
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not region fields: {sorted(unknown)}")
    before = {key: getattr(region, key) for key in fields}
    for key, value in fields.items():
        setattr(region, key, (value or "").strip())
    region.full_clean()
    region.save()
    audit_record(
        action="region.changed",
        actor=actor,
        target=region,
        details={"changed": sorted(k for k in fields if before[k] != getattr(region, k))},
    )
    _changed(region.network)
    return region


@transaction.atomic
def region_set_coalitions(*, actor: Any, region: Region, communities: list[Community]) -> Region:
    """The region groups exactly these coalitions of its network. A coalition is in one region
    at a time: choosing one here takes it out of another region of the network (a region's
    stewards cannot do that, only the network's, so no region steward reaches past theirs)."""
    require_perm(actor, "communities.change_region", region)
    network = region.network
    wanted = {c.pk for c in communities}
    rows = list(
        Community.objects.select_for_update().filter(
            network=network, directory_of__isnull=True, pk__in=wanted
        )
    )
    if len(rows) != len(wanted):
        raise ApplicationError(_("Choose coalitions of the network."), field="communities")
    elsewhere = [c for c in rows if c.region_id not in (None, region.pk)]
    if elsewhere and not actor.has_perm("communities.add_region", network):
        raise ApplicationError(
            _(
                "%(names)s already belong to another region. Ask the network's stewards to "
                "move them."
            )
            % {"names": ", ".join(c.name for c in elsewhere)},
            field="communities",
        )
    leaving = list(
        Community.objects.select_for_update().filter(region=region).exclude(pk__in=wanted)
    )
    joining = [c for c in rows if c.region_id != region.pk]
    Community.objects.filter(pk__in=[c.pk for c in leaving]).update(region=None)
    Community.objects.filter(pk__in=[c.pk for c in joining]).update(region=region)
    audit_record(
        action="region.coalitions_changed",
        actor=actor,
        target=region,
        details={
            "added": sorted(c.pk for c in joining),
            "removed": sorted(c.pk for c in leaving),
            "moved_from_other_regions": sorted(c.pk for c in elsewhere),
        },
    )
    _changed(network, leaving + joining)
    return region


@transaction.atomic
def region_set_stewards(*, actor: Any, region: Region, emails: list[str]) -> Region:
    """The region's stewards are exactly the active accounts with these addresses; an address
    without one refuses the change (nothing is saved)."""
    require_perm(actor, "communities.name_region_stewards", region)
    chosen = accounts_by_email(emails)
    before = set(region.stewards.values_list("pk", flat=True))
    region.stewards.set(chosen)
    after = {u.pk for u in chosen}
    audit_record(
        action="region.stewards_changed",
        actor=actor,
        target=region,
        details={"added": sorted(after - before), "removed": sorted(before - after)},
    )
    return region


@transaction.atomic
def region_delete(*, actor: Any, region: Region) -> None:
    """Remove a region: its coalitions stay in the network, in no region, and the requests for
    help assigned to it go back to the network's stewards."""
    require_perm(actor, "communities.delete_region", region)
    network = region.network
    coalitions = list(region.communities.all())
    audit_record(
        action="region.deleted",
        actor=actor,
        target=region,
        details={"name": region.name, "coalitions": [c.pk for c in coalitions]},
    )
    region.delete()
    _changed(network, coalitions)
