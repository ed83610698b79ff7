"""Services tagged with the network's focus areas (food security, housing, youth …), so the
plan builder's gaps panel can tell which focus areas no service in the county offers.

A focus area is an HSDS taxonomy term like any other: a community's "Focus areas" taxonomy
holds one term per focus area, coded with the focus area's key ("food_security") and named
with its English label, and a service is tagged through an HSDS ``attribute``, so the tags
travel in exports and the API. The taxonomy and its terms have the same HSDS ids in every
community (derived from the keys) and are made the first time a service is tagged."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.utils import translation

from groundwork.communities.models import Community, FocusArea

from ..models import Attribute, Taxonomy, TaxonomyTerm

NAMESPACE = uuid.UUID("0b8f5a52-3c4e-4f0e-9d55-6a7e1f2c9b13")
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "focus-areas")
TAXONOMY_NAME = "Focus areas"
KEYS = tuple(key for key in FocusArea.values if key != FocusArea.OTHER)


def term_id(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"focus-area/{key}")


KEY_OF = {term_id(key): key for key in KEYS}


def network_focus_areas(community: Community) -> list[tuple[str, str]]:
    """(key, label) of the focus areas of the community and of the other communities of its
    network, in the order of the list of focus areas (one query with a network, none
    without). A network's own directory offers its network's."""
    chosen = set(community.focus_areas or [])
    network_id = community.network_id or community.directory_of_id
    if network_id is not None:
        for areas in Community.objects.filter(network_id=network_id).values_list(
            "focus_areas", flat=True
        ):
            chosen.update(areas or [])
    labels = dict(FocusArea.choices)
    return [(key, str(labels[key])) for key in KEYS if key in chosen]


def keys_of(term_ids: Iterable[Any]) -> list[str]:
    """The focus areas among a service's taxonomy terms."""
    return [KEY_OF[t] for t in term_ids if t in KEY_OF]


def focus_term_ids(community: Community, keys: Iterable[str]) -> list[uuid.UUID]:
    """The terms of these focus areas in the community, made (with their taxonomy) when
    missing. Call it inside the transaction that tags the service."""
    keys = [k for k in dict.fromkeys(keys) if k in KEYS]
    if not keys:
        return []
    labels = dict(FocusArea.choices)
    Taxonomy.objects.get_or_create(
        community=community,
        hsds_id=TAXONOMY_ID,
        defaults={
            "name": TAXONOMY_NAME,
            "description": "The focus areas of the community's network.",
        },
    )
    have = set(
        TaxonomyTerm.objects.filter(
            community=community, hsds_id__in=[term_id(k) for k in keys]
        ).values_list("hsds_id", flat=True)
    )
    for key in keys:
        if term_id(key) in have:
            continue
        with translation.override("en"):
            name = str(labels[key])
        term = TaxonomyTerm(
            community=community,
            hsds_id=term_id(key),
            code=key,
            name=name,
            description=name,
            taxonomy=TAXONOMY_NAME,
            taxonomy_id=TAXONOMY_ID,
            language="en",
        )
        term.full_clean()
        term.save()
    return [term_id(k) for k in keys]


def merge_term_ids(
    *,
    community: Community,
    service_id: Any,
    term_ids: list[Any] | None,
    focus_areas: list[str],
) -> list[Any]:
    """A service's whole set of terms: the other terms chosen (or, when ``term_ids`` is None,
    those it has) and the focus areas chosen, in place of the focus areas it had."""
    if term_ids is None:
        terms = TaxonomyTerm.objects.filter(community=community).values("hsds_id")
        term_ids = list(
            Attribute.objects.filter(
                community=community, link_id=service_id, taxonomy_term_id__in=terms
            ).values_list("taxonomy_term_id", flat=True)
        )
    others = [t for t in term_ids if t is not None and t not in KEY_OF]
    return [*dict.fromkeys([*others, *focus_term_ids(community, focus_areas)])]


def package_rows(keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """The focus areas' taxonomy and terms as HSDS rows, for a package (the demo)."""
    labels = dict(FocusArea.choices)
    rows: dict[str, list[dict[str, Any]]] = {
        "taxonomies.csv": [
            {
                "id": str(TAXONOMY_ID),
                "name": TAXONOMY_NAME,
                "description": "The focus areas of the community's network.",
            }
        ],
        "taxonomy_terms.csv": [],
    }
    for key in dict.fromkeys(keys):
        with translation.override("en"):
            name = str(labels[key])
        rows["taxonomy_terms.csv"].append(
            {
                "id": str(term_id(key)),
                "code": key,
                "name": name,
                "description": name,
                "taxonomy": TAXONOMY_NAME,
                "taxonomy_id": str(TAXONOMY_ID),
                "language": "en",
            }
        )
    return rows
