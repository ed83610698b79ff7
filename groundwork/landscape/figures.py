"""The figures of a landscape report, computed from coalitions already read (no queries).

The result is plain JSON, stored with the report: keys (sector, stage and focus-area values,
field names) rather than labels, so a report reads in the language of whoever opens it, and
the names of strategies (in English and Spanish: ``name`` and ``name_es``), statewide goals
and counties as they were when it was generated.

Shape (version 1)::

    {"version": 1, "state": "NC", "coalitions": 45,
     "counties": {"total": 100, "covered": [{"fips", "name", "coalitions"}],
                  "not_covered": [{"fips", "name"}]},
     "stages": [{"key", "coalitions"}], "sectors": [{"key", "coalitions"}],
     "focus_areas": [{"key", "coalitions"}],
     "strategies": [{"id", "name", "name_es", "coalitions"}],
     "goals": [{"id", "title", "coalitions", "counties"}],
     "collective_impact": [{"key", "average", "rated"}],
     "regions": [{"id", "slug", "name", "name_es", "figures": {the same, for the region's
                 coalitions, over the counties they serve}}]}

Reports generated before regions have no "regions" key; a region's own figures have none.

Counts of coalitions and counties are not counts of people, so none is suppressed.
"""

from collections.abc import Sequence
from typing import Any

from groundwork.communities.counties import counties_in_state
from groundwork.communities.maturity import RATING_FIELDS
from groundwork.communities.models import FocusArea, MaturityStage, Sector

from .selectors import CatalogEntry

VERSION = 1


def compute_figures(
    entries: Sequence[CatalogEntry],
    *,
    state: str,
    strategies: Sequence[Any],
    goals: Sequence[Any],
    only_counties: set[str] | None = None,
) -> dict[str, Any]:
    """Figures over ``entries`` (the coalitions counted), for the counties of ``state`` (or
    only those of them in ``only_counties``, by FIPS code) and the network's ``strategies``
    and statewide ``goals`` (each counted, zero or not)."""
    state_counties = [
        c for c in counties_in_state(state) if only_counties is None or c.fips in only_counties
    ]
    in_state = {c.fips for c in state_counties}
    serving: dict[str, int] = {}
    for e in entries:
        for fips in set(e.county_fips) & in_state:
            serving[fips] = serving.get(fips, 0) + 1

    def count(values: Sequence[str], attribute: str) -> list[dict[str, Any]]:
        return [
            {
                "key": v,
                "coalitions": sum(
                    1 for e in entries if v in (getattr(e.community, attribute) or [])
                ),
            }
            for v in values
        ]

    goal_rows = []
    for g in goals:
        working = [e for e in entries if any(x.pk == g.pk for x in e.goals)]
        counties = {fips for e in working for fips in e.county_fips if fips in in_state}
        goal_rows.append(
            {"id": g.pk, "title": g.title, "coalitions": len(working), "counties": len(counties)}
        )

    ci_rows = []
    for name in RATING_FIELDS:
        ratings = [int(value) for e in entries if (value := getattr(e.community, name)) is not None]
        ci_rows.append(
            {
                "key": name,
                "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
                "rated": len(ratings),
            }
        )

    return {
        "version": VERSION,
        "state": state.upper(),
        "coalitions": len(entries),
        "counties": {
            "total": len(state_counties),
            "covered": [
                {"fips": c.fips, "name": c.name, "coalitions": serving[c.fips]}
                for c in state_counties
                if c.fips in serving
            ],
            "not_covered": [
                {"fips": c.fips, "name": c.name} for c in state_counties if c.fips not in serving
            ],
        },
        "stages": [
            {"key": s.value, "coalitions": sum(1 for e in entries if e.stage == s.value)}
            for s in MaturityStage
        ],
        "sectors": count([s.value for s in Sector], "sectors"),
        "focus_areas": count([f.value for f in FocusArea], "focus_areas"),
        "strategies": [
            {
                "id": s.pk,
                "name": s.name_en,
                "name_es": s.name_es,
                "coalitions": sum(1 for e in entries if any(x.pk == s.pk for x in e.strategies)),
            }
            for s in strategies
        ],
        "goals": goal_rows,
        "collective_impact": ci_rows,
    }


def region_figures(
    entries: Sequence[CatalogEntry],
    regions: Sequence[Any],
    *,
    state: str,
    strategies: Sequence[Any],
    goals: Sequence[Any],
) -> list[dict[str, Any]]:
    """The same figures for each region (a hub groups coalitions, and its counties are the
    ones they serve), kept in the report beside the network's."""
    rows = []
    for region in regions:
        own = [e for e in entries if e.community.region_id == region.pk]
        rows.append(
            {
                "id": region.pk,
                "slug": region.slug,
                "name": region.name,
                "name_es": region.name_es,
                "figures": compute_figures(
                    own,
                    state=state,
                    strategies=strategies,
                    goals=goals,
                    only_counties={fips for e in own for fips in e.county_fips},
                ),
            }
        )
    return rows
