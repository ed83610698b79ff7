"""Mentor matching on the page: coalitions of the network read from the database, handed to
``analysis.mentors`` (the rule lives there), and each suggestion explained in words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from groundwork.analysis.mentors import Coalition, Suggestion, centre, suggest_mentors
from groundwork.communities.maturity import flags_of, stage_of
from groundwork.communities.models import Community, FocusArea, MaturityStage

from .models import HelpRequest

STAGES = [s.value for s in MaturityStage]


def _places(communities: list[Community]) -> dict[int, tuple[float, float] | None]:
    """Each coalition's place: the middle of the bounding boxes of the counties it serves."""
    from groundwork.landscape.geo import county_geometries

    codes = sorted({c for community in communities for c in (community.county_fips or [])})
    shapes = county_geometries(codes) if codes else {}
    middles: dict[str, tuple[float, float]] = {}
    for code, geometry in shapes.items():
        points = [pt for polygon in geometry["coordinates"] for ring in polygon for pt in ring]
        if points:
            lons = [p[0] for p in points]
            lats = [p[1] for p in points]
            middles[code] = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    return {
        c.pk: centre([middles[f] for f in (c.county_fips or []) if f in middles])
        for c in communities
    }


def coalitions_of(communities: list[Community]) -> dict[int, Coalition]:
    places = _places(communities)
    return {
        c.pk: Coalition(
            id=c.pk,
            stage=STAGES.index(stage_of(flags_of(c))),
            strategies=frozenset(link.strategy.key for link in c.strategy_links.all()),
            focus_areas=frozenset(c.focus_areas or []),
            place=places[c.pk],
        )
        for c in communities
    }


@dataclass
class Explained:
    community: Community
    suggestion: Suggestion
    reasons: list[str]


def explain(suggestion: Suggestion, strategy_names: dict[str, str]) -> list[str]:
    """The rule's facts about one suggestion, in words."""
    focus = dict(FocusArea.choices)
    reasons = [
        _("It is at the stage “%(stage)s”, %(n)s ahead of yours.")
        % {"stage": MaturityStage(STAGES[suggestion.stage]).label, "n": suggestion.stages_ahead}
    ]
    if suggestion.shared_strategies:
        reasons.append(
            _("It pursues the same strategies: %(names)s.")
            % {"names": ", ".join(strategy_names.get(k, k) for k in suggestion.shared_strategies)}
        )
    if suggestion.shared_focus_areas:
        reasons.append(
            _("It works on the same focus areas: %(names)s.")
            % {"names": ", ".join(str(focus.get(k, k)) for k in suggestion.shared_focus_areas)}
        )
    if suggestion.miles is None:
        reasons.append(_("Its distance is unknown (no counties served on its profile)."))
    else:
        reasons.append(_("About %(miles)s miles away.") % {"miles": round(suggestion.miles)})
    return reasons


def suggestions_for(request: HelpRequest, *, limit: int = 5) -> list[Explained]:
    """Mentor suggestions for a request, among the other public and private coalitions of its
    network (stewards see them all), nearest first, each with its reasons."""
    communities = list(
        Community.objects.filter(network_id=request.network_id, directory_of__isnull=True)
        .prefetch_related("strategy_links__strategy")
        .order_by("pk")
    )
    coalitions = coalitions_of(communities)
    seeker = coalitions.get(request.community_id)
    if seeker is None:
        return []
    strategies = [request.strategy.key] if request.strategy_id else None
    focus = [request.focus_area] if request.focus_area else None
    found = suggest_mentors(
        seeker, coalitions.values(), strategies=strategies, focus_areas=focus, limit=limit
    )
    by_pk = {c.pk: c for c in communities}
    names: dict[str, str] = {}
    for c in communities:
        for link in c.strategy_links.all():
            names[link.strategy.key] = link.strategy.name
    return [Explained(by_pk[s.coalition_id], s, explain(s, names)) for s in found]
