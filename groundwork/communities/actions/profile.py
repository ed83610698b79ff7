"""A community's coalition profile: the self-assessed maturity ratings, focus areas, sectors and
strategies, and the coordinators' confirmation that it is current."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from .. import counties
from ..maturity import INDICATORS, RATING_FIELDS
from ..models import (
    CoalitionStrategy,
    Community,
    FocusArea,
    Sector,
    Strategy,
)
from .communities import _require

INDICATOR_NAMES = tuple(name for name, _label in INDICATORS)


@transaction.atomic
def community_profile_update(
    *,
    actor: Any,
    community: Community,
    county_fips: list[str],
    sectors: list[str],
    focus_areas: list[str],
    indicators: dict[str, bool],
    ratings: dict[str, int | None],
    strategies: dict[int, str],
) -> Community:
    """Save the whole coalition profile at once and mark it confirmed, or save nothing.

    `strategies` maps the id of each of the network's strategies the coalition pursues to the
    text saying how; strategies left out are no longer pursued.
    """
    _require(actor, "communities.change_community", community)
    fips = sorted({code.strip() for code in county_fips if code.strip()})
    unknown = [code for code in fips if not counties.is_valid_fips(code)]
    if unknown:
        raise ApplicationError(
            _("These are not FIPS codes of U.S. counties: %(codes)s. Use five digits, e.g. 37001.")
            % {"codes": ", ".join(unknown)},
            field="county_fips",
        )
    if set(sectors) - set(Sector.values):
        raise ApplicationError(_("Choose sectors from the list."), field="sectors")
    if set(focus_areas) - set(FocusArea.values):
        raise ApplicationError(_("Choose focus areas from the list."), field="focus_areas")
    if set(indicators) - set(INDICATOR_NAMES) or set(ratings) - set(RATING_FIELDS):
        raise ValueError("Unknown profile field")
    for name, value in ratings.items():
        if value is not None and not 1 <= value <= 5:
            raise ApplicationError(_("Ratings go from 1 to 5."), field=name)
    if strategies and community.network_id is None:
        raise ApplicationError(
            _("Only coalitions in a network can pursue its strategies."), field="strategies"
        )
    allowed = {
        s.pk: s for s in Strategy.objects.filter(network_id=community.network_id, pk__in=strategies)
    }
    if set(strategies) - set(allowed):
        raise ApplicationError(
            _("Choose strategies of your network's theory of change."), field="strategies"
        )

    community = Community.objects.select_for_update().get(pk=community.pk)
    community.county_fips = fips
    community.sectors = sorted(set(sectors))
    community.focus_areas = sorted(set(focus_areas))
    for name, value in indicators.items():
        setattr(community, name, bool(value))
    for name, rating in ratings.items():
        setattr(community, name, rating)
    community.profile_confirmed_at = timezone.now()
    community.full_clean()
    community.save()

    community.strategy_links.exclude(strategy_id__in=allowed).delete()
    existing = {link.strategy_id: link for link in community.strategy_links.all()}
    for strategy_id, how in strategies.items():
        link = existing.get(strategy_id) or CoalitionStrategy(
            community=community, strategy=allowed[strategy_id]
        )
        link.how = how.strip()
        link.full_clean()
        link.save()
    audit_record(
        action="community.profile_updated",
        actor=actor,
        community=community,
        target=community,
        details={"counties": fips, "strategies": sorted(allowed)},
    )
    return community


@transaction.atomic
def community_profile_confirm(*, actor: Any, community: Community) -> Community:
    """Say the profile is still current: only the confirmation date changes."""
    _require(actor, "communities.change_community", community)
    community.profile_confirmed_at = timezone.now()
    Community.objects.filter(pk=community.pk).update(
        profile_confirmed_at=community.profile_confirmed_at
    )
    audit_record(
        action="community.profile_confirmed", actor=actor, community=community, target=community
    )
    return community
